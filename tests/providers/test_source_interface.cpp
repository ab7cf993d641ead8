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
}

TEST(InterfaceSource, MissingInterfaceIsConfig) {
  auto r = InterfaceSource("ddg-nope0").fetch(Family::ipv4, 1s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().cls, ErrorClass::config);
}

}  // namespace
}  // namespace ddnsguard::providers
