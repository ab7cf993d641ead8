#include "providers/dns/provider_cloudflare.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "providers/dns/provider_http_status.hpp"
#include "providers/dns/record_set.hpp"
#include "providers/net/dns_name.hpp"
#include "providers/net/url_check.hpp"

namespace ddnsguard::providers {

namespace {

using Json = nlohmann::json;

CloudflareError failure(ErrorClass cls, std::string message, std::vector<long> codes = {},
                        std::optional<std::chrono::seconds> retry_after = std::nullopt) {
  return {Error{cls, std::move(message), retry_after}, std::move(codes)};
}

// Every code of `errors`, their error_chain entries included, and "code: message" text.
void collect_errors(const Json& errors, std::vector<long>& codes, std::string& text) {
  if (!errors.is_array()) return;
  for (const auto& e : errors) {
    if (!e.is_object()) continue;
    if (e.contains("code") && e["code"].is_number_integer()) {
      codes.push_back(e["code"].get<long>());
      if (!text.empty()) text += "; ";
      text += fmt::format("{}", codes.back());
      if (e.contains("message") && e["message"].is_string())
        text += " " + body_excerpt(e["message"].get<std::string>());
    }
    if (e.contains("error_chain")) collect_errors(e["error_chain"], codes, text);
  }
}

// The class of a failed envelope (§1.5): throttling, then credentials, then configuration.
ErrorClass class_of(long status, const std::vector<long>& codes) {
  auto has = [&](long c) { return std::find(codes.begin(), codes.end(), c) != codes.end(); };
  if (status == 429 || has(971)) return ErrorClass::rate_limited;
  if (status == 401 || status == 403 || has(9109) || has(10000) || has(6003) || has(6111) ||
      has(6103))
    return ErrorClass::auth;
  if (status >= 500) return ErrorClass::transient;
  if (has(1004) || has(7003) || has(9003) || has(81044) || has(81057) || status == 400 ||
      status == 404)
    return ErrorClass::config;
  return ErrorClass::invalid_response;
}

}  // namespace

bool CloudflareError::has(long code) const {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

tl::expected<Json, CloudflareError> interpret_cloudflare_reply(const HttpResponse& resp,
                                                               std::string_view what) {
  auto after = resp.header("retry-after");
  auto retry = after ? parse_retry_after(*after) : std::nullopt;
  auto j = Json::parse(resp.body, nullptr, false);
  if (!j.is_object() || !j.contains("success") || !j["success"].is_boolean()) {
    // Not an API envelope (an HTML error page, a proxy, garbage): the status decides.
    auto cls = resp.status >= 500                         ? ErrorClass::transient
               : resp.status == 429                       ? ErrorClass::rate_limited
               : resp.status == 401 || resp.status == 403 ? ErrorClass::auth
                                                          : ErrorClass::invalid_response;
    return tl::unexpected(failure(cls,
                                  fmt::format("{}: HTTP {}, not a Cloudflare reply: {}", what,
                                              resp.status, body_excerpt(resp.body)),
                                  {}, retry));
  }
  std::vector<long> codes;
  std::string text;
  collect_errors(j.value("errors", Json::array()), codes, text);
  if (j["success"].get<bool>() && resp.status >= 200 && resp.status < 300) {
    if (!j.contains("result"))
      return tl::unexpected(
          failure(ErrorClass::invalid_response, fmt::format("{}: success without a result", what)));
    return j["result"];
  }
  auto cls = class_of(resp.status, codes);
  return tl::unexpected(failure(
      cls, fmt::format("{}: HTTP {}: {}", what, resp.status, text.empty() ? "no error" : text),
      codes, cls == ErrorClass::rate_limited ? retry : std::nullopt));
}

CloudflareProvider::CloudflareProvider(std::string name,
                                       std::shared_ptr<const CloudflareOptions> options,
                                       ProviderDeps deps)
    : Provider(std::move(name), std::move(deps)), m_opt(std::move(options)) {}

std::string CloudflareProvider::describe() const {
  return fmt::format("cloudflare endpoint={} zone={} proxied={} api_token={}",
                     redact_url(m_opt->endpoint), m_opt->zone.value_or("(longest match)"),
                     m_opt->proxied ? (*m_opt->proxied ? "true" : "false") : "(kept)",
                     m_opt->token);
}

std::optional<ProviderSpec> CloudflareProvider::parse(const std::string& name, ObjectReader& r) {
  CloudflareOptions o;
  auto token = r.secret("api_token");
  if (auto z = r.string("zone")) o.zone = dns_lower(*z);
  o.proxied = r.boolean("proxied");
  o.endpoint = r.string_or("endpoint", o.endpoint);
  while (!o.endpoint.empty() && o.endpoint.back() == '/')
    o.endpoint.pop_back();
  bool good = token.has_value();
  if (!check_http_url(r, "endpoint", o.endpoint)) good = false;
  if (!good) return std::nullopt;
  o.token = std::move(*token);
  return spec_of<CloudflareProvider>(name, std::move(o));
}

CloudflareProvider::Reply CloudflareProvider::call(const std::string& method,
                                                   const std::string& path, std::string_view what,
                                                   const Json& body) {
  HttpRequest req;
  req.method = method;
  req.url = m_opt->endpoint + path;
  req.timeout = timeout();
  req.headers = {"Accept: application/json",
                 fmt::format("Authorization: Bearer {}", m_opt->token.reveal())};
  if (!body.is_null()) {
    req.headers.emplace_back("Content-Type: application/json");
    req.body = body.dump();
  }
  auto resp = http().send(req);
  std::fill(req.headers[1].begin(), req.headers[1].end(), '\0');
  if (!resp) return tl::unexpected(CloudflareError{resp.error(), {}});
  return interpret_cloudflare_reply(*resp, what);
}

tl::expected<std::string, CloudflareError> CloudflareProvider::zone_id(const Record& rec) {
  auto name = dns_lower(rec.name);
  {
    std::lock_guard lock(m_zone_mutex);
    if (auto it = m_zone_ids.find(name); it != m_zone_ids.end()) return it->second;
  }
  // The configured zone, or each parent of the name in turn (the longest match wins).
  auto candidates = m_opt->zone ? std::vector<std::string>{*m_opt->zone} : zone_candidates(name);
  for (const auto& zone : candidates) {
    auto found = call("GET", "/zones?status=active&per_page=50&name=" + url_encode(zone),
                      "find zone " + zone);
    if (!found) return tl::unexpected(found.error());
    if (!found->is_array()) {
      return tl::unexpected(
          failure(ErrorClass::invalid_response, "find zone: result is not an array"));
    }
    if (found->empty()) continue;
    const auto& z = (*found)[0];
    if (!z.is_object() || !z.contains("id") || !z["id"].is_string()) {
      return tl::unexpected(failure(ErrorClass::invalid_response, "find zone: zone without id"));
    }
    std::lock_guard lock(m_zone_mutex);
    return m_zone_ids[name] = z["id"].get<std::string>();
  }
  return tl::unexpected(failure(
      ErrorClass::config,
      fmt::format("no active zone of this account (or readable by this token) holds {}", name)));
}

void CloudflareProvider::forget_zone(const Record& rec) {
  std::lock_guard lock(m_zone_mutex);
  m_zone_ids.erase(dns_lower(rec.name));
}

tl::expected<std::vector<CloudflareProvider::Existing>, CloudflareError>
CloudflareProvider::list(const Record& rec) {
  auto zone = zone_id(rec);
  if (!zone) return tl::unexpected(zone.error());
  auto found = call("GET",
                    fmt::format("/zones/{}/dns_records?per_page=100&type={}&name={}",
                                url_encode(*zone), rec.type(), url_encode(dns_lower(rec.name))),
                    "list records");
  if (!found) return tl::unexpected(found.error());
  if (!found->is_array()) {
    return tl::unexpected(
        failure(ErrorClass::invalid_response, "list records: result is not an array"));
  }
  std::vector<Existing> out;
  for (const auto& r : *found) {
    if (!r.is_object() || !r.contains("id") || !r["id"].is_string() || !r.contains("content") ||
        !r["content"].is_string()) {
      return tl::unexpected(
          failure(ErrorClass::invalid_response, "list records: record without id or content"));
    }
    if (dns_lower(r.value("name", "")) != dns_lower(rec.name) || r.value("type", "") != rec.type())
      continue;  // the filter is the server's: check it
    out.push_back({r["id"].get<std::string>(), r["content"].get<std::string>()});
  }
  return out;
}

Result<std::optional<Address>> CloudflareProvider::do_read(const Record& rec) {
  auto found = list(rec);
  if (!found && found.error().has(7003)) {  // a stale zone id: look it up once more
    forget_zone(rec);
    found = list(rec);
  }
  if (!found) return tl::unexpected(found.error().error);
  return sole_address(found->size(), found->empty() ? "" : found->front().content, rec,
                      "list records");
}

CloudflareProvider::Reply CloudflareProvider::write(const Record& rec, const Address& addr) {
  auto found = list(rec);
  if (!found) return tl::unexpected(found.error());
  if (found->size() > 1)
    return tl::unexpected(CloudflareError{several_records(found->size(), rec), {}});
  auto zone = zone_id(rec);
  if (!zone) return tl::unexpected(zone.error());
  Json body = {{"content", addr.to_string()}, {"ttl", rec.ttl}};
  if (m_opt->proxied) body["proxied"] = *m_opt->proxied;
  if (m_opt->proxied.value_or(false)) body["ttl"] = 1;  // proxied records use automatic TTL
  if (found->empty()) {
    body["type"] = std::string(rec.type());
    body["name"] = dns_lower(rec.name);
    if (!body.contains("proxied")) body["proxied"] = false;
    return call("POST", fmt::format("/zones/{}/dns_records", url_encode(*zone)), "create record",
                body);
  }
  // PATCH sends only what changes: the record keeps its proxied flag, comment and tags.
  return call(
      "PATCH",
      fmt::format("/zones/{}/dns_records/{}", url_encode(*zone), url_encode(found->front().id)),
      "update record", body);
}

Result<void> CloudflareProvider::do_update(const Record& rec, const Address& addr) {
  if (rec.ttl != 1 && (rec.ttl < 60 || rec.ttl > 86400)) {
    return fail(ErrorClass::config,
                fmt::format("ttl {}: Cloudflare accepts 1 (automatic) or 60-86400", rec.ttl));
  }
  auto done = write(rec, addr);
  // The record vanished or appeared meanwhile, or the zone id went stale: once more.
  if (!done && (done.error().has(81044) || done.error().has(81057) || done.error().has(7003))) {
    if (done.error().has(7003)) forget_zone(rec);
    done = write(rec, addr);
  }
  if (!done && done.error().has(81058)) return {};  // an identical record already exists
  if (!done) return tl::unexpected(done.error().error);
  if (!done->is_object() || !done->contains("content") || !(*done)["content"].is_string()) {
    return fail(ErrorClass::invalid_response, "update record: result without content");
  }
  auto now = Address::parse((*done)["content"].get<std::string>(), rec.family);
  if (!now || *now != addr) {
    return fail(ErrorClass::invalid_response,
                fmt::format("update record: the API answered success but holds {}",
                            body_excerpt((*done)["content"].get<std::string>())));
  }
  return {};
}

}  // namespace ddnsguard::providers
