// Internationalized names: written in Unicode, carried as A-labels (xn--...), shown in both.

#include <gtest/gtest.h>

#include "providers/net/dns_name.hpp"
#include "providers/net/idna.hpp"

namespace ddnsguard::providers {
namespace {

TEST(Idna, UnicodeNamesBecomeALabelsAndBack) {
  struct Case {
    std::string unicode;
    std::string ascii;
  };
  const Case cases[] = {
      {"b\u00fccher.example.com", "xn--bcher-kva.example.com"},
      {"m\u00fcnchen.example", "xn--mnchen-3ya.example"},
      {"\u4f8b\u3048.jp", "xn--r8jz45g.jp"},
      {"home.example.com", "home.example.com"},
  };
  for (const auto& c : cases) {
    auto ascii = idna_to_ascii(c.unicode);
    ASSERT_TRUE(ascii) << c.unicode << ": " << ascii.error().message;
    EXPECT_EQ(*ascii, c.ascii);
    EXPECT_EQ(idna_to_unicode(c.ascii), c.unicode);
  }
  EXPECT_EQ(idna_to_unicode("not-idna.example"), "not-idna.example");
}

TEST(Idna, ARecordNameIsMadeCanonical) {
  auto upper = canonical_record_name("B\u00dcCHER.Example.COM.");
  ASSERT_TRUE(upper) << upper.error().message;
  EXPECT_EQ(*upper, "xn--bcher-kva.example.com");
  auto wildcard = canonical_record_name("*.m\u00fcnchen.example");
  ASSERT_TRUE(wildcard) << wildcard.error().message;
  EXPECT_EQ(*wildcard, "*.xn--mnchen-3ya.example");
  auto ascii = canonical_record_name("Home.Example.org.");
  ASSERT_TRUE(ascii);
  EXPECT_EQ(*ascii, "home.example.org");
  auto long_label = canonical_record_name(std::string(60, 'a') + "\u00fc.example.org");
  ASSERT_FALSE(long_label) << "the A-label is longer than 63 characters";
  EXPECT_EQ(long_label.error().cls, ErrorClass::config);
}

// A zone written in Unicode (a provider's "zone") is compared in its A-label form too.
TEST(Idna, ZonesInUnicodeMatchTheirRecords) {
  EXPECT_EQ(dns_lower("B\u00fccher.Example."), "xn--bcher-kva.example");
  EXPECT_EQ(dns_absolute("b\u00fccher.example"), "xn--bcher-kva.example.");
  auto split = split_zone("home.xn--bcher-kva.example", std::string("b\u00fccher.example"));
  ASSERT_TRUE(split) << split.error().message;
  EXPECT_EQ(split->zone, "xn--bcher-kva.example");
  EXPECT_EQ(split->host, "home");
}

#ifndef _WIN32  // Windows' IdnToAscii follows IDNA2003, which still allows these
TEST(Idna, NamesIdna2008RefusesAreConfigErrors) {
  for (const char* bad : {"\u2603.example.org", "\u0301a.example.org"}) {
    auto r = canonical_record_name(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().cls, ErrorClass::config);
    EXPECT_NE(r.error().message.find("not a valid internationalized name"), std::string::npos)
        << r.error().message;
  }
}
#endif

}  // namespace
}  // namespace ddnsguard::providers
