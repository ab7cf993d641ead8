#include "providers/dns/provider_porkbun.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "providers/dns/provider_http_status.hpp"
#include "providers/dns/record_set.hpp"
#include "providers/dns/rest_api.hpp"
#include "providers/net/dns_name.hpp"
#include "providers/net/url_check.hpp"

namespace ddnsguard::providers {

namespace {

using Json = nlohmann::json;

// The class of an {"status": "ERROR"} reply: Porkbun names its failures in text only. What
// it does not name is an invalid response (retried), not a reason to stop the record.
ErrorClass class_of(long status, std::string message) {
  std::transform(message.begin(), message.end(), message.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto has = [&](const char* s) { return message.find(s) != std::string::npos; };
  if (status == 429 || has("rate limit")) return ErrorClass::rate_limited;
  if (status == 401 || status == 403 || has("invalid api key") || has("api access"))
    return ErrorClass::auth;
  if (status >= 500) return ErrorClass::transient;
  if (has("domain") || has("ttl") || has("invalid") || has("not found") || has("edit error"))
    return ErrorClass::config;
  return ErrorClass::invalid_response;
}

// The path part for `rec` under `domain`: "home" or "" at the apex.
std::string subdomain(const ZoneSplit& split) {
  return split.host == "@" ? "" : split.host;
}

}  // namespace

PorkbunProvider::PorkbunProvider(std::string name, std::shared_ptr<const PorkbunOptions> options,
                                 ProviderDeps deps)
    : Provider(std::move(name), std::move(deps)), m_opt(std::move(options)) {}

std::string PorkbunProvider::describe() const {
  return fmt::format("porkbun endpoint={} domain={} api_key={} secret_api_key={}",
                     redact_url(m_opt->endpoint), m_opt->domain.value_or("(last two labels)"),
                     m_opt->api_key, m_opt->secret_key);
}

std::optional<ProviderSpec> PorkbunProvider::parse(const std::string& name, ObjectReader& r) {
  PorkbunOptions o;
  auto key = r.secret("api_key");
  auto secret = r.secret("secret_api_key");
  if (auto d = r.string("domain")) o.domain = dns_lower(*d);
  o.endpoint = r.string_or("endpoint", o.endpoint);
  while (!o.endpoint.empty() && o.endpoint.back() == '/')
    o.endpoint.pop_back();
  bool good = key.has_value() && secret.has_value();
  if (!check_http_url(r, "endpoint", o.endpoint)) good = false;
  if (!good) return std::nullopt;
  o.api_key = std::move(*key);
  o.secret_key = std::move(*secret);
  return spec_of<PorkbunProvider>(name, std::move(o));
}

Result<Json> PorkbunProvider::call(const std::string& path, std::string_view what, Json fields) {
  fields["apikey"] = std::string(m_opt->api_key.reveal());
  fields["secretapikey"] = std::string(m_opt->secret_key.reveal());
  HttpRequest req;
  req.method = "POST";
  req.url = m_opt->endpoint + path;
  req.timeout = timeout();
  req.headers = {"Accept: application/json", "Content-Type: application/json"};
  req.body = fields.dump();
  fields.clear();
  auto resp = http().send(req);
  std::fill(req.body.begin(), req.body.end(), '\0');
  if (!resp) return tl::unexpected(resp.error());
  auto j = Json::parse(resp->body, nullptr, false);
  if (!j.is_object() || !j.contains("status") || !j["status"].is_string()) {
    if (auto e = classify_http_status(*resp, what, body_excerpt(resp->body)))
      return tl::unexpected(*e);
    return fail(ErrorClass::invalid_response,
                fmt::format("{}: not a Porkbun reply: {}", what, body_excerpt(resp->body)));
  }
  if (j["status"] == "SUCCESS" && resp->status >= 200 && resp->status < 300) return j;
  auto message = body_excerpt(text_field(j, "message", "no message"));
  return fail(class_of(resp->status, message),
              fmt::format("{}: HTTP {}: {}", what, resp->status, message));
}

Result<std::vector<std::string>> PorkbunProvider::contents(const Record& rec) {
  auto split = split_zone(dns_lower(rec.name), m_opt->domain);
  if (!split) return tl::unexpected(split.error());
  auto found = call(fmt::format("/dns/retrieveByNameType/{}/{}/{}", url_encode(split->zone),
                                rec.type(), url_encode(subdomain(*split))),
                    "retrieve records");
  if (!found) return tl::unexpected(found.error());
  if (!(*found)["records"].is_array())
    return fail(ErrorClass::invalid_response, "retrieve records: no records list");
  std::vector<std::string> out;
  for (const auto& r : (*found)["records"]) {
    if (!r.is_object() || !r.contains("content") || !r["content"].is_string())
      return fail(ErrorClass::invalid_response, "retrieve records: a record without content");
    if (dns_lower(text_field(r, "name", "")) != dns_lower(rec.name) ||
        text_field(r, "type", "") != rec.type())
      continue;  // the filter is the server's: check it
    out.push_back(r["content"].get<std::string>());
  }
  return out;
}

Result<std::optional<Address>> PorkbunProvider::do_read(const Record& rec) {
  auto found = contents(rec);
  if (!found) return tl::unexpected(found.error());
  return sole_address(found->size(), found->empty() ? "" : found->front(), rec, "retrieve records");
}

Result<void> PorkbunProvider::do_update(const Record& rec, const Address& addr) {
  if (rec.ttl < 600)
    return fail(ErrorClass::config, fmt::format("ttl {}: Porkbun's minimum is 600", rec.ttl));
  auto split = split_zone(dns_lower(rec.name), m_opt->domain);
  if (!split) return tl::unexpected(split.error());
  auto found = contents(rec);
  if (!found) return tl::unexpected(found.error());
  if (found->size() > 1) return tl::unexpected(several_records(found->size(), rec));
  Json fields = {{"content", addr.to_string()}, {"ttl", std::to_string(rec.ttl)}};
  if (found->empty()) {
    fields["name"] = subdomain(*split);
    fields["type"] = std::string(rec.type());
    auto made = call("/dns/create/" + url_encode(split->zone), "create record", fields);
    if (!made) return tl::unexpected(made.error());
    return {};
  }
  auto done = call(fmt::format("/dns/editByNameType/{}/{}/{}", url_encode(split->zone), rec.type(),
                               url_encode(subdomain(*split))),
                   "edit record", fields);
  if (!done) return tl::unexpected(done.error());
  return {};
}

}  // namespace ddnsguard::providers
