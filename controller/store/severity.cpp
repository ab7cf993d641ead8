#include "controller/store/severity.hpp"

namespace ddnsguard::controller {

std::string_view to_string(Severity s) {
  switch (s) {  // no default: a new severity without a name does not compile
  case Severity::info:
    return "info";
  case Severity::warning:
    return "warning";
  case Severity::critical:
    return "critical";
  }
  return "warning";
}

std::optional<Severity> parse_severity(std::string_view text) {
  for (auto s : {Severity::info, Severity::warning, Severity::critical})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

}  // namespace ddnsguard::controller
