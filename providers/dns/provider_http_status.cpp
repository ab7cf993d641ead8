#include "providers/dns/provider_http_status.hpp"

#include <fmt/format.h>

#include "providers/base/safe_text.hpp"

namespace ddnsguard::providers {

std::string body_excerpt(std::string_view body) {
  auto line = body.substr(0, body.find('\n'));
  // At most 200 bytes, made valid UTF-8 (a cut may split a character: it is replaced).
  auto text = valid_utf8(line.substr(0, 200));
  line = text;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // CRLF: not a "?"
  std::string out;
  for (char c : line) {
    out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  }
  auto e = out.find_last_not_of(" \r\t");
  return e == std::string::npos ? std::string{} : out.substr(0, e + 1);
}

tl::unexpected<CodedError> coded_fail(ErrorClass cls, std::string message, std::string code) {
  CodedError e;
  e.error.cls = cls;
  e.error.message = std::move(message);
  e.code = std::move(code);
  return tl::unexpected(std::move(e));
}

tl::unexpected<CodedError> coded_fail(Error error) {
  CodedError e;
  e.error = std::move(error);
  return tl::unexpected(std::move(e));
}

std::optional<Error> classify_http_status(const HttpResponse& resp, std::string_view what,
                                          std::string_view detail) {
  auto s = resp.status;
  if (s >= 200 && s < 300) return std::nullopt;
  auto msg = fmt::format("{}: HTTP {}{}{}", what, s, detail.empty() ? "" : ": ", detail);
  if (s == 401 || s == 403) return Error{ErrorClass::auth, msg, {}};
  if (s == 429) {
    auto after = resp.header("retry-after");
    return Error{ErrorClass::rate_limited, msg, after ? parse_retry_after(*after) : std::nullopt};
  }
  if (s >= 500 && s < 600) return Error{ErrorClass::transient, msg, {}};
  if (s == 400 || s == 404 || s == 409 || s == 422) return Error{ErrorClass::config, msg, {}};
  return Error{ErrorClass::invalid_response, msg, {}};
}

}  // namespace ddnsguard::providers
