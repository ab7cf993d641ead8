// The Cloudflare provider against a fake API v4 on loopback that checks the token, the
// paths, the filters and the bodies as the real API would (reference/providers.md §1).

#include "providers/dns/provider_cloudflare.hpp"

#include <map>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/providers/provider_test_support.hpp"
#include "tests/support/fake_http.hpp"

namespace ddnsguard::providers {
namespace {

using namespace std::chrono_literals;
using Json = nlohmann::json;

const std::string k_token = "cf-token-MARKER-0123456789";
const std::string k_zone_id = "023e105f4ecef8ad9ca31a8372d0c353";

Address addr(const char* text) {
  return *Address::parse(text);
}

Json envelope(const Json& result) {
  return {{"success", true},
          {"errors", Json::array()},
          {"messages", Json::array()},
          {"result", result}};
}

Json error_body(long code, const std::string& message) {
  return {{"success", false},
          {"errors", {{{"code", code}, {"message", message}}}},
          {"messages", Json::array()},
          {"result", nullptr}};
}

class FakeCloudflare {
 public:
  struct Canned {
    int status;
    std::string body;
    std::string retry_after;
  };

  FakeCloudflare() {
    auto& s = m_http.server();
    s.Get("/client/v4/zones", [this](const auto& req, auto& res) { zones(req, res); });
    s.Get(R"(/client/v4/zones/([^/]+)/dns_records)",
          [this](const auto& req, auto& res) { list(req, res); });
    s.Post(R"(/client/v4/zones/([^/]+)/dns_records)",
           [this](const auto& req, auto& res) { create(req, res); });
    s.Patch(R"(/client/v4/zones/([^/]+)/dns_records/([^/]+))",
            [this](const auto& req, auto& res) { patch(req, res); });
    m_http.start();
  }
  std::string endpoint() const { return m_http.url("/client/v4"); }

  std::mutex mutex;
  std::map<std::string, Json> records;  // id -> record object
  std::vector<std::string> calls;       // "GET /client/v4/zones?name=..."
  std::vector<Json> bodies;             // POST/PATCH bodies
  std::optional<Canned> canned;         // answers the next call instead of the API
  bool vanish_on_patch = false;         // someone deletes the record just before a PATCH
  bool ignore_patch = false;            // answers success but keeps the old content
  std::chrono::milliseconds delay{0};   // answers this late

 private:
  // The common checks of every call; false when already answered.
  bool admit(const httplib::Request& req, httplib::Response& res) {
    std::chrono::milliseconds wait;
    {
      std::lock_guard lock(mutex);
      wait = delay;
    }
    std::this_thread::sleep_for(wait);
    std::lock_guard lock(mutex);
    std::string query;
    for (const auto& [k, v] : req.params) {
      query += query.empty() ? '?' : '&';
      query += k + "=" + v;
    }
    calls.push_back(req.method + " " + req.path + query);
    if (!req.body.empty()) bodies.push_back(Json::parse(req.body, nullptr, false));
    if (canned) {
      res.status = canned->status;
      if (!canned->retry_after.empty()) res.set_header("Retry-After", canned->retry_after);
      res.set_content(canned->body, "application/json");
      canned.reset();
      return false;
    }
    if (req.get_header_value("Authorization") != "Bearer " + k_token) {
      res.status = 403;
      res.set_content(error_body(9109, "Invalid access token").dump(), "application/json");
      return false;
    }
    if (req.matches.size() > 1 && req.matches[1] != k_zone_id) {
      res.status = 400;
      res.set_content(error_body(7003, "Could not route").dump(), "application/json");
      return false;
    }
    return true;
  }
  void answer(httplib::Response& res, const Json& result, int status = 200) {
    res.status = status;
    res.set_content(envelope(result).dump(), "application/json");
  }
  void zones(const httplib::Request& req, httplib::Response& res) {
    if (!admit(req, res)) return;
    bool ours =
        req.get_param_value("name") == "example.com" && req.get_param_value("status") == "active";
    answer(res, ours ? Json::array({{{"id", k_zone_id}, {"name", "example.com"}}}) : Json::array());
  }
  void list(const httplib::Request& req, httplib::Response& res) {
    if (!admit(req, res)) return;
    std::lock_guard lock(mutex);
    Json out = Json::array();
    for (const auto& [id, r] : records) {
      if (r["type"] == req.get_param_value("type") && r["name"] == req.get_param_value("name"))
        out.push_back(r);
    }
    answer(res, out);
  }
  void create(const httplib::Request& req, httplib::Response& res) {
    if (!admit(req, res)) return;
    std::lock_guard lock(mutex);
    auto b = Json::parse(req.body, nullptr, false);
    if (!b.is_object() || !b.contains("type") || !b.contains("name") || !b.contains("content") ||
        req.get_header_value("Content-Type") != "application/json") {
      res.status = 400;
      res.set_content(error_body(1004, "DNS Validation Error").dump(), "application/json");
      return;
    }
    Json r = {{"id", "rec" + std::to_string(records.size() + 1)},
              {"zone_id", k_zone_id},
              {"name", b["name"]},
              {"type", b["type"]},
              {"content", b["content"]},
              {"ttl", b.value("ttl", 1)},
              {"proxied", b.value("proxied", false)},
              {"comment", b.value("comment", "")}};
    records[r["id"]] = r;
    answer(res, r);
  }
  void patch(const httplib::Request& req, httplib::Response& res) {
    if (!admit(req, res)) return;
    std::lock_guard lock(mutex);
    if (vanish_on_patch) {
      records.erase(req.matches[2]);
      vanish_on_patch = false;
    }
    auto it = records.find(req.matches[2]);
    if (it == records.end()) {
      res.status = 404;
      res.set_content(error_body(81044, "Record does not exist.").dump(), "application/json");
      return;
    }
    auto b = Json::parse(req.body, nullptr, false);
    if (!ignore_patch) {
      for (const auto& [k, v] : b.items())
        it->second[k] = v;
    }
    answer(res, it->second);
  }

