#include "controller/store/decision_kind.hpp"

#include <array>

namespace ddnsguard::controller {

namespace {

constexpr std::array k_all{DecisionKind::poll, DecisionKind::failover, DecisionKind::heal,
                           DecisionKind::refresh, DecisionKind::notify};

}  // namespace

std::string_view to_string(DecisionKind kind) {
  switch (kind) {  // no default: a new kind without a name does not compile
  case DecisionKind::poll:
    return "poll";
  case DecisionKind::failover:
    return "failover";
  case DecisionKind::heal:
    return "heal";
  case DecisionKind::refresh:
    return "refresh";
  case DecisionKind::notify:
    return "notify";
  }
  return "heal";
}

std::optional<DecisionKind> parse_decision_kind(std::string_view text) {
  for (auto kind : k_all)
    if (to_string(kind) == text) return kind;
  return std::nullopt;
}

std::span<const std::string_view> decision_kind_names() {
  static const auto names = [] {
    std::array<std::string_view, k_all.size()> out{};
    for (std::size_t i = 0; i < k_all.size(); ++i)
      out[i] = to_string(k_all[i]);
    return out;
  }();
  return names;
}

}  // namespace ddnsguard::controller
