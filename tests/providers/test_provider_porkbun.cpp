// The Porkbun provider against a fake API v3 on loopback that checks both keys in every
// body, the paths and the fields as Porkbun does: retrieve, create and edit by name and
// type, "" for the apex, the TTL minimum, errors as {"status": "ERROR"}.

#include "providers/dns/provider_porkbun.hpp"

#include <map>
#include <mutex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/providers/provider_test_support.hpp"
#include "tests/support/fake_http.hpp"

namespace ddnsguard::providers {
namespace {

using Json = nlohmann::json;

const std::string k_key = "pk1_MARKER_key";
const std::string k_secret = "sk1_MARKER_secret";

Address addr(const char* text) {
  return *Address::parse(text);
}

class FakePorkbun {
 public:
  FakePorkbun() {
    auto& s = m_http.server();
    s.Post(R"(/api/json/v3/dns/retrieveByNameType/([^/]+)/([A-Z]+)/?([^/]*))",
           [this](const auto& req, auto& res) { retrieve(req, res); });
    s.Post(R"(/api/json/v3/dns/create/([^/]+))",
           [this](const auto& req, auto& res) { create(req, res); });
    s.Post(R"(/api/json/v3/dns/editByNameType/([^/]+)/([A-Z]+)/?([^/]*))",
           [this](const auto& req, auto& res) { edit(req, res); });
    m_http.start();
  }
  std::string endpoint() const { return m_http.url("/api/json/v3"); }

  std::mutex mutex;
  std::map<std::string, Json> records;  // "sub/type" -> record
  std::vector<std::string> calls;
  std::string canned_error;  // answered (HTTP 200, status ERROR) instead of the API

 private:
  static void error(httplib::Response& res, int status, const std::string& message) {
    res.status = status;
    res.set_content(Json{{"status", "ERROR"}, {"message", message}}.dump(), "application/json");
  }
  // Checks the keys; the body, or null when already answered.
  Json admit(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    calls.push_back(req.path);
    if (!canned_error.empty()) {
      res.set_content(Json{{"status", "ERROR"}, {"message", canned_error}}.dump(),
                      "application/json");
      return nullptr;
    }
    auto b = Json::parse(req.body, nullptr, false);
    if (!b.is_object() || b.value("apikey", "") != k_key ||
        b.value("secretapikey", "") != k_secret) {
      error(res, 400, "Invalid API key. (002)");
      return nullptr;
    }
    if (req.matches[1] != "example.com") {
      error(res, 400, "Invalid domain.");
      return nullptr;
    }
    return b;
  }
  static std::string fqdn(const std::string& sub) {
    return sub.empty() ? "example.com" : sub + ".example.com";
  }
  void retrieve(const httplib::Request& req, httplib::Response& res) {
    if (admit(req, res).is_null()) return;
    std::lock_guard lock(mutex);
    Json out = Json::array();
    if (auto it = records.find(std::string(req.matches[3]) + "/" + std::string(req.matches[2]));
        it != records.end())
      out.push_back(it->second);
    res.set_content(Json{{"status", "SUCCESS"}, {"records", out}}.dump(), "application/json");
  }
  void create(const httplib::Request& req, httplib::Response& res) {
    auto b = admit(req, res);
    if (b.is_null()) return;
    if (!b["ttl"].is_string() || std::stoi(b["ttl"].get<std::string>()) < 600)
      return error(res, 400, "The TTL must be at least 600 seconds.");
    std::lock_guard lock(mutex);
    auto sub = b.value("name", "");
    records[sub + "/" + b.value("type", "")] = {{"id", "1"},
                                                {"name", fqdn(sub)},
                                                {"type", b["type"]},
                                                {"content", b["content"]},
                                                {"ttl", b["ttl"]}};
    res.set_content(R"({"status": "SUCCESS", "id": 106926659})", "application/json");
  }
  void edit(const httplib::Request& req, httplib::Response& res) {
    auto b = admit(req, res);
    if (b.is_null()) return;
    std::lock_guard lock(mutex);
    auto it = records.find(std::string(req.matches[3]) + "/" + std::string(req.matches[2]));
    if (it == records.end())
      return error(res, 400, "Edit error: We were unable to edit the DNS record.");
    it->second["content"] = b["content"];
    it->second["ttl"] = b["ttl"];
    res.set_content(R"({"status": "SUCCESS"})", "application/json");
  }

  ddnsguard::testing::FakeHttp m_http;  // last: stops before the state goes
};

class PorkbunTest : public ::testing::Test {
 protected:
  ProviderPtr make(Json extra = Json::object()) {
    Json settings = {
        {"api_key", k_key}, {"secret_api_key", k_secret}, {"endpoint", m_fake.endpoint()}};
    settings.update(extra);
    return testing::parse_provider(&PorkbunProvider::parse, "pb", settings);
  }
  FakePorkbun m_fake;
};

TEST_F(PorkbunTest, CreatesThenEditsASubdomainAndTheApex) {
  auto p = make();
  for (const char* name : {"home.example.com", "example.com"}) {
    testing::expect_created_then_changed(*p, {name, Family::ipv4, 600}, "203.0.113.10",
                                         "203.0.113.11");
  }
  std::lock_guard lock(m_fake.mutex);
  EXPECT_EQ(m_fake.records.at("home/A")["content"], "203.0.113.11");
  EXPECT_EQ(m_fake.records.at("/A")["name"], "example.com");
  EXPECT_EQ(std::count(m_fake.calls.begin(), m_fake.calls.end(),
                       "/api/json/v3/dns/editByNameType/example.com/A/home"),
            1);
}

TEST_F(PorkbunTest, FailuresHaveTheirClassAndPorkbunsReason) {
  auto low = make()->update({"home.example.com", Family::ipv4, 60}, addr("203.0.113.1"));
  ASSERT_FALSE(low.value);
  EXPECT_EQ(low.value.error().cls, ErrorClass::config);
  auto other = make()->read({"home.example.org", Family::ipv4, 600});
  ASSERT_FALSE(other.value);
  EXPECT_EQ(other.value.error().cls, ErrorClass::config);
  EXPECT_NE(other.value.error().message.find("Invalid domain."), std::string::npos);
  auto bad = testing::parse_provider(
      &PorkbunProvider::parse, "pb",
      {{"api_key", k_key}, {"secret_api_key", "sk1_wrong"}, {"endpoint", m_fake.endpoint()}});
  auto refused = bad->read({"home.example.com", Family::ipv4, 600});
  ASSERT_FALSE(refused.value);
  EXPECT_EQ(refused.value.error().cls, ErrorClass::auth);
  EXPECT_EQ(refused.value.error().message.find("sk1_wrong"), std::string::npos);
}

TEST_F(PorkbunTest, WhatPorkbunDoesNotNameIsRetriedNotStopped) {
  {
    std::lock_guard lock(m_fake.mutex);
    m_fake.canned_error = "Something odd happened.";
  }
  auto r = make()->read({"home.example.com", Family::ipv4, 600});
  ASSERT_FALSE(r.value);
  EXPECT_EQ(r.value.error().cls, ErrorClass::invalid_response);
  EXPECT_NE(r.value.error().message.find("Something odd happened."), std::string::npos);
}

TEST_F(PorkbunTest, ItNeedsBothKeys) {
  std::vector<std::string> problems;
  EXPECT_FALSE(
      testing::parse_provider(&PorkbunProvider::parse, "pb", {{"api_key", k_key}}, &problems));
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0], "providers.pb.secret_api_key: is required (or secret_api_key_file)");
}

}  // namespace
}  // namespace ddnsguard::providers
