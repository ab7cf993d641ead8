#pragma once
// What an anomaly is about (DESIGN §6 kinds). Typed in the loop; text only in the store, the
// `anomalies` and `status` outputs, the log, metrics labels and notifications, where the
// names stay as documented.

#include <optional>
#include <span>
#include <string_view>

namespace ddnsguard::controller {

enum class AnomalyKind {
  auth_failure,
  provider_errors,
  provider_unreachable,
  provider_latency,
  silent_update_failure,
  record_drift,
  source_failing,
  source_disagreement,
  ip_flapping,
  private_address,
  store_degraded,
  clock_skew,
  notify_failed,
};

std::string_view to_string(AnomalyKind kind);
// The kind a stored text names; nullopt for any other text.
std::optional<AnomalyKind> parse_anomaly_kind(std::string_view text);
// Every kind's name, in the order above.
std::span<const std::string_view> anomaly_kind_names();

}  // namespace ddnsguard::controller
