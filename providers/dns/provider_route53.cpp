#include "providers/dns/provider_route53.hpp"

#include <date/date.h>
#include <fmt/format.h>

#include "providers/dns/provider_http_status.hpp"
#include "providers/dns/record_set.hpp"
#include "providers/net/dns_name.hpp"
#include "providers/net/signing.hpp"
#include "providers/net/url_check.hpp"

namespace ddnsguard::providers {

namespace {

constexpr const char* k_api = "/2013-04-01";

// The class of a Route 53 <Error><Code> (API reference, "Common errors" and each action's).
ErrorClass class_of(long status, const std::string& code) {
  if (code == "Throttling" || code == "ThrottlingException" || status == 429)
    return ErrorClass::rate_limited;
  if (code == "PriorRequestNotComplete" || status >= 500) return ErrorClass::transient;
  if (status == 401 || status == 403 || code == "InvalidClientTokenId" ||
      code == "SignatureDoesNotMatch" || code == "AccessDenied" || code == "ExpiredToken")
    return ErrorClass::auth;
  return ErrorClass::config;  // NoSuchHostedZone, InvalidChangeBatch, InvalidInput, ...
}

// "Z1D633PJN98FT9" from "/hostedzone/Z1D633PJN98FT9".
std::string last_part(const std::string& id) {
  return id.substr(id.rfind('/') + 1);
}

bool plain_id(const std::string& id) {
  return !id.empty() &&
         std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isalnum(c) != 0; });
}

}  // namespace

std::vector<std::string> xml_texts(std::string_view xml, std::string_view tag) {
  std::vector<std::string> out;
  auto open = fmt::format("<{}>", tag);
  auto close = fmt::format("</{}>", tag);
  for (auto at = xml.find(open); at != std::string_view::npos; at = xml.find(open, at)) {
    at += open.size();
    auto end = xml.find(close, at);
    if (end == std::string_view::npos) break;
    out.emplace_back(xml.substr(at, end - at));
    at = end + close.size();
  }
  return out;
}

Route53Provider::Route53Provider(std::string name, std::shared_ptr<const Route53Options> options,
                                 ProviderDeps deps)
    : Provider(std::move(name), std::move(deps)), m_opt(std::move(options)) {}

std::string Route53Provider::describe() const {
  return fmt::format("route53 endpoint={} region={} zone_id={} access_key_id={} "
                     "secret_access_key={}",
                     redact_url(m_opt->endpoint), m_opt->region,
                     m_opt->zone_id.value_or("(looked up)"), m_opt->access_key_id,
                     m_opt->secret_access_key);
}

std::optional<ProviderSpec> Route53Provider::parse(const std::string& name, ObjectReader& r) {
  Route53Options o;
  auto key_id = r.string("access_key_id", Required::yes);
  auto secret = r.secret("secret_access_key");
  o.zone_id = r.string("zone_id");
  o.region = r.string_or("region", o.region);
  o.endpoint = r.string_or("endpoint", o.endpoint);
  while (!o.endpoint.empty() && o.endpoint.back() == '/')
    o.endpoint.pop_back();
  bool good = key_id.has_value() && secret.has_value();
  auto bare = o.zone_id && o.zone_id->rfind("/hostedzone/", 0) == 0 ? o.zone_id->substr(12)
                                                                    : o.zone_id.value_or("");
  if (o.zone_id && !plain_id(bare)) {
    r.context().problem(r.path() / "zone_id", "is not a hosted zone id (e.g. Z1D633PJN98FT9)");
    good = false;
  }
  if (!check_http_url(r, "endpoint", o.endpoint)) good = false;
  if (!good) return std::nullopt;
  o.access_key_id = *key_id;
  o.secret_access_key = std::move(*secret);
  if (o.zone_id) o.zone_id = bare;
  return spec_of<Route53Provider>(name, std::move(o));
}

Result<std::string> Route53Provider::call(const std::string& method, const std::string& path,
                                          const std::map<std::string, std::string>& query,
                                          std::string_view what, const std::string& body) {
  SigV4Request s;
  s.method = method;
  s.canonical_uri = k_api + path;
  s.query = query;
  s.amz_date = date::format("%Y%m%dT%H%M%SZ", wall_now());
  s.headers = {{"host", url_authority(m_opt->endpoint)}, {"x-amz-date", s.amz_date}};
  s.payload = body;
  s.access_key_id = m_opt->access_key_id;
  s.secret_access_key = std::string(m_opt->secret_access_key.reveal());
  s.region = m_opt->region;
  s.service = "route53";
  HttpRequest req;
  req.method = method;
  req.url = m_opt->endpoint + s.canonical_uri;
  std::string sep = "?";
  for (const auto& [k, v] : query) {
    req.url += sep + aws_percent_encode(k) + "=" + aws_percent_encode(v);
    sep = "&";
  }
  req.timeout = timeout();
  req.headers = {"X-Amz-Date: " + s.amz_date, "Authorization: " + sigv4_sign(s).authorization};
  std::fill(s.secret_access_key.begin(), s.secret_access_key.end(), '\0');
  if (!body.empty()) {
    req.headers.emplace_back("Content-Type: text/xml");
    req.body = body;
  }
  auto resp = http().send(req);
  if (!resp) return tl::unexpected(resp.error());
  if (resp->status >= 200 && resp->status < 300) return resp->body;
  auto codes = xml_texts(resp->body, "Code");
  auto messages = xml_texts(resp->body, "Message");
  auto code = codes.empty() ? std::string() : body_excerpt(codes[0]);
  auto cls = class_of(resp->status, code);
  auto after = resp->header("retry-after");
  return tl::unexpected(
      Error{cls,
            fmt::format("{}: HTTP {}: {} {}", what, resp->status, code.empty() ? "error" : code,
                        messages.empty() ? body_excerpt(resp->body) : body_excerpt(messages[0])),
            cls == ErrorClass::rate_limited && after ? parse_retry_after(*after) : std::nullopt});
}

