#include "providers/sources/source_http.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace ddnsguard::providers {

namespace {

std::string_view trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// A short, printable, one-line excerpt of a hostile body for error messages.
std::string excerpt(std::string_view body) {
  constexpr std::size_t k_max = 40;
  std::string out;
  for (char c : trim(body).substr(0, k_max)) {
    out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  }
  if (trim(body).size() > k_max) out += "...";
  return out;
}

std::optional<std::string> from_trace(std::string_view body) {
  std::optional<std::string> found;
  while (!body.empty()) {
    auto nl = body.find('\n');
    auto line = trim(body.substr(0, nl));
    body = nl == std::string_view::npos ? std::string_view{} : body.substr(nl + 1);
    auto eq = line.find('=');
    if (eq == std::string_view::npos || trim(line.substr(0, eq)) != "ip") continue;
    if (found) return std::nullopt;  // two ip= lines: ambiguous
    found = std::string(trim(line.substr(eq + 1)));
  }
  return found;
}

const nlohmann::json* walk(const nlohmann::json& doc, std::string_view path) {
  const nlohmann::json* at = &doc;
  while (at->is_object()) {
    auto dot = path.find('.');
    auto it = at->find(std::string(path.substr(0, dot)));
    if (it == at->end()) return nullptr;
    if (dot == std::string_view::npos) return &*it;
    at = &*it;
    path = path.substr(dot + 1);
  }
  return nullptr;
}

std::optional<std::string> from_json(std::string_view body, const std::string& field) {
  auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return std::nullopt;
  auto it = doc.find(field);  // a key that itself holds dots wins over the path
  const nlohmann::json* v = it != doc.end() ? &*it : walk(doc, field);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return v->get<std::string>();
}

Result<Address> check_status(const HttpResponse& resp, const std::string& where) {
  auto msg = fmt::format("{} answered HTTP {}", where, resp.status);
  if (resp.status == 429) {
    auto after = resp.header("retry-after");
    return fail(ErrorClass::rate_limited, msg, after ? parse_retry_after(*after) : std::nullopt);
  }
  if (resp.status >= 500 || resp.status == 408) return fail(ErrorClass::transient, msg);
  return fail(ErrorClass::invalid_response, msg);
}

}  // namespace

std::optional<HttpFormat> HttpFormat::parse(std::string_view text) {
  if (text == "plain") return HttpFormat{Kind::plain, {}};
  if (text == "trace") return HttpFormat{Kind::trace, {}};
  constexpr std::string_view k_json = "json:";
  if (text.starts_with(k_json) && text.size() > k_json.size()) {
    return HttpFormat{Kind::json, std::string(text.substr(k_json.size()))};
  }
  return std::nullopt;
}

std::optional<std::string> extract_address_text(const HttpFormat& format, std::string_view body) {
  switch (format.kind) {
  case HttpFormat::Kind::plain:
    return std::string(trim(body));
  case HttpFormat::Kind::trace:
    return from_trace(body);
  case HttpFormat::Kind::json:
    return from_json(body, format.json_field);
  }
  return std::nullopt;
}

HttpSource::HttpSource(std::string url, HttpFormat format, std::shared_ptr<HttpClient> http)
    : m_url(std::move(url)), m_format(std::move(format)), m_http(std::move(http)) {}

std::string HttpSource::describe() const {
  switch (m_format.kind) {
  case HttpFormat::Kind::plain:
    return "http " + redact_url(m_url);
  case HttpFormat::Kind::trace:
    return "http " + redact_url(m_url) + " (trace)";
  case HttpFormat::Kind::json:
    return "http " + redact_url(m_url) + " (json:" + m_format.json_field + ")";
  }
  return "http " + redact_url(m_url);
}

Result<Address> HttpSource::fetch(Family family, std::chrono::milliseconds timeout) {
  HttpRequest req;
  req.url = m_url;
  req.timeout = timeout;
  req.ip_resolve = family;
  req.headers = {"Accept: text/plain, application/json;q=0.9, */*;q=0.1"};
  auto where = redact_url(m_url);
  auto resp = m_http->send(req);
  if (!resp) return tl::unexpected(resp.error());  // already names the redacted URL
  if (resp->status < 200 || resp->status > 299) return check_status(*resp, where);
  auto text = extract_address_text(m_format, resp->body);
  if (!text) {
    return fail(ErrorClass::invalid_response,
                fmt::format("{}: no address in the reply \"{}\"", where, excerpt(resp->body)));
  }
  auto addr = Address::parse(*text);
  if (!addr) {
    return fail(ErrorClass::invalid_response,
                fmt::format("{}: not an address: \"{}\"", where, excerpt(*text)));
  }
  if (addr->family() != family) {
    return fail(ErrorClass::invalid_response,
                fmt::format("{}: answered {} address {} for {}", where, to_string(addr->family()),
                            addr->to_string(), to_string(family)));
  }
  return *addr;
}

}  // namespace ddnsguard::providers
