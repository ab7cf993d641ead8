#include "models/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace ddnsguard::models {

std::chrono::milliseconds backoff_ceiling(const BackoffPolicy& p, int attempt) {
  if (attempt < 1) return std::chrono::milliseconds{0};
  auto base = static_cast<double>(p.base.count());
  auto cap = static_cast<double>(p.cap.count());
  double ceiling = std::min(cap, base * std::exp2(std::min(attempt - 1, 60)));
  return std::chrono::milliseconds{static_cast<long long>(ceiling)};
}

std::chrono::milliseconds backoff_delay(const BackoffPolicy& p, int attempt, double unit_random) {
  double u = std::isfinite(unit_random) ? std::clamp(unit_random, 0.0, 1.0) : 0.0;
  auto ceiling = static_cast<double>(backoff_ceiling(p, attempt).count());
  return std::chrono::milliseconds{static_cast<long long>(u * ceiling)};
}

}  // namespace ddnsguard::models
