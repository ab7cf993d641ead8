#pragma once
// Hetzner DNS through the Hetzner Cloud API (api.hetzner.cloud/v1, where Hetzner's DNS
// zones live since 2025): Bearer token; the zone is configured or found by asking for each
// parent of the name (GET /zones?name=); the RRset is read at
// /zones/<zone>/rrsets/<name or @>/<type> (404: absent), created with POST
// /zones/<zone>/rrsets, or changed with its set_records (and, when the TTL differs,
// change_ttl) action. An action that reports an error is a failure.

#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

#include "providers/base/config_reader.hpp"
#include "providers/base/secret.hpp"
#include "providers/dns/provider.hpp"
#include "providers/dns/rest_api.hpp"

namespace ddnsguard::providers {

class HetznerProvider final : public Provider {
 public:
  HetznerProvider(std::string name, std::shared_ptr<const RestApiOptions> options,
                  ProviderDeps deps);
  std::string_view type() const override { return "hetzner"; }
  std::string describe() const override;

  // Reads token (or token_file), zone, endpoint.
  static std::optional<ProviderSpec> parse(const std::string& name, ObjectReader& settings);

 protected:
  Result<std::optional<Address>> do_read(const Record& rec) override;
  Result<void> do_update(const Record& rec, const Address& addr) override;

 private:
  struct RRset {
    std::vector<std::string> values;
    std::optional<int> ttl;
  };
  // The JSON reply of a call, or its failure (Hetzner's error code and message included).
  Result<nlohmann::json> call(const std::string& method, const std::string& path,
                              std::string_view what, const nlohmann::json& body = nullptr);
  Result<std::string> zone_of(const Record& rec);
  Result<std::optional<RRset>> rrset(const std::string& path);
  std::string rrset_path(const Record& rec, const std::string& zone) const;

  std::shared_ptr<const RestApiOptions> m_opt;  // shared with the spec it was built from
  ZoneFinder m_zones;
};

}  // namespace ddnsguard::providers
