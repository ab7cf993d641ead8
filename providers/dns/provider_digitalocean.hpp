#pragma once
// DigitalOcean API v2 (domains and records): Bearer token; the domain is configured or
// found by asking for each parent of the name (GET /domains/<name>); the record is listed
// with GET /domains/<domain>/records?type=&name=<fqdn>, created when missing (POST) and
// otherwise PATCHed with its data and TTL. DigitalOcean's TTL minimum is 30.

#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

#include "providers/base/config_reader.hpp"
#include "providers/base/secret.hpp"
#include "providers/dns/provider.hpp"
#include "providers/dns/rest_api.hpp"

namespace ddnsguard::providers {

class DigitalOceanProvider final : public Provider {
 public:
  DigitalOceanProvider(std::string name, std::shared_ptr<const RestApiOptions> options,
                       ProviderDeps deps);
  std::string_view type() const override { return "digitalocean"; }
  std::string describe() const override;

  // Reads token (or token_file), domain, endpoint.
  static std::optional<ProviderSpec> parse(const std::string& name, ObjectReader& settings);

 protected:
  Result<std::optional<Address>> do_read(const Record& rec) override;
  Result<void> do_update(const Record& rec, const Address& addr) override;

 private:
  struct Existing {
    std::int64_t id = 0;
    std::string data;
  };
  // The JSON reply, or its failure (DigitalOcean's id and message included); a 404 is null.
  Result<nlohmann::json> call(const std::string& method, const std::string& path,
                              std::string_view what, const nlohmann::json& body = nullptr);
  Result<std::string> domain_of(const Record& rec);
  Result<std::vector<Existing>> list(const Record& rec, const std::string& domain);

  std::shared_ptr<const RestApiOptions> m_opt;  // shared with the spec it was built from
  ZoneFinder m_domains;
};

}  // namespace ddnsguard::providers
