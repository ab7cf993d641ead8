#include "providers/net/dns_name.hpp"

#include <gtest/gtest.h>

namespace ddnsguard::providers {
namespace {

TEST(SplitZone, ConfiguredOrLastTwoLabels) {
  struct Case {
    const char* name;
    std::optional<std::string> zone;
    const char* want_zone;  // nullptr: config error
    const char* want_host;
  };
  const Case cases[] = {
      {"home.example.com", std::nullopt, "example.com", "home"},
      {"Home.Example.COM.", std::nullopt, "example.com", "home"},
      {"a.b.example.com", std::nullopt, "example.com", "a.b"},
      {"example.com", std::nullopt, "example.com", "@"},
      {"home.example.com.cn", std::string("example.com.cn"), "example.com.cn", "home"},
      {"a.b.example.com", std::string("b.example.com"), "b.example.com", "a"},
      {"home.example.org", std::string("example.com"), nullptr, nullptr},
      {"notexample.com", std::string("example.com"), nullptr, nullptr},
      {"localhost", std::nullopt, nullptr, nullptr},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto s = split_zone(c.name, c.zone);
    if (c.want_zone == nullptr) {
      ASSERT_FALSE(s);
      EXPECT_EQ(s.error().cls, ErrorClass::config);
      continue;
    }
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->zone, c.want_zone);
    EXPECT_EQ(s->host, c.want_host);
  }
}

TEST(ZoneCandidates, LongestFirstDownToTwoLabels) {
  EXPECT_EQ(zone_candidates("a.b.example.com"),
            (std::vector<std::string>{"a.b.example.com", "b.example.com", "example.com"}));
  EXPECT_EQ(zone_candidates("example.com"), std::vector<std::string>{"example.com"});
  EXPECT_TRUE(zone_candidates("com").empty()) << "a bare TLD is no zone";
}

}  // namespace
}  // namespace ddnsguard::providers
