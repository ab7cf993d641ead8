#pragma once
// deSEC (desec.io) REST API v1: `Authorization: Token <token>`; the domain is configured or
// found with GET /domains/?owns_qname=<name>; the record's RRset is read at
// /domains/<domain>/rrsets/<subname or @>/<type>/ (404: absent) and written with a bulk
// PUT /domains/<domain>/rrsets/ of one RRset, which creates or replaces it. deSEC refuses a
// TTL under the domain's minimum (3600 unless lowered for the account): a config error.

#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

#include "providers/base/config_reader.hpp"
#include "providers/base/secret.hpp"
#include "providers/dns/provider.hpp"
#include "providers/dns/rest_api.hpp"

namespace ddnsguard::providers {

class DesecProvider final : public Provider {
 public:
  DesecProvider(std::string name, std::shared_ptr<const RestApiOptions> options, ProviderDeps deps);
  std::string_view type() const override { return "desec"; }
  std::string describe() const override;

  // Reads token (or token_file), domain, endpoint.
  static std::optional<ProviderSpec> parse(const std::string& name, ObjectReader& settings);

 protected:
  Result<std::optional<Address>> do_read(const Record& rec) override;
  Result<void> do_update(const Record& rec, const Address& addr) override;

 private:
  Result<HttpResponse> call(const std::string& method, const std::string& path,
                            const nlohmann::json& body = nullptr);
  // The reply's JSON when `resp` succeeded, else its failure (deSEC's error text included).
  Result<nlohmann::json> parsed(const HttpResponse& resp, std::string_view what);
  Result<std::string> domain_of(const Record& rec);

  std::shared_ptr<const RestApiOptions> m_opt;  // shared with the spec it was built from
  std::mutex m_mutex;
  std::map<std::string, std::string> m_domains;  // record name -> domain
};

}  // namespace ddnsguard::providers
