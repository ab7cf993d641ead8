// The DigitalOcean provider against a fake API v2 on loopback that checks the token, the
// filters and the bodies as the API does: the domain found among the name's parents, the
// list filtered by type and fully qualified name, POST to create, PATCH to change.

#include "providers/dns/provider_digitalocean.hpp"

#include <map>
#include <mutex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/providers/provider_test_support.hpp"
#include "tests/support/fake_http.hpp"

namespace ddnsguard::providers {
namespace {

using Json = nlohmann::json;

const std::string k_token = "dop_v1_MARKER_0123";

Address addr(const char* text) {
  return *Address::parse(text);
}

class FakeDigitalOcean {
 public:
  FakeDigitalOcean() {
    auto& s = m_http.server();
    s.Get(R"(/v2/domains/([^/]+))", [this](const auto& req, auto& res) {
      if (!admit(req, res)) return;
      if (req.matches[1] != "example.com") return error(res, 404, "not_found");
      res.set_content(R"({"domain": {"name": "example.com", "ttl": 1800}})", "application/json");
    });
    s.Get(R"(/v2/domains/example.com/records)",
          [this](const auto& req, auto& res) { list(req, res); });
    s.Post(R"(/v2/domains/example.com/records)",
           [this](const auto& req, auto& res) { create(req, res); });
    s.Patch(R"(/v2/domains/example.com/records/(\d+))",
            [this](const auto& req, auto& res) { patch(req, res); });
    m_http.start();
  }
  std::string endpoint() const { return m_http.url("/v2"); }

  std::mutex mutex;
  std::map<std::int64_t, Json> records;
  std::vector<std::string> calls;
  std::int64_t next_id = 1000;

 private:
  static void error(httplib::Response& res, int status, const std::string& id) {
    res.status = status;
    res.set_content(
        Json{{"id", id}, {"message", "The resource you were accessing could not be found."}}.dump(),
        "application/json");
  }
  bool admit(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    calls.push_back(req.method + " " + req.path);
    if (req.get_header_value("Authorization") == "Bearer " + k_token) return true;
    res.status = 401;
    res.set_content(R"({"id": "Unauthorized", "message": "Unable to authenticate you"})",
                    "application/json");
    return false;
  }
  void list(const httplib::Request& req, httplib::Response& res) {
    if (!admit(req, res)) return;
    auto name = req.get_param_value("name");  // fully qualified, as the API wants it
    auto host =
        name == "example.com" ? std::string("@") : name.substr(0, name.find(".example.com"));
    Json out = Json::array();
    std::lock_guard lock(mutex);
    for (const auto& [id, r] : records) {
      if (r["type"] == req.get_param_value("type") && r["name"] == host) out.push_back(r);
    }
    res.set_content(Json{{"domain_records", out}, {"meta", {{"total", out.size()}}}}.dump(),
                    "application/json");
  }
  void create(const httplib::Request& req, httplib::Response& res) {
    if (!admit(req, res)) return;
    auto b = Json::parse(req.body, nullptr, false);
    if (!b.is_object() || !b["name"].is_string() || !b["data"].is_string() ||
        b["name"].get<std::string>().find('.') != std::string::npos)
      return error(res, 422, "unprocessable_entity");
    std::lock_guard lock(mutex);
    auto id = next_id++;
    records[id] = {{"id", id},
                   {"type", b["type"]},
                   {"name", b["name"]},
                   {"data", b["data"]},
                   {"ttl", b["ttl"]}};
    res.status = 201;
    res.set_content(Json{{"domain_record", records[id]}}.dump(), "application/json");
  }
  void patch(const httplib::Request& req, httplib::Response& res) {
    if (!admit(req, res)) return;
    auto b = Json::parse(req.body, nullptr, false);
    std::lock_guard lock(mutex);
    auto it = records.find(std::stoll(req.matches[1]));
    if (it == records.end()) return error(res, 404, "not_found");
    if (!b.is_object() || b.value("type", "") != it->second["type"])  // required by the API
      return error(res, 422, "unprocessable_entity");
    for (const auto& [k, v] : b.items())
      it->second[k] = v;
    res.set_content(Json{{"domain_record", it->second}}.dump(), "application/json");
  }

  ddnsguard::testing::FakeHttp m_http;  // last: stops before the state goes
};

class DigitalOceanTest : public ::testing::Test {
 protected:
  ProviderPtr make(Json extra = Json::object()) {
    Json settings = {{"token", k_token}, {"endpoint", m_fake.endpoint()}};
    settings.update(extra);
    return testing::parse_provider(&DigitalOceanProvider::parse, "do", settings);
  }
  FakeDigitalOcean m_fake;
};

TEST_F(DigitalOceanTest, CreatesAMissingRecordThenPatchesIt) {
  auto p = make();
  for (const char* name : {"home.example.com", "example.com"}) {
    testing::expect_created_then_changed(*p, {name, Family::ipv4, 60}, "203.0.113.10",
                                         "203.0.113.11");
  }
  std::lock_guard lock(m_fake.mutex);
  ASSERT_EQ(m_fake.records.size(), 2u);
  EXPECT_EQ(m_fake.records.at(1000)["name"], "home");
  EXPECT_EQ(m_fake.records.at(1001)["name"], "@");
  EXPECT_EQ(std::count(m_fake.calls.begin(), m_fake.calls.end(),
                       "PATCH /v2/domains/example.com/records/1000"),
            1);
}

TEST_F(DigitalOceanTest, SeveralRecordsOfTheNameAreAConfigError) {
  {
    std::lock_guard lock(m_fake.mutex);
    for (std::int64_t id : {1, 2})
      m_fake.records[id] = {
          {"id", id}, {"type", "A"}, {"name", "home"}, {"data", "203.0.113.1"}, {"ttl", 60}};
  }
  auto p = make({{"domain", "example.com"}});
  auto up = p->update({"home.example.com", Family::ipv4, 60}, addr("203.0.113.2"));
  ASSERT_FALSE(up.value);
  EXPECT_EQ(up.value.error().cls, ErrorClass::config);
}

TEST_F(DigitalOceanTest, FailuresHaveTheirClass) {
  auto low = make()->update({"home.example.com", Family::ipv4, 10}, addr("203.0.113.1"));
  ASSERT_FALSE(low.value);
  EXPECT_EQ(low.value.error().cls, ErrorClass::config);
  auto unknown = make()->read({"home.example.org", Family::ipv4, 60});
  ASSERT_FALSE(unknown.value);
  EXPECT_EQ(unknown.value.error().cls, ErrorClass::config);
  auto bad = testing::parse_provider(&DigitalOceanProvider::parse, "do",
                                     {{"token", "wrong"}, {"endpoint", m_fake.endpoint()}});
  auto refused = bad->read({"home.example.com", Family::ipv4, 60});
  ASSERT_FALSE(refused.value);
  EXPECT_EQ(refused.value.error().cls, ErrorClass::auth);
  EXPECT_NE(refused.value.error().message.find("Unable to authenticate"), std::string::npos);
}

}  // namespace
}  // namespace ddnsguard::providers
