#include "providers/dns/provider_hetzner.hpp"

#include <fmt/format.h>

#include "providers/dns/provider_http_status.hpp"
#include "providers/dns/record_set.hpp"
#include "providers/net/dns_name.hpp"
#include "providers/net/url_check.hpp"

namespace ddnsguard::providers {

namespace {

using Json = nlohmann::json;

// Hetzner's {"error": {"code": "...", "message": "..."}}, one line.
std::string hetzner_detail(const Json& j, std::string_view body) {
  if (j.is_object() && j.contains("error") && j["error"].is_object()) {
    const auto& e = j["error"];
    return body_excerpt(
        fmt::format("{}: {}", text_field(e, "code", "error"), text_field(e, "message", "")));
  }
  return body_excerpt(body);
}

// An action in a reply that already failed (asynchronous changes report "error" later,
// where DNS verification sees them).
std::optional<Error> failed_action(const Json& reply, std::string_view what) {
  if (!reply.is_object() || !reply.contains("action") || !reply["action"].is_object())
    return std::nullopt;
  const auto& a = reply["action"];
  if (text_field(a, "status", "") != "error") return std::nullopt;
  auto e = a.contains("error") ? a["error"] : Json::object();
  return Error{ErrorClass::invalid_response,
               fmt::format("{}: the action failed: {}", what, hetzner_detail({{"error", e}}, "")),
               std::nullopt};
}

}  // namespace

HetznerProvider::HetznerProvider(std::string name, std::shared_ptr<const RestApiOptions> options,
                                 ProviderDeps deps)
    : Provider(std::move(name), std::move(deps)), m_opt(std::move(options)) {}

std::string HetznerProvider::describe() const {
  return describe_rest_api("hetzner", *m_opt, "zone");
}

std::optional<ProviderSpec> HetznerProvider::parse(const std::string& name, ObjectReader& r) {
  auto o = read_rest_api(r, "zone", "https://api.hetzner.cloud/v1");
  if (!o) return std::nullopt;
  return spec_of<HetznerProvider>(name, std::move(*o));
}

Result<Json> HetznerProvider::call(const std::string& method, const std::string& path,
                                   std::string_view what, const Json& body) {
  auto resp = rest_call(http(), timeout(), *m_opt, "Bearer", method, path, body);
  if (!resp) return tl::unexpected(resp.error());
  auto j = Json::parse(resp->body, nullptr, false);
  if (resp->status == 404) return Json(nullptr);     // the caller knows what was looked for
  if (resp->status == 409 || resp->status == 423) {  // another action holds the RRset: later
    return fail(ErrorClass::transient,
                fmt::format("{}: HTTP {}: {}", what, resp->status, hetzner_detail(j, resp->body)));
  }
  if (auto e = classify_http_status(*resp, what, hetzner_detail(j, resp->body)))
    return tl::unexpected(*e);
  if (!j.is_object())
    return fail(ErrorClass::invalid_response,
                fmt::format("{}: not a JSON object: {}", what, body_excerpt(resp->body)));
  if (auto e = failed_action(j, what)) return tl::unexpected(*e);
  return j;
}

Result<std::string> HetznerProvider::zone_of(const Record& rec) {
  return m_zones.find(
      dns_lower(rec.name), m_opt->zone, [&](const std::string& candidate) -> Result<bool> {
        auto found = call("GET", "/zones?name=" + url_encode(candidate), "find zone");
        if (!found) return tl::unexpected(found.error());
        if (found->is_null() || !(*found)["zones"].is_array())
          return fail(ErrorClass::invalid_response, "find zone: no zones list");
        return !(*found)["zones"].empty();
      });
}

std::string HetznerProvider::rrset_path(const Record& rec, const std::string& zone) const {
  auto split = split_zone(dns_lower(rec.name), zone);
  return fmt::format("/zones/{}/rrsets/{}/{}", url_encode(zone),
                     url_encode(split ? split->host : "@"), rec.type());
}

Result<std::optional<HetznerProvider::RRset>> HetznerProvider::rrset(const std::string& path) {
  auto j = call("GET", path, "read rrset");
  if (!j) return tl::unexpected(j.error());
  if (j->is_null()) return std::nullopt;
  if (!(*j)["rrset"].is_object() || !(*j)["rrset"]["records"].is_array())
    return fail(ErrorClass::invalid_response, "read rrset: no records list");
  RRset out;
  const auto& r = (*j)["rrset"];
  if (r.contains("ttl") && r["ttl"].is_number_integer()) out.ttl = r["ttl"].get<int>();
  for (const auto& v : r["records"]) {
    if (!v.is_object() || !v.contains("value") || !v["value"].is_string())
      return fail(ErrorClass::invalid_response, "read rrset: a record without a value");
    out.values.push_back(v["value"].get<std::string>());
  }
  return out;
}

Result<std::optional<Address>> HetznerProvider::do_read(const Record& rec) {
  auto zone = zone_of(rec);
  if (!zone) return tl::unexpected(zone.error());
  auto set = rrset(rrset_path(rec, *zone));
  if (!set) return tl::unexpected(set.error());
  if (!*set) return std::nullopt;
  const auto& values = (*set)->values;
  return sole_address(values.size(), values.empty() ? "" : values[0], rec, "read rrset");
}

Result<void> HetznerProvider::do_update(const Record& rec, const Address& addr) {
  auto zone = zone_of(rec);
  if (!zone) return tl::unexpected(zone.error());
  auto split = split_zone(dns_lower(rec.name), *zone);
  if (!split) return tl::unexpected(split.error());
  auto path = rrset_path(rec, *zone);
  auto set = rrset(path);
  if (!set) return tl::unexpected(set.error());
  Json records = {{{"value", addr.to_string()}}};
  if (!*set) {
    auto made = call("POST", fmt::format("/zones/{}/rrsets", url_encode(*zone)), "create rrset",
                     {{"name", split->host},
                      {"type", std::string(rec.type())},
                      {"ttl", rec.ttl},
                      {"records", records}});
    if (!made) return tl::unexpected(made.error());
    if (made->is_null()) return fail(ErrorClass::config, "create rrset: the zone is gone (404)");
    return {};
  }
  auto set_records =
      call("POST", path + "/actions/set_records", "set records", {{"records", records}});
  if (!set_records) return tl::unexpected(set_records.error());
  if (set_records->is_null()) return fail(ErrorClass::transient, "set records: the RRset vanished");
  if ((*set)->ttl != rec.ttl) {
    // Best effort: the address is what matters, and set_records may still hold the RRset
    // (conflict, locked); the TTL follows at a later change.
    (void)call("POST", path + "/actions/change_ttl", "change ttl", {{"ttl", rec.ttl}});
  }
  return {};
}

}  // namespace ddnsguard::providers
