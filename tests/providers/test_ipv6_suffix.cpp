// Prefix + host suffix: the record of a LAN host is the agreed prefix + its own host part.
#include "providers/base/ipv6_suffix.hpp"

#include <gtest/gtest.h>

namespace ddnsguard::providers {
namespace {

Address v6(const char* text) {
  return *Address::parse(text, Family::ipv6);
}

TEST(HostSuffix, TheAgreedPrefixAndTheHostPartAtEachCommonLength) {
  struct Case {
    int length;
    const char* suffix;
    const char* agreed;
    const char* want;
  };
  const Case cases[] = {
      {64, "::11:22ff:fe33:4455", "2001:db8:aa:bb:1:2:3:4", "2001:db8:aa:bb:11:22ff:fe33:4455"},
      {60, "::5:11:22ff:fe33:4455", "2001:db8:aa:bbc1::1", "2001:db8:aa:bbc5:11:22ff:fe33:4455"},
      {56, "::42:0:0:0:10", "2001:db8:aa:bbcc::1", "2001:db8:aa:bb42::10"},
      {48, "::7:0:0:0:10", "2001:db8:aa:bbcc:dd::1", "2001:db8:aa:7::10"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.suffix);
    std::string why;
    auto s = parse_host_suffix(c.suffix, c.length, why);
    ASSERT_TRUE(s) << why;
    EXPECT_EQ(with_host_suffix(v6(c.agreed), *s).to_string(), c.want);
  }
}

TEST(HostSuffix, AnEui64ComesFromTheMacWithTheLocalBitFlipped) {
  std::string why;
  auto s = host_suffix_from_mac("00:11:22:33:44:55", 64, why);
  ASSERT_TRUE(s) << why;
  EXPECT_EQ(to_string(*s), "::211:22ff:fe33:4455/64");
  auto dashes = host_suffix_from_mac("02-AB-cd-EF-00-01", 56, why);
  ASSERT_TRUE(dashes) << why;
  EXPECT_EQ(with_host_suffix(v6("2001:db8:1:2ff::"), *dashes).to_string(),
            "2001:db8:1:200:ab:cdff:feef:1")
      << "/56: the prefix's last byte is replaced by the suffix's zeros";
}

TEST(HostSuffix, WhatCannotBeAHostPartIsRefusedWithAReason) {
  struct Case {
    const char* text;
    int length;
    bool mac;
    const char* why;
  };
  const Case cases[] = {
      {"2001:db8::1", 64, false, "bits inside the /64 prefix"},
      {"::1:0:0:0:1", 64, false, "bits inside the /64 prefix"},
      {"::", 64, false, "no host"},
      {"192.0.2.1", 64, false, "not an IPv6 address"},
      {"::1", 0, false, "outside 1..127"},
      {"::1", 128, false, "outside 1..127"},
      {"00:11:22:33:44", 64, true, "not a MAC address"},
      {"00:11:22:33:44:5g", 64, true, "not a MAC address"},
      {"00:11:22:33:44:55", 80, true, "at most 64 bits"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    std::string why;
    auto s = c.mac ? host_suffix_from_mac(c.text, c.length, why)
                   : parse_host_suffix(c.text, c.length, why);
    EXPECT_FALSE(s);
    EXPECT_NE(why.find(c.why), std::string::npos) << why;
  }
}

TEST(HostSuffix, AnIpv4AddressIsLeftAlone) {
  std::string why;
  auto s = parse_host_suffix("::10", 64, why);
  ASSERT_TRUE(s);
  auto a = *Address::parse("203.0.113.7");
  EXPECT_EQ(with_host_suffix(a, *s), a);
}

}  // namespace
}  // namespace ddnsguard::providers
