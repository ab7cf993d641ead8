#pragma once
// Exponential backoff with full jitter (pure: the random draw is an argument).

#include <chrono>

namespace ddnsguard::models {

struct BackoffPolicy {
  std::chrono::milliseconds base{5000};
  std::chrono::milliseconds cap{std::chrono::minutes{30}};
};

// Delay before retry number `attempt` (1 = first retry): uniform in [0, min(cap, base·2^(n-1))],
// realised as `unit_random` ∈ [0, 1) times that ceiling. attempt < 1 gives 0.
std::chrono::milliseconds backoff_delay(const BackoffPolicy& p, int attempt, double unit_random);

// The ceiling alone (jitter-free), for logs and tests.
std::chrono::milliseconds backoff_ceiling(const BackoffPolicy& p, int attempt);

}  // namespace ddnsguard::models
