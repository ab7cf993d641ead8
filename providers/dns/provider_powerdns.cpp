#include "providers/dns/provider_powerdns.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "providers/dns/provider_http_status.hpp"
#include "providers/net/dns_name.hpp"
#include "providers/net/url_check.hpp"

namespace ddnsguard::providers {

namespace {

bool in_zone(const std::string& fqdn_dot, const std::string& zone_dot) {
  if (fqdn_dot == zone_dot) return true;
  return fqdn_dot.size() > zone_dot.size() &&
         fqdn_dot.compare(fqdn_dot.size() - zone_dot.size(), zone_dot.size(), zone_dot) == 0 &&
         fqdn_dot[fqdn_dot.size() - zone_dot.size() - 1] == '.';
}

// The JSON "error" text of a PowerDNS reply, or the body's first line.
std::string pdns_error(const HttpResponse& resp) {
  auto j = nlohmann::json::parse(resp.body, nullptr, false);
  if (j.is_object() && j.contains("error") && j["error"].is_string()) {
    return body_excerpt(j["error"].get<std::string>());
  }
  return body_excerpt(resp.body);
}

}  // namespace

PowerDnsProvider::PowerDnsProvider(std::string name, std::shared_ptr<const PowerDnsOptions> options,
                                   ProviderDeps deps)
    : Provider(std::move(name), std::move(deps)), m_opt(std::move(options)) {}

std::string PowerDnsProvider::describe() const {
  return fmt::format("powerdns endpoint={} server_id={} zone={} api_key={}",
                     redact_url(m_opt->endpoint), m_opt->server_id,
                     m_opt->zone.value_or("(longest match)"), m_opt->api_key);
}

std::optional<ProviderSpec> PowerDnsProvider::parse(const std::string& name, ObjectReader& r) {
  PowerDnsOptions o;
  auto key = r.secret("api_key");
  o.server_id = r.string_or("server_id", o.server_id);
  if (auto z = r.string("zone")) o.zone = dns_absolute(*z);
  o.endpoint = r.string_or("endpoint", o.endpoint);
  while (!o.endpoint.empty() && o.endpoint.back() == '/')
    o.endpoint.pop_back();
  bool good = key.has_value();
  if (!check_http_url(r, "endpoint", o.endpoint)) good = false;
  if (!good) return std::nullopt;
  o.api_key = std::move(*key);
  return spec_of<PowerDnsProvider>(name, std::move(o));
}

std::string PowerDnsProvider::server_url() const {
  return m_opt->endpoint + "/servers/" + url_encode(m_opt->server_id);
}

Result<HttpResponse> PowerDnsProvider::call(const std::string& method, const std::string& path,
                                            std::string body) {
  HttpRequest req;
  req.method = method;
  req.url = server_url() + path;
  req.timeout = timeout();
  req.headers = {"Accept: application/json", fmt::format("X-API-Key: {}", m_opt->api_key.reveal())};
  if (!body.empty()) req.headers.emplace_back("Content-Type: application/json");
  req.body = std::move(body);
  return http().send(req);
}

Result<std::string> PowerDnsProvider::zone_for(const Record& rec) {
  if (m_opt->zone) return *m_opt->zone;
  auto fqdn = dns_absolute(rec.name);
  {
    std::lock_guard lock(m_zone_mutex);
    if (auto it = m_zone_cache.find(fqdn); it != m_zone_cache.end()) return it->second;
  }
  auto resp = call("GET", "/zones");
  if (!resp) return tl::unexpected(resp.error());
  if (auto e = classify_http_status(*resp, "list zones", pdns_error(*resp))) {
    return tl::unexpected(*e);
  }
  auto zones = nlohmann::json::parse(resp->body, nullptr, false);
  if (!zones.is_array()) return fail(ErrorClass::invalid_response, "list zones: not a JSON array");
  std::string best;
  for (const auto& z : zones) {
    if (!z.is_object() || !z.contains("name") || !z["name"].is_string()) continue;
    auto zn = dns_absolute(z["name"].get<std::string>());
    if (in_zone(fqdn, zn) && zn.size() > best.size()) best = zn;
  }
  if (best.empty()) {
    return fail(ErrorClass::config, fmt::format("no zone on the server holds {}", fqdn));
  }
  std::lock_guard lock(m_zone_mutex);
  m_zone_cache[fqdn] = best;
  return best;
}

Result<std::optional<Address>> PowerDnsProvider::do_read(const Record& rec) {
  auto zone = zone_for(rec);
  if (!zone) return tl::unexpected(zone.error());
  auto fqdn = dns_absolute(rec.name);
  auto resp = call("GET", fmt::format("/zones/{}?rrset_name={}&rrset_type={}", url_encode(*zone),
                                      url_encode(fqdn), rec.type()));
  if (!resp) return tl::unexpected(resp.error());
  if (auto e = classify_http_status(*resp, "read zone", pdns_error(*resp))) {
    return tl::unexpected(*e);
  }
  auto j = nlohmann::json::parse(resp->body, nullptr, false);
  if (!j.is_object() || !j.contains("rrsets") || !j["rrsets"].is_array()) {
    return fail(ErrorClass::invalid_response, "read zone: reply has no rrsets array");
  }
  std::vector<Address> found;
  for (const auto& set : j["rrsets"]) {
    if (!set.is_object() || dns_absolute(set.value("name", "")) != fqdn ||
        set.value("type", "") != rec.type())
      continue;
    if (!set.contains("records") || !set["records"].is_array()) {
      return fail(ErrorClass::invalid_response, "read zone: rrset without records array");
    }
    for (const auto& r : set["records"]) {
      if (!r.is_object() || !r.contains("content") || !r["content"].is_string()) {
        return fail(ErrorClass::invalid_response, "read zone: record without content");
      }
      if (r.value("disabled", false)) continue;
      auto a = Address::parse(r["content"].get<std::string>(), rec.family);
      if (!a) return fail(ErrorClass::invalid_response, "read zone: record content is no address");
      found.push_back(*a);
    }
  }
  // A set of several addresses is not the single address we manage: report it as absent
  // so the next update replaces it with exactly one.
  if (found.size() != 1) return std::optional<Address>{};
  return std::optional<Address>{found.front()};
}

Result<void> PowerDnsProvider::do_update(const Record& rec, const Address& addr) {
  auto zone = zone_for(rec);
  if (!zone) return tl::unexpected(zone.error());
  nlohmann::json rrset = {{"name", dns_absolute(rec.name)},
                          {"type", std::string(rec.type())},
                          {"ttl", rec.ttl},
                          {"changetype", "REPLACE"},
                          {"records", {{{"content", addr.to_string()}, {"disabled", false}}}}};
  nlohmann::json body = {{"rrsets", {rrset}}};
  auto resp = call("PATCH", "/zones/" + url_encode(*zone), body.dump());
  if (!resp) return tl::unexpected(resp.error());
  if (auto e = classify_http_status(*resp, "patch rrset", pdns_error(*resp))) {
    return tl::unexpected(*e);
  }
  if (resp->status != 204 && resp->status != 200) {
    return fail(ErrorClass::invalid_response,
                fmt::format("patch rrset: unexpected HTTP {}", resp->status));
  }
  return {};
}

}  // namespace ddnsguard::providers
