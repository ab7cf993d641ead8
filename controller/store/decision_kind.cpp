#include "controller/store/decision_kind.hpp"

#include <array>

#include "controller/store/enum_names.hpp"

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

std::string_view to_string(HealAction action) {
  switch (action) {  // no default: a new action without a name does not compile
  case HealAction::flush:
    return "flush";
  case HealAction::offline:
    return "offline";
  case HealAction::resync:
    return "resync";
  case HealAction::re_push:
    return "re-push";
  case HealAction::demote:
    return "demote";
  case HealAction::promote:
    return "promote";
  }
  return "resync";
}

std::optional<DecisionKind> parse_decision_kind(std::string_view text) {
  return parse_by_name(text, k_all);
}

std::span<const std::string_view> decision_kind_names() {
  static const auto names = names_of(k_all);
  return names;
}

}  // namespace ddnsguard::controller
