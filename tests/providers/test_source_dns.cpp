#include "providers/sources/source_dns.hpp"

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "providers/net/dns_query.hpp"
#include "tests/support/fake_dns.hpp"

namespace ddnsguard::providers {
namespace {

using namespace std::chrono_literals;

using ddnsguard::testing::FakeDns;

class DnsSourceTest : public ::testing::Test {
 protected:
  Result<Address> fetch(const char* name, const char* qtype, const char* qclass = "IN",
                        Family family = Family::ipv4, std::chrono::milliseconds timeout = 2s) {
    DnsSource src({"127.0.0.1", m_dns.port()}, name, qtype, qclass);
    return src.fetch(family, timeout);
  }
  FakeDns m_dns;
};

TEST_F(DnsSourceTest, ReadsAnARecord) {
  auto r = fetch("a.test", "A");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->to_string(), "198.51.100.7");
}

TEST_F(DnsSourceTest, ReadsAChaosTxtRecord) {
  auto r = fetch("whoami.cloudflare", "TXT", "CH");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->to_string(), "203.0.113.5");
}

TEST_F(DnsSourceTest, RefusedAndServfailAreTransient) {
  for (const char* name : {"refused.test", "servfail.test"}) {
    SCOPED_TRACE(name);
    auto r = fetch(name, "A");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().cls, ErrorClass::transient);
  }
}

TEST_F(DnsSourceTest, NoOrAmbiguousAnswerIsInvalid) {
  for (const char* name : {"nx.test", "two.test", "empty.test"}) {
    SCOPED_TRACE(name);
    auto r = fetch(name, "A");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().cls, ErrorClass::invalid_response) << r.error().message;
  }
}

TEST_F(DnsSourceTest, SilentServerTimesOut) {
  auto start = std::chrono::steady_clock::now();
  auto r = fetch("silent.test", "A", "IN", Family::ipv4, 300ms);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().cls, ErrorClass::transient);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

TEST_F(DnsSourceTest, ServerOfTheOtherFamilyIsAConfigError) {
  auto r = fetch("v6.test", "AAAA", "IN", Family::ipv6);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().cls, ErrorClass::config);
}

TEST_F(DnsSourceTest, DnsQueryReturnsRdataText) {
  DnsQuery q;
  q.server = {"127.0.0.1", m_dns.port()};
  q.name = "v6.test.";
  q.type = "AAAA";
  auto r = dns_query(q);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, std::vector<std::string>{"2001:db8::5"});
  q.name = "nx.test";
  r = dns_query(q);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->empty());
}

TEST(ParseServerSpec, Forms) {
  struct Case {
    const char* text;
    const char* host;  // nullptr: invalid
    std::uint16_t port;
  };
  const Case cases[] = {{"208.67.222.222", "208.67.222.222", 53},
                        {"127.0.0.1:5353", "127.0.0.1", 5353},
                        {"ns1.google.com", "ns1.google.com", 53},
                        {"[2620:119:35::35]:5300", "2620:119:35::35", 5300},
                        {"[::1]", "::1", 53},
                        {"2620:119:35::35", "2620:119:35::35", 53},
                        {"host:0", nullptr, 0},
                        {"host:99999", nullptr, 0},
                        {"[::1", nullptr, 0},
                        {"", nullptr, 0},
                        {":53", nullptr, 0},
                        {"208.67.222.300", nullptr, 0},  // neither an address nor a name
                        {"[ns1.example.net]", nullptr, 0},
                        {"-bad.example.net", nullptr, 0},
                        {"a..b", nullptr, 0},
                        {"localhost:5300", "localhost", 5300}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto s = parse_server_spec(c.text);
    if (c.host == nullptr) {
      EXPECT_FALSE(s);
      continue;
    }
    ASSERT_TRUE(s);
    EXPECT_EQ(s->host, c.host);
    EXPECT_EQ(s->port, c.port);
  }
}

}  // namespace
}  // namespace ddnsguard::providers
