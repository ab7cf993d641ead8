#pragma once
// Address source: an HTTP echo service (reference/providers.md §8.1).

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "providers/net/http_client.hpp"
#include "providers/sources/address_source.hpp"

namespace ddnsguard::providers {

// How the address sits in the response body.
struct HttpFormat {
  enum class Kind { plain, trace, json };
  Kind kind = Kind::plain;
  std::string json_field;  // json only: top-level key, or a dotted path "a.b.ip"

  // "plain", "trace" or "json:<field>" (field non-empty); nullopt for anything else.
  static std::optional<HttpFormat> parse(std::string_view text);
};

// Pure. The address text in `body`: the whole trimmed body (plain), the value of the one
// `ip=` line (trace) or the string at the JSON field (json). nullopt when absent or
// ambiguous. The text is not yet checked to be an address.
std::optional<std::string> extract_address_text(const HttpFormat& format, std::string_view body);

class HttpSource final : public AddressSource {
 public:
  // `http` is shared with other sources (pooled connections); must not be null.
  HttpSource(std::string url, HttpFormat format, std::shared_ptr<HttpClient> http);

  // "http <url without query>" plus " (trace)" / " (json:<field>)" when not plain.
  std::string describe() const override;
  // GETs the URL over `family` (CURLOPT_IPRESOLVE). 5xx and 408 are transient, 429
  // rate_limited (with Retry-After), other non-2xx and any body that is not exactly one
  // address of `family` invalid_response. Blocks at most about `timeout`.
  Result<Address> fetch(Family family, std::chrono::milliseconds timeout) override;

 private:
  std::string m_url;
  HttpFormat m_format;
  std::shared_ptr<HttpClient> m_http;
};

}  // namespace ddnsguard::providers
