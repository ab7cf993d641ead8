#pragma once
// Tencent Cloud DNSPod API 3.0 (reference/providers.md §3): POST / with a JSON body signed
// with TC3-HMAC-SHA256 (content-type, host and x-tc-action signed). DescribeRecordList,
// then CreateRecord or ModifyRecord. Failures come as HTTP 200 with Response.Error.

#include <nlohmann/json.hpp>

#include "providers/base/config_reader.hpp"
#include "providers/base/secret.hpp"
#include "providers/dns/provider.hpp"
#include "providers/dns/provider_http_status.hpp"

namespace ddnsguard::providers {

struct DnspodOptions {
  std::string secret_id;
  Secret secret_key;
  std::optional<std::string> zone;  // Domain: "example.com"; default: the last two labels
  std::string line = "默认";        // RecordLine; the default line's id "0" is sent with it
  std::string endpoint = "https://dnspod.tencentcloudapi.com";
};

// Response of a DNSPod reply, or its failure class by Error.Code (§3.4). Pure; exposed for
// table tests. ResourceNotFound.NoDataOfRecord is a failure here: list() reads it as "none".
CodedResult<nlohmann::json> interpret_dnspod_reply(const HttpResponse& resp, std::string_view what);

class DnspodProvider final : public Provider {
 public:
  DnspodProvider(std::string name, std::shared_ptr<const DnspodOptions> options, ProviderDeps deps);
  std::string_view type() const override { return "dnspod"; }
  std::string describe() const override;

  // Reads secret_id, secret_key (or secret_key_file), zone, line, endpoint.
  static std::optional<ProviderSpec> parse(const std::string& name, ObjectReader& settings);

 protected:
  Result<std::optional<Address>> do_read(const Record& rec) override;
  Result<void> do_update(const Record& rec, const Address& addr) override;

 private:
  struct Existing {
    long long id;
    std::string value;
  };
  CodedResult<nlohmann::json> call(const std::string& action, const nlohmann::json& body);
  Result<std::vector<Existing>> list(const Record& rec);

  std::shared_ptr<const DnspodOptions> m_opt;  // shared with the spec it was built from
};

}  // namespace ddnsguard::providers
