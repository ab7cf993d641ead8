#include "controller/store/anomaly_kind.hpp"

#include <array>

#include "controller/store/enum_names.hpp"

namespace ddnsguard::controller {

namespace {

constexpr std::array k_all{AnomalyKind::auth_failure,          AnomalyKind::provider_errors,
                           AnomalyKind::provider_unreachable,  AnomalyKind::provider_latency,
                           AnomalyKind::silent_update_failure, AnomalyKind::record_drift,
                           AnomalyKind::source_failing,        AnomalyKind::source_disagreement,
                           AnomalyKind::ip_flapping,           AnomalyKind::private_address,
                           AnomalyKind::store_degraded,        AnomalyKind::clock_skew,
                           AnomalyKind::notify_failed};

}  // namespace

std::string_view to_string(AnomalyKind kind) {
  switch (kind) {  // no default: a new kind without a name does not compile
  case AnomalyKind::auth_failure:
    return "auth_failure";
  case AnomalyKind::provider_errors:
    return "provider_errors";
  case AnomalyKind::provider_unreachable:
    return "provider_unreachable";
  case AnomalyKind::provider_latency:
    return "provider_latency";
  case AnomalyKind::silent_update_failure:
    return "silent_update_failure";
  case AnomalyKind::record_drift:
    return "record_drift";
  case AnomalyKind::source_failing:
    return "source_failing";
  case AnomalyKind::source_disagreement:
    return "source_disagreement";
  case AnomalyKind::ip_flapping:
    return "ip_flapping";
  case AnomalyKind::private_address:
    return "private_address";
  case AnomalyKind::store_degraded:
    return "store_degraded";
  case AnomalyKind::clock_skew:
    return "clock_skew";
  case AnomalyKind::notify_failed:
    return "notify_failed";
  }
  return "provider_errors";
}

std::optional<AnomalyKind> parse_anomaly_kind(std::string_view text) {
  return parse_by_name(text, k_all);
}

std::span<const std::string_view> anomaly_kind_names() {
  static const auto names = names_of(k_all);
  return names;
}

}  // namespace ddnsguard::controller
