#include "controller/store/decision_kind.hpp"

#include <array>

namespace ddnsguard::controller {

namespace {

constexpr std::array<std::string_view, 5> k_names{"poll", "heal", "failover", "refresh", "notify"};

}  // namespace

std::string_view to_string(DecisionKind kind) {
  auto i = static_cast<std::size_t>(kind);
  return i < k_names.size() ? k_names[i] : "heal";
}

std::optional<DecisionKind> parse_decision_kind(std::string_view text) {
  for (std::size_t i = 0; i < k_names.size(); ++i)
    if (k_names[i] == text) return static_cast<DecisionKind>(i);
  return std::nullopt;
}

std::span<const std::string_view> decision_kind_names() {
  return k_names;
}

}  // namespace ddnsguard::controller
