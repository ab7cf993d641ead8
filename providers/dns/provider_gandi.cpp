#include "providers/dns/provider_gandi.hpp"

#include <fmt/format.h>

#include "providers/dns/provider_http_status.hpp"
#include "providers/dns/record_set.hpp"
#include "providers/net/dns_name.hpp"
#include "providers/net/url_check.hpp"

namespace ddnsguard::providers {

namespace {

using Json = nlohmann::json;

// Gandi's error text: {"message": "...", "cause": "...", "errors": [{"description"}]}.
std::string gandi_detail(const std::string& body) {
  auto j = Json::parse(body, nullptr, false);
  if (!j.is_object()) return body_excerpt(body);
  if (j.contains("errors") && j["errors"].is_array() && !j["errors"].empty() &&
      j["errors"][0].is_object() && j["errors"][0].contains("description") &&
      j["errors"][0]["description"].is_string())
    return body_excerpt(j["errors"][0]["description"].get<std::string>());
  if (j.contains("message") && j["message"].is_string())
    return body_excerpt(j["message"].get<std::string>());
  return body_excerpt(body);
}

}  // namespace

GandiProvider::GandiProvider(std::string name, GandiOptions options)
    : Provider(std::move(name)), m_opt(std::move(options)) {}

std::string GandiProvider::describe() const {
  return fmt::format("gandi endpoint={} domain={} token={}", redact_url(m_opt.endpoint),
                     m_opt.domain.value_or("(longest match)"), m_opt.token);
}

ProviderPtr GandiProvider::parse(const std::string& name, ObjectReader& r) {
  GandiOptions o;
  auto token = r.secret("token");
  if (auto d = r.string("domain")) o.domain = dns_lower(*d);
  o.endpoint = r.string_or("endpoint", o.endpoint);
  while (!o.endpoint.empty() && o.endpoint.back() == '/')
    o.endpoint.pop_back();
  bool good = token.has_value();
  if (!check_http_url(r, "endpoint", o.endpoint)) good = false;
  if (!good) return nullptr;
  o.token = std::move(*token);
  return std::make_unique<GandiProvider>(name, std::move(o));
}

Result<HttpResponse> GandiProvider::call(const std::string& method, const std::string& path,
                                         const Json& body) {
  HttpRequest req;
  req.method = method;
  req.url = m_opt.endpoint + path;
  req.timeout = timeout();
  req.headers = {"Accept: application/json",
                 fmt::format("Authorization: Bearer {}", m_opt.token.reveal())};
  if (!body.is_null()) {
    req.headers.emplace_back("Content-Type: application/json");
    req.body = body.dump();
  }
  auto resp = http().send(req);
  std::fill(req.headers[1].begin(), req.headers[1].end(), '\0');
  return resp;
}

Result<std::string> GandiProvider::domain_of(const Record& rec) {
  auto name = dns_lower(rec.name);
  if (m_opt.domain) {
    auto split = split_zone(name, m_opt.domain);
    if (!split) return tl::unexpected(split.error());
    return *m_opt.domain;
  }
  {
    std::lock_guard lock(m_mutex);
    if (auto it = m_domains.find(name); it != m_domains.end()) return it->second;
  }
  for (const auto& candidate : zone_candidates(name)) {
    auto resp = call("GET", "/domains/" + url_encode(candidate));
    if (!resp) return tl::unexpected(resp.error());
    if (resp->status == 404) continue;
    if (auto e = classify_http_status(*resp, "find domain", gandi_detail(resp->body)))
      return tl::unexpected(*e);
    std::lock_guard lock(m_mutex);
    return m_domains[name] = candidate;
  }
  return fail(
      ErrorClass::config,
      fmt::format("no LiveDNS domain of this account (or readable by this token) holds {}", name));
}

std::string GandiProvider::rrset_path(const Record& rec, const std::string& domain) const {
  auto split = split_zone(dns_lower(rec.name), domain);
  return fmt::format("/domains/{}/records/{}/{}", url_encode(domain),
                     url_encode(split ? split->host : "@"), rec.type());
}

Result<std::optional<Address>> GandiProvider::do_read(const Record& rec) {
  auto domain = domain_of(rec);
  if (!domain) return tl::unexpected(domain.error());
  auto resp = call("GET", rrset_path(rec, *domain));
  if (!resp) return tl::unexpected(resp.error());
  if (resp->status == 404) return std::nullopt;  // the domain was found: no such RRset
  if (auto e = classify_http_status(*resp, "read rrset", gandi_detail(resp->body)))
    return tl::unexpected(*e);
  auto j = Json::parse(resp->body, nullptr, false);
  if (!j.is_object() || !j.contains("rrset_values") || !j["rrset_values"].is_array())
    return fail(ErrorClass::invalid_response,
                fmt::format("read rrset: no rrset_values: {}", body_excerpt(resp->body)));
  const auto& values = j["rrset_values"];
  if (!values.empty() && !values[0].is_string())
    return fail(ErrorClass::invalid_response, "read rrset: a value is not text");
  return sole_address(values.size(), values.empty() ? "" : values[0].get<std::string>(), rec,
                      "read rrset");
}

Result<void> GandiProvider::do_update(const Record& rec, const Address& addr) {
  if (rec.ttl < 300 || rec.ttl > 2592000)
    return fail(ErrorClass::config, fmt::format("ttl {}: Gandi accepts 300-2592000", rec.ttl));
  auto domain = domain_of(rec);
  if (!domain) return tl::unexpected(domain.error());
  auto resp = call("PUT", rrset_path(rec, *domain),
                   {{"rrset_values", {addr.to_string()}}, {"rrset_ttl", rec.ttl}});
  if (!resp) return tl::unexpected(resp.error());
  if (auto e = classify_http_status(*resp, "write rrset", gandi_detail(resp->body)))
    return tl::unexpected(*e);
  return {};
}

}  // namespace ddnsguard::providers
