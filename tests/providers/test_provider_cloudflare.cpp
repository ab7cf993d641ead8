// The Cloudflare provider reading and writing records against a fake API v4 on loopback:
// the bodies it sends, the zone it finds, a record deleted meanwhile, its settings.

#include "providers/dns/provider_cloudflare.hpp"

#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/providers/cloudflare_test_support.hpp"

namespace ddnsguard::providers {
namespace {

using namespace cloudflare_testing;

TEST_F(CloudflareTest, CreatesAMissingRecordAndReadsItBack) {
  auto p = make();
  Record rec{"home.example.com", Family::ipv4, 300};
  auto before = p->read(rec);
  ASSERT_TRUE(before.value) << before.value.error().message;
  EXPECT_FALSE(*before.value);
  auto up = p->update(rec, addr("203.0.113.10"));
  ASSERT_TRUE(up.value) << up.value.error().message;
  auto after = p->read(rec);
  ASSERT_TRUE(after.value && *after.value);
  EXPECT_EQ(**after.value, addr("203.0.113.10"));
  std::lock_guard lock(m_fake.mutex);
  ASSERT_EQ(m_fake.bodies.size(), 1u);
  EXPECT_EQ(m_fake.bodies[0], (Json{{"type", "A"},
                                    {"name", "home.example.com"},
                                    {"content", "203.0.113.10"},
                                    {"ttl", 300},
                                    {"proxied", false}}));
}

TEST_F(CloudflareTest, PatchSendsOnlyContentAndTtlSoTheProxiedFlagStays) {
  seed("home.example.com", "AAAA", "2001:db8::1", true);
  auto p = make();
  Record rec{"home.example.com", Family::ipv6, 120};
  auto up = p->update(rec, addr("2001:db8::2"));
  ASSERT_TRUE(up.value) << up.value.error().message;
  std::lock_guard lock(m_fake.mutex);
  ASSERT_EQ(m_fake.bodies.size(), 1u);
  EXPECT_EQ(m_fake.bodies[0], (Json{{"content", "2001:db8::2"}, {"ttl", 120}}));
  const auto& r = m_fake.records.at("seed1");
  EXPECT_EQ(r["proxied"], true);
  EXPECT_EQ(r["comment"], "kept");
  EXPECT_EQ(r["content"], "2001:db8::2");
}

TEST_F(CloudflareTest, ConfiguredProxiedIsEnforcedWithAutomaticTtl) {
  seed("home.example.com", "A", "203.0.113.1", false);
  auto p = make({{"proxied", true}});
  auto up = p->update({"home.example.com", Family::ipv4, 300}, addr("203.0.113.2"));
  ASSERT_TRUE(up.value) << up.value.error().message;
  std::lock_guard lock(m_fake.mutex);
  EXPECT_EQ(m_fake.bodies.at(0), (Json{{"content", "203.0.113.2"}, {"ttl", 1}, {"proxied", true}}));
}

TEST_F(CloudflareTest, FindsTheZoneByLongestMatchOnceAndCachesIt) {
  auto p = make();
  Record rec{"a.b.Example.com", Family::ipv4, 300};
  ASSERT_TRUE(p->read(rec).value);
  ASSERT_TRUE(p->read(rec).value);
  std::lock_guard lock(m_fake.mutex);
  std::vector<std::string> zone_calls;
  for (const auto& c : m_fake.calls)
    if (c.rfind("GET /client/v4/zones?", 0) == 0) zone_calls.push_back(c);
  ASSERT_EQ(zone_calls.size(), 3u);
  EXPECT_NE(zone_calls[0].find("name=a.b.example.com"), std::string::npos) << zone_calls[0];
  EXPECT_NE(zone_calls[2].find("name=example.com"), std::string::npos) << zone_calls[2];
}

TEST_F(CloudflareTest, ARecordDeletedMeanwhileIsCreatedAgain) {
  seed("home.example.com", "A", "203.0.113.1", false);
  auto p = make();
  {
    std::lock_guard lock(m_fake.mutex);
    m_fake.vanish_on_patch = true;
  }
  auto up = p->update({"home.example.com", Family::ipv4, 300}, addr("203.0.113.5"));
  ASSERT_TRUE(up.value) << up.value.error().message;
  auto now = p->read({"home.example.com", Family::ipv4, 300});
  ASSERT_TRUE(now.value && *now.value);
  EXPECT_EQ(**now.value, addr("203.0.113.5"));
}

TEST(CloudflareConfig, ProblemsNameTheField) {
  std::vector<std::string> problems;
  auto p = testing::parse_provider(&CloudflareProvider::parse, "cf",
                                   {{"endpoint", "ftp://x"}, {"proxied", "yes"}}, &problems);
  EXPECT_EQ(p, nullptr);
  std::string all;
  for (const auto& s : problems)
    all += s + "\n";
  EXPECT_NE(all.find("providers.cf.api_token"), std::string::npos) << all;
  EXPECT_NE(all.find("providers.cf.endpoint"), std::string::npos) << all;
  EXPECT_NE(all.find("providers.cf.proxied"), std::string::npos) << all;
}

}  // namespace
}  // namespace ddnsguard::providers
