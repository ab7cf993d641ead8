// The rfc2136 provider against a real BIND 9 on loopback with a TSIG key: the update must
// be visible to dig, read back, and every failure classified (reference §7).

#include "providers/dns/provider_rfc2136.hpp"

#include <gtest/gtest.h>

#include "tests/providers/provider_test_support.hpp"
#include "tests/support/named_server.hpp"

namespace ddnsguard::providers {
namespace {

using ddnsguard::testing::NamedServer;

Address addr(const char* text) {
  return *Address::parse(text);
}

class Rfc2136Test : public ::testing::Test {
 protected:
  ProviderPtr make(const std::string& secret = NamedServer::k_key_secret,
                   const std::string& key_name = NamedServer::k_key_name) {
    return testing::parse_provider(&Rfc2136Provider::parse, "bind",
                                   {{"server", "127.0.0.1"},
                                    {"port", m_named.port()},
                                    {"zone", NamedServer::k_zone},
                                    {"key_name", key_name},
                                    {"key_secret", secret}});
  }
  NamedServer m_named;
};

TEST_F(Rfc2136Test, UpdatesAreVisibleInDnsAndReadBack) {
  DDNSGUARD_REQUIRE_NAMED(m_named);
  auto p = make();
  Record v4{"home.example.test", Family::ipv4, 120};
  auto before = p->read(v4);
  ASSERT_TRUE(before.value) << before.value.error().message;
  EXPECT_FALSE(*before.value);
  auto up = p->update(v4, addr("203.0.113.10"));
  ASSERT_TRUE(up.value) << up.value.error().message;
  EXPECT_EQ(m_named.dig("home.example.test", "A"), "203.0.113.10\n");
  ASSERT_TRUE(p->update(v4, addr("203.0.113.11")).value);
  EXPECT_EQ(m_named.dig("home.example.test", "A"), "203.0.113.11\n");  // replaced, not added
  auto after = p->read(v4);
  ASSERT_TRUE(after.value && *after.value);
  EXPECT_EQ(**after.value, addr("203.0.113.11"));

  Record v6{"home.example.test", Family::ipv6, 120};
  ASSERT_TRUE(p->update(v6, addr("2001:db8::11")).value);
  EXPECT_EQ(m_named.dig("home.example.test", "AAAA"), "2001:db8::11\n");
  EXPECT_EQ(m_named.dig("home.example.test", "A"), "203.0.113.11\n");  // the other family stays
}

TEST_F(Rfc2136Test, AWrongSecretOrKeyIsAnAuthErrorAndNothingChanges) {
  DDNSGUARD_REQUIRE_NAMED(m_named);
  const std::string wrong = "d3Jvbmctc2VjcmV0LWZvci10ZXN0cy0wMTIzNDU2Nzg5YWI=";
  std::vector<ProviderPtr> wrong_ones;
  wrong_ones.push_back(make(wrong));
  wrong_ones.push_back(make(NamedServer::k_key_secret, "no-such-key"));
  for (const auto& p : wrong_ones) {
    auto up = p->update({"home.example.test", Family::ipv4, 120}, addr("203.0.113.99"));
    ASSERT_FALSE(up.value);
    EXPECT_EQ(up.value.error().cls, ErrorClass::auth) << up.value.error().message;
    EXPECT_EQ(up.value.error().message.find(wrong), std::string::npos);
    EXPECT_EQ(up.value.error().message.find(NamedServer::k_key_secret), std::string::npos);
    EXPECT_EQ(p->describe().find(NamedServer::k_key_secret), std::string::npos);
  }
  EXPECT_EQ(m_named.dig("home.example.test", "A"), "");
}

TEST_F(Rfc2136Test, ANameOutsideTheZoneIsAConfigError) {
  DDNSGUARD_REQUIRE_NAMED(m_named);
  auto up = make()->update({"home.example.org", Family::ipv4, 120}, addr("203.0.113.10"));
  ASSERT_FALSE(up.value);
  EXPECT_EQ(up.value.error().cls, ErrorClass::config);
}

TEST(Rfc2136Rcodes, MapToClasses) {
  EXPECT_EQ(rfc2136_rcode_class(0 /* NOERROR */), std::nullopt);
  EXPECT_EQ(rfc2136_rcode_class(2 /* SERVFAIL */), ErrorClass::transient);
  EXPECT_EQ(rfc2136_rcode_class(5 /* REFUSED */), ErrorClass::auth);
  EXPECT_EQ(rfc2136_rcode_class(9 /* NOTAUTH */), ErrorClass::auth);
  EXPECT_EQ(rfc2136_rcode_class(10 /* NOTZONE */), ErrorClass::config);
  EXPECT_EQ(rfc2136_rcode_class(4 /* NOTIMPL */), ErrorClass::config);
  EXPECT_EQ(rfc2136_rcode_class(1 /* FORMERR */), ErrorClass::invalid_response);
}

TEST(Rfc2136Config, ProblemsNameTheField) {
  std::vector<std::string> problems;
  auto p = testing::parse_provider(&Rfc2136Provider::parse, "bind",
                                   {{"server", "[::1"}, {"port", 0}, {"key_algorithm", "rot13"}},
                                   &problems);
  EXPECT_EQ(p, nullptr);
  std::string all;
  for (const auto& s : problems)
    all += s + "\n";
  for (const char* key : {"server", "port", "zone", "key_name", "key_algorithm", "key_secret"})
    EXPECT_NE(all.find(std::string("providers.bind.") + key), std::string::npos) << key << "\n"
                                                                                 << all;
}

}  // namespace
}  // namespace ddnsguard::providers
