// The webhook provider: templates, the request it sends (checked by a fake on loopback),
// success criteria and failure classes.

#include "providers/dns/provider_webhook.hpp"

#include <mutex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/providers/provider_test_support.hpp"
#include "tests/support/fake_http.hpp"

namespace ddnsguard::providers {
namespace {

using Json = nlohmann::json;
const std::string k_secret = "hook-secret-MARKER";

Address addr(const char* text) {
  return *Address::parse(text);
}

TEST(ExpandTemplate, ReplacesKnownPlaceholdersOnly) {
  std::map<std::string, std::string> v = {{"name", "home.example.com"}, {"address", "2001:db8::1"}};
  EXPECT_EQ(expand_template("{name} {address} {other}", v), "home.example.com 2001:db8::1 {other}");
  EXPECT_EQ(expand_template(R"({"ip": "{address}", "n": {"x": 1}})", v),
            R"({"ip": "2001:db8::1", "n": {"x": 1}})");
  auto enc = +[](std::string_view s) { return std::string("<") + std::string(s) + ">"; };
  EXPECT_EQ(expand_template("a={address}&b={name}", v, enc),
            "a=<2001:db8::1>&b=<home.example.com>");
  EXPECT_EQ(expand_template("", v), "");
  EXPECT_EQ(expand_template("{", v), "{");
}

TEST(UnknownPlaceholders, AreListedAndJsonBracesAreNot) {
  EXPECT_EQ(unknown_placeholders("{name}{ip}{domain}"), (std::vector<std::string>{"ip", "domain"}));
  EXPECT_TRUE(unknown_placeholders(R"({"a": {"b": "{ttl}"}})").empty());
}

TEST(WebhookConfig, ProblemsNameTheField) {
  std::vector<std::string> problems;
  auto p = testing::parse_provider(&WebhookProvider::parse, "hook",
                                   {{"url", "https://x.example/{ip}"},
                                    {"body", "{domain}"},
                                    {"method", "DELETE"},
                                    {"headers", {"no colon"}}},
                                   &problems);
  EXPECT_EQ(p, nullptr);
  std::string all;
  for (const auto& s : problems)
    all += s + "\n";
  EXPECT_NE(all.find("providers.hook.url: unknown placeholder {ip}"), std::string::npos) << all;
  EXPECT_NE(all.find("providers.hook.body: unknown placeholder {domain}"), std::string::npos);
  EXPECT_NE(all.find("providers.hook.method"), std::string::npos) << all;
  EXPECT_NE(all.find("providers.hook.headers[0]"), std::string::npos) << all;
}

TEST(WebhookConfig, HeaderValuesAndTheUrlsLiteralPathAreSecrets) {
  ConfigEnv env;
  env.getenv = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
  std::vector<ConfigProblem> problems;
  ConfigContext ctx{env, problems, false, {}};
  nlohmann::json settings = {
      {"url", "https://h.example/hook/T0KEN-abc?ip={address}&n={name}"},
      {"headers", {"X-Key:   s3cr3t-value", "Content-Type: application/json"}}};
  ObjectReader r(settings, JsonPath{} / "providers" / "hook", ctx);
  ASSERT_TRUE(WebhookProvider::parse("hook", r));
  r.finish();
  ASSERT_TRUE(problems.empty()) << problems.front().str();
  std::vector<std::string> secrets;
  for (const auto& s : ctx.secrets)
    secrets.emplace_back(s.reveal());
  // The literal runs as they stand in the expanded URL; a template never appears whole.
  EXPECT_EQ(secrets, (std::vector<std::string>{"/hook/T0KEN-abc?ip=", "&n=", "s3cr3t-value"}));
}

class WebhookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(m_mutex);
      m_method = req.method;
      m_target = req.target;
      m_body = req.body;
      m_content_type = req.get_header_value("Content-Type");
      m_auth = req.get_header_value("Authorization");
      res.status = m_status;
      res.set_content(m_reply, "text/plain");
    };
    m_fake.server().Get(R"(/hook.*)", handler);
    m_fake.server().Post(R"(/hook.*)", handler);
    m_fake.server().Put(R"(/hook.*)", handler);
    m_fake.start();
  }
  ProviderPtr make(Json extra) {
    Json s = {{"url", m_fake.url("/hook")}};
    s.update(extra);
    return testing::parse_provider(&WebhookProvider::parse, "hook", s);
  }
  std::mutex m_mutex;
  std::string m_method, m_target, m_body, m_content_type, m_auth;
  int m_status = 200;
  std::string m_reply = "done";
  ddnsguard::testing::FakeHttp m_fake;
};

