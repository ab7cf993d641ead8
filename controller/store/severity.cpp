#include "controller/store/severity.hpp"

#include <array>

#include "controller/store/enum_names.hpp"

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
  return parse_by_name(text, std::array{Severity::info, Severity::warning, Severity::critical});
}

}  // namespace ddnsguard::controller
