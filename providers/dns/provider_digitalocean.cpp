#include "providers/dns/provider_digitalocean.hpp"

#include <fmt/format.h>

#include "providers/dns/provider_http_status.hpp"
#include "providers/dns/record_set.hpp"
#include "providers/net/dns_name.hpp"
#include "providers/net/url_check.hpp"

namespace ddnsguard::providers {

namespace {

using Json = nlohmann::json;

// DigitalOcean's {"id": "unauthorized", "message": "..."}, one line.
std::string do_detail(const Json& j, std::string_view body) {
  if (j.is_object() && j.contains("id") && j["id"].is_string())
    return body_excerpt(
        fmt::format("{}: {}", j["id"].get<std::string>(), text_field(j, "message")));
  return body_excerpt(body);
}

}  // namespace

DigitalOceanProvider::DigitalOceanProvider(std::string name,
                                           std::shared_ptr<const RestApiOptions> options,
                                           ProviderDeps deps)
    : Provider(std::move(name), std::move(deps)), m_opt(std::move(options)) {}

std::string DigitalOceanProvider::describe() const {
  return describe_rest_api("digitalocean", *m_opt, "domain");
}

std::optional<ProviderSpec> DigitalOceanProvider::parse(const std::string& name, ObjectReader& r) {
  auto o = read_rest_api(r, "domain", "https://api.digitalocean.com/v2");
  if (!o) return std::nullopt;
  return spec_of<DigitalOceanProvider>(name, std::move(*o));
}

Result<Json> DigitalOceanProvider::call(const std::string& method, const std::string& path,
                                        std::string_view what, const Json& body) {
  auto resp = rest_call(http(), timeout(), *m_opt, "Bearer", method, path, body);
  if (!resp) return tl::unexpected(resp.error());
  if (resp->status == 404) return Json(nullptr);
  auto j = Json::parse(resp->body, nullptr, false);
  if (auto e = classify_http_status(*resp, what, do_detail(j, resp->body)))
    return tl::unexpected(*e);
  if (!j.is_object())
    return fail(ErrorClass::invalid_response,
                fmt::format("{}: not a JSON object: {}", what, body_excerpt(resp->body)));
  return j;
}

Result<std::string> DigitalOceanProvider::domain_of(const Record& rec) {
  return m_domains.find(
      dns_lower(rec.name), m_opt->zone, [&](const std::string& candidate) -> Result<bool> {
        auto found = call("GET", "/domains/" + url_encode(candidate), "find domain");
        if (!found) return tl::unexpected(found.error());
        return !found->is_null();
      });
}

Result<std::vector<DigitalOceanProvider::Existing>>
DigitalOceanProvider::list(const Record& rec, const std::string& domain) {
  auto found = call("GET",
                    fmt::format("/domains/{}/records?type={}&name={}&per_page=200",
                                url_encode(domain), rec.type(), url_encode(dns_lower(rec.name))),
                    "list records");
  if (!found) return tl::unexpected(found.error());
  if (found->is_null())
    return fail(ErrorClass::config, fmt::format("list records: no domain {}", domain));
  if (!(*found)["domain_records"].is_array())
    return fail(ErrorClass::invalid_response, "list records: no domain_records list");
  auto host = split_zone(dns_lower(rec.name), domain);
  std::vector<Existing> out;
  for (const auto& r : (*found)["domain_records"]) {
    if (!r.is_object() || !r.contains("id") || !r["id"].is_number_integer() ||
        !r.contains("data") || !r["data"].is_string())
      return fail(ErrorClass::invalid_response, "list records: a record without id or data");
    if (text_field(r, "type", "") != rec.type() || !host || text_field(r, "name", "") != host->host)
      continue;  // the filter is the server's: check it
    out.push_back({r["id"].get<std::int64_t>(), r["data"].get<std::string>()});
  }
  return out;
}

Result<std::optional<Address>> DigitalOceanProvider::do_read(const Record& rec) {
  auto domain = domain_of(rec);
  if (!domain) return tl::unexpected(domain.error());
  auto found = list(rec, *domain);
  if (!found) return tl::unexpected(found.error());
  return sole_address(found->size(), found->empty() ? "" : found->front().data, rec,
                      "list records");
}

Result<void> DigitalOceanProvider::do_update(const Record& rec, const Address& addr) {
  if (rec.ttl < 30)
    return fail(ErrorClass::config, fmt::format("ttl {}: DigitalOcean's minimum is 30", rec.ttl));
  auto domain = domain_of(rec);
  if (!domain) return tl::unexpected(domain.error());
  auto found = list(rec, *domain);
  if (!found) return tl::unexpected(found.error());
  if (found->size() > 1) return tl::unexpected(several_records(found->size(), rec));
  auto split = split_zone(dns_lower(rec.name), *domain);
  if (!split) return tl::unexpected(split.error());
  Result<Json> done =
      found->empty()
          ? call("POST", fmt::format("/domains/{}/records", url_encode(*domain)), "create record",
                 {{"type", std::string(rec.type())},
                  {"name", split->host},
                  {"data", addr.to_string()},
                  {"ttl", rec.ttl}})
          : call("PATCH",
                 fmt::format("/domains/{}/records/{}", url_encode(*domain), found->front().id),
                 "update record",
                 {{"type", std::string(rec.type())}, {"data", addr.to_string()}, {"ttl", rec.ttl}});
  if (!done && done.error().cls == ErrorClass::config) m_domains.forget(dns_lower(rec.name));
  if (!done) return tl::unexpected(done.error());
  if (done->is_null()) {  // the domain (POST) or the record (PATCH) is gone: look again
    m_domains.forget(dns_lower(rec.name));
    return fail(found->empty() ? ErrorClass::config : ErrorClass::transient,
                found->empty() ? "create record: no such domain (404)"
                               : "update record: the record vanished");
  }
  const auto& r = (*done)["domain_record"];
  if (!r.is_object() || !r.contains("data") || !r["data"].is_string() ||
      Address::parse(r["data"].get<std::string>(), rec.family) != addr)
    return fail(ErrorClass::invalid_response,
                fmt::format("update record: the API answered success but holds {}",
                            body_excerpt(r.is_object() ? text_field(r, "data", "?") : "?")));
  return {};
}

}  // namespace ddnsguard::providers
