#pragma once
// Porkbun API v3 (JSON over POST, both keys in every body): the record is read with
// dns/retrieveByNameType/<domain>/<type>/<subdomain>, created with dns/create/<domain>
// when missing and otherwise changed with dns/editByNameType. Replies say {"status": "SUCCESS"} or
// {"status": "ERROR", "message": ...}. Porkbun's TTL minimum is 600.

#include <nlohmann/json.hpp>

#include "providers/base/config_reader.hpp"
#include "providers/base/secret.hpp"
#include "providers/dns/provider.hpp"

namespace ddnsguard::providers {

struct PorkbunOptions {
  Secret api_key;                     // pk1_...
  Secret secret_key;                  // sk1_...
  std::optional<std::string> domain;  // "example.com"; nullopt: the name's last two labels
  std::string endpoint = "https://api.porkbun.com/api/json/v3";
};

class PorkbunProvider final : public Provider {
 public:
  PorkbunProvider(std::string name, std::shared_ptr<const PorkbunOptions> options,
                  ProviderDeps deps);
  std::string_view type() const override { return "porkbun"; }
  std::string describe() const override;

  // Reads api_key, secret_api_key (each or its _file), domain, endpoint.
  static std::optional<ProviderSpec> parse(const std::string& name, ObjectReader& settings);

 protected:
  Result<std::optional<Address>> do_read(const Record& rec) override;
  Result<void> do_update(const Record& rec, const Address& addr) override;

 private:
  // The reply of POST `path` with the keys and `fields`, or its failure.
  Result<nlohmann::json> call(const std::string& path, std::string_view what,
                              nlohmann::json fields = nlohmann::json::object());
  Result<std::vector<std::string>> contents(const Record& rec);

  std::shared_ptr<const PorkbunOptions> m_opt;  // shared with the spec it was built from
};

}  // namespace ddnsguard::providers
