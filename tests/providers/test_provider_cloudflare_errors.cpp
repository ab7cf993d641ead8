// The Cloudflare provider when things go wrong: API failures classified without the token,
// a slow API, a wrong token, unknown zones, ambiguous records, replies that do not hold.

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "tests/providers/cloudflare_test_support.hpp"

namespace ddnsguard::providers {
namespace {

using namespace cloudflare_testing;

TEST_F(CloudflareTest, AZoneNobodyHoldsIsAConfigError) {
  auto p = make({{"zone", "example.org"}});
  auto r = p->read({"home.example.org", Family::ipv4, 300});
  ASSERT_FALSE(r.value);
  EXPECT_EQ(r.value.error().cls, ErrorClass::config);
  EXPECT_NE(r.value.error().message.find("home.example.org"), std::string::npos);
}

TEST_F(CloudflareTest, FailuresAreClassifiedAndNeverShowTheToken) {
  struct Case {
    const char* what;
    FakeCloudflare::Canned canned;
    ErrorClass want;
    std::optional<std::chrono::seconds> retry;
  };
  const Case cases[] = {
      {"429 with retry-after",
       {429, error_body(971, "Please wait").dump(), "120"},
       ErrorClass::rate_limited,
       120s},
      {"403 bad token",
       {403, error_body(9109, "Invalid access token").dump(), ""},
       ErrorClass::auth,
       std::nullopt},
      {"400 malformed header",
       {400,
        Json{{"success", false},
             {"errors",
              {{{"code", 6003},
                {"message", "Invalid request headers"},
                {"error_chain", {{{"code", 6111}, {"message", "Invalid format"}}}}}}}}
            .dump(),
        ""},
       ErrorClass::auth,
       std::nullopt},
      {"success false with HTTP 200",
       {200, error_body(10000, "Authentication error").dump(), ""},
       ErrorClass::auth,
       std::nullopt},
      {"validation error",
       {400, error_body(1004, "DNS Validation Error").dump(), ""},
       ErrorClass::config,
       std::nullopt},
      {"502 HTML page",
       {502, "<html><body>Bad gateway</body></html>", ""},
       ErrorClass::transient,
       std::nullopt},
      {"200 garbage", {200, "this is not json", ""}, ErrorClass::invalid_response, std::nullopt},
      {"200 envelope without result",
       {200, R"({"success": true, "errors": []})", ""},
       ErrorClass::invalid_response,
       std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto p = make({{"zone", "example.com"}});
    {
      std::lock_guard lock(m_fake.mutex);
      m_fake.canned = c.canned;
    }
    auto r = p->read({"home.example.com", Family::ipv4, 300});
    ASSERT_FALSE(r.value);
    EXPECT_EQ(r.value.error().cls, c.want) << r.value.error().message;
    EXPECT_EQ(r.value.error().retry_after, c.retry);
    EXPECT_EQ(r.value.error().message.find(k_token), std::string::npos);
  }
}

TEST_F(CloudflareTest, ASlowApiIsATransientTimeoutNotAHang) {
  auto p = make({{"zone", "example.com"}}, 300ms);
  {
    std::lock_guard lock(m_fake.mutex);
    m_fake.delay = 1500ms;
  }
  auto t0 = std::chrono::steady_clock::now();
  auto r = p->read({"home.example.com", Family::ipv4, 300});
  ASSERT_FALSE(r.value);
  EXPECT_EQ(r.value.error().cls, ErrorClass::transient) << r.value.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1200ms);
}

TEST_F(CloudflareTest, AWrongTokenIsAnAuthErrorFromTheRealCheck) {
  Json settings = {{"api_token", "wrong"}, {"endpoint", m_fake.endpoint()}};
  auto p = testing::parse_provider(&CloudflareProvider::parse, "cf", settings);
  auto r = p->update({"home.example.com", Family::ipv4, 300}, addr("203.0.113.9"));
  ASSERT_FALSE(r.value);
  EXPECT_EQ(r.value.error().cls, ErrorClass::auth);
  EXPECT_EQ(p->describe().find(k_token), std::string::npos);
}

TEST_F(CloudflareTest, SuccessThatDoesNotHoldTheAddressIsInvalid) {
  seed("home.example.com", "A", "203.0.113.1", false);
  auto p = make();
  {
    std::lock_guard lock(m_fake.mutex);
    m_fake.ignore_patch = true;
  }
  auto up = p->update({"home.example.com", Family::ipv4, 300}, addr("203.0.113.5"));
  ASSERT_FALSE(up.value);
  EXPECT_EQ(up.value.error().cls, ErrorClass::invalid_response);
}

TEST_F(CloudflareTest, SeveralRecordsOfTheNameAreAConfigError) {
  seed("home.example.com", "A", "203.0.113.1", false);
  seed("home.example.com", "A", "203.0.113.2", false);
  auto p = make();
  auto r = p->read({"home.example.com", Family::ipv4, 300});
  ASSERT_FALSE(r.value);
  EXPECT_EQ(r.value.error().cls, ErrorClass::config);
  auto up = p->update({"home.example.com", Family::ipv4, 300}, addr("203.0.113.5"));
  ASSERT_FALSE(up.value);
  EXPECT_EQ(up.value.error().cls, ErrorClass::config);
}

TEST_F(CloudflareTest, TtlOutsideTheApiRangeIsAConfigErrorBeforeAnyCall) {
  auto p = make();
  auto up = p->update({"home.example.com", Family::ipv4, 30}, addr("203.0.113.5"));
  ASSERT_FALSE(up.value);
  EXPECT_EQ(up.value.error().cls, ErrorClass::config);
  std::lock_guard lock(m_fake.mutex);
  EXPECT_TRUE(m_fake.calls.empty());
}

}  // namespace
}  // namespace ddnsguard::providers
