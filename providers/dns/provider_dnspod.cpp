#include "providers/dns/provider_dnspod.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "providers/dns/provider_http_status.hpp"
#include "providers/dns/record_set.hpp"
#include "providers/net/dns_name.hpp"
#include "providers/net/signing.hpp"
#include "providers/net/url_check.hpp"

namespace ddnsguard::providers {

namespace {

using Json = nlohmann::json;
constexpr const char* k_no_records = "ResourceNotFound.NoDataOfRecord";

ErrorClass class_of_code(const std::string& code) {
  auto starts = [&](std::string_view p) { return code.rfind(p, 0) == 0; };
  if (starts("RequestLimitExceeded") || code == "LimitExceeded.RequestLimitExceeded")
    return ErrorClass::rate_limited;
  // An expired signature is a skewed clock: the next call, stamped anew, may pass.
  if (code == "AuthFailure.SignatureExpire" || code == "InternalError" ||
      code == "FailedOperation.UnknowError")
    return ErrorClass::transient;
  if (starts("AuthFailure") || starts("UnauthorizedOperation") || starts("OperationDenied"))
    return ErrorClass::auth;
  if (starts("InvalidParameter") || starts("LimitExceeded") ||
      code == "FailedOperation.NotDomainOwner" || code == k_no_records)
    return ErrorClass::config;
  return ErrorClass::invalid_response;
}

}  // namespace

CodedResult<Json> interpret_dnspod_reply(const HttpResponse& resp, std::string_view what) {
  auto j = Json::parse(resp.body, nullptr, false);
  bool envelope = j.is_object() && j.contains("Response") && j["Response"].is_object();
  if (envelope && j["Response"].contains("Error")) {
    const auto& e = j["Response"]["Error"];
    auto code = e.value("Code", std::string("?"));
    return coded_fail(class_of_code(code),
                      fmt::format("{}: {}: {}", what, code, body_excerpt(e.value("Message", ""))),
                      code);
  }
  if (auto e = classify_http_status(resp, what, body_excerpt(resp.body))) return coded_fail(*e);
  if (!envelope) {
    return coded_fail(ErrorClass::invalid_response,
                      fmt::format("{}: no Response object: {}", what, body_excerpt(resp.body)));
  }
  return j["Response"];
}

DnspodProvider::DnspodProvider(std::string name, std::shared_ptr<const DnspodOptions> options,
                               ProviderDeps deps)
    : Provider(std::move(name), std::move(deps)), m_opt(std::move(options)) {}

std::string DnspodProvider::describe() const {
  return fmt::format("dnspod endpoint={} zone={} secret_id={} secret_key={}",
                     redact_url(m_opt->endpoint), m_opt->zone.value_or("(last two labels)"),
                     m_opt->secret_id, m_opt->secret_key);
}

std::optional<ProviderSpec> DnspodProvider::parse(const std::string& name, ObjectReader& r) {
  DnspodOptions o;
  auto id = r.string("secret_id", Required::yes);
  auto key = r.secret("secret_key");
  auto zone = r.string("zone");
  o.line = r.string_or("line", o.line);
  o.endpoint = r.string_or("endpoint", o.endpoint);
  while (!o.endpoint.empty() && o.endpoint.back() == '/')
    o.endpoint.pop_back();
  bool good = id && key;
  if (!check_http_url(r, "endpoint", o.endpoint)) good = false;
  if (!good) return std::nullopt;
  o.secret_id = *id;
  o.secret_key = std::move(*key);
  if (zone) o.zone = dns_lower(*zone);
  return spec_of<DnspodProvider>(name, std::move(o));
}

CodedResult<Json> DnspodProvider::call(const std::string& action, const Json& body) {
  Tc3Request t;
  t.secret_id = m_opt->secret_id;
  t.secret_key = std::string(m_opt->secret_key.reveal());
  t.service = "dnspod";
  t.host = url_authority(m_opt->endpoint);
  t.content_type = "application/json";
  t.action = action;
  t.payload = body.dump();
  t.timestamp = wall_now().time_since_epoch().count();
  auto signature = tc3_sign(t);
  std::fill(t.secret_key.begin(), t.secret_key.end(), '\0');
  HttpRequest req;
  req.method = "POST";
  req.url = m_opt->endpoint + "/";
  req.timeout = timeout();
  req.body = t.payload;
  req.headers = {"Content-Type: application/json", "X-TC-Action: " + action,
                 "X-TC-Version: 2021-03-23", "X-TC-Timestamp: " + std::to_string(t.timestamp),
                 "Authorization: " + signature.authorization};
  auto resp = http().send(req);
  if (!resp) return coded_fail(resp.error());
  return interpret_dnspod_reply(*resp, action);
}

Result<std::vector<DnspodProvider::Existing>> DnspodProvider::list(const Record& rec) {
  auto split = split_zone(rec.name, m_opt->zone);
  if (!split) return tl::unexpected(split.error());
  // DescribeRecordList spells it "Subdomain"; the writes say "SubDomain".
  auto j = call("DescribeRecordList", {{"Domain", split->zone},
                                       {"Subdomain", split->host},
                                       {"RecordType", std::string(rec.type())},
                                       {"Limit", 100}});
  if (!j && j.error().code == k_no_records) return std::vector<Existing>{};
  if (!j) return tl::unexpected(j.error().error);
  if (!j->contains("RecordList") || !(*j)["RecordList"].is_array()) {
    return fail(ErrorClass::invalid_response, "DescribeRecordList: no RecordList array");
  }
  std::vector<Existing> out;
  for (const auto& r : (*j)["RecordList"]) {
    if (!r.is_object() || !r.contains("RecordId") || !r["RecordId"].is_number_integer() ||
        !r.contains("Value") || !r["Value"].is_string())
      return fail(ErrorClass::invalid_response, "DescribeRecordList: record without id or value");
    if (dns_lower(r.value("Name", "")) != split->host || r.value("Type", "") != rec.type())
      continue;
    if (dns_lower(r.value("Status", "enable")) != "enable") continue;
    out.push_back({r["RecordId"].get<long long>(), r["Value"].get<std::string>()});
  }
  return out;
}

Result<std::optional<Address>> DnspodProvider::do_read(const Record& rec) {
  auto found = list(rec);
  if (!found) return tl::unexpected(found.error());
  return sole_address(found->size(), found->empty() ? "" : found->front().value, rec,
                      "DescribeRecordList");
}

Result<void> DnspodProvider::do_update(const Record& rec, const Address& addr) {
  auto found = list(rec);
  if (!found) return tl::unexpected(found.error());
  if (found->size() > 1) return tl::unexpected(several_records(found->size(), rec));
  auto split = split_zone(rec.name, m_opt->zone);  // list() checked it
  Json body = {{"Domain", split->zone},     {"SubDomain", split->host},  {"RecordType", rec.type()},
               {"RecordLine", m_opt->line}, {"Value", addr.to_string()}, {"TTL", rec.ttl}};
  if (m_opt->line == "默认") body["RecordLineId"] = "0";
  std::string action = "CreateRecord";
  if (!found->empty()) {
    if (auto held = Address::parse(found->front().value, rec.family); held && *held == addr)
      return {};
    action = "ModifyRecord";
    body["RecordId"] = found->front().id;  // SubDomain is always sent: it defaults to "@"
  }
  auto done = call(action, body);
  if (!done && done.error().code == "InvalidParameter.DomainRecordExist") return {};
  if (!done) return tl::unexpected(done.error().error);
  if (!done->contains("RecordId")) {
    return fail(ErrorClass::invalid_response, action + ": reply without RecordId");
  }
  return {};
}

}  // namespace ddnsguard::providers
