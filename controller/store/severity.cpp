#include "controller/store/severity.hpp"

#include <array>
#include <utility>

namespace ddnsguard::controller {

namespace {

constexpr std::array<std::pair<Severity, std::string_view>, 3> k_names{
    {{Severity::info, "info"}, {Severity::warning, "warning"}, {Severity::critical, "critical"}}};

}  // namespace

std::string_view to_string(Severity s) {
  for (const auto& [k, name] : k_names)
    if (k == s) return name;
  return "warning";
}

std::optional<Severity> parse_severity(std::string_view text) {
  for (const auto& [k, name] : k_names)
    if (name == text) return k;
  return std::nullopt;
}

}  // namespace ddnsguard::controller
