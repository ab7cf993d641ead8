// The deSEC provider against a fake API v1 on loopback that checks the token, the paths and
// the bodies as deSEC does: owns_qname, "@" for the apex in paths and "" in bodies, the
// TTL minimum, bulk PUT creating or replacing, throttling with Retry-After.

#include "providers/dns/provider_desec.hpp"

#include <map>
#include <mutex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/providers/provider_test_support.hpp"
#include "tests/support/fake_http.hpp"

namespace ddnsguard::providers {
namespace {

using Json = nlohmann::json;

const std::string k_token = "desec-token-MARKER-4711";

Address addr(const char* text) {
  return *Address::parse(text);
}

class FakeDesec {
 public:
  FakeDesec() {
    auto& s = m_http.server();
    s.Get("/api/v1/domains/", [this](const auto& req, auto& res) { domains(req, res); });
    s.Get(R"(/api/v1/domains/([^/]+)/rrsets/([^/]+)/([A-Z]+)/)",
          [this](const auto& req, auto& res) { read(req, res); });
    s.Put(R"(/api/v1/domains/([^/]+)/rrsets/)",
          [this](const auto& req, auto& res) { write(req, res); });
    m_http.start();
  }
  std::string endpoint() const { return m_http.url("/api/v1"); }

  std::mutex mutex;
  std::map<std::string, Json> rrsets;  // "sub/type" ("" at the apex) -> rrset
  std::vector<std::string> calls;
  int throttle = 0;  // answer this many calls with 429

 private:
  bool admit(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    calls.push_back(
        req.method + " " + req.path +
        (req.has_param("owns_qname") ? "?owns_qname=" + req.get_param_value("owns_qname") : ""));
    if (req.get_header_value("Authorization") != "Token " + k_token) {
      res.status = 401;
      res.set_content(R"({"detail": "Invalid token."})", "application/json");
      return false;
    }
    if (throttle > 0) {
      --throttle;
      res.status = 429;
      res.set_header("Retry-After", "17");
      res.set_content(R"({"detail": "Request was throttled. Expected available in 17 seconds."})",
                      "application/json");
      return false;
    }
    return true;
  }
  void domains(const httplib::Request& req, httplib::Response& res) {
    if (!admit(req, res)) return;
    auto q = req.get_param_value("owns_qname");
    bool ours = q == "example.dedyn.io" ||
                (q.size() > 17 && q.compare(q.size() - 17, 17, ".example.dedyn.io") == 0);
    Json out = Json::array();
    if (ours) out.push_back({{"name", "example.dedyn.io"}, {"minimum_ttl", 3600}});
    res.set_content(out.dump(), "application/json");
  }
  void read(const httplib::Request& req, httplib::Response& res) {
    if (!admit(req, res)) return;
    std::lock_guard lock(mutex);
    std::string sub = req.matches[2] == "@" ? "" : std::string(req.matches[2]);
    auto it = req.matches[1] == "example.dedyn.io"
                  ? rrsets.find(sub + "/" + std::string(req.matches[3]))
                  : rrsets.end();
    if (it == rrsets.end()) {
      res.status = 404;
      res.set_content(R"({"detail": "Not found."})", "application/json");
      return;
    }
    res.set_content(it->second.dump(), "application/json");
  }
  void write(const httplib::Request& req, httplib::Response& res) {
    if (!admit(req, res)) return;
    auto body = Json::parse(req.body, nullptr, false);
    if (!body.is_array() || body.size() != 1 || !body[0].is_object()) {
      res.status = 400;
      res.set_content(R"({"detail": "Expected a list of items."})", "application/json");
      return;
    }
    const auto& r = body[0];
    if (!r["ttl"].is_number_integer() || r["ttl"].get<int>() < 3600) {
      res.status = 400;
      res.set_content(R"([{"ttl": ["Ensure this value is greater than or equal to 3600."]}])",
                      "application/json");
      return;
    }
    std::lock_guard lock(mutex);
    auto stored = r;
    stored["name"] =
        (r["subname"].get<std::string>().empty() ? "" : r["subname"].get<std::string>() + ".") +
        "example.dedyn.io.";
    rrsets[r["subname"].get<std::string>() + "/" + r["type"].get<std::string>()] = stored;
    res.set_content(Json::array({stored}).dump(), "application/json");
  }

