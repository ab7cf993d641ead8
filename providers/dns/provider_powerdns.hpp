#pragma once
// PowerDNS Authoritative HTTP API (reference/providers.md §6): read the RRset, PATCH it.

#include <map>
#include <mutex>

#include "providers/base/config_reader.hpp"
#include "providers/base/secret.hpp"
#include "providers/dns/provider.hpp"

namespace ddnsguard::providers {

struct PowerDnsOptions {
  Secret api_key;
  std::string server_id = "localhost";
  std::optional<std::string> zone;  // canonical with trailing dot; nullopt: longest match
  std::string endpoint = "http://127.0.0.1:8081/api/v1";
};

class PowerDnsProvider final : public Provider {
 public:
  PowerDnsProvider(std::string name, std::shared_ptr<const PowerDnsOptions> options,
                   ProviderDeps deps);
  std::string_view type() const override { return "powerdns"; }
  std::string describe() const override;

  // Reads api_key (or api_key_file), server_id, zone, endpoint.
  static std::optional<ProviderSpec> parse(const std::string& name, ObjectReader& settings);

 protected:
  Result<std::optional<Address>> do_read(const Record& rec) override;
  Result<void> do_update(const Record& rec, const Address& addr) override;

 private:
  Result<std::string> zone_for(const Record& rec);
  Result<HttpResponse> call(const std::string& method, const std::string& path,
                            std::string body = {});
  std::string server_url() const;

  std::shared_ptr<const PowerDnsOptions> m_opt;  // shared with the spec it was built from
  std::mutex m_zone_mutex;
  std::map<std::string, std::string> m_zone_cache;  // record name -> zone id
};

}  // namespace ddnsguard::providers
