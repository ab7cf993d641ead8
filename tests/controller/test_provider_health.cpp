#include "controller/loop/provider_health.hpp"

#include <gtest/gtest.h>

namespace ddnsguard::controller {
namespace {

using namespace std::chrono_literals;
using providers::ErrorClass;
using providers::Family;
using providers::Record;

const ProviderHealth::TimePoint k_now{std::chrono::hours{24 * 20000}};
const Record k_a{"home.example.org", Family::ipv4, 60};
const Record k_aaaa{"home.example.org", Family::ipv6, 60};
const Record k_other_a{"nas.example.org", Family::ipv4, 60};

providers::Error error(ErrorClass c, std::optional<std::chrono::seconds> after = {}) {
  return {c, "boom", after};
}

TEST(ProviderHealth, FailuresAreHeldAtTheirScope) {
  struct Case {
    const char* what;
    ErrorClass cls;
    bool blocks_a, blocks_aaaa, blocks_other_a;
  };
  const Case cases[] = {
      {"transient: the family", ErrorClass::transient, true, false, true},
      {"invalid reply: the family", ErrorClass::invalid_response, true, false, true},
      {"config: the record", ErrorClass::config, true, false, false},
      {"auth: the provider", ErrorClass::auth, true, true, true},
      {"rate limit: the provider", ErrorClass::rate_limited, true, true, true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    ProviderHealth h({5s, 30min}, 1);
    h.failed("p", k_a, error(c.cls, 60s), k_now);
    EXPECT_EQ(h.blocked("p", k_a, k_now + 1s).has_value(), c.blocks_a);
    EXPECT_EQ(h.blocked("p", k_aaaa, k_now + 1s).has_value(), c.blocks_aaaa);
    EXPECT_EQ(h.blocked("p", k_other_a, k_now + 1s).has_value(), c.blocks_other_a);
    EXPECT_FALSE(h.blocked("q", k_a, k_now + 1s).has_value());  // other providers untouched
  }
}

TEST(ProviderHealth, BackoffEndsAndSuccessClears) {
  ProviderHealth h({5s, 30min}, 1);
  auto retry = h.failed("p", k_a, error(ErrorClass::transient), k_now);
  ASSERT_TRUE(retry);
  EXPECT_LE(*retry, k_now + 5s);
  EXPECT_EQ(h.earliest_retry(), retry);
  EXPECT_FALSE(h.blocked("p", k_a, *retry).has_value());
  h.failed("p", k_a, error(ErrorClass::auth), k_now);
  EXPECT_NE(h.blocked("p", k_a, k_now + 1h)->find("stopped until the configuration changes"),
            std::string::npos);
  h.succeeded("p", k_a);
  EXPECT_FALSE(h.blocked("p", k_a, k_now).has_value());
  EXPECT_FALSE(h.earliest_retry().has_value());
}

TEST(ProviderHealth, RetryAfterIsHonoured) {
  ProviderHealth h({5s, 30min}, 1);
  auto retry = h.failed("p", k_a, error(ErrorClass::rate_limited, 120s), k_now);
  EXPECT_EQ(retry, k_now + 120s);
  EXPECT_TRUE(h.blocked("p", k_a, k_now + 119s).has_value());
  EXPECT_FALSE(h.blocked("p", k_a, k_now + 120s).has_value());
}

TEST(ProviderHealth, AProviderAskingToWaitForYearsWaitsADayAtMost) {
  ProviderHealth h({5s, 30min}, 1);
  // dyndns2 "wait 99999h", or a Retry-After for 2038.
  auto retry = h.failed("p", k_a, error(ErrorClass::rate_limited, 99999h), k_now);
  EXPECT_EQ(retry, k_now + ProviderHealth::k_longest_wait);
  EXPECT_EQ(ProviderHealth::k_longest_wait, 24h);
  EXPECT_FALSE(h.blocked("p", k_a, k_now + 24h).has_value());
}

}  // namespace
}  // namespace ddnsguard::controller
