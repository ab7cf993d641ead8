// The Namecheap dynamic DNS provider: its replies as a table, and the request it sends to
// a fake /update on loopback that checks host, domain, password and ip as Namecheap does.

#include "providers/dns/provider_namecheap.hpp"

#include <mutex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/providers/provider_test_support.hpp"
#include "tests/support/fake_http.hpp"

namespace ddnsguard::providers {
namespace {

const std::string k_password = "ddns-MARKER-pw";

std::string reply(int errors, const std::string& err1, const std::string& ip) {
  return "<?xml version=\"1.0\"?><interface-response><Command>SETDNSHOST</Command>"
         "<Language>eng</Language><IP>" +
         ip + "</IP><ErrCount>" + std::to_string(errors) + "</ErrCount><errors>" +
         (err1.empty() ? "" : "<Err1>" + err1 + "</Err1>") +
         "</errors><ResponseCount>0</ResponseCount><Done>true</Done></interface-response>";
}

TEST(NamecheapReply, EveryOutcomeHasItsClass) {
  auto sent = *Address::parse("203.0.113.7");
  EXPECT_TRUE(interpret_namecheap_reply(200, reply(0, "", "203.0.113.7"), sent));
  struct Case {
    long status;
    std::string body;
    ErrorClass cls;
  };
  for (const auto& c : std::vector<Case>{
           {200, reply(1, "Passwords do not match", ""), ErrorClass::auth},
           {200, reply(1, "Domain name not found", ""), ErrorClass::config},
           {200, reply(1, "No Records updated. A record not Found;", ""), ErrorClass::config},
           {200, reply(0, "", "198.51.100.1"), ErrorClass::invalid_response},
           {200, "<interface-response><ErrCount>0</ErrCount></interface-response>",
            ErrorClass::invalid_response},
           {200, "<html>maintenance</html>", ErrorClass::invalid_response},
           {503, "busy", ErrorClass::transient}}) {
    auto r = interpret_namecheap_reply(c.status, c.body, sent);
    ASSERT_FALSE(r) << c.body;
    EXPECT_EQ(r.error().cls, c.cls) << c.body;
  }
}

class NamecheapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_http.server().Get("/update", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(m_mutex);
      m_queries.push_back(req.get_param_value("host") + " " + req.get_param_value("domain") + " " +
                          req.get_param_value("ip"));
      bool ok = req.get_param_value("password") == k_password;
      res.set_content(ok ? reply(0, "", req.get_param_value("ip"))
                         : reply(1, "Passwords do not match", ""),
                      "text/html");
    });
    m_http.start();
  }
  ProviderPtr make(const std::string& password) {
    return testing::parse_provider(&NamecheapProvider::parse, "nc",
                                   {{"password", password}, {"endpoint", m_http.url("/update")}});
  }
  std::mutex m_mutex;
  std::vector<std::string> m_queries;
  ddnsguard::testing::FakeHttp m_http;
};

TEST_F(NamecheapTest, SendsHostDomainAndAddress) {
  auto p = make(k_password);
  EXPECT_FALSE(p->can_read());
  ASSERT_TRUE(
      p->update({"home.example.com", Family::ipv4, 60}, *Address::parse("203.0.113.7")).value);
  ASSERT_TRUE(p->update({"example.com", Family::ipv4, 60}, *Address::parse("203.0.113.8")).value);
  auto v6 = p->update({"home.example.com", Family::ipv6, 60}, *Address::parse("2001:db8::1"));
  ASSERT_FALSE(v6.value);
  EXPECT_EQ(v6.value.error().cls, ErrorClass::config);
  std::lock_guard lock(m_mutex);
  EXPECT_EQ(m_queries, (std::vector<std::string>{"home example.com 203.0.113.7",
                                                 "@ example.com 203.0.113.8"}));
}

TEST_F(NamecheapTest, AWrongPasswordIsAnAuthFailureThatNeverShowsThePassword) {
  auto r = make("not-the-password")
               ->update({"home.example.com", Family::ipv4, 60}, *Address::parse("203.0.113.7"));
  ASSERT_FALSE(r.value);
  EXPECT_EQ(r.value.error().cls, ErrorClass::auth);
  EXPECT_EQ(r.value.error().message.find("not-the-password"), std::string::npos);
}

}  // namespace
}  // namespace ddnsguard::providers
