// Dyndns2Provider against a fake /nic/update on loopback: the request it sends, how it maps
// the replies, the password kept out of every message, and its settings.

#include "providers/dns/provider_dyndns2.hpp"

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/providers/provider_test_support.hpp"
#include "tests/support/fake_http.hpp"

namespace ddnsguard::providers {
namespace {

using namespace std::chrono_literals;

const std::string k_password = "pa:ss w0rd-MARKER";
// base64("user1:pa:ss w0rd-MARKER")
const std::string k_basic = "Basic dXNlcjE6cGE6c3MgdzByZC1NQVJLRVI=";

Address addr(const char* text) {
  return *Address::parse(text);
}

struct Seen {
  std::string method;
  std::string path;
  std::optional<std::string> hostname;
  std::optional<std::string> myip;
  std::optional<std::string> system;
  std::string authorization;
  std::string user_agent;
};

class Dyndns2ProviderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(m_mutex);
      Seen s;
      s.method = req.method;
      s.path = req.path;
      if (req.has_param("hostname")) s.hostname = req.get_param_value("hostname");
      if (req.has_param("myip")) s.myip = req.get_param_value("myip");
      if (req.has_param("system")) s.system = req.get_param_value("system");
      s.authorization = req.get_header_value("Authorization");
      s.user_agent = req.get_header_value("User-Agent");
      m_seen.push_back(s);
      res.status = m_status;
      if (m_retry_after) res.set_header("Retry-After", *m_retry_after);
      res.set_content(m_body, "text/plain");
    };
    m_fake.server().Get("/nic/update", handler);
    m_fake.server().Post("/nic/update", handler);
    m_fake.start();
  }

  void reply(int status, std::string body, std::optional<std::string> retry_after = {}) {
    std::lock_guard lock(m_mutex);
    m_status = status;
    m_body = std::move(body);
    m_retry_after = std::move(retry_after);
  }

  std::vector<Seen> seen() {
    std::lock_guard lock(m_mutex);
    return m_seen;
  }

  // Builds the provider the way the configuration does.
  ProviderPtr make(const std::string& endpoint, std::vector<std::string>* problems = nullptr) {
    nlohmann::json settings = {
        {"username", "user1"}, {"password", k_password}, {"endpoint", endpoint}};
    return make_from(settings, problems);
  }

  ProviderPtr make_from(const nlohmann::json& settings, std::vector<std::string>* problems) {
    return testing::parse_provider(&Dyndns2Provider::parse, "dyn", settings, problems);
  }

  std::mutex m_mutex;
  std::vector<Seen> m_seen;
  int m_status = 200;
  std::string m_body = "good";
  std::optional<std::string> m_retry_after;
  ddnsguard::testing::FakeHttp m_fake;  // last: stops serving before the state goes
};

TEST_F(Dyndns2ProviderTest, SendsTheProtocolRequest) {
  auto p = make(m_fake.url("/nic/update"));
  ASSERT_NE(p, nullptr);
  reply(200, "good 203.0.113.10");
  Record rec{"home.example.org", Family::ipv4, 120};
  auto r = p->update(rec, addr("203.0.113.10"));
  ASSERT_TRUE(r.value) << r.value.error().message;
  auto s = seen();
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].method, "GET");
  EXPECT_EQ(s[0].path, "/nic/update");
  EXPECT_EQ(s[0].hostname, "home.example.org");
  EXPECT_EQ(s[0].myip, "203.0.113.10");
  EXPECT_EQ(s[0].authorization, k_basic);
  EXPECT_EQ(s[0].user_agent.rfind("ddnsguard/", 0), 0u) << s[0].user_agent;
  EXPECT_GT(s[0].user_agent.size(), std::string("ddnsguard/").size());
}

TEST_F(Dyndns2ProviderTest, SendsIpv6InMyip) {
  auto p = make(m_fake.url("/nic/update"));
  ASSERT_NE(p, nullptr);
  reply(200, "good 2001:db8::10");
  Record rec{"home.example.org", Family::ipv6, 120};
  auto r = p->update(rec, addr("2001:db8::10"));
  ASSERT_TRUE(r.value) << r.value.error().message;
  auto s = seen();
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].myip, "2001:db8::10");
}

TEST_F(Dyndns2ProviderTest, KeepsAnExistingQueryInTheEndpoint) {
  auto p = make(m_fake.url("/nic/update?system=dyndns"));
  ASSERT_NE(p, nullptr);
  reply(200, "nochg");
  Record rec{"home.example.org", Family::ipv4, 120};
  auto r = p->update(rec, addr("203.0.113.10"));
  ASSERT_TRUE(r.value) << r.value.error().message;
  auto s = seen();
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].system, "dyndns");
  EXPECT_EQ(s[0].hostname, "home.example.org");
  EXPECT_EQ(s[0].myip, "203.0.113.10");
}

