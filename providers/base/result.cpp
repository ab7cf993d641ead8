#include "providers/base/result.hpp"

namespace ddnsguard::providers {

std::string_view to_string(ErrorClass c) {
  switch (c) {
  case ErrorClass::transient:
    return "transient";
  case ErrorClass::rate_limited:
    return "rate_limited";
  case ErrorClass::auth:
    return "auth";
  case ErrorClass::config:
    return "config";
  case ErrorClass::invalid_response:
    return "invalid_response";
  }
  return "unknown";
}

}  // namespace ddnsguard::providers
