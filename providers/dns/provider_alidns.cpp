#include "providers/dns/provider_alidns.hpp"

#include <algorithm>

#include <date/date.h>
#include <fmt/format.h>

#include "providers/dns/provider_http_status.hpp"
#include "providers/dns/record_set.hpp"
#include "providers/net/dns_name.hpp"
#include "providers/net/signing.hpp"
#include "providers/net/url_check.hpp"

namespace ddnsguard::providers {

namespace {

using Json = nlohmann::json;

ErrorClass class_of_code(const std::string& code, long status) {
  auto starts = [&](std::string_view p) { return code.rfind(p, 0) == 0; };
  if (starts("Throttling")) return ErrorClass::rate_limited;
  if (code == "InvalidAccessKeyId.NotFound" || code == "SignatureDoesNotMatch" ||
      code == "IncompleteSignature" || starts("Forbidden") || code == "InvalidAccessKeyId")
    return ErrorClass::auth;
  // A skewed clock or a reused nonce: the next signed call (new time, new nonce) may pass.
  if (code == "InvalidTimeStamp.Expired" || code == "SignatureNonceUsed" ||
      code == "InternalError" || code == "ServiceUnavailable" || status >= 500)
    return ErrorClass::transient;
  if (code == "IncorrectDomainUser" || starts("InvalidDomainName") ||
      code == "DomainRecordConflict" || code == "DomainRecordLocked" || code == "DomainForbidden" ||
      starts("QuotaExceeded") || code == "MissingParameter" || code == "InvalidParameter" ||
      code == "IllegalTimestamp" || code == "DomainRecordDuplicate")
    return ErrorClass::config;
  return ErrorClass::invalid_response;
}

}  // namespace

CodedResult<Json> interpret_alidns_reply(const HttpResponse& resp, std::string_view what) {
  auto j = Json::parse(resp.body, nullptr, false);
  if (j.is_object() && j.contains("Code") && j["Code"].is_string()) {
    auto code = j["Code"].get<std::string>();
    auto message = j.value("Message", std::string{});
    auto cls = class_of_code(code, resp.status);
    return coded_fail(
        cls, fmt::format("{}: HTTP {}: {}: {}", what, resp.status, code, body_excerpt(message)),
        code);
  }
  if (auto e = classify_http_status(resp, what, body_excerpt(resp.body))) return coded_fail(*e);
  if (!j.is_object()) {
    return coded_fail(ErrorClass::invalid_response,
                      fmt::format("{}: not a JSON object: {}", what, body_excerpt(resp.body)));
  }
  return j;
}

AliDnsProvider::AliDnsProvider(std::string name, std::shared_ptr<const AliDnsOptions> options,
                               ProviderDeps deps)
    : Provider(std::move(name), std::move(deps)), m_opt(std::move(options)) {}

std::string AliDnsProvider::describe() const {
  return fmt::format("alidns endpoint={} zone={} line={} access_key_id={} access_key_secret={}",
                     redact_url(m_opt->endpoint), m_opt->zone.value_or("(last two labels)"),
                     m_opt->line, m_opt->access_key_id, m_opt->access_key_secret);
}

std::optional<ProviderSpec> AliDnsProvider::parse(const std::string& name, ObjectReader& r) {
  AliDnsOptions o;
  auto id = r.string("access_key_id", Required::yes);
  auto secret = r.secret("access_key_secret");
  auto zone = r.string("zone");
  o.line = r.string_or("line", o.line);
  o.endpoint = r.string_or("endpoint", o.endpoint);
  bool good = id && secret;
  if (!check_http_url(r, "endpoint", o.endpoint)) good = false;
  if (!good) return std::nullopt;
  o.access_key_id = *id;
  o.access_key_secret = std::move(*secret);
  if (zone) o.zone = dns_lower(*zone);
  return spec_of<AliDnsProvider>(name, std::move(o));
}

CodedResult<Json> AliDnsProvider::call(std::map<std::string, std::string> params,
                                       std::string_view what) {
  params["Format"] = "JSON";
  params["Version"] = "2015-01-09";
  params["AccessKeyId"] = m_opt->access_key_id;
  params["SignatureMethod"] = "HMAC-SHA1";
  params["SignatureVersion"] = "1.0";
  params["SignatureNonce"] = fmt::format("{:016x}{:016x}", m_nonce(), m_nonce());
  params["Timestamp"] = date::format("%Y-%m-%dT%H:%M:%SZ", wall_now());
  auto signature = aliyun_signature("GET", params, m_opt->access_key_secret.reveal());
  std::string query;
  for (const auto& [k, v] : params) {
    if (!query.empty()) query += '&';
    query += aliyun_percent_encode(k) + "=" + aliyun_percent_encode(v);
  }
  HttpRequest req;
  req.url = m_opt->endpoint + "?" + query + "&Signature=" + aliyun_percent_encode(signature);
  req.timeout = timeout();
  req.headers = {"Accept: application/json"};
  auto resp = http().send(req);
  if (!resp) return coded_fail(resp.error());
  return interpret_alidns_reply(*resp, what);
}

Result<std::vector<AliDnsProvider::Existing>> AliDnsProvider::list(const Record& rec) {
  auto split = split_zone(rec.name, m_opt->zone);
  if (!split) return tl::unexpected(split.error());
  auto j = call({{"Action", "DescribeSubDomainRecords"},
                 {"DomainName", split->zone},
                 {"SubDomain", dns_lower(rec.name)},
                 {"Type", std::string(rec.type())},
                 {"PageSize", "100"}},
                "list records");
  if (!j) return tl::unexpected(j.error().error);
  const auto& records = (*j)["DomainRecords"]["Record"];
  if (!records.is_array()) {
    return fail(ErrorClass::invalid_response, "list records: no DomainRecords.Record array");
  }
  std::vector<Existing> out;
  for (const auto& r : records) {
    if (!r.is_object() || !r.contains("RecordId") || !r["RecordId"].is_string() ||
        !r.contains("Value") || !r["Value"].is_string())
      return fail(ErrorClass::invalid_response, "list records: record without RecordId or Value");
    if (dns_lower(r.value("RR", "")) != split->host || r.value("Type", "") != rec.type()) continue;
    if (dns_lower(r.value("Status", "enable")) != "enable") continue;
    out.push_back({r["RecordId"].get<std::string>(), r["Value"].get<std::string>()});
  }
  return out;
}

Result<std::optional<Address>> AliDnsProvider::do_read(const Record& rec) {
  auto found = list(rec);
  if (!found) return tl::unexpected(found.error());
  return sole_address(found->size(), found->empty() ? "" : found->front().value, rec,
                      "list records");
}

Result<void> AliDnsProvider::do_update(const Record& rec, const Address& addr) {
  auto found = list(rec);
  if (!found) return tl::unexpected(found.error());
  if (found->size() > 1) return tl::unexpected(several_records(found->size(), rec));
  auto split = split_zone(rec.name, m_opt->zone);  // list() checked it
  std::map<std::string, std::string> p = {{"RR", split->host},
                                          {"Type", std::string(rec.type())},
                                          {"Value", addr.to_string()},
                                          {"TTL", std::to_string(rec.ttl)},
                                          {"Line", m_opt->line}};
  if (found->empty()) {
    p["Action"] = "AddDomainRecord";
    p["DomainName"] = split->zone;
  } else {
    if (auto held = Address::parse(found->front().value, rec.family); held && *held == addr)
      return {};  // AliDNS refuses a no-op update (DomainRecordDuplicate)
    p["Action"] = "UpdateDomainRecord";
    p["RecordId"] = found->front().id;
  }
  auto done = call(std::move(p), found->empty() ? "add record" : "update record");
  if (!done && done.error().code == "DomainRecordDuplicate") return {};  // already holds it
  if (!done) return tl::unexpected(done.error().error);
  if (!done->contains("RecordId")) {
    return fail(ErrorClass::invalid_response, "update: reply without RecordId");
  }
  return {};
}

}  // namespace ddnsguard::providers