  ddnsguard::testing::FakeHttp m_http;  // last: stops before the state goes
};

class DesecTest : public ::testing::Test {
 protected:
  ProviderPtr make(Json extra = Json::object()) {
    Json settings = {{"token", k_token}, {"endpoint", m_fake.endpoint()}};
    settings.update(extra);
    return testing::parse_provider(&DesecProvider::parse, "desec", settings);
  }
  FakeDesec m_fake;
};

TEST_F(DesecTest, CreatesReadsBackAndReplacesASubnameAndTheApex) {
  auto p = make();
  for (const char* name : {"home.example.dedyn.io", "example.dedyn.io"}) {
    testing::expect_created_then_changed(*p, {name, Family::ipv4, 3600}, "203.0.113.10",
                                         "203.0.113.11");
  }
  std::lock_guard lock(m_fake.mutex);
  EXPECT_EQ(m_fake.rrsets.at("home/A")["records"], Json::array({"203.0.113.11"}));
  EXPECT_EQ(m_fake.rrsets.at("/A")["subname"], "");
  EXPECT_NE(std::find(m_fake.calls.begin(), m_fake.calls.end(),
                      "GET /api/v1/domains/example.dedyn.io/rrsets/@/A/"),
            m_fake.calls.end())
      << "the apex is @ in a path";
  auto asked = std::count(m_fake.calls.begin(), m_fake.calls.end(),
                          "GET /api/v1/domains/?owns_qname=home.example.dedyn.io");
  EXPECT_EQ(asked, 1) << "the domain is asked once, then remembered";
}

TEST_F(DesecTest, AConfiguredDomainIsNotAskedForAndMustHoldTheName) {
  auto p = make({{"domain", "Example.Dedyn.IO"}});
  ASSERT_TRUE(p->update({"nas.example.dedyn.io", Family::ipv6, 3600}, addr("2001:db8::5")).value);
  {
    std::lock_guard lock(m_fake.mutex);
    for (const auto& c : m_fake.calls)
      EXPECT_EQ(c.find("owns_qname"), std::string::npos) << c;
  }
  auto other = p->read({"home.example.org", Family::ipv4, 3600});
  ASSERT_FALSE(other.value);
  EXPECT_EQ(other.value.error().cls, ErrorClass::config);
}

TEST_F(DesecTest, FailuresHaveTheirClassAndDeSecsReason) {
  auto p = make();
  auto low = p->update({"home.example.dedyn.io", Family::ipv4, 60}, addr("203.0.113.10"));
  ASSERT_FALSE(low.value);
  EXPECT_EQ(low.value.error().cls, ErrorClass::config);
  EXPECT_NE(
      low.value.error().message.find("ttl: Ensure this value is greater than or equal to 3600"),
      std::string::npos)
      << low.value.error().message;
  auto unknown = p->read({"home.example.org", Family::ipv4, 3600});
  ASSERT_FALSE(unknown.value);
  EXPECT_EQ(unknown.value.error().cls, ErrorClass::config);
  {
    std::lock_guard lock(m_fake.mutex);
    m_fake.throttle = 1;
  }
  auto slow = p->read({"home.example.dedyn.io", Family::ipv4, 3600});
  ASSERT_FALSE(slow.value);
  EXPECT_EQ(slow.value.error().cls, ErrorClass::rate_limited);
  EXPECT_EQ(slow.value.error().retry_after, std::chrono::seconds{17});
  auto bad = testing::parse_provider(&DesecProvider::parse, "desec",
                                     {{"token", "wrong-token"}, {"endpoint", m_fake.endpoint()}});
  auto refused = bad->read({"home.example.dedyn.io", Family::ipv4, 3600});
  ASSERT_FALSE(refused.value);
  EXPECT_EQ(refused.value.error().cls, ErrorClass::auth);
  EXPECT_EQ(refused.value.error().message.find("wrong-token"), std::string::npos);
}

TEST_F(DesecTest, ItNeedsAToken) {
  std::vector<std::string> problems;
  EXPECT_FALSE(testing::parse_provider(&DesecProvider::parse, "desec", {{"domain", "x.dedyn.io"}},
                                       &problems));
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0], "providers.desec.token: is required (or token_file)");
}

}  // namespace
}  // namespace ddnsguard::providers
