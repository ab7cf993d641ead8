#pragma once
// Gandi LiveDNS (API v5): `Authorization: Bearer <personal access token>`; the domain is
// configured or found by asking for each parent of the name (GET /domains/<fqdn>); the
// record's RRset is read at /domains/<domain>/records/<name or @>/<type> (404: absent)
// and written with a PUT there, which creates or replaces it. Gandi's TTL minimum is 300.

#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

#include "providers/base/config_reader.hpp"
#include "providers/base/secret.hpp"
#include "providers/dns/provider.hpp"
#include "providers/dns/rest_api.hpp"

namespace ddnsguard::providers {

class GandiProvider final : public Provider {
 public:
  GandiProvider(std::string name, std::shared_ptr<const RestApiOptions> options, ProviderDeps deps);
  std::string_view type() const override { return "gandi"; }
  std::string describe() const override;

  // Reads token (or token_file), domain, endpoint.
  static std::optional<ProviderSpec> parse(const std::string& name, ObjectReader& settings);

 protected:
  Result<std::optional<Address>> do_read(const Record& rec) override;
  Result<void> do_update(const Record& rec, const Address& addr) override;

 private:
  Result<HttpResponse> call(const std::string& method, const std::string& path,
                            const nlohmann::json& body = nullptr);
  Result<std::string> domain_of(const Record& rec);
  Result<std::string> rrset_path(const Record& rec, const std::string& domain) const;

  std::shared_ptr<const RestApiOptions> m_opt;  // shared with the spec it was built from
  ZoneFinder m_domains;
};

}  // namespace ddnsguard::providers
