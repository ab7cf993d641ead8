#include "providers/dns/provider_desec.hpp"

#include <fmt/format.h>

#include "providers/dns/provider_http_status.hpp"
#include "providers/dns/record_set.hpp"
#include "providers/net/dns_name.hpp"
#include "providers/net/url_check.hpp"

namespace ddnsguard::providers {

namespace {

using Json = nlohmann::json;

// What deSEC said was wrong: {"detail": "..."}, field errors {"ttl": ["..."]}, or a bulk
// reply's array of those; one line.
std::string desec_detail(const Json& j) {
  if (j.is_array()) {
    for (const auto& e : j) {
      if (auto d = desec_detail(e); !d.empty()) return d;
    }
    return "";
  }
  if (!j.is_object()) return "";
  if (j.contains("detail") && j["detail"].is_string())
    return body_excerpt(j["detail"].get<std::string>());
  for (const auto& [key, v] : j.items()) {
    if (v.is_array() && !v.empty() && v[0].is_string())
      return body_excerpt(key + ": " + v[0].get<std::string>());
  }
  return "";
}

// The record's name relative to `domain` (which holds it): "" at the apex (the URL path
// says "@").
std::string subname_of(const Record& rec, const std::string& domain) {
  auto split = split_zone(dns_lower(rec.name), domain);
  return split && split->host != "@" ? split->host : "";
}

}  // namespace

DesecProvider::DesecProvider(std::string name, std::shared_ptr<const RestApiOptions> options,
                             ProviderDeps deps)
    : Provider(std::move(name), std::move(deps)), m_opt(std::move(options)) {}

std::string DesecProvider::describe() const {
  return describe_rest_api("desec", *m_opt, "domain");
}

std::optional<ProviderSpec> DesecProvider::parse(const std::string& name, ObjectReader& r) {
  auto o = read_rest_api(r, "domain", "https://desec.io/api/v1");
  if (!o) return std::nullopt;
  return spec_of<DesecProvider>(name, std::move(*o));
}

Result<HttpResponse> DesecProvider::call(const std::string& method, const std::string& path,
                                         const Json& body) {
  return rest_call(http(), timeout(), *m_opt, "Token", method, path, body);
}

Result<Json> DesecProvider::parsed(const HttpResponse& resp, std::string_view what) {
  auto j = Json::parse(resp.body, nullptr, false);
  auto detail = j.is_discarded() ? body_excerpt(resp.body) : desec_detail(j);
  if (auto e = classify_http_status(resp, what, detail)) return tl::unexpected(*e);
  if (j.is_discarded())
    return fail(ErrorClass::invalid_response, fmt::format("{}: not JSON: {}", what, detail));
  return j;
}

Result<std::string> DesecProvider::domain_of(const Record& rec) {
  auto name = dns_lower(rec.name);
  if (m_opt->zone) {
    if (auto split = split_zone(name, m_opt->zone); !split) return tl::unexpected(split.error());
    return *m_opt->zone;
  }
  {
    std::lock_guard lock(m_mutex);
    if (auto it = m_domains.find(name); it != m_domains.end()) return it->second;
  }
  auto resp = call("GET", "/domains/?owns_qname=" + url_encode(name));
  if (!resp) return tl::unexpected(resp.error());
  auto j = parsed(*resp, "find domain");
  if (!j) return tl::unexpected(j.error());
  if (!j->is_array()) return fail(ErrorClass::invalid_response, "find domain: not a list");
  if (j->empty() || !(*j)[0].is_object() || !(*j)[0].contains("name") ||
      !(*j)[0]["name"].is_string())
    return fail(ErrorClass::config, fmt::format("no domain of this account holds {}", name));
  auto domain = dns_lower((*j)[0]["name"].get<std::string>());
  if (!split_zone(name, domain))
    return fail(ErrorClass::invalid_response,
                fmt::format("find domain: {} does not hold {}", body_excerpt(domain), name));
  std::lock_guard lock(m_mutex);
  return m_domains[name] = domain;
}

Result<std::optional<Address>> DesecProvider::do_read(const Record& rec) {
  auto domain = domain_of(rec);
  if (!domain) return tl::unexpected(domain.error());
  auto sub = subname_of(rec, *domain);
  auto resp = call("GET", fmt::format("/domains/{}/rrsets/{}/{}/", url_encode(*domain),
                                      sub.empty() ? "@" : url_encode(sub), rec.type()));
  if (!resp) return tl::unexpected(resp.error());
  if (resp->status == 404) return std::nullopt;  // the domain was found: no such RRset
  auto j = parsed(*resp, "read rrset");
  if (!j) return tl::unexpected(j.error());
  if (!j->is_object() || !j->contains("records") || !(*j)["records"].is_array())
    return fail(ErrorClass::invalid_response, "read rrset: no records list");
  const auto& records = (*j)["records"];
  if (!records.empty() && !records[0].is_string())
    return fail(ErrorClass::invalid_response, "read rrset: a record is not text");
  return sole_address(records.size(), records.empty() ? "" : records[0].get<std::string>(), rec,
                      "read rrset");
}

Result<void> DesecProvider::do_update(const Record& rec, const Address& addr) {
  auto domain = domain_of(rec);
  if (!domain) return tl::unexpected(domain.error());
  Json rrset = {{"subname", subname_of(rec, *domain)},
                {"type", std::string(rec.type())},
                {"ttl", rec.ttl},
                {"records", {addr.to_string()}}};
  auto resp =
      call("PUT", fmt::format("/domains/{}/rrsets/", url_encode(*domain)), Json::array({rrset}));
  if (!resp) return tl::unexpected(resp.error());
  auto j = parsed(*resp, "write rrset");
  if (!j) return tl::unexpected(j.error());
  if (!j->is_array() || j->size() != 1 || !(*j)[0].is_object() ||
      (*j)[0].value("records", Json()) != rrset["records"])
    return fail(
        ErrorClass::invalid_response,
        fmt::format("write rrset: the API answered success but holds {}", body_excerpt(j->dump())));
  return {};
}

}  // namespace ddnsguard::providers
