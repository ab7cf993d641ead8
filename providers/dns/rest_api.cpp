#include "providers/dns/rest_api.hpp"

#include <fmt/format.h>

#include "providers/net/dns_name.hpp"
#include "providers/net/url_check.hpp"

namespace ddnsguard::providers {

std::optional<RestApiOptions> read_rest_api(ObjectReader& r, const char* zone_key,
                                            std::string endpoint) {
  RestApiOptions o;
  auto token = r.secret("token");
  if (zone_key != nullptr) {
    if (auto z = r.string(zone_key)) o.zone = dns_lower(*z);
  }
  o.endpoint = r.string_or("endpoint", std::move(endpoint));
  while (!o.endpoint.empty() && o.endpoint.back() == '/')
    o.endpoint.pop_back();
  bool good = token.has_value();
  if (!check_http_url(r, "endpoint", o.endpoint)) good = false;
  if (!good) return std::nullopt;
  o.token = std::move(*token);
  return o;
}

std::string describe_rest_api(std::string_view type, const RestApiOptions& o,
                              std::string_view zone_key) {
  return fmt::format("{} endpoint={} {}={} token={}", type, redact_url(o.endpoint), zone_key,
                     o.zone.value_or("(looked up)"), o.token);
}

Result<HttpResponse> rest_call(HttpClient& http, std::chrono::milliseconds timeout,
                               const RestApiOptions& o, std::string_view scheme,
                               const std::string& method, const std::string& path,
                               const nlohmann::json& body) {
  HttpRequest req;
  req.method = method;
  req.url = o.endpoint + path;
  req.timeout = timeout;
  req.headers = {"Accept: application/json",
                 fmt::format("Authorization: {} {}", scheme, o.token.reveal())};
  if (!body.is_null()) {
    req.headers.emplace_back("Content-Type: application/json");
    req.body = body.dump();
  }
  auto resp = http.send(req);
  std::fill(req.headers[1].begin(), req.headers[1].end(), '\0');
  return resp;
}

std::string text_field(const nlohmann::json& j, const char* key, std::string fallback) {
  if (!j.is_object()) return fallback;
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

void ZoneFinder::forget(const std::string& name) {
  std::lock_guard lock(m_mutex);
  m_zones.erase(name);
}

Result<std::string> ZoneFinder::find(const std::string& name,
                                     const std::optional<std::string>& configured,
                                     const Exists& exists) {
  if (configured) {
    auto split = split_zone(name, configured);
    if (!split) return tl::unexpected(split.error());
    return *configured;
  }
  {
    std::lock_guard lock(m_mutex);
    if (auto it = m_zones.find(name); it != m_zones.end()) return it->second;
  }
  for (const auto& candidate : zone_candidates(name)) {
    auto there = exists(candidate);
    if (!there) return tl::unexpected(there.error());
    if (!*there) continue;
    std::lock_guard lock(m_mutex);
    return m_zones[name] = candidate;
  }
  return fail(ErrorClass::config,
              fmt::format("no zone of this account (or readable by this token) holds {}", name));
}

}  // namespace ddnsguard::providers
