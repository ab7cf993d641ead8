#pragma once
// Classified errors as values. The reconcile loop reacts to the class of a failure
// (retry, wait, stop); a message string cannot be switched on.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace ddnsguard::providers {

enum class ErrorClass { transient, rate_limited, auth, config, invalid_response };

// Stable name as stored in the history store and printed by --json.
std::string_view to_string(ErrorClass c);

struct Error {
  ErrorClass cls;
  std::string message;                              // one line, never holds a secret
  std::optional<std::chrono::seconds> retry_after;  // rate_limited (and long transient waits)
  bool no_reply = false;  // the server never answered (connection or timeout), not an error reply
};

template <class T> using Result = tl::expected<T, Error>;

// Shorthand for returning a failure: `return fail(ErrorClass::auth, "bad key");`
inline tl::unexpected<Error> fail(ErrorClass cls, std::string message,
                                  std::optional<std::chrono::seconds> retry_after = {}) {
  return tl::unexpected<Error>(Error{cls, std::move(message), retry_after});
}

}  // namespace ddnsguard::providers