TEST_F(WebhookTest, GetWithUrlPlaceholdersEncoded) {
  auto p = make({{"url", m_fake.url("/hook?host={name}&ip={address}&t={type}&ttl={ttl}")}});
  ASSERT_FALSE(p->can_read());
  auto up = p->update({"home.example.com", Family::ipv6, 120}, addr("2001:db8::5"));
  ASSERT_TRUE(up.value) << up.value.error().message;
  std::lock_guard lock(m_mutex);
  EXPECT_EQ(m_method, "GET");
  EXPECT_EQ(m_target, "/hook?host=home.example.com&ip=2001%3Adb8%3A%3A5&t=AAAA&ttl=120");
  EXPECT_TRUE(m_body.empty());
}

TEST_F(WebhookTest, PostsAJsonBodyWithHeaders) {
  auto p = make({{"body", R"({"record": "{name}", "value": "{address}"})"},
                 {"headers", {"Authorization: Bearer " + k_secret}}});
  auto up = p->update({"home.example.com", Family::ipv4, 60}, addr("203.0.113.7"));
  ASSERT_TRUE(up.value) << up.value.error().message;
  std::lock_guard lock(m_mutex);
  EXPECT_EQ(m_method, "POST");
  EXPECT_EQ(Json::parse(m_body), (Json{{"record", "home.example.com"}, {"value", "203.0.113.7"}}));
  EXPECT_EQ(m_content_type, "application/json");
  EXPECT_EQ(m_auth, "Bearer " + k_secret);
  EXPECT_EQ(p->describe().find(k_secret), std::string::npos);
}

TEST_F(WebhookTest, FormBodyAndConfiguredMethod) {
  auto p = make({{"body", "ip={address}"}, {"method", "PUT"}});
  ASSERT_TRUE(p->update({"h.example.com", Family::ipv4, 60}, addr("203.0.113.7")).value);
  std::lock_guard lock(m_mutex);
  EXPECT_EQ(m_method, "PUT");
  EXPECT_EQ(m_content_type, "application/x-www-form-urlencoded");
  EXPECT_EQ(m_body, "ip=203.0.113.7");
}

TEST_F(WebhookTest, SuccessCriteriaAndFailureClasses) {
  struct Case {
    const char* what;
    Json settings;
    int status;
    const char* reply;
    std::optional<ErrorClass> want;
  };
  const Case cases[] = {
      {"2xx is success", Json::object(), 204, "", std::nullopt},
      {"body must contain OK", {{"success_body", "OK"}}, 200, "OK updated", std::nullopt},
      {"body without OK", {{"success_body", "OK"}}, 200, "KO", ErrorClass::invalid_response},
      {"exact status", {{"success_status", 201}}, 200, "", ErrorClass::invalid_response},
      {"exact status met", {{"success_status", 201}}, 201, "", std::nullopt},
      {"401", Json::object(), 401, "no", ErrorClass::auth},
      {"429", Json::object(), 429, "slow", ErrorClass::rate_limited},
      {"503", Json::object(), 503, "busy", ErrorClass::transient},
      {"404", Json::object(), 404, "", ErrorClass::config},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    {
      std::lock_guard lock(m_mutex);
      m_status = c.status;
      m_reply = c.reply;
    }
    auto p = make(c.settings);
    auto up = p->update({"h.example.com", Family::ipv4, 60}, addr("203.0.113.7"));
    if (!c.want) {
      EXPECT_TRUE(up.value) << up.value.error().message;
    } else {
      ASSERT_FALSE(up.value);
      EXPECT_EQ(up.value.error().cls, *c.want) << up.value.error().message;
    }
  }
}

TEST_F(WebhookTest, ATokenInTheUrlQueryNeverAppearsInErrors) {
  auto p = testing::parse_provider(&WebhookProvider::parse, "hook",
                                   {{"url", "http://127.0.0.1:9/hook?token=" + k_secret}});
  auto up = p->update({"h.example.com", Family::ipv4, 60}, addr("203.0.113.7"));
  ASSERT_FALSE(up.value);
  EXPECT_EQ(up.value.error().message.find(k_secret), std::string::npos);
  EXPECT_EQ(p->describe().find(k_secret), std::string::npos);
}

}  // namespace
}  // namespace ddnsguard::providers
