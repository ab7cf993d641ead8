// The Gandi LiveDNS provider against a fake API v5 on loopback that checks the token, the
// paths and the bodies as LiveDNS does: the domain found among the name's parents, "@"
// for the apex, PUT creating or replacing the RRset, the TTL minimum.

#include "providers/dns/provider_gandi.hpp"

#include <map>
#include <mutex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/providers/provider_test_support.hpp"
#include "tests/support/fake_http.hpp"

namespace ddnsguard::providers {
namespace {

using Json = nlohmann::json;

const std::string k_token = "gandi-pat-MARKER-2024";

Address addr(const char* text) {
  return *Address::parse(text);
}

class FakeGandi {
 public:
  FakeGandi() {
    auto& s = m_http.server();
    s.Get(R"(/v5/livedns/domains/([^/]+))", [this](const auto& req, auto& res) {
      if (!admit(req, res)) return;
      if (req.matches[1] != "example.com") return not_found(res);
      res.set_content(R"({"fqdn": "example.com", "automatic_snapshots": true})",
                      "application/json");
    });
    s.Get(R"(/v5/livedns/domains/([^/]+)/records/([^/]+)/([A-Z]+))",
          [this](const auto& req, auto& res) { read(req, res); });
    s.Put(R"(/v5/livedns/domains/([^/]+)/records/([^/]+)/([A-Z]+))",
          [this](const auto& req, auto& res) { write(req, res); });
    m_http.start();
  }
  std::string endpoint() const { return m_http.url("/v5/livedns"); }

  std::mutex mutex;
  std::map<std::string, Json> rrsets;  // "name/type" -> rrset
  std::vector<std::string> calls;

 private:
  static void not_found(httplib::Response& res) {
    res.status = 404;
    res.set_content(
        R"({"code": 404, "message": "The resource could not be found.", "object": "HTTPNotFound", "cause": "Not Found"})",
        "application/json");
  }
  bool admit(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    calls.push_back(req.method + " " + req.path);
    if (req.get_header_value("Authorization") == "Bearer " + k_token) return true;
    res.status = 401;
    res.set_content(
        R"({"code": 401, "message": "The server could not verify that you authenticated to access the requested resource.", "object": "HTTPUnauthorized", "cause": "Unauthorized"})",
        "application/json");
    return false;
  }
  void read(const httplib::Request& req, httplib::Response& res) {
    if (!admit(req, res)) return;
    std::lock_guard lock(mutex);
    auto it = rrsets.find(std::string(req.matches[2]) + "/" + std::string(req.matches[3]));
    if (req.matches[1] != "example.com" || it == rrsets.end()) return not_found(res);
    res.set_content(it->second.dump(), "application/json");
  }
  void write(const httplib::Request& req, httplib::Response& res) {
    if (!admit(req, res)) return;
    auto b = Json::parse(req.body, nullptr, false);
    if (req.matches[1] != "example.com") return not_found(res);
    if (!b.is_object() || !b["rrset_values"].is_array() || !b["rrset_ttl"].is_number_integer() ||
        b["rrset_ttl"].get<int>() < 300) {
      res.status = 400;
      res.set_content(
          R"({"code": 400, "message": "Bad Request", "object": "HTTPBadRequest", "cause": "Bad Request", "errors": [{"location": "body", "name": "rrset_ttl", "description": "rrset_ttl: must be at least 300"}]})",
          "application/json");
      return;
    }
    std::lock_guard lock(mutex);
    rrsets[std::string(req.matches[2]) + "/" + std::string(req.matches[3])] = {
        {"rrset_name", req.matches[2]},
        {"rrset_type", req.matches[3]},
        {"rrset_ttl", b["rrset_ttl"]},
        {"rrset_values", b["rrset_values"]}};
    res.status = 201;
    res.set_content(R"({"message": "DNS Record Created"})", "application/json");
  }

  ddnsguard::testing::FakeHttp m_http;  // last: stops before the state goes
};

class GandiTest : public ::testing::Test {
 protected:
  ProviderPtr make(Json extra = Json::object()) {
    Json settings = {{"token", k_token}, {"endpoint", m_fake.endpoint()}};
    settings.update(extra);
    return testing::parse_provider(&GandiProvider::parse, "gandi", settings);
  }
  FakeGandi m_fake;
};

TEST_F(GandiTest, FindsTheDomainCreatesReadsBackAndReplaces) {
  auto p = make();
  for (const char* name : {"home.lab.example.com", "example.com"}) {
    testing::expect_created_then_changed(*p, {name, Family::ipv6, 300}, "2001:db8::1",
                                         "2001:db8::2");
  }
  std::lock_guard lock(m_fake.mutex);
  EXPECT_EQ(m_fake.rrsets.at("home.lab/AAAA")["rrset_values"], Json::array({"2001:db8::2"}));
  EXPECT_TRUE(m_fake.rrsets.contains("@/AAAA")) << "the apex is @";
  std::vector<std::string> asked;
  for (const auto& c : m_fake.calls) {
    if (c.find("/records/") == std::string::npos) asked.push_back(c);
  }
  EXPECT_EQ(asked, (std::vector<std::string>{"GET /v5/livedns/domains/home.lab.example.com",
                                             "GET /v5/livedns/domains/lab.example.com",
                                             "GET /v5/livedns/domains/example.com",
                                             "GET /v5/livedns/domains/example.com"}))
      << "longest match first; each record's domain asked once";
}

TEST_F(GandiTest, FailuresHaveTheirClassAndGandisReason) {
  auto p = make({{"domain", "example.com"}});
  auto low = p->update({"home.example.com", Family::ipv4, 60}, addr("203.0.113.1"));
  ASSERT_FALSE(low.value);
  EXPECT_EQ(low.value.error().cls, ErrorClass::config);
  auto outside = p->read({"home.example.org", Family::ipv4, 300});
  ASSERT_FALSE(outside.value);
  EXPECT_EQ(outside.value.error().cls, ErrorClass::config);
  auto unknown = make()->read({"home.example.org", Family::ipv4, 300});
  ASSERT_FALSE(unknown.value);
  EXPECT_EQ(unknown.value.error().cls, ErrorClass::config);
  auto bad = testing::parse_provider(&GandiProvider::parse, "gandi",
                                     {{"token", "wrong-pat"}, {"endpoint", m_fake.endpoint()}});
  auto refused = bad->read({"home.example.com", Family::ipv4, 300});
  ASSERT_FALSE(refused.value);
  EXPECT_EQ(refused.value.error().cls, ErrorClass::auth);
  EXPECT_NE(refused.value.error().message.find("could not verify"), std::string::npos)
      << refused.value.error().message;
}

TEST_F(GandiTest, ItNeedsAToken) {
  std::vector<std::string> problems;
  EXPECT_FALSE(testing::parse_provider(&GandiProvider::parse, "gandi", Json::object(), &problems));
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0], "providers.gandi.token: is required (or token_file)");
}

}  // namespace
}  // namespace ddnsguard::providers
