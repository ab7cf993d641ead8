// The named builders of a stored decision (history_store.hpp).

#include "controller/store/history_store.hpp"
#include "providers/base/clock.hpp"

namespace ddnsguard::controller {

Decision Decision::poll(TimePoint at, TimePoint next, std::string why, bool event) {
  return {at, DecisionKind::poll, "all", providers::format_rfc3339(next), std::move(why), event};
}

Decision Decision::network_event(TimePoint at, TimePoint next, std::string why) {
  return {at, DecisionKind::poll, k_network_event, providers::format_rfc3339(next), why, true};
}

Decision Decision::heal(TimePoint at, std::string subject, HealAction action, std::string why) {
  return {at, DecisionKind::heal, std::move(subject), std::string(to_string(action)),
          std::move(why)};
}

Decision Decision::failover(TimePoint at, std::string record, std::string to, std::string why) {
  return {at, DecisionKind::failover, std::move(record), std::move(to), std::move(why)};
}

Decision Decision::refresh(TimePoint at, std::string record, std::string address, std::string why) {
  return {at, DecisionKind::refresh, std::move(record), std::move(address), std::move(why)};
}

Decision Decision::notify(TimePoint at, std::string what, std::string value, std::string why) {
  return {at, DecisionKind::notify, std::move(what), std::move(value), std::move(why)};
}

}  // namespace ddnsguard::controller
