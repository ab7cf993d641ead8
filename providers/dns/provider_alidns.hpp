#pragma once
// Alibaba Cloud DNS (reference/providers.md §2): RPC API 2015-01-09, every call a GET
// signed with HMAC-SHA1 (signature v1). Lists the name with DescribeSubDomainRecords,
// then AddDomainRecord or UpdateDomainRecord.

#include <random>

#include <nlohmann/json.hpp>

#include "providers/base/config_reader.hpp"
#include "providers/base/secret.hpp"
#include "providers/dns/provider.hpp"
#include "providers/dns/provider_http_status.hpp"

namespace ddnsguard::providers {

struct AliDnsOptions {
  std::string access_key_id;
  Secret access_key_secret;
  std::optional<std::string> zone;  // DomainName: "example.com"; default: the last two labels
  std::string line = "default";
  std::string endpoint = "https://alidns.aliyuncs.com/";
};

// The JSON of an AliDNS reply, or its failure class by error Code (§2.5). Pure; exposed
// for table tests. "DomainRecordDuplicate" is returned as a failure for the caller to
// treat as "already in sync".
CodedResult<nlohmann::json> interpret_alidns_reply(const HttpResponse& resp, std::string_view what);

class AliDnsProvider final : public Provider {
 public:
  AliDnsProvider(std::string name, std::shared_ptr<const AliDnsOptions> options, ProviderDeps deps);
  std::string_view type() const override { return "alidns"; }
  std::string describe() const override;

  // Reads access_key_id, access_key_secret (or access_key_secret_file), zone, line, endpoint.
  static std::optional<ProviderSpec> parse(const std::string& name, ObjectReader& settings);

 protected:
  Result<std::optional<Address>> do_read(const Record& rec) override;
  Result<void> do_update(const Record& rec, const Address& addr) override;

 private:
  struct Existing {
    std::string id;
    std::string value;
  };
  CodedResult<nlohmann::json> call(std::map<std::string, std::string> params,
                                   std::string_view what);
  Result<std::vector<Existing>> list(const Record& rec);

  std::shared_ptr<const AliDnsOptions> m_opt;  // shared with the spec it was built from
  std::mt19937_64 m_nonce{std::random_device{}()};
};

}  // namespace ddnsguard::providers