Result<std::string> Route53Provider::zone_of(const Record& rec) {
  if (m_opt->zone_id) return *m_opt->zone_id;
  auto zone = m_zones.find(
      dns_lower(rec.name), std::nullopt, [&](const std::string& candidate) -> Result<bool> {
        auto body = call("GET", "/hostedzonesbyname", {{"dnsname", candidate}, {"maxitems", "10"}},
                         "find hosted zone");
        if (!body) return tl::unexpected(body.error());
        // The list starts at `candidate` and goes on with the next names: match exactly, a
        // public zone before a private one of the same name.
        for (const auto& z : xml_texts(*body, "HostedZone")) {
          auto names = xml_texts(z, "Name");
          auto ids = xml_texts(z, "Id");
          auto priv = xml_texts(z, "PrivateZone");
          if (names.empty() || ids.empty() || dns_lower(names[0]) != candidate) continue;
          if (!priv.empty() && priv[0] == "true") continue;
          std::lock_guard lock(m_mutex);
          m_zone_ids[candidate] = last_part(ids[0]);
          return true;
        }
        return false;
      });
  if (!zone) return tl::unexpected(zone.error());
  std::lock_guard lock(m_mutex);
  auto id = m_zone_ids[*zone];
  if (!plain_id(id)) return fail(ErrorClass::invalid_response, "find hosted zone: a bad zone id");
  return id;
}

Result<std::optional<Address>> Route53Provider::do_read(const Record& rec) {
  auto zone = zone_of(rec);
  if (!zone) return tl::unexpected(zone.error());
  auto fqdn = dns_absolute(rec.name);
  auto body = call("GET", "/hostedzone/" + *zone + "/rrset",
                   {{"name", fqdn}, {"type", std::string(rec.type())}, {"maxitems", "1"}},
                   "list record sets");
  if (!body) return tl::unexpected(body.error());
  for (const auto& set : xml_texts(*body, "ResourceRecordSet")) {
    auto names = xml_texts(set, "Name");
    auto types = xml_texts(set, "Type");
    // The list starts at the name and type asked for; the next set is someone else's.
    if (names.empty() || types.empty() || dns_absolute(names[0]) != fqdn || types[0] != rec.type())
      break;
    auto values = xml_texts(set, "Value");
    return sole_address(values.size(), values.empty() ? "" : values[0], rec, "list record sets");
  }
  return std::nullopt;
}

Result<void> Route53Provider::do_update(const Record& rec, const Address& addr) {
  auto zone = zone_of(rec);
  if (!zone) return tl::unexpected(zone.error());
  auto batch = fmt::format(
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      R"(<ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/">)"
      "<ChangeBatch><Comment>ddnsguard</Comment><Changes><Change><Action>UPSERT</Action>"
      "<ResourceRecordSet><Name>{}</Name><Type>{}</Type><TTL>{}</TTL><ResourceRecords>"
      "<ResourceRecord><Value>{}</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>"
      "</Change></Changes></ChangeBatch></ChangeResourceRecordSetsRequest>",
      dns_absolute(rec.name), rec.type(), rec.ttl, addr.to_string());
  auto done = call("POST", "/hostedzone/" + *zone + "/rrset/", {}, "change record sets", batch);
  if (!done) {
    if (done.error().cls == ErrorClass::config) m_zones.forget(dns_lower(rec.name));
    return tl::unexpected(done.error());
  }
  auto ids = xml_texts(*done, "Id");
  if (ids.empty() || !plain_id(last_part(ids[0])))
    return fail(ErrorClass::invalid_response, "change record sets: no change id in the reply");
  auto status = call("GET", "/change/" + last_part(ids[0]), {}, "get change");
  if (!status) return tl::unexpected(status.error());
  auto state = xml_texts(*status, "Status");
  if (state.empty() || (state[0] != "INSYNC" && state[0] != "PENDING"))
    return fail(ErrorClass::invalid_response,
                fmt::format("get change: unexpected status {}",
                            state.empty() ? "(none)" : body_excerpt(state[0])));
  return {};
}

}  // namespace ddnsguard::providers
