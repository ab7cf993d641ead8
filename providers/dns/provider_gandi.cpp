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

GandiProvider::GandiProvider(std::string name, std::shared_ptr<const RestApiOptions> options,
                             ProviderDeps deps)
    : Provider(std::move(name), std::move(deps)), m_opt(std::move(options)) {}

std::string GandiProvider::describe() const {
  return describe_rest_api("gandi", *m_opt, "domain");
}

std::optional<ProviderSpec> GandiProvider::parse(const std::string& name, ObjectReader& r) {
  auto o = read_rest_api(r, "domain", "https://api.gandi.net/v5/livedns");
  if (!o) return std::nullopt;
  return spec_of<GandiProvider>(name, std::move(*o));
}

Result<HttpResponse> GandiProvider::call(const std::string& method, const std::string& path,
                                         const Json& body) {
  auto resp = rest_call(http(), timeout(), *m_opt, "Bearer", method, path, body);
  return resp;
}

Result<std::string> GandiProvider::domain_of(const Record& rec) {
  return m_domains.find(
      dns_lower(rec.name), m_opt->zone, [&](const std::string& candidate) -> Result<bool> {
        auto resp = call("GET", "/domains/" + url_encode(candidate));
        if (!resp) return tl::unexpected(resp.error());
        if (resp->status == 404) return false;
        if (auto e = classify_http_status(*resp, "find domain", gandi_detail(resp->body)))
          return tl::unexpected(*e);
        return true;
      });
}

Result<std::string> GandiProvider::rrset_path(const Record& rec, const std::string& domain) const {
  auto split = split_zone(dns_lower(rec.name), domain);
  if (!split) return tl::unexpected(split.error());
  return fmt::format("/domains/{}/records/{}/{}", url_encode(domain), url_encode(split->host),
                     rec.type());
}

Result<std::optional<Address>> GandiProvider::do_read(const Record& rec) {
  auto domain = domain_of(rec);
  if (!domain) return tl::unexpected(domain.error());
  auto path = rrset_path(rec, *domain);
  if (!path) return tl::unexpected(path.error());
  auto resp = call("GET", *path);
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
  auto path = rrset_path(rec, *domain);
  if (!path) return tl::unexpected(path.error());
  auto resp = call("PUT", *path, {{"rrset_values", {addr.to_string()}}, {"rrset_ttl", rec.ttl}});
  if (!resp) return tl::unexpected(resp.error());
  if (auto e = classify_http_status(*resp, "write rrset", gandi_detail(resp->body)))
    return tl::unexpected(*e);
  return {};
}

}  // namespace ddnsguard::providers
