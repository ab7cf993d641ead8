#include "providers/dns/provider_namecheap.hpp"

#include <fmt/format.h>

#include "providers/dns/provider_http_status.hpp"
#include "providers/net/dns_name.hpp"
#include "providers/net/url_check.hpp"

namespace ddnsguard::providers {

namespace {

// The text of the first <tag>...</tag> in `xml` (untrusted: cut to one line), if any.
std::optional<std::string> element(std::string_view xml, std::string_view tag) {
  auto open = fmt::format("<{}>", tag);
  auto at = xml.find(open);
  if (at == std::string_view::npos) return std::nullopt;
  at += open.size();
  auto end = xml.find(fmt::format("</{}>", tag), at);
  if (end == std::string_view::npos) return std::nullopt;
  return body_excerpt(xml.substr(at, end - at));
}

ErrorClass class_of(const std::string& error) {
  if (error.find("Passwords do not match") != std::string::npos) return ErrorClass::auth;
  if (error.find("not found") != std::string::npos ||
      error.find("not Found") != std::string::npos || error.find("Invalid") != std::string::npos)
    return ErrorClass::config;
  return ErrorClass::invalid_response;
}

}  // namespace

Result<void> interpret_namecheap_reply(long http_status, std::string_view body,
                                       const Address& sent) {
  HttpResponse resp;
  resp.status = http_status;
  if (auto e = classify_http_status(resp, "namecheap", body_excerpt(body)))
    return tl::unexpected(*e);
  auto count = element(body, "ErrCount");
  if (!count)
    return fail(ErrorClass::invalid_response,
                fmt::format("namecheap: not a Namecheap reply: {}", body_excerpt(body)));
  if (*count != "0") {
    auto why = element(body, "Err1").value_or("no reason given");
    return fail(class_of(why), fmt::format("namecheap: {}", why));
  }
  auto ip = element(body, "IP");
  if (!ip) return fail(ErrorClass::invalid_response, "namecheap: a success without <IP>");
  if (Address::parse(*ip) != sent)
    return fail(ErrorClass::invalid_response,
                fmt::format("namecheap: answered success for {}, not {}", *ip, sent.to_string()));
  return {};
}

NamecheapProvider::NamecheapProvider(std::string name,
                                     std::shared_ptr<const NamecheapOptions> options,
                                     ProviderDeps deps)
    : Provider(std::move(name), std::move(deps)), m_opt(std::move(options)) {}

std::string NamecheapProvider::describe() const {
  return fmt::format("namecheap endpoint={} domain={} password={}", redact_url(m_opt->endpoint),
                     m_opt->domain.value_or("(last two labels)"), m_opt->password);
}

std::optional<ProviderSpec> NamecheapProvider::parse(const std::string& name, ObjectReader& r) {
  NamecheapOptions o;
  auto password = r.secret("password");
  if (auto d = r.string("domain")) o.domain = dns_lower(*d);
  o.endpoint = r.string_or("endpoint", o.endpoint);
  bool good = password.has_value();
  if (!check_http_url(r, "endpoint", o.endpoint)) good = false;
  if (!good) return std::nullopt;
  o.password = std::move(*password);
  return spec_of<NamecheapProvider>(name, std::move(o));
}

Result<std::optional<Address>> NamecheapProvider::do_read(const Record&) {
  return fail(ErrorClass::config, "Namecheap dynamic DNS cannot read records back");
}

Result<void> NamecheapProvider::do_update(const Record& rec, const Address& addr) {
  if (addr.family() != Family::ipv4)
    return fail(ErrorClass::config, "Namecheap dynamic DNS sets A records only (no AAAA)");
  auto split = split_zone(dns_lower(rec.name), m_opt->domain);
  if (!split) return tl::unexpected(split.error());
  HttpRequest req;
  req.url = fmt::format("{}?host={}&domain={}&password={}&ip={}", m_opt->endpoint,
                        url_encode(split->host), url_encode(split->zone),
                        url_encode(m_opt->password.reveal()), url_encode(addr.to_string()));
  req.timeout = timeout();
  auto resp = http().send(req);
  std::fill(req.url.begin(), req.url.end(), '\0');
  if (!resp) return tl::unexpected(resp.error());
  return interpret_namecheap_reply(resp->status, resp->body, addr);
}

}  // namespace ddnsguard::providers
