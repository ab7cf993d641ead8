// DuckDNS: the reply table of reference/providers.md §5.1 and the request, against a fake
// /update on loopback.

#include "providers/dns/provider_duckdns.hpp"

#include <mutex>

#include <gtest/gtest.h>

#include "tests/providers/provider_test_support.hpp"
#include "tests/support/fake_http.hpp"

namespace ddnsguard::providers {
namespace {

const std::string k_token = "a7c4d0ad-114e-40ef-ba1d-MARKER";

Address addr(const char* text) {
  return *Address::parse(text);
}

TEST(DuckDnsSubname, TakesTheLabelBeforeDuckdnsOrg) {
  EXPECT_EQ(duckdns_subname("myhome.duckdns.org"), "myhome");
  EXPECT_EQ(duckdns_subname("MyHome.DuckDNS.org."), "myhome");
  EXPECT_EQ(duckdns_subname("www.myhome.duckdns.org"), "myhome");
  EXPECT_EQ(duckdns_subname("duckdns.org"), std::nullopt);
  EXPECT_EQ(duckdns_subname("home.example.com"), std::nullopt);
  EXPECT_EQ(duckdns_subname("evilduckdns.org"), std::nullopt);
}

TEST(InterpretDuckDnsReply, EveryAnswer) {
  struct Case {
    long status;
    const char* body;
    const char* sent;
    std::optional<ErrorClass> want;  // nullopt: success
  };
  const Case cases[] = {
      {200, "OK\n203.0.113.10\n\nUPDATED", "203.0.113.10", std::nullopt},
      {200, "OK\r\n203.0.113.10\r\n\r\nNOCHANGE\r\n", "203.0.113.10", std::nullopt},
      {200, "OK\n\n2001:db8::10\nUPDATED", "2001:db8::10", std::nullopt},
      {200, "OK", "203.0.113.10", std::nullopt},
      {200, "OK\n198.51.100.1\n\nUPDATED", "203.0.113.10", ErrorClass::invalid_response},
      {200, "OK\n203.0.113.10\n\nUPDATED", "2001:db8::10", ErrorClass::invalid_response},
      {200, "KO", "203.0.113.10", ErrorClass::auth},
      {200, "<html>maintenance</html>", "203.0.113.10", ErrorClass::invalid_response},
      {200, "", "203.0.113.10", ErrorClass::invalid_response},
      {503, "busy", "203.0.113.10", ErrorClass::transient},
      {429, "slow down", "203.0.113.10", ErrorClass::rate_limited},
      {401, "KO", "203.0.113.10", ErrorClass::auth},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    auto r = interpret_duckdns_reply(c.status, c.body, addr(c.sent));
    if (!c.want) {
      EXPECT_TRUE(r) << r.error().message;
    } else {
      ASSERT_FALSE(r);
      EXPECT_EQ(r.error().cls, *c.want) << r.error().message;
    }
  }
}

class DuckDnsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_fake.server().Get("/update", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(m_mutex);
      m_params = req.params;
      bool v4 = req.has_param("ip");
      auto value = req.get_param_value(v4 ? "ip" : "ipv6");
      if (req.get_param_value("token") != k_token || req.get_param_value("domains") != "myhome") {
        res.set_content("KO", "text/plain");
        return;
      }
      res.set_content(v4 ? "OK\n" + value + "\n\nUPDATED" : "OK\n\n" + value + "\nUPDATED",
                      "text/plain");
    });
    m_fake.start();
  }
  ProviderPtr make(const std::string& token) {
    return testing::parse_provider(&DuckDnsProvider::parse, "duck",
                                   {{"token", token}, {"endpoint", m_fake.url("/update")}});
  }
  std::mutex m_mutex;
  std::multimap<std::string, std::string> m_params;
  ddnsguard::testing::FakeHttp m_fake;
};

TEST_F(DuckDnsTest, SendsTheSubnameTokenAndAddress) {
  auto p = make(k_token);
  ASSERT_FALSE(p->can_read());
  auto up = p->update({"myhome.duckdns.org", Family::ipv4, 60}, addr("203.0.113.10"));
  ASSERT_TRUE(up.value) << up.value.error().message;
  std::lock_guard lock(m_mutex);
  auto want = std::multimap<std::string, std::string>{
      {"domains", "myhome"}, {"token", k_token}, {"ip", "203.0.113.10"}, {"verbose", "true"}};
  EXPECT_EQ(m_params, want);
}

TEST_F(DuckDnsTest, SendsIpv6InItsOwnParameter) {
  auto p = make(k_token);
  auto up = p->update({"myhome.duckdns.org", Family::ipv6, 60}, addr("2001:db8::10"));
  ASSERT_TRUE(up.value) << up.value.error().message;
  std::lock_guard lock(m_mutex);
  ASSERT_EQ(m_params.count("ipv6"), 1u);
  EXPECT_EQ(m_params.find("ipv6")->second, "2001:db8::10");
  EXPECT_EQ(m_params.count("ip"), 0u);
}

TEST_F(DuckDnsTest, AWrongTokenIsAuthAndNoMessageShowsTheToken) {
  auto p = make("wrong-" + k_token);
  auto up = p->update({"myhome.duckdns.org", Family::ipv4, 60}, addr("203.0.113.10"));
  ASSERT_FALSE(up.value);
  EXPECT_EQ(up.value.error().cls, ErrorClass::auth);
  EXPECT_EQ(up.value.error().message.find(k_token), std::string::npos);
  EXPECT_EQ(p->describe().find(k_token), std::string::npos);
}

TEST_F(DuckDnsTest, AnUnreachableServerNeverEchoesTheTokenInTheUrl) {
  auto p = testing::parse_provider(&DuckDnsProvider::parse, "duck",
                                   {{"token", k_token}, {"endpoint", "http://127.0.0.1:9/update"}});
  auto up = p->update({"myhome.duckdns.org", Family::ipv4, 60}, addr("203.0.113.10"));
  ASSERT_FALSE(up.value);
  EXPECT_EQ(up.value.error().cls, ErrorClass::transient);
  EXPECT_EQ(up.value.error().message.find(k_token), std::string::npos) << up.value.error().message;
}

TEST_F(DuckDnsTest, ANameOutsideDuckdnsIsAConfigErrorWithoutACall) {
  auto p = make(k_token);
  auto up = p->update({"home.example.com", Family::ipv4, 60}, addr("203.0.113.10"));
  ASSERT_FALSE(up.value);
  EXPECT_EQ(up.value.error().cls, ErrorClass::config);
  std::lock_guard lock(m_mutex);
  EXPECT_TRUE(m_params.empty());
}

}  // namespace
}  // namespace ddnsguard::providers
