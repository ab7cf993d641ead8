#pragma once
// The HTTP status classes shared by the HTTP providers (reference/providers.md §10).

#include <string_view>

#include "providers/base/result.hpp"
#include "providers/net/http_client.hpp"

namespace ddnsguard::providers {

// nullopt for 2xx; otherwise the failure class of `resp`: 401/403 auth, 429 rate_limited
// (with Retry-After), 5xx transient, 400/404/409/422 config, anything else invalid_response.
// `what` names the call ("read rrset"); `detail` (one line, no secret) is appended.
std::optional<Error> classify_http_status(const HttpResponse& resp, std::string_view what,
                                          std::string_view detail = {});

// A failed call of an API that names its errors (AliDNS `Code`, DNSPod `Error.Code`): the
// class the controller acts on, and the code the provider's own next step depends on
// ("no records yet", "already holds it"), so nobody searches message text.
struct CodedError {
  Error error;
  std::string code;  // empty when the reply named none
};
template <class T> using CodedResult = tl::expected<T, CodedError>;

// A failed CodedResult (members set one by one: GCC 12 misreads nested brace temporaries).
tl::unexpected<CodedError> coded_fail(ErrorClass cls, std::string message, std::string code = {});
tl::unexpected<CodedError> coded_fail(Error error);  // keeps retry_after

// The first line of `body`, trimmed and cut to 200 characters, for error messages.
std::string body_excerpt(std::string_view body);

}  // namespace ddnsguard::providers
