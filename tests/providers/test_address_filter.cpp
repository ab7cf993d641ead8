#include "providers/sources/address_filter.hpp"

#include <string>

#include <gtest/gtest.h>

#include "providers/base/address.hpp"

namespace ddnsguard::providers {
namespace {

using C = AddressClass;

struct ClassCase {
  const char* text;
  AddressClass want;
};

// One address inside every block of reference/providers.md §9.1, plus both edges of the
// blocks whose neighbours are global.
const ClassCase k_v4_cases[] = {
    {"0.0.0.0", C::reserved},
    {"0.1.2.3", C::reserved},
    {"0.255.255.255", C::reserved},
    {"1.0.0.0", C::global},
    {"9.255.255.255", C::global},
    {"10.0.0.0", C::private_net},
    {"10.1.2.3", C::private_net},
    {"10.255.255.255", C::private_net},
    {"11.0.0.0", C::global},
    {"100.63.255.255", C::global},
    {"100.64.0.0", C::cgnat},
    {"100.100.100.100", C::cgnat},
    {"100.127.255.255", C::cgnat},
    {"100.128.0.0", C::global},
    {"126.255.255.255", C::global},
    {"127.0.0.1", C::loopback},
    {"127.255.255.254", C::loopback},
    {"128.0.0.0", C::global},
    {"169.253.255.255", C::global},
    {"169.254.0.1", C::link_local},
    {"169.254.255.255", C::link_local},
    {"169.255.0.0", C::global},
    {"172.15.255.255", C::global},
    {"172.16.0.0", C::private_net},
    {"172.20.1.1", C::private_net},
    {"172.31.255.255", C::private_net},
    {"172.32.0.0", C::global},
    {"191.255.255.255", C::global},
    {"192.0.0.0", C::reserved},
    {"192.0.0.170", C::reserved},
    {"192.0.0.255", C::reserved},
    {"192.0.1.1", C::global},
    {"192.0.2.0", C::documentation},
    {"192.0.2.255", C::documentation},
    {"192.0.3.0", C::global},
    {"192.88.98.255", C::global},
    {"192.88.99.1", C::reserved},
    {"192.88.100.0", C::global},
    {"192.167.255.255", C::global},
    {"192.168.0.0", C::private_net},
    {"192.168.1.1", C::private_net},
    {"192.168.255.255", C::private_net},
    {"192.169.0.0", C::global},
    {"198.17.255.255", C::global},
    {"198.18.0.0", C::reserved},
    {"198.19.255.255", C::reserved},
    {"198.20.0.0", C::global},
    {"198.51.99.255", C::global},
    {"198.51.100.1", C::documentation},
    {"198.51.101.0", C::global},
    {"203.0.112.255", C::global},
    {"203.0.113.10", C::documentation},
    {"203.0.114.0", C::global},
    {"223.255.255.255", C::global},
    {"224.0.0.1", C::multicast},
    {"239.255.255.255", C::multicast},
    {"240.0.0.1", C::reserved},
    {"255.255.255.255", C::reserved},
    {"8.8.8.8", C::global},
    {"1.1.1.1", C::global},
};

// Every block of §9.2, plus edges, plus addresses outside 2000::/3.
const ClassCase k_v6_cases[] = {
    {"::", C::reserved},
    {"::1", C::loopback},
    {"::2", C::reserved},
    {"64:ff9b::1.2.3.4", C::reserved},
    {"64:ff9b::ffff:ffff", C::reserved},
    {"64:ff9b:1::1", C::reserved},
    {"64:ff9b:1:ffff::1", C::reserved},
    {"100::1", C::reserved},
    {"100::ffff:ffff:ffff:ffff", C::reserved},
    {"1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", C::reserved},
    {"1fff::", C::reserved},
    {"2000::", C::global},
    {"2000::1", C::global},
    {"2001::1", C::reserved},     // Teredo
    {"2001:2::1", C::reserved},   // benchmarking
    {"2001:10::1", C::reserved},  // ORCHID
    {"2001:20::1", C::reserved},  // ORCHIDv2
    {"2001:1ff:ffff::1", C::reserved},
    {"2001:200::1", C::global},  // first address past 2001::/23
    {"2001:db7:ffff::1", C::global},
    {"2001:db8::1", C::documentation},
    {"2001:db8:ffff:ffff::1", C::documentation},
    {"2001:db9::1", C::global},
    {"2001:4860:4860::8888", C::global},
    {"2002::1", C::reserved},
    {"2002:c000:201::1", C::reserved},
    {"2003::1", C::global},
    {"2a00:1450::1", C::global},
    {"3ffe:ffff::1", C::global},
    {"3fff::1", C::documentation},
    {"3fff:fff::1", C::documentation},
    {"3fff:1000::1", C::global},
    {"4000::1", C::reserved},
    {"5f00::1", C::reserved},
    {"fc00::1", C::private_net},
    {"fd12:3456::1", C::private_net},
    {"fdff:ffff::1", C::private_net},
    {"fe80::1", C::link_local},
    {"febf:ffff::1", C::link_local},
    {"fec0::1", C::reserved},
    {"feff::1", C::reserved},
    {"ff02::1", C::multicast},
    {"ff00::", C::multicast},
    {"fbff::1", C::reserved},
};

void expect_classes(const ClassCase* begin, const ClassCase* end, Family family) {
  for (const auto* c = begin; c != end; ++c) {
    SCOPED_TRACE(c->text);
    auto a = Address::parse(c->text);
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->family(), family);
    EXPECT_EQ(to_string(classify(*a)), to_string(c->want));
  }
}

TEST(Classify, EveryIpv4Block) {
  expect_classes(std::begin(k_v4_cases), std::end(k_v4_cases), Family::ipv4);
}

TEST(Classify, EveryIpv6Block) {
  expect_classes(std::begin(k_v6_cases), std::end(k_v6_cases), Family::ipv6);
}

TEST(Classify, Ipv4MappedIsNormalisedToIpv4) {
  struct Case {
    const char* text;
    const char* canonical;
    AddressClass want;
  };
  const Case cases[] = {{"::ffff:10.0.0.1", "10.0.0.1", C::private_net},
                        {"::ffff:8.8.8.8", "8.8.8.8", C::global},
                        {"::FFFF:100.64.0.1", "100.64.0.1", C::cgnat},
                        {"::ffff:127.0.0.1", "127.0.0.1", C::loopback},
                        {"::ffff:c000:0201", "192.0.2.1", C::documentation}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto a = Address::parse(c.text);
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->family(), Family::ipv4);
    EXPECT_EQ(a->to_string(), c.canonical);
    EXPECT_EQ(to_string(classify(*a)), to_string(c.want));
    EXPECT_EQ(*a, *Address::parse(c.canonical));
  }
}

