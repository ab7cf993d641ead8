#include "providers/dns/provider_duckdns.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include <fmt/format.h>

#include "providers/dns/provider_http_status.hpp"
#include "providers/net/url_check.hpp"

namespace ddnsguard::providers {

namespace {

constexpr std::string_view k_suffix = ".duckdns.org";

std::vector<std::string> lines_of(std::string_view body) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= body.size()) {
    auto end = body.find('\n', start);
    auto line =
        std::string(body.substr(start, end == std::string_view::npos ? body.npos : end - start));
    while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
      line.pop_back();
    out.push_back(line);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

}  // namespace

std::optional<std::string> duckdns_subname(std::string_view record_name) {
  std::string name(record_name);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!name.empty() && name.back() == '.') name.pop_back();
  if (name.size() <= k_suffix.size() || !name.ends_with(k_suffix)) return std::nullopt;
  auto sub = name.substr(0, name.size() - k_suffix.size());
  // DuckDNS names one label deep: "a.myhome.duckdns.org" is served by "myhome".
  auto dot = sub.rfind('.');
  return dot == std::string::npos ? sub : sub.substr(dot + 1);
}

Result<void> interpret_duckdns_reply(long http_status, std::string_view body, const Address& sent) {
  if (auto e = classify_http_status({http_status, std::string(body), {}, {}}, "duckdns update",
                                    body_excerpt(body))) {
    return tl::unexpected(*e);
  }
  auto lines = lines_of(body);
  if (lines.front() == "KO") {
    // DuckDNS gives no reason: a wrong token, a sub-name of another account and a
    // refused address all look alike.
    return fail(ErrorClass::auth,
                "duckdns answered KO: the token is wrong or the domain is not in this account");
  }
  if (lines.front() != "OK") {
    return fail(ErrorClass::invalid_response,
                fmt::format("duckdns: unknown reply \"{}\"", body_excerpt(body)));
  }
  if (lines.size() < 4) return {};  // a terse OK: nothing to cross-check
  const auto& echoed = sent.family() == Family::ipv4 ? lines[1] : lines[2];
  auto a = Address::parse(echoed);
  if (!a || *a != sent) {
    return fail(ErrorClass::invalid_response,
                fmt::format("duckdns answered OK but holds \"{}\" instead of {}",
                            body_excerpt(echoed), sent.to_string()));
  }
  return {};
}

DuckDnsProvider::DuckDnsProvider(std::string name, std::shared_ptr<const DuckDnsOptions> options,
                                 ProviderDeps deps)
    : Provider(std::move(name), std::move(deps)), m_opt(std::move(options)) {}

std::string DuckDnsProvider::describe() const {
  return fmt::format("duckdns endpoint={} token={}", redact_url(m_opt->endpoint), m_opt->token);
}

std::optional<ProviderSpec> DuckDnsProvider::parse(const std::string& name, ObjectReader& r) {
  DuckDnsOptions o;
  auto token = r.secret("token");
  o.endpoint = r.string_or("endpoint", o.endpoint);
  bool good = token.has_value();
  if (!check_http_url(r, "endpoint", o.endpoint)) good = false;
  if (!good) return std::nullopt;
  o.token = std::move(*token);
  return spec_of<DuckDnsProvider>(name, std::move(o));
}

Result<std::optional<Address>> DuckDnsProvider::do_read(const Record&) {
  return fail(ErrorClass::config, "duckdns cannot read records back");
}

Result<void> DuckDnsProvider::do_update(const Record& rec, const Address& addr) {
  auto sub = duckdns_subname(rec.name);
  if (!sub) {
    return fail(
        ErrorClass::config,
        fmt::format("{} is not a duckdns.org name (expected <name>.duckdns.org)", rec.name));
  }
  HttpRequest req;
  auto sep = m_opt->endpoint.find('?') == std::string::npos ? '?' : '&';
  req.url =
      fmt::format("{}{}domains={}&token={}&{}={}&verbose=true", m_opt->endpoint, sep,
                  url_encode(*sub), url_encode(m_opt->token.reveal()),
                  addr.family() == Family::ipv4 ? "ip" : "ipv6", url_encode(addr.to_string()));
  req.timeout = timeout();
  auto resp = http().send(req);
  std::fill(req.url.begin(), req.url.end(), '\0');
  if (!resp) return tl::unexpected(resp.error());
  return interpret_duckdns_reply(resp->status, resp->body, addr);
}

}  // namespace ddnsguard::providers
