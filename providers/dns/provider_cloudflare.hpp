#pragma once
// Cloudflare API v4 (reference/providers.md §1): Bearer token; zone found by name (longest
// match, or configured); the record listed by name and type, created when missing,
// otherwise PATCHed so that its proxied flag, comment and tags are kept.

#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

#include "providers/base/config_reader.hpp"
#include "providers/base/secret.hpp"
#include "providers/dns/provider.hpp"

namespace ddnsguard::providers {

struct CloudflareOptions {
  Secret token;
  std::optional<std::string> zone;  // "example.com"; nullopt: longest match of the name
  std::optional<bool> proxied;      // nullopt: keep what the record has (false on create)
  std::string endpoint = "https://api.cloudflare.com/client/v4";
};

// A failed Cloudflare call: its class, and the envelope's error codes (error_chain
// included) for the codes that change what to do next (81044, 81057, 81058, 7003).
struct CloudflareError {
  Error error;
  std::vector<long> codes;
  bool has(long code) const;
};

// The `result` of a Cloudflare reply, or its failure (§1.5, §10): decided on the envelope's
// `success`, not on the HTTP status alone. Pure; exposed for table tests. `what` names
// the call ("list records").
tl::expected<nlohmann::json, CloudflareError> interpret_cloudflare_reply(const HttpResponse& resp,
                                                                         std::string_view what);

class CloudflareProvider final : public Provider {
 public:
  CloudflareProvider(std::string name, std::shared_ptr<const CloudflareOptions> options,
                     ProviderDeps deps);
  std::string_view type() const override { return "cloudflare"; }
  std::string describe() const override;

  // Reads api_token (or api_token_file), zone, proxied, endpoint.
  static std::optional<ProviderSpec> parse(const std::string& name, ObjectReader& settings);

 protected:
  Result<std::optional<Address>> do_read(const Record& rec) override;
  Result<void> do_update(const Record& rec, const Address& addr) override;

 private:
  struct Existing {
    std::string id;
    std::string content;
  };
  using Reply = tl::expected<nlohmann::json, CloudflareError>;
  Reply call(const std::string& method, const std::string& path, std::string_view what,
             const nlohmann::json& body = nullptr);
  tl::expected<std::string, CloudflareError> zone_id(const Record& rec);
  tl::expected<std::vector<Existing>, CloudflareError> list(const Record& rec);
  Reply write(const Record& rec, const Address& addr);
  void forget_zone(const Record& rec);

  std::shared_ptr<const CloudflareOptions> m_opt;  // shared with the spec it was built from
  std::mutex m_zone_mutex;
  std::map<std::string, std::string> m_zone_ids;  // record name -> zone id
};

}  // namespace ddnsguard::providers