TEST_F(Dyndns2ProviderTest, UpdateMapsTheReply) {
  struct Case {
    int status;
    const char* body;
    std::optional<std::string> retry_after_header;
    std::optional<ErrorClass> want;  // nullopt: success
    std::optional<std::chrono::seconds> retry_after;
  };
  const Case cases[] = {
      {200, "good 203.0.113.10", std::nullopt, std::nullopt, std::nullopt},
      {200, "nochg 203.0.113.10", std::nullopt, std::nullopt, std::nullopt},
      {200, "good 198.51.100.99", std::nullopt, ErrorClass::invalid_response, std::nullopt},
      {200, "badauth", std::nullopt, ErrorClass::auth, std::nullopt},
      {401, "badauth", std::nullopt, ErrorClass::auth, std::nullopt},
      {200, "nohost", std::nullopt, ErrorClass::config, std::nullopt},
      {200, "911", std::nullopt, ErrorClass::transient, 30min},
      {200, "w5m", std::nullopt, ErrorClass::rate_limited, 300s},
      {429, "", "42", ErrorClass::rate_limited, 42s},
      {500, "", std::nullopt, ErrorClass::transient, std::nullopt},
      {200, "", std::nullopt, ErrorClass::invalid_response, std::nullopt},
  };
  auto p = make(m_fake.url("/nic/update"));
  ASSERT_NE(p, nullptr);
  Record rec{"home.example.org", Family::ipv4, 120};
  for (const auto& c : cases) {
    SCOPED_TRACE(::testing::Message() << c.status << " \"" << c.body << "\"");
    reply(c.status, c.body, c.retry_after_header);
    auto r = p->update(rec, addr("203.0.113.10"));
    ASSERT_EQ(r.value.has_value(), !c.want.has_value())
        << (r.value ? "ok" : r.value.error().message);
    if (!c.want) continue;
    EXPECT_EQ(to_string(r.value.error().cls), to_string(*c.want));
    EXPECT_EQ(r.value.error().retry_after, c.retry_after);
    EXPECT_EQ(r.value.error().message.find(k_password), std::string::npos);
  }
}

TEST_F(Dyndns2ProviderTest, PasswordNeverInErrors) {
  auto p = make(m_fake.url("/nic/update"));
  ASSERT_NE(p, nullptr);
  Record rec{"home.example.org", Family::ipv4, 120};
  const char* bodies[] = {"", "<html>Internal error</html>", "badauth", "dnserr", ""};
  const int statuses[] = {500, 200, 200, 200, 403};
  for (std::size_t i = 0; i < std::size(bodies); ++i) {
    SCOPED_TRACE(bodies[i]);
    reply(statuses[i], bodies[i]);
    auto r = p->update(rec, addr("203.0.113.10"));
    ASSERT_FALSE(r.value);
    EXPECT_EQ(r.value.error().message.find(k_password), std::string::npos)
        << r.value.error().message;
    EXPECT_EQ(r.value.error().message.find("MARKER"), std::string::npos) << r.value.error().message;
    EXPECT_EQ(r.value.error().message.find("dXNlcjE6"), std::string::npos);
  }
  // The provider's own description masks it too.
  EXPECT_EQ(p->describe().find(k_password), std::string::npos) << p->describe();
  EXPECT_NE(p->describe().find("***"), std::string::npos) << p->describe();
  EXPECT_NE(p->describe().find("user1"), std::string::npos) << p->describe();
}

TEST_F(Dyndns2ProviderTest, ServerDownIsTransientAndRedacted) {
  ddnsguard::testing::FakeHttp down;
  down.start();
  auto url = down.url("/nic/update");
  down.stop();
  auto p = make(url);
  ASSERT_NE(p, nullptr);
  Record rec{"home.example.org", Family::ipv4, 120};
  auto r = p->update(rec, addr("203.0.113.10"));
  ASSERT_FALSE(r.value);
  EXPECT_EQ(r.value.error().cls, ErrorClass::transient) << r.value.error().message;
  EXPECT_EQ(r.value.error().message.find(k_password), std::string::npos) << r.value.error().message;
  EXPECT_EQ(r.value.error().message.find("MARKER"), std::string::npos) << r.value.error().message;
}

TEST_F(Dyndns2ProviderTest, CannotReadBack) {
  auto p = make(m_fake.url("/nic/update"));
  ASSERT_NE(p, nullptr);
  EXPECT_FALSE(p->can_read());
  EXPECT_EQ(p->type(), "dyndns2");
  EXPECT_EQ(p->name(), "dyn");
  auto r = p->read(Record{"home.example.org", Family::ipv4, 120});
  ASSERT_FALSE(r.value);
  EXPECT_EQ(r.value.error().cls, ErrorClass::config);
  EXPECT_TRUE(seen().empty());  // nothing was sent
}

TEST_F(Dyndns2ProviderTest, ParseReportsProblems) {
  struct Case {
    const char* what;
    nlohmann::json settings;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"missing username",
       {{"password", "x"}, {"endpoint", "https://example.net/nic/update"}},
       {"providers.dyn.username: is required"}},
      {"missing password",
       {{"username", "u"}, {"endpoint", "https://example.net/nic/update"}},
       {"providers.dyn.password: is required (or password_file)"}},
      {"missing endpoint",
       {{"username", "u"}, {"password", "x"}},
       {"providers.dyn.endpoint: is required"}},
      {"endpoint without scheme",
       {{"username", "u"}, {"password", "x"}, {"endpoint", "example.net/nic/update"}},
       {"providers.dyn.endpoint: must start with http:// or https://"}},
      {"unknown key",
       {{"username", "u"},
        {"password", "x"},
        {"endpoint", "https://example.net/nic/update"},
        {"hostname", "h"}},
       {"providers.dyn.hostname: unknown key"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    std::vector<std::string> problems;
    auto p = make_from(c.settings, &problems);
    EXPECT_EQ(problems, c.want);
    if (c.want.size() == 1 && c.want[0].find("unknown key") != std::string::npos) {
      EXPECT_NE(p, nullptr);  // unknown keys are reported by finish(), the caller decides
    } else {
      EXPECT_EQ(p, nullptr);
    }
  }
}

}  // namespace
}  // namespace ddnsguard::providers