  ddnsguard::testing::FakeHttp m_http;  // last: stops before the state goes
};

class CloudflareTest : public ::testing::Test {
 protected:
  ProviderPtr make(Json extra = Json::object(), std::chrono::milliseconds timeout = 2s) {
    Json settings = {{"api_token", k_token}, {"endpoint", m_fake.endpoint()}};
    settings.update(extra);
    return testing::parse_provider(&CloudflareProvider::parse, "cf", settings, nullptr,
                                   testing::test_deps(timeout));
  }
  void seed(const std::string& name, const std::string& type, const std::string& content,
            bool proxied) {
    std::lock_guard lock(m_fake.mutex);
    auto id = "seed" + std::to_string(m_fake.records.size() + 1);
    m_fake.records[id] = {{"id", id},           {"name", name}, {"type", type},
                          {"content", content}, {"ttl", 1},     {"proxied", proxied},
                          {"comment", "kept"}};
  }
  FakeCloudflare m_fake;
};

TEST_F(CloudflareTest, CreatesAMissingRecordAndReadsItBack) {
  auto p = make();
  Record rec{"home.example.com", Family::ipv4, 300};
  auto before = p->read(rec);
  ASSERT_TRUE(before.value) << before.value.error().message;
  EXPECT_FALSE(*before.value);
  auto up = p->update(rec, addr("203.0.113.10"));
  ASSERT_TRUE(up.value) << up.value.error().message;
  auto after = p->read(rec);
  ASSERT_TRUE(after.value && *after.value);
  EXPECT_EQ(**after.value, addr("203.0.113.10"));
  std::lock_guard lock(m_fake.mutex);
  ASSERT_EQ(m_fake.bodies.size(), 1u);
  EXPECT_EQ(m_fake.bodies[0], (Json{{"type", "A"},
                                    {"name", "home.example.com"},
                                    {"content", "203.0.113.10"},
                                    {"ttl", 300},
                                    {"proxied", false}}));
}

TEST_F(CloudflareTest, PatchSendsOnlyContentAndTtlSoTheProxiedFlagStays) {
  seed("home.example.com", "AAAA", "2001:db8::1", true);
  auto p = make();
  Record rec{"home.example.com", Family::ipv6, 120};
  auto up = p->update(rec, addr("2001:db8::2"));
  ASSERT_TRUE(up.value) << up.value.error().message;
  std::lock_guard lock(m_fake.mutex);
  ASSERT_EQ(m_fake.bodies.size(), 1u);
  EXPECT_EQ(m_fake.bodies[0], (Json{{"content", "2001:db8::2"}, {"ttl", 120}}));
  const auto& r = m_fake.records.at("seed1");
  EXPECT_EQ(r["proxied"], true);
  EXPECT_EQ(r["comment"], "kept");
  EXPECT_EQ(r["content"], "2001:db8::2");
}

TEST_F(CloudflareTest, ConfiguredProxiedIsEnforcedWithAutomaticTtl) {
  seed("home.example.com", "A", "203.0.113.1", false);
  auto p = make({{"proxied", true}});
  auto up = p->update({"home.example.com", Family::ipv4, 300}, addr("203.0.113.2"));
  ASSERT_TRUE(up.value) << up.value.error().message;
  std::lock_guard lock(m_fake.mutex);
  EXPECT_EQ(m_fake.bodies.at(0), (Json{{"content", "203.0.113.2"}, {"ttl", 1}, {"proxied", true}}));
}

TEST_F(CloudflareTest, FindsTheZoneByLongestMatchOnceAndCachesIt) {
  auto p = make();
  Record rec{"a.b.Example.com", Family::ipv4, 300};
  ASSERT_TRUE(p->read(rec).value);
  ASSERT_TRUE(p->read(rec).value);
  std::lock_guard lock(m_fake.mutex);
  std::vector<std::string> zone_calls;
  for (const auto& c : m_fake.calls)
    if (c.rfind("GET /client/v4/zones?", 0) == 0) zone_calls.push_back(c);
  ASSERT_EQ(zone_calls.size(), 3u);
  EXPECT_NE(zone_calls[0].find("name=a.b.example.com"), std::string::npos) << zone_calls[0];
  EXPECT_NE(zone_calls[2].find("name=example.com"), std::string::npos) << zone_calls[2];
}

TEST_F(CloudflareTest, AZoneNobodyHoldsIsAConfigError) {
  auto p = make({{"zone", "example.org"}});
  auto r = p->read({"home.example.org", Family::ipv4, 300});
  ASSERT_FALSE(r.value);
  EXPECT_EQ(r.value.error().cls, ErrorClass::config);
  EXPECT_NE(r.value.error().message.find("home.example.org"), std::string::npos);
}

TEST_F(CloudflareTest, FailuresAreClassifiedAndNeverShowTheToken) {
  struct Case {
    const char* what;
    FakeCloudflare::Canned canned;
    ErrorClass want;
    std::optional<std::chrono::seconds> retry;
  };
  const Case cases[] = {
      {"429 with retry-after",
       {429, error_body(971, "Please wait").dump(), "120"},
       ErrorClass::rate_limited,
       120s},
      {"403 bad token",
       {403, error_body(9109, "Invalid access token").dump(), ""},
       ErrorClass::auth,
       std::nullopt},
      {"400 malformed header",
       {400,
        Json{{"success", false},
             {"errors",
              {{{"code", 6003},
                {"message", "Invalid request headers"},
                {"error_chain", {{{"code", 6111}, {"message", "Invalid format"}}}}}}}}
            .dump(),
        ""},
       ErrorClass::auth,
       std::nullopt},
      {"success false with HTTP 200",
       {200, error_body(10000, "Authentication error").dump(), ""},
       ErrorClass::auth,
       std::nullopt},
      {"validation error",
       {400, error_body(1004, "DNS Validation Error").dump(), ""},
       ErrorClass::config,
       std::nullopt},
      {"502 HTML page",
       {502, "<html><body>Bad gateway</body></html>", ""},
       ErrorClass::transient,
       std::nullopt},
      {"200 garbage", {200, "this is not json", ""}, ErrorClass::invalid_response, std::nullopt},
      {"200 envelope without result",
       {200, R"({"success": true, "errors": []})", ""},
       ErrorClass::invalid_response,
       std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto p = make({{"zone", "example.com"}});
    {
      std::lock_guard lock(m_fake.mutex);
      m_fake.canned = c.canned;
    }
    auto r = p->read({"home.example.com", Family::ipv4, 300});
    ASSERT_FALSE(r.value);
    EXPECT_EQ(r.value.error().cls, c.want) << r.value.error().message;
    EXPECT_EQ(r.value.error().retry_after, c.retry);
    EXPECT_EQ(r.value.error().message.find(k_token), std::string::npos);
  }
}

TEST_F(CloudflareTest, ASlowApiIsATransientTimeoutNotAHang) {
  auto p = make({{"zone", "example.com"}}, 300ms);
  {
    std::lock_guard lock(m_fake.mutex);
    m_fake.delay = 1500ms;
  }
  auto t0 = std::chrono::steady_clock::now();
  auto r = p->read({"home.example.com", Family::ipv4, 300});
  ASSERT_FALSE(r.value);
  EXPECT_EQ(r.value.error().cls, ErrorClass::transient) << r.value.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1200ms);
}

TEST_F(CloudflareTest, AWrongTokenIsAnAuthErrorFromTheRealCheck) {
  Json settings = {{"api_token", "wrong"}, {"endpoint", m_fake.endpoint()}};
  auto p = testing::parse_provider(&CloudflareProvider::parse, "cf", settings);
  auto r = p->update({"home.example.com", Family::ipv4, 300}, addr("203.0.113.9"));
  ASSERT_FALSE(r.value);
  EXPECT_EQ(r.value.error().cls, ErrorClass::auth);
  EXPECT_EQ(p->describe().find(k_token), std::string::npos);
}

TEST_F(CloudflareTest, ARecordDeletedMeanwhileIsCreatedAgain) {
  seed("home.example.com", "A", "203.0.113.1", false);
  auto p = make();
  {
    std::lock_guard lock(m_fake.mutex);
    m_fake.vanish_on_patch = true;
  }
  auto up = p->update({"home.example.com", Family::ipv4, 300}, addr("203.0.113.5"));
  ASSERT_TRUE(up.value) << up.value.error().message;
  auto now = p->read({"home.example.com", Family::ipv4, 300});
  ASSERT_TRUE(now.value && *now.value);
  EXPECT_EQ(**now.value, addr("203.0.113.5"));
}

TEST_F(CloudflareTest, SuccessThatDoesNotHoldTheAddressIsInvalid) {
  seed("home.example.com", "A", "203.0.113.1", false);
  auto p = make();
  {
    std::lock_guard lock(m_fake.mutex);
    m_fake.ignore_patch = true;
  }
  auto up = p->update({"home.example.com", Family::ipv4, 300}, addr("203.0.113.5"));
  ASSERT_FALSE(up.value);
  EXPECT_EQ(up.value.error().cls, ErrorClass::invalid_response);
}

TEST_F(CloudflareTest, SeveralRecordsOfTheNameAreAConfigError) {
  seed("home.example.com", "A", "203.0.113.1", false);
  seed("home.example.com", "A", "203.0.113.2", false);
  auto p = make();
  auto r = p->read({"home.example.com", Family::ipv4, 300});
  ASSERT_FALSE(r.value);
  EXPECT_EQ(r.value.error().cls, ErrorClass::config);
  auto up = p->update({"home.example.com", Family::ipv4, 300}, addr("203.0.113.5"));
  ASSERT_FALSE(up.value);
  EXPECT_EQ(up.value.error().cls, ErrorClass::config);
}

TEST_F(CloudflareTest, TtlOutsideTheApiRangeIsAConfigErrorBeforeAnyCall) {
  auto p = make();
  auto up = p->update({"home.example.com", Family::ipv4, 30}, addr("203.0.113.5"));
  ASSERT_FALSE(up.value);
  EXPECT_EQ(up.value.error().cls, ErrorClass::config);
  std::lock_guard lock(m_fake.mutex);
  EXPECT_TRUE(m_fake.calls.empty());
}

TEST(CloudflareConfig, ProblemsNameTheField) {
  std::vector<std::string> problems;
  auto p = testing::parse_provider(&CloudflareProvider::parse, "cf",
                                   {{"endpoint", "ftp://x"}, {"proxied", "yes"}}, &problems);
  EXPECT_EQ(p, nullptr);
  std::string all;
  for (const auto& s : problems)
    all += s + "\n";
  EXPECT_NE(all.find("providers.cf.api_token"), std::string::npos) << all;
  EXPECT_NE(all.find("providers.cf.endpoint"), std::string::npos) << all;
  EXPECT_NE(all.find("providers.cf.proxied"), std::string::npos) << all;
}

}  // namespace
}  // namespace ddnsguard::providers
