#include "providers/sources/source_interface.hpp"

#include <gtest/gtest.h>

namespace ddnsguard::providers {
namespace {

using namespace std::chrono_literals;

InterfaceAddress v6(const char* text, std::uint32_t flags) {
  return {*Address::parse(text), flags};
}

TEST(PickIpv6, Table) {
  struct Case {
    const char* what;
    std::vector<InterfaceAddress> in;
    const char* want;  // nullptr: none
  };
  const Case cases[] = {
      {"nothing", {}, nullptr},
      {"one global", {v6("2a01:4f8::10", 0)}, "2a01:4f8::10"},
      {"temporary skipped", {v6("2a01:4f8::99", interface_flag::temporary)}, nullptr},
      {"deprecated skipped", {v6("2a01:4f8::99", interface_flag::deprecated)}, nullptr},
      {"tentative skipped", {v6("2a01:4f8::99", interface_flag::tentative)}, nullptr},
      {"dad failed skipped", {v6("2a01:4f8::99", interface_flag::dad_failed)}, nullptr},
      {"ula skipped", {v6("fd00::1", interface_flag::permanent)}, nullptr},
      {"link-local skipped", {v6("fe80::1", interface_flag::permanent)}, nullptr},
      {"loopback skipped", {v6("::1", interface_flag::permanent)}, nullptr},
      {"stable (managetempaddr) beats a plain one",
       {v6("2a01:4f8::1", 0), v6("2a01:4f8::ffff", interface_flag::manage_temp_address)},
       "2a01:4f8::ffff"},
      {"stable privacy beats a plain one",
       {v6("2a01:4f8::1", 0), v6("2a01:4f8::abcd", interface_flag::stable_privacy)},
       "2a01:4f8::abcd"},
      {"temporary never wins, even alone with stable-looking flags",
       {v6("2a01:4f8::1", interface_flag::temporary | interface_flag::manage_temp_address),
        v6("fd00::5", 0)},
       nullptr},
      {"typical SLAAC host",
       {v6("fe80::1", interface_flag::permanent),
        v6("fd12::1", interface_flag::manage_temp_address),
        v6("2a01:4f8::dead", interface_flag::temporary),
        v6("2a01:4f8::beef", interface_flag::manage_temp_address)},
       "2a01:4f8::beef"},
      {"smallest among equals, independent of order",
       {v6("2a01:4f8::9", interface_flag::permanent), v6("2a01:4f8::3", interface_flag::permanent)},
       "2a01:4f8::3"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto got = pick_ipv6(c.in);
    if (c.want == nullptr) {
      EXPECT_FALSE(got) << got->to_string();
    } else {
      ASSERT_TRUE(got);
      EXPECT_EQ(got->to_string(), c.want);
    }
  }
}

InterfaceAddress v6(const char* text, std::uint32_t flags, int length) {
  return {*Address::parse(text), flags, length};
}

TEST(PickIpv6Prefix, Table) {
  struct Case {
    const char* what;
    std::vector<InterfaceAddress> in;
    std::optional<int> length;
    const char* want;  // nullptr: none
  };
  using interface_flag::deprecated;
  using interface_flag::manage_temp_address;
  using interface_flag::permanent;
  using interface_flag::temporary;
  const Case cases[] = {
      {"nothing", {}, std::nullopt, nullptr},
      {"the on-link /64", {v6("2a01:4f8:1:2::10", 0, 64)}, std::nullopt, "2a01:4f8:1:2::"},
      {"the on-link /56", {v6("2a01:4f8:1:2ff::10", 0, 56)}, std::nullopt, "2a01:4f8:1:200::"},
      {"a /128 (DHCPv6) counts as /64",
       {v6("2a01:4f8:1:2::10", 0, 128)},
       std::nullopt,
       "2a01:4f8:1:2::"},
      {"the configured length wins", {v6("2a01:4f8:1:2ff::10", 0, 64)}, 48, "2a01:4f8:1::"},
      {"a temporary address shows the prefix",
       {v6("2a01:4f8:1:2:a:b:c:d", temporary, 64)},
       std::nullopt,
       "2a01:4f8:1:2::"},
      {"a deprecated one is an old prefix",
       {v6("2a01:4f8:1:1::5", deprecated | permanent, 64), v6("2a01:4f8:1:9::5", 0, 64)},
       std::nullopt,
       "2a01:4f8:1:9::"},
      {"only deprecated: none", {v6("2a01:4f8:1:1::5", deprecated, 64)}, std::nullopt, nullptr},
      {"ULA and link-local are no prefix",
       {v6("fd00:1:2:3::1", permanent, 64), v6("fe80::1", permanent, 64)},
       std::nullopt,
       nullptr},
      {"stable before plain before temporary",
       {v6("2a01:4f8:1:1::1", temporary, 64), v6("2a01:4f8:1:2::1", 0, 64),
        v6("2a01:4f8:1:3::1", manage_temp_address, 64)},
       std::nullopt,
       "2a01:4f8:1:3::"},
      {"plain before temporary",
       {v6("2a01:4f8:1:1::1", temporary, 64), v6("2a01:4f8:1:2::1", 0, 64)},
       std::nullopt,
       "2a01:4f8:1:2::"},
      {"after a rotation the prefix with the longer preferred lifetime wins",
       {{*Address::parse("2a01:4f8:1:1::1"), 0, 64, 600},
        {*Address::parse("2a01:4f8:1:9::1"), 0, 64, 14400}},
       std::nullopt,
       "2a01:4f8:1:9::"},
      {"smallest prefix among equals, in any order",
       {v6("2a01:4f8:1:9::1", permanent, 64), v6("2a01:4f8:1:4::1", permanent, 64)},
       std::nullopt,
       "2a01:4f8:1:4::"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto got = pick_ipv6_prefix(c.in, c.length);
    if (c.want == nullptr) {
      EXPECT_FALSE(got) << got->to_string();
    } else {
      ASSERT_TRUE(got);
      EXPECT_EQ(got->to_string(), c.want);
    }
  }
}

TEST(InterfaceSource, DescribesWhatItReports) {
  EXPECT_EQ(InterfaceSource("eth0").describe(), "interface eth0");
  EXPECT_FALSE(InterfaceSource("eth0").reports_prefix());
  InterfaceSource prefix("eth0", InterfaceUse::prefix);
  EXPECT_EQ(prefix.describe(), "interface eth0 prefix");
  EXPECT_TRUE(prefix.reports_prefix());
  EXPECT_EQ(InterfaceSource("eth0", InterfaceUse::prefix, 56).describe(),
            "interface eth0 prefix/56");
}

TEST(InterfaceSource, LoopbackIpv4) {
  InterfaceSource lo("lo");
  EXPECT_EQ(lo.describe(), "interface lo");
  auto r = lo.fetch(Family::ipv4, 1s);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->to_string(), "127.0.0.1");
}

TEST(InterfaceSource, LoopbackHasNoGlobalIpv6) {
  auto r = InterfaceSource("lo").fetch(Family::ipv6, 1s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().cls, ErrorClass::transient) << r.error().message;
  auto p = InterfaceSource("lo", InterfaceUse::prefix).fetch(Family::ipv6, 1s);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().message, "interface lo has no suitable ipv6 prefix");
}

TEST(InterfaceSource, MissingInterfaceIsConfig) {
  auto r = InterfaceSource("ddg-nope0").fetch(Family::ipv4, 1s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().cls, ErrorClass::config);
}

}  // namespace
}  // namespace ddnsguard::providers
