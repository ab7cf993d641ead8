// The Hetzner provider against a fake Cloud API (zones and RRsets) on loopback that checks
// the token, the paths and the bodies as the API does: zones asked by name, "@" for the
// apex, create versus set_records and change_ttl actions, error envelopes.

#include "providers/dns/provider_hetzner.hpp"

#include <map>
#include <mutex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/providers/provider_test_support.hpp"
#include "tests/support/fake_http.hpp"

namespace ddnsguard::providers {
namespace {

using Json = nlohmann::json;

const std::string k_token = "hcloud-token-MARKER-77";

Address addr(const char* text) {
  return *Address::parse(text);
}

Json action(const std::string& command, const std::string& status = "running") {
  return {{"action", {{"id", 1}, {"command", command}, {"status", status}, {"error", nullptr}}}};
}

class FakeHetzner {
 public:
  FakeHetzner() {
    auto& s = m_http.server();
    s.Get("/v1/zones", [this](const auto& req, auto& res) {
      if (!admit(req, res)) return;
      Json zones = Json::array();
      if (req.get_param_value("name") == "example.com")
        zones.push_back({{"id", 42}, {"name", "example.com"}, {"mode", "primary"}});
      res.set_content(Json{{"zones", zones}}.dump(), "application/json");
    });
    s.Get(R"(/v1/zones/([^/]+)/rrsets/([^/]+)/([A-Z]+))", [this](const auto& req, auto& res) {
      if (!admit(req, res)) return;
      std::lock_guard lock(mutex);
      auto it = rrsets.find(key(req));
      if (it == rrsets.end()) return error(res, 404, "not_found", "rrset not found");
      res.set_content(Json{{"rrset", it->second}}.dump(), "application/json");
    });
    s.Post(R"(/v1/zones/([^/]+)/rrsets)", [this](const auto& req, auto& res) { create(req, res); });
    s.Post(R"(/v1/zones/([^/]+)/rrsets/([^/]+)/([A-Z]+)/actions/([a-z_]+))",
           [this](const auto& req, auto& res) { act(req, res); });
    m_http.start();
  }
  std::string endpoint() const { return m_http.url("/v1"); }

  std::mutex mutex;
  std::map<std::string, Json> rrsets;  // "name/type" -> rrset
  std::vector<std::string> calls;
  std::string fail_actions;  // actions answered with status "error"

 private:
  static std::string key(const httplib::Request& req) {
    return std::string(req.matches[2]) + "/" + std::string(req.matches[3]);
  }
  static void error(httplib::Response& res, int status, const std::string& code,
                    const std::string& message) {
    res.status = status;
    res.set_content(Json{{"error", {{"code", code}, {"message", message}}}}.dump(),
                    "application/json");
  }
  bool admit(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    calls.push_back(req.method + " " + req.path);
    if (req.get_header_value("Authorization") == "Bearer " + k_token) return true;
    error(res, 401, "unauthorized", "unable to authenticate");
    return false;
  }
  void create(const httplib::Request& req, httplib::Response& res) {
    if (!admit(req, res)) return;
    auto b = Json::parse(req.body, nullptr, false);
    if (req.matches[1] != "example.com") return error(res, 404, "not_found", "zone not found");
    if (!b.is_object() || !b["name"].is_string() || !b["records"].is_array() ||
        !b["ttl"].is_number_integer() || b["ttl"].get<int>() < 60)
      return error(res, 422, "invalid_input", "invalid input in field 'ttl'");
    std::lock_guard lock(mutex);
    auto k = b["name"].get<std::string>() + "/" + b["type"].get<std::string>();
    if (rrsets.contains(k)) return error(res, 409, "uniqueness_error", "rrset already exists");
    rrsets[k] = {
        {"name", b["name"]}, {"type", b["type"]}, {"ttl", b["ttl"]}, {"records", b["records"]}};
    res.status = 201;
    auto out = action("create_rrset");
    out["rrset"] = rrsets[k];
    res.set_content(out.dump(), "application/json");
  }
  void act(const httplib::Request& req, httplib::Response& res) {
    if (!admit(req, res)) return;
    std::string command = req.matches[4];
    auto b = Json::parse(req.body, nullptr, false);
    std::lock_guard lock(mutex);
    auto it = rrsets.find(key(req));
    if (it == rrsets.end()) return error(res, 404, "not_found", "rrset not found");
    if (command == "set_records" && b["records"].is_array())
      it->second["records"] = b["records"];
    else if (command == "change_ttl" && b["ttl"].is_number_integer())
      it->second["ttl"] = b["ttl"];
    else
      return error(res, 422, "invalid_input", "bad action body");
    res.status = 201;
    res.set_content(action(command, fail_actions == command ? "error" : "running").dump(),
                    "application/json");
  }

