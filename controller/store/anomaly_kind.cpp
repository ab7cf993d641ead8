#include "controller/store/anomaly_kind.hpp"

#include <array>

namespace ddnsguard::controller {

namespace {

constexpr std::array<std::string_view, 13> k_names{
    "auth_failure",          "provider_errors", "provider_unreachable", "provider_latency",
    "silent_update_failure", "record_drift",    "source_failing",       "source_disagreement",
    "ip_flapping",           "private_address", "store_degraded",       "clock_skew",
    "notify_failed"};

}  // namespace

std::string_view to_string(AnomalyKind kind) {
  auto i = static_cast<std::size_t>(kind);
  return i < k_names.size() ? k_names[i] : "provider_errors";
}

std::optional<AnomalyKind> parse_anomaly_kind(std::string_view text) {
  for (std::size_t i = 0; i < k_names.size(); ++i)
    if (k_names[i] == text) return static_cast<AnomalyKind>(i);
  return std::nullopt;
}

std::span<const std::string_view> anomaly_kind_names() {
  return k_names;
}

}  // namespace ddnsguard::controller
