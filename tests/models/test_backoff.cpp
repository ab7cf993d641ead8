#include "models/backoff.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace std::chrono_literals;
using ddnsguard::models::backoff_ceiling;
using ddnsguard::models::backoff_delay;
using ddnsguard::models::BackoffPolicy;

TEST(Backoff, CeilingDoublesUntilCap) {
  struct Case {
    const char* what;
    int attempt;
    std::chrono::milliseconds want;
  };
  const Case cases[] = {{"no retry yet", 0, 0ms}, {"first retry", 1, 5s},
                        {"second", 2, 10s},       {"fifth", 5, 80s},
                        {"capped", 12, 30min},    {"huge attempt stays capped", 100000, 30min}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(backoff_ceiling(BackoffPolicy{}, c.attempt), c.want);
  }
}

TEST(Backoff, FullJitterSpansZeroToCeiling) {
  BackoffPolicy p{1s, 1min};
  EXPECT_EQ(backoff_delay(p, 3, 0.0), 0ms);
  EXPECT_EQ(backoff_delay(p, 3, 0.5), 2s);
  EXPECT_EQ(backoff_delay(p, 3, 1.0), 4s);
  EXPECT_EQ(backoff_delay(p, 3, -7.0), 0ms);
  EXPECT_EQ(backoff_delay(p, 3, std::nan("")), 0ms);
}
