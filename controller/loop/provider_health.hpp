#pragma once
// Failure state of the providers: exponential backoff with full jitter after transient
// failures, Retry-After after throttling, and a stop after auth/config failures until the
// configuration changes (a reload builds a new ProviderHealth). Thread-safe.
//
// Each failure is held at the scope it concerns, so one record's or one family's trouble
// never blocks the others: auth and rate limits are the provider's (its credentials, its
// API quota); transient and unparseable replies are the provider's for one address family
// (the IPv6 path may be broken while IPv4 works); config failures belong to one record
// (an unknown zone or host name).

#include <map>
#include <optional>
#include <random>
#include <string>

#include "models/backoff.hpp"
#include "providers/base/clock.hpp"
#include "providers/base/guarded.hpp"
#include "providers/base/record.hpp"
#include "providers/base/result.hpp"

namespace ddnsguard::controller {

class ProviderHealth {
 public:
  using TimePoint = providers::Clock::time_point;
  // The longest wait a provider may ask for (Retry-After, dyndns2 "wait"): a reply asking
  // for days or years must not stop the updates that long.
  static constexpr std::chrono::milliseconds k_longest_wait = std::chrono::hours{24};

  explicit ProviderHealth(models::BackoffPolicy policy = {},
                          unsigned seed = std::random_device{}());

  // nullopt when `provider` may be called for `rec` at `now`; otherwise why not (one line).
  std::optional<std::string> blocked(const std::string& provider, const providers::Record& rec,
                                     TimePoint now) const;
  // A call for `rec` worked: clears the provider's, the family's and the record's state.
  void succeeded(const std::string& provider, const providers::Record& rec);
  // Records a failure and returns the time of the next allowed try (nullopt: stopped).
  std::optional<TimePoint> failed(const std::string& provider, const providers::Record& rec,
                                  const providers::Error& e, TimePoint now);
  std::optional<TimePoint> earliest_retry() const;
  // Whether `provider` is stopped for `rec` by an auth or config failure (not a backoff).
  bool stopped(const std::string& provider, const providers::Record& rec) const;
  void seed_jitter(unsigned seed) {
    m_shared.with([&](Shared& sh) { sh.rng.seed(seed); });
  }

 private:
  struct State {
    int failures = 0;
    std::optional<TimePoint> retry_at;
    std::optional<std::string> stopped;  // reason, for auth/config failures
  };
  struct Shared {
    std::mt19937 rng;
    std::map<std::string, State> scopes;  // by scope key: "p", "p|ipv4", "p|name/A"
  };
  models::BackoffPolicy m_policy;
  providers::Guarded<Shared> m_shared;
};

}  // namespace ddnsguard::controller
