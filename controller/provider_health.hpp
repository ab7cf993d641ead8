#pragma once
// Per-provider failure state: exponential backoff with full jitter after transient
// failures, Retry-After after throttling, and a stop after auth/config failures until the
// configuration changes (a reload builds a new ProviderHealth). Thread-safe.

#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>

#include "models/backoff.hpp"
#include "providers/clock.hpp"
#include "providers/result.hpp"

namespace ddnsguard::controller {

class ProviderHealth {
 public:
  using TimePoint = providers::Clock::time_point;

  explicit ProviderHealth(models::BackoffPolicy policy = {},
                          unsigned seed = std::random_device{}());

  // nullopt when `provider` may be called at `now`; otherwise why not (one line).
  std::optional<std::string> blocked(const std::string& provider, TimePoint now) const;
  void succeeded(const std::string& provider);
  // Records a failure and returns the time of the next allowed try (nullopt: stopped).
  std::optional<TimePoint> failed(const std::string& provider, const providers::Error& e,
                                  TimePoint now);
  std::optional<TimePoint> earliest_retry() const;

 private:
  struct State {
    int failures = 0;
    std::optional<TimePoint> retry_at;
    std::optional<std::string> stopped;  // reason, for auth/config failures
  };
  models::BackoffPolicy m_policy;
  mutable std::mutex m_mutex;
  std::mt19937 m_rng;
  std::map<std::string, State> m_state;
};

}  // namespace ddnsguard::controller
