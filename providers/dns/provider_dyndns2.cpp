#include "providers/dns/provider_dyndns2.hpp"

#include <map>

#include <fmt/format.h>

#include "providers/dns/provider_http_status.hpp"
#include "providers/net/url_check.hpp"

namespace ddnsguard::providers {

namespace {

using namespace std::chrono_literals;
constexpr auto k_provider_trouble_wait = std::chrono::seconds{30min};

struct CodeMeaning {
  ErrorClass cls;
  const char* text;
};

const std::map<std::string, CodeMeaning, std::less<>>& failure_codes() {
  static const std::map<std::string, CodeMeaning, std::less<>> k_codes = {
      {"badauth", {ErrorClass::auth, "wrong username or password"}},
      {"abuse",
       {ErrorClass::auth, "host or account blocked for abuse; unblock it at the provider"}},
      {"!donator", {ErrorClass::config, "a paid-only option was used"}},
      {"notfqdn", {ErrorClass::config, "hostname is not fully qualified"}},
      {"nohost", {ErrorClass::config, "hostname does not exist in this account"}},
      {"numhost", {ErrorClass::config, "too many hosts or a round-robin host"}},
      {"badagent", {ErrorClass::config, "user agent or HTTP method refused"}},
      {"badsys", {ErrorClass::config, "bad system parameter"}},
      {"!yours", {ErrorClass::config, "hostname belongs to another account"}},
      {"!active", {ErrorClass::config, "custom DNS domain not yet activated"}},
      {"dnserr", {ErrorClass::transient, "provider-side DNS error"}},
      {"911", {ErrorClass::transient, "provider trouble or maintenance"}},
  };
  return k_codes;
}

// "w30s", "w5m", "w1h": the legacy wait answer.
std::optional<std::chrono::seconds> wait_code(std::string_view code) {
  if (code.size() < 3 || code.front() != 'w') return std::nullopt;
  long n = 0;
  for (char c : code.substr(1, code.size() - 2)) {
    if (c < '0' || c > '9' || n > 100000) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  switch (code.back()) {
  case 's':
    return std::chrono::seconds{n};
  case 'm':
    return std::chrono::seconds{n * 60};
  case 'h':
    return std::chrono::seconds{n * 3600};
  default:
    return std::nullopt;
  }
}

// True when the echoed address list (after good/nochg) names `sent`, or is empty.
bool echo_matches(std::string_view rest, const Address& sent) {
  if (rest.empty()) return true;
  std::size_t start = 0;
  while (start <= rest.size()) {
    auto comma = rest.find(',', start);
    auto item = rest.substr(start, comma == std::string_view::npos ? rest.npos : comma - start);
    if (auto a = Address::parse(item); a && *a == sent) return true;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return false;
}

}  // namespace

Result<void> interpret_dyndns2_reply(long http_status, std::string_view body, const Address& sent) {
  auto line = body_excerpt(body);
  auto lead = line.find_first_not_of(" \t");
  line = lead == std::string::npos ? std::string{} : line.substr(lead);
  auto space = line.find(' ');
  std::string code = line.substr(0, space);
  std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
  if (code == "good" || code == "nochg") {
    if (http_status < 200 || http_status >= 300) {
      return fail(ErrorClass::invalid_response,
                  fmt::format("\"{}\" with HTTP {}", code, http_status));
    }
    if (!echo_matches(rest, sent)) {
      return fail(ErrorClass::invalid_response,
                  fmt::format("server answered \"{}\" for another address than {}", line,
                              sent.to_string()));
    }
    return {};
  }
  if (auto it = failure_codes().find(code); it != failure_codes().end()) {
    std::optional<std::chrono::seconds> wait;
    if (it->second.cls == ErrorClass::transient) wait = k_provider_trouble_wait;
    return fail(it->second.cls, fmt::format("{}: {}", code, it->second.text), wait);
  }
  if (auto w = wait_code(code)) {
    return fail(ErrorClass::rate_limited, fmt::format("server asked to wait ({})", code), w);
  }
  if (http_status == 401 || http_status == 403) {
    return fail(ErrorClass::auth, fmt::format("HTTP {}", http_status));
  }
  if (http_status == 429) return fail(ErrorClass::rate_limited, "HTTP 429");
  if (http_status == 404) {
    return fail(ErrorClass::config, "HTTP 404: the endpoint is not a /nic/update URL");
  }
  if (http_status >= 500) return fail(ErrorClass::transient, fmt::format("HTTP {}", http_status));
  return fail(ErrorClass::invalid_response,
              fmt::format("unknown reply \"{}\" (HTTP {})", line, http_status));
}

Dyndns2Provider::Dyndns2Provider(std::string name, std::shared_ptr<const Dyndns2Options> options,
                                 ProviderDeps deps)
    : Provider(std::move(name), std::move(deps)), m_opt(std::move(options)) {}

std::string Dyndns2Provider::describe() const {
  return fmt::format("dyndns2 endpoint={} username={} password={}", redact_url(m_opt->endpoint),
                     m_opt->username, m_opt->password);
}

std::optional<ProviderSpec> Dyndns2Provider::parse(const std::string& name, ObjectReader& r) {
  Dyndns2Options o;
  auto user = r.string("username", Required::yes);
  auto pass = r.secret("password");
  auto endpoint = r.string("endpoint", Required::yes);
  bool good = user && pass && endpoint;
  if (endpoint && !check_http_url(r, "endpoint", *endpoint)) good = false;
  if (!good) return std::nullopt;
  // The Basic Authorization header carries base64("user:password"): a server echoing it
  // back must be masked too, and base64 of the password alone does not match inside it.
  r.context().secrets.emplace_back(*user + ":" + std::string(pass->reveal()));
  o.username = *user;
  o.password = std::move(*pass);
  o.endpoint = *endpoint;
  return spec_of<Dyndns2Provider>(name, std::move(o));
}

Result<std::optional<Address>> Dyndns2Provider::do_read(const Record&) {
  return fail(ErrorClass::config, "dyndns2 cannot read records back");
}

Result<void> Dyndns2Provider::do_update(const Record& rec, const Address& addr) {
  HttpRequest req;
  auto sep = m_opt->endpoint.find('?') == std::string::npos ? '?' : '&';
  // Dyn and No-IP take either family in myip (reference §4.1).
  req.url = fmt::format("{}{}hostname={}&myip={}", m_opt->endpoint, sep, url_encode(rec.name),
                        url_encode(addr.to_string()));
  req.timeout = timeout();
  req.basic_user = m_opt->username;
  req.basic_password = std::string(m_opt->password.reveal());
  auto resp = http().send(req);
  std::fill(req.basic_password.begin(), req.basic_password.end(), '\0');
  if (!resp) return tl::unexpected(resp.error());
  auto out = interpret_dyndns2_reply(resp->status, resp->body, addr);
  if (!out && out.error().cls == ErrorClass::rate_limited && !out.error().retry_after) {
    if (auto after = resp->header("retry-after"))
      out.error().retry_after = parse_retry_after(*after);
  }
  return out;
}

}  // namespace ddnsguard::providers
