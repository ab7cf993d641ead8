#pragma once
// What the token-authenticated JSON REST providers (deSEC, DigitalOcean, Gandi, Hetzner)
// share: their settings (a token, an optional zone, an endpoint), one JSON call with the
// token in a header wiped after use, and the zone found by asking for each parent of the
// name, remembered per record name.

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "providers/base/config_reader.hpp"
#include "providers/base/secret.hpp"
#include "providers/net/http_client.hpp"

namespace ddnsguard::providers {

struct RestApiOptions {
  Secret token;
  std::optional<std::string> zone;  // lower case; nullopt: found by asking
  std::string endpoint;             // without a trailing slash
};

// Reads `token` (or token_file), `zone_key` (when non-null) and `endpoint` (default
// `endpoint`); nullopt after recording the problems in `r`.
std::optional<RestApiOptions> read_rest_api(ObjectReader& r, const char* zone_key,
                                            std::string endpoint);

// "<type> endpoint=... <zone_key>=... token=***".
std::string describe_rest_api(std::string_view type, const RestApiOptions& o,
                              std::string_view zone_key);

// `method` `path` under the endpoint with "Authorization: <scheme> <token>", Accept JSON and,
// when `body` is not null, a JSON body.
Result<HttpResponse> rest_call(HttpClient& http, std::chrono::milliseconds timeout,
                               const RestApiOptions& o, std::string_view scheme,
                               const std::string& method, const std::string& path,
                               const nlohmann::json& body = nullptr);

// `j[key]` when `j` is an object and that is a string, else `fallback`: replies are
// untrusted, and a field of another type must not throw.
std::string text_field(const nlohmann::json& j, const char* key, std::string fallback = "");

// The zone of each record name, found once: the configured one (which must hold the name),
// else the first of zone_candidates() that `exists` says is there.
class ZoneFinder {
 public:
  using Exists = std::function<Result<bool>(const std::string& zone)>;
  Result<std::string> find(const std::string& name, const std::optional<std::string>& configured,
                           const Exists& exists);
  // Forgets `name`'s zone (a write there failed as if the zone were wrong or gone).
  void forget(const std::string& name);

 private:
  std::mutex m_mutex;
  std::map<std::string, std::string> m_zones;  // record name -> zone
};

}  // namespace ddnsguard::providers