  ddnsguard::testing::FakeHttp m_http;  // last: stops before the state goes
};

class HetznerTest : public ::testing::Test {
 protected:
  ProviderPtr make(Json extra = Json::object()) {
    Json settings = {{"token", k_token}, {"endpoint", m_fake.endpoint()}};
    settings.update(extra);
    return testing::parse_provider(&HetznerProvider::parse, "hz", settings);
  }
  FakeHetzner m_fake;
};

TEST_F(HetznerTest, CreatesThenSetsRecordsAndTheTtl) {
  auto p = make();
  Record rec{"home.example.com", Family::ipv4, 300};
  auto before = p->read(rec);
  ASSERT_TRUE(before.value) << before.value.error().message;
  EXPECT_FALSE(*before.value);
  ASSERT_TRUE(p->update(rec, addr("203.0.113.10")).value);
  ASSERT_TRUE(p->update({"home.example.com", Family::ipv4, 120}, addr("203.0.113.11")).value);
  auto after = p->read(rec);
  ASSERT_TRUE(after.value && *after.value);
  EXPECT_EQ(**after.value, addr("203.0.113.11"));
  ASSERT_TRUE(p->update({"example.com", Family::ipv6, 300}, addr("2001:db8::9")).value);
  std::lock_guard lock(m_fake.mutex);
  EXPECT_EQ(m_fake.rrsets.at("home/A")["ttl"], 120);
  EXPECT_EQ(m_fake.rrsets.at("home/A")["records"], (Json{{{"value", "203.0.113.11"}}}));
  EXPECT_TRUE(m_fake.rrsets.contains("@/AAAA")) << "the apex is @";
  auto count = [&](const std::string& call) {
    return std::count(m_fake.calls.begin(), m_fake.calls.end(), call);
  };
  EXPECT_EQ(count("POST /v1/zones/example.com/rrsets/home/A/actions/set_records"), 1);
  EXPECT_EQ(count("POST /v1/zones/example.com/rrsets/home/A/actions/change_ttl"), 1);
  EXPECT_EQ(count("GET /v1/zones"), 3) << "home.example.com, then example.com; then example.com";
}

TEST_F(HetznerTest, FailuresHaveTheirClassAndHetznersReason) {
  auto p = make({{"zone", "example.com"}});
  auto low = p->update({"home.example.com", Family::ipv4, 30}, addr("203.0.113.1"));
  ASSERT_FALSE(low.value);
  EXPECT_EQ(low.value.error().cls, ErrorClass::config);
  EXPECT_NE(low.value.error().message.find("invalid_input"), std::string::npos);
  ASSERT_TRUE(p->update({"home.example.com", Family::ipv4, 300}, addr("203.0.113.1")).value);
  {
    std::lock_guard lock(m_fake.mutex);
    m_fake.fail_actions = "set_records";
  }
  auto failed = p->update({"home.example.com", Family::ipv4, 300}, addr("203.0.113.2"));
  ASSERT_FALSE(failed.value);
  EXPECT_EQ(failed.value.error().cls, ErrorClass::invalid_response);
  auto unknown = make()->read({"home.example.org", Family::ipv4, 300});
  ASSERT_FALSE(unknown.value);
  EXPECT_EQ(unknown.value.error().cls, ErrorClass::config);
  auto bad = testing::parse_provider(&HetznerProvider::parse, "hz",
                                     {{"token", "wrong"}, {"endpoint", m_fake.endpoint()}});
  auto refused = bad->read({"home.example.com", Family::ipv4, 300});
  ASSERT_FALSE(refused.value);
  EXPECT_EQ(refused.value.error().cls, ErrorClass::auth);
  EXPECT_NE(refused.value.error().message.find("unauthorized"), std::string::npos);
}

}  // namespace
}  // namespace ddnsguard::providers