TEST(IsPublishable, DependsOnClassAndAllowPrivate) {
  struct Case {
    const char* text;
    bool when_no;
    bool when_yes;
  };
  const Case cases[] = {
      {"8.8.8.8", true, true},       {"2a00:1450::1", true, true},
      {"10.0.0.1", false, true},     {"192.168.1.1", false, true},
      {"172.16.0.1", false, true},   {"fd00::1", false, true},
      {"100.64.0.1", false, true},   {"192.0.2.1", false, true},
      {"198.51.100.1", false, true}, {"203.0.113.1", false, true},
      {"2001:db8::1", false, true},  {"3fff::1", false, true},
      {"127.0.0.1", false, false},   {"::1", false, false},
      {"169.254.1.1", false, false}, {"fe80::1", false, false},
      {"224.0.0.1", false, false},   {"ff02::1", false, false},
      {"0.0.0.0", false, false},     {"::", false, false},
      {"240.0.0.1", false, false},   {"255.255.255.255", false, false},
      {"198.18.0.1", false, false},  {"2002::1", false, false},
      {"2001::1", false, false},     {"fec0::1", false, false},
      {"4000::1", false, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto a = Address::parse(c.text);
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(is_publishable(*a, AllowPrivate::no), c.when_no);
    EXPECT_EQ(is_publishable(*a, AllowPrivate::yes), c.when_yes);
  }
}

TEST(AddressClassNames, AreStable) {
  EXPECT_EQ(to_string(C::global), "global");
  EXPECT_EQ(to_string(C::private_net), "private");
  EXPECT_EQ(to_string(C::cgnat), "cgnat");
  EXPECT_EQ(to_string(C::documentation), "documentation");
  EXPECT_EQ(to_string(C::loopback), "loopback");
  EXPECT_EQ(to_string(C::link_local), "link-local");
  EXPECT_EQ(to_string(C::multicast), "multicast");
  EXPECT_EQ(to_string(C::reserved), "reserved");
}

TEST(AddressParse, AcceptsAndCanonicalises) {
  struct Case {
    std::string text;
    Family family;
    const char* canonical;
  };
  const Case cases[] = {
      {"203.0.113.10", Family::ipv4, "203.0.113.10"},
      {"  203.0.113.10\n", Family::ipv4, "203.0.113.10"},
      {"\t198.51.100.1\r\n", Family::ipv4, "198.51.100.1"},
      {"2001:DB8:0:0::1", Family::ipv6, "2001:db8::1"},
      {" 2001:db8::1 ", Family::ipv6, "2001:db8::1"},
      {"0:0:0:0:0:0:0:1", Family::ipv6, "::1"},
      {"::", Family::ipv6, "::"},
      {"255.255.255.255", Family::ipv4, "255.255.255.255"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto a = Address::parse(c.text);
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->family(), c.family);
    EXPECT_EQ(a->to_string(), c.canonical);
  }
}

TEST(AddressParse, RejectsMalformed) {
  const std::string cases[] = {
      "",
      "   ",
      "1.2.3",
      "1.2.3.4.5",
      "01.2.3.4",  // glibc inet_pton refuses leading zeros (no octal surprise)
      "1.2.3.04",
      "256.1.1.1",
      "1.2.3.-4",
      "0x7f.0.0.1",
      "127.1",
      "fe80::1%eth0",
      "1.2.3.4 junk",
      "1.2.3.4 5.6.7.8",
      "junk 1.2.3.4",
      std::string("1.2.3.4\0", 8),
      std::string("1.2.3.4\0junk", 12),
      std::string("\0", 1),
      "2001:db8::1::2",
      "2001:db8:::1",
      "12345::1",
      "2001:db8::g",
      "[2001:db8::1]",
      "1.2.3.4/32",
      "1.2.3.4:80",
      "localhost",
      std::string(100, '1'),
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("\"" + c + "\"");
    EXPECT_FALSE(Address::parse(c).has_value());
  }
}

TEST(AddressParse, WantedFamilyFilters) {
  EXPECT_TRUE(Address::parse("192.0.2.1", Family::ipv4).has_value());
  EXPECT_FALSE(Address::parse("192.0.2.1", Family::ipv6).has_value());
  EXPECT_TRUE(Address::parse("2001:db8::1", Family::ipv6).has_value());
  EXPECT_FALSE(Address::parse("2001:db8::1", Family::ipv4).has_value());
  // Mapped addresses count as IPv4 after normalisation.
  EXPECT_TRUE(Address::parse("::ffff:192.0.2.1", Family::ipv4).has_value());
  EXPECT_FALSE(Address::parse("::ffff:192.0.2.1", Family::ipv6).has_value());
}

TEST(AddressParse, FromBytesMatchesParse) {
  EXPECT_EQ(Address::from_bytes_v4({192, 0, 2, 1}), *Address::parse("192.0.2.1"));
  std::array<std::uint8_t, 16> v6{0x20, 0x01, 0x0d, 0xb8};
  v6[15] = 1;
  EXPECT_EQ(Address::from_bytes_v6(v6), *Address::parse("2001:db8::1"));
  EXPECT_NE(Address::from_bytes_v4({192, 0, 2, 2}), *Address::parse("192.0.2.1"));
}

TEST(RecordTypes, MapBothWays) {
  EXPECT_EQ(record_type_for(Family::ipv4), "A");
  EXPECT_EQ(record_type_for(Family::ipv6), "AAAA");
  EXPECT_EQ(family_for_record_type("A"), Family::ipv4);
  EXPECT_EQ(family_for_record_type("AAAA"), Family::ipv6);
  EXPECT_FALSE(family_for_record_type("a").has_value());
  EXPECT_FALSE(family_for_record_type("TXT").has_value());
  EXPECT_EQ(to_string(Family::ipv4), "ipv4");
  EXPECT_EQ(to_string(Family::ipv6), "ipv6");
}

}  // namespace
}  // namespace ddnsguard::providers
