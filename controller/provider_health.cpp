#include "controller/provider_health.hpp"

#include <fmt/format.h>

#include "providers/duration.hpp"

namespace ddnsguard::controller {

ProviderHealth::ProviderHealth(models::BackoffPolicy policy, unsigned seed)
    : m_policy(policy), m_rng(seed) {}

std::optional<std::string> ProviderHealth::blocked(const std::string& provider,
                                                   TimePoint now) const {
  std::lock_guard lock(m_mutex);
  auto it = m_state.find(provider);
  if (it == m_state.end()) return std::nullopt;
  if (it->second.stopped) return "stopped until the configuration changes: " + *it->second.stopped;
  if (it->second.retry_at && *it->second.retry_at > now) {
    return fmt::format("backing off after {} failure(s), next try in {}", it->second.failures,
                       providers::format_duration(
                           std::chrono::ceil<std::chrono::seconds>(*it->second.retry_at - now)));
  }
  return std::nullopt;
}

void ProviderHealth::succeeded(const std::string& provider) {
  std::lock_guard lock(m_mutex);
  m_state.erase(provider);
}

std::optional<ProviderHealth::TimePoint>
ProviderHealth::failed(const std::string& provider, const providers::Error& e, TimePoint now) {
  std::lock_guard lock(m_mutex);
  auto& s = m_state[provider];
  ++s.failures;
  using providers::ErrorClass;
  switch (e.cls) {
  case ErrorClass::auth:
  case ErrorClass::config:
    s.stopped = fmt::format("{} failure: {}", providers::to_string(e.cls), e.message);
    s.retry_at.reset();
    return std::nullopt;
  case ErrorClass::rate_limited:
  case ErrorClass::transient:
  case ErrorClass::invalid_response:
    break;
  }
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  auto delay = models::backoff_delay(m_policy, s.failures, unit(m_rng));
  if (e.retry_after) delay = std::max<std::chrono::milliseconds>(delay, *e.retry_after);
  s.retry_at = now + delay;
  return s.retry_at;
}

std::optional<ProviderHealth::TimePoint> ProviderHealth::earliest_retry() const {
  std::lock_guard lock(m_mutex);
  std::optional<TimePoint> best;
  for (const auto& [name, s] : m_state) {
    if (s.retry_at && (!best || *s.retry_at < *best)) best = s.retry_at;
  }
  return best;
}

}  // namespace ddnsguard::controller
