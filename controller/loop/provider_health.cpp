#include "controller/loop/provider_health.hpp"

#include <array>

#include <fmt/format.h>

#include "providers/base/duration.hpp"

namespace ddnsguard::controller {

namespace {

using providers::ErrorClass;

std::string family_key(const std::string& provider, const providers::Record& rec) {
  return provider + "|" + std::string(providers::to_string(rec.family));
}

std::string record_key(const std::string& provider, const providers::Record& rec) {
  return provider + "|" + rec.subject();
}

// The scope a failure of class `c` belongs to.
std::string scope_key(const std::string& provider, const providers::Record& rec, ErrorClass c) {
  switch (c) {
  case ErrorClass::auth:
  case ErrorClass::rate_limited:
    return provider;
  case ErrorClass::transient:
  case ErrorClass::invalid_response:
    return family_key(provider, rec);
  case ErrorClass::config:
    return record_key(provider, rec);
  }
  return provider;
}

}  // namespace

ProviderHealth::ProviderHealth(models::BackoffPolicy policy, unsigned seed)
    : m_policy(policy), m_shared(Shared{std::mt19937(seed), {}}) {}

std::optional<std::string> ProviderHealth::blocked(const std::string& provider,
                                                   const providers::Record& rec,
                                                   TimePoint now) const {
  return m_shared.with([&](const Shared& sh) -> std::optional<std::string> {
    for (const auto& key : {provider, family_key(provider, rec), record_key(provider, rec)}) {
      auto it = sh.scopes.find(key);
      if (it == sh.scopes.end()) continue;
      const auto& s = it->second;
      if (s.stopped) return "stopped until the configuration changes: " + *s.stopped;
      if (s.retry_at && *s.retry_at > now) {
        return fmt::format(
            "backing off after {} failure(s), next try in {}", s.failures,
            providers::format_duration(std::chrono::ceil<std::chrono::seconds>(*s.retry_at - now)));
      }
    }
    return std::nullopt;
  });
}

void ProviderHealth::succeeded(const std::string& provider, const providers::Record& rec) {
  m_shared.with([&](Shared& sh) {
    sh.scopes.erase(provider);
    sh.scopes.erase(family_key(provider, rec));
    sh.scopes.erase(record_key(provider, rec));
  });
}

std::optional<ProviderHealth::TimePoint> ProviderHealth::failed(const std::string& provider,
                                                                const providers::Record& rec,
                                                                const providers::Error& e,
                                                                TimePoint now) {
  return m_shared.with([&](Shared& sh) -> std::optional<TimePoint> {
    auto& s = sh.scopes[scope_key(provider, rec, e.cls)];
    ++s.failures;
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
    auto delay = models::backoff_delay(m_policy, s.failures, unit(sh.rng));
    if (e.retry_after) {
      delay = std::max<std::chrono::milliseconds>(
          delay, std::min<std::chrono::milliseconds>(*e.retry_after, k_longest_wait));
    }
    s.retry_at = now + delay;
    return s.retry_at;
  });
}

bool ProviderHealth::stopped(const std::string& provider, const providers::Record& rec) const {
  return m_shared.with([&](const Shared& sh) {
    for (const auto& key : {provider, family_key(provider, rec), record_key(provider, rec)}) {
      auto it = sh.scopes.find(key);
      if (it != sh.scopes.end() && it->second.stopped) return true;
    }
    return false;
  });
}

std::optional<ProviderHealth::TimePoint> ProviderHealth::earliest_retry() const {
  return m_shared.with([](const Shared& sh) {
    std::optional<TimePoint> best;
    for (const auto& [name, s] : sh.scopes) {
      if (s.retry_at && (!best || *s.retry_at < *best)) best = s.retry_at;
    }
    return best;
  });
}

}  // namespace ddnsguard::controller
