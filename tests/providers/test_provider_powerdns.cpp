#include "providers/dns/provider_powerdns.hpp"

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/fake_http.hpp"

namespace ddnsguard::providers {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

const std::string k_key = "pdns-KEY-MARKER-77";

Address addr(const char* text) {
  return *Address::parse(text);
}

// One injected failure: every request of `method` ("" = any) is answered with it.
struct Fault {
  Fault(std::string m, int s, std::string b, std::string ct = "text/plain",
        std::optional<std::string> ra = std::nullopt)
      : method(std::move(m)), status(s), body(std::move(b)), content_type(std::move(ct)),
        retry_after(std::move(ra)) {}
  std::string method;
  int status;
  std::string body;
  std::string content_type;
  std::optional<std::string> retry_after;
};

struct Call {
  std::string method;
  std::string path;
  std::string rrset_name;
  std::string rrset_type;
  std::string content_type;
};

// Emulates the parts of the PowerDNS API the provider uses (reference §6).
class FakePowerDns {
 public:
  FakePowerDns() {
    auto& s = m_fake.server();
    s.Get("/api/v1/servers/localhost/zones",
          [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(m_mutex);
            if (!admit(req, res)) return;
            json list = json::array();
            for (const auto& [name, rrsets] : m_zones) {
              list.push_back({{"id", name}, {"name", name}, {"kind", "Native"}, {"url", "x"}});
            }
            res.set_content(list.dump(), "application/json");
          });
    s.Get(R"(/api/v1/servers/localhost/zones/([^/]+))",
          [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(m_mutex);
            if (!admit(req, res)) return;
            auto it = m_zones.find(req.matches[1]);
            if (it == m_zones.end()) {
              res.status = 404;
              res.set_content("Not Found", "text/plain");
              return;
            }
            auto name = req.get_param_value("rrset_name");
            auto type = req.get_param_value("rrset_type");
            json sets = json::array();
            for (const auto& set : it->second) {
              if ((name.empty() || set["name"] == name) && (type.empty() || set["type"] == type))
                sets.push_back(set);
            }
            res.set_content(json{{"name", it->first}, {"kind", "Native"}, {"rrsets", sets}}.dump(),
                            "application/json");
          });
    s.Patch(R"(/api/v1/servers/localhost/zones/([^/]+))",
            [this](const httplib::Request& req, httplib::Response& res) {
              std::lock_guard lock(m_mutex);
              if (!admit(req, res)) return;
              auto it = m_zones.find(req.matches[1]);
              if (it == m_zones.end()) {
                res.status = 404;
                res.set_content("Not Found", "text/plain");
                return;
              }
              m_patches.push_back(req.body);
              auto body = json::parse(req.body, nullptr, false);
              if (!body.is_object() || !body.contains("rrsets")) {
                res.status = 400;
                res.set_content("Bad Request", "text/plain");
                return;
              }
              for (const auto& set : body["rrsets"]) {
                auto& sets = it->second;
                std::erase_if(sets, [&](const json& old) {
                  return old["name"] == set["name"] && old["type"] == set["type"];
                });
                sets.push_back({{"name", set["name"]},
                                {"type", set["type"]},
                                {"ttl", set["ttl"]},
                                {"records", set["records"]}});
              }
              res.status = 204;
            });
    m_fake.start();
  }

  std::string endpoint() const { return m_fake.url("/api/v1"); }
  void stop() { m_fake.stop(); }

  void add_zone(const std::string& zone) {
    std::lock_guard lock(m_mutex);
    m_zones[zone];
  }
  void add_rrset(const std::string& zone, json rrset) {
    std::lock_guard lock(m_mutex);
    m_zones[zone].push_back(std::move(rrset));
  }
  void inject(std::optional<Fault> f) {
    std::lock_guard lock(m_mutex);
    m_fault = std::move(f);
  }
  std::vector<Call> calls() {
    std::lock_guard lock(m_mutex);
    return m_calls;
  }
  std::vector<std::string> patches() {
    std::lock_guard lock(m_mutex);
    return m_patches;
  }

 private:
  // Records the call, checks the key, applies an injected fault. False when answered.
  bool admit(const httplib::Request& req, httplib::Response& res) {
    m_calls.push_back({req.method, req.path, req.get_param_value("rrset_name"),
                       req.get_param_value("rrset_type"), req.get_header_value("Content-Type")});
    if (req.get_header_value("X-API-Key") != k_key) {
      res.status = 401;
      res.set_content("Unauthorized", "text/plain");
      return false;
    }
    if (m_fault && (m_fault->method.empty() || m_fault->method == req.method)) {
      res.status = m_fault->status;
      if (m_fault->retry_after) res.set_header("Retry-After", *m_fault->retry_after);
      res.set_content(m_fault->body, m_fault->content_type.c_str());
      return false;
    }
    return true;
  }

  std::mutex m_mutex;
  std::map<std::string, std::vector<json>> m_zones;
  std::optional<Fault> m_fault;
  std::vector<Call> m_calls;
  std::vector<std::string> m_patches;
  ddnsguard::testing::FakeHttp m_fake;  // last: stops serving before the state goes
};

json rrset(const std::string& name, const std::string& type, std::vector<json> records) {
  return {{"name", name}, {"type", type}, {"ttl", 300}, {"records", records}};
}

json rec_json(const std::string& content, bool disabled = false) {
  return {{"content", content}, {"disabled", disabled}};
}

class PowerDnsProviderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_pdns.add_zone("example.org.");
    m_pdns.add_zone("sub.example.org.");
  }

  // Built the way the configuration builds it.
  ProviderPtr make(json settings = json::object()) {
    if (!settings.contains("api_key")) settings["api_key"] = k_key;
    if (!settings.contains("endpoint")) settings["endpoint"] = m_pdns.endpoint();
    ConfigEnv env;
    env.getenv = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
    env.read_file = [](const std::string&, std::string& error) -> std::optional<std::string> {
      error = "No such file or directory";
      return std::nullopt;
    };
    std::vector<ConfigProblem> problems;
    ConfigContext ctx{env, problems, false, {}};
    ObjectReader r(settings, JsonPath{} / "providers" / "pdns", ctx);
    auto p = PowerDnsProvider::parse("pdns", r);
    r.finish();
    EXPECT_TRUE(problems.empty()) << problems.front().str();
    return p ? p->build(ProviderDeps{std::make_shared<HttpClient>(), nullptr, 2s}) : nullptr;
  }

  // Every error message a test saw; none may hold the key.
  void remember(const Error& e) { m_errors.push_back(e.message); }

  void TearDown() override {
    for (const auto& m : m_errors) {
      EXPECT_EQ(m.find(k_key), std::string::npos) << m;
      EXPECT_EQ(m.find("MARKER"), std::string::npos) << m;
    }
  }

  FakePowerDns m_pdns;
  std::vector<std::string> m_errors;
};

TEST_F(PowerDnsProviderTest, ReadAbsentIsNullopt) {
  auto p = make();
  ASSERT_NE(p, nullptr);
  auto r = p->read(Record{"home.example.org", Family::ipv4, 120});
  ASSERT_TRUE(r.value) << r.value.error().message;
  EXPECT_EQ(*r.value, std::nullopt);
}

TEST_F(PowerDnsProviderTest, ReadPresentAskedForTheOneRrset) {
  m_pdns.add_rrset("example.org.", rrset("home.example.org.", "A", {rec_json("203.0.113.10")}));
  m_pdns.add_rrset("example.org.", rrset("home.example.org.", "AAAA", {rec_json("2001:db8::10")}));
  auto p = make();
  ASSERT_NE(p, nullptr);
  auto r = p->read(Record{"home.example.org", Family::ipv4, 120});
  ASSERT_TRUE(r.value) << r.value.error().message;
  ASSERT_TRUE(r.value->has_value());
  EXPECT_EQ(**r.value, addr("203.0.113.10"));
  auto r6 = p->read(Record{"home.example.org", Family::ipv6, 120});
  ASSERT_TRUE(r6.value) << r6.value.error().message;
  ASSERT_TRUE(r6.value->has_value());
  EXPECT_EQ(**r6.value, addr("2001:db8::10"));

  auto calls = m_pdns.calls();
  ASSERT_EQ(calls.size(), 3u);  // zone list once (cached), then two rrset reads
  EXPECT_EQ(calls[0].path, "/api/v1/servers/localhost/zones");
  EXPECT_EQ(calls[1].method, "GET");
  EXPECT_EQ(calls[1].path, "/api/v1/servers/localhost/zones/example.org.");
  EXPECT_EQ(calls[1].rrset_name, "home.example.org.");
  EXPECT_EQ(calls[1].rrset_type, "A");
  EXPECT_EQ(calls[2].rrset_type, "AAAA");
}

TEST_F(PowerDnsProviderTest, ZoneDiscoveryPicksTheLongestMatch) {
  m_pdns.add_zone("org.");
  m_pdns.add_zone("ample.org.");
  struct Case {
    const char* record;
    const char* zone_path;
  };
  const Case cases[] = {
      {"a.sub.example.org", "/api/v1/servers/localhost/zones/sub.example.org."},
      {"sub.example.org", "/api/v1/servers/localhost/zones/sub.example.org."},
      {"b.example.org", "/api/v1/servers/localhost/zones/example.org."},
      {"notsub.example.org", "/api/v1/servers/localhost/zones/example.org."},
      {"x.y.z.sub.example.org.", "/api/v1/servers/localhost/zones/sub.example.org."},
      {"home.other.org", "/api/v1/servers/localhost/zones/org."},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.record);
    auto p = make();
    ASSERT_NE(p, nullptr);
    auto before = m_pdns.calls().size();
    auto r = p->update(Record{c.record, Family::ipv4, 60}, addr("203.0.113.10"));
    ASSERT_TRUE(r.value) << r.value.error().message;
    auto calls = m_pdns.calls();
    ASSERT_EQ(calls.size(), before + 2);
    EXPECT_EQ(calls.back().method, "PATCH");
    EXPECT_EQ(calls.back().path, c.zone_path);
  }
}

TEST_F(PowerDnsProviderTest, ConfiguredZoneSkipsDiscovery) {
  auto p = make({{"zone", "example.org"}});  // canonicalised to "example.org."
  ASSERT_NE(p, nullptr);
  auto r = p->read(Record{"a.sub.example.org", Family::ipv4, 60});
  ASSERT_TRUE(r.value) << r.value.error().message;
  auto calls = m_pdns.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].path, "/api/v1/servers/localhost/zones/example.org.");
}

TEST_F(PowerDnsProviderTest, NoMatchingZoneIsConfig) {
  auto p = make();
  ASSERT_NE(p, nullptr);
  for (const char* name : {"home.example.net", "example.com", "org"}) {
    SCOPED_TRACE(name);
    auto r = p->read(Record{name, Family::ipv4, 60});
    ASSERT_FALSE(r.value);
    remember(r.value.error());
    EXPECT_EQ(r.value.error().cls, ErrorClass::config) << r.value.error().message;
    auto u = p->update(Record{name, Family::ipv4, 60}, addr("203.0.113.10"));
    ASSERT_FALSE(u.value);
    remember(u.value.error());
    EXPECT_EQ(u.value.error().cls, ErrorClass::config) << u.value.error().message;
  }
  EXPECT_TRUE(m_pdns.patches().empty());
}

TEST_F(PowerDnsProviderTest, UpdatePatchesWithReplace) {
  m_pdns.add_rrset("sub.example.org.",
                   rrset("a.sub.example.org.", "A", {rec_json("198.51.100.1")}));
  auto p = make();
  ASSERT_NE(p, nullptr);
  Record rec{"a.sub.example.org", Family::ipv4, 120};
  auto u = p->update(rec, addr("203.0.113.10"));
  ASSERT_TRUE(u.value) << u.value.error().message;

  auto patches = m_pdns.patches();
  ASSERT_EQ(patches.size(), 1u);
  auto body = json::parse(patches[0]);
  ASSERT_TRUE(body["rrsets"].is_array());
  ASSERT_EQ(body["rrsets"].size(), 1u);
  const auto& set = body["rrsets"][0];
  EXPECT_EQ(set["name"], "a.sub.example.org.");
  EXPECT_EQ(set["type"], "A");
  EXPECT_EQ(set["ttl"], 120);
  EXPECT_EQ(set["changetype"], "REPLACE");
  ASSERT_EQ(set["records"].size(), 1u);
  EXPECT_EQ(set["records"][0]["content"], "203.0.113.10");
  EXPECT_EQ(set["records"][0]["disabled"], false);
  auto calls = m_pdns.calls();
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls.back().method, "PATCH");
  EXPECT_EQ(calls.back().content_type, "application/json");

  // Read-back sees the new value.
  auto r = p->read(rec);
  ASSERT_TRUE(r.value) << r.value.error().message;
  ASSERT_TRUE(r.value->has_value());
  EXPECT_EQ(**r.value, addr("203.0.113.10"));
}

TEST_F(PowerDnsProviderTest, UpdateAaaaUsesCanonicalAddress) {
  auto p = make();
  ASSERT_NE(p, nullptr);
  auto u = p->update(Record{"home.example.org.", Family::ipv6, 300}, addr("2001:0db8:0000::0010"));
  ASSERT_TRUE(u.value) << u.value.error().message;
  auto patches = m_pdns.patches();
  ASSERT_EQ(patches.size(), 1u);
  auto set = json::parse(patches[0])["rrsets"][0];
  EXPECT_EQ(set["name"], "home.example.org.");
  EXPECT_EQ(set["type"], "AAAA");
  EXPECT_EQ(set["ttl"], 300);
  EXPECT_EQ(set["records"][0]["content"], "2001:db8::10");
}

TEST_F(PowerDnsProviderTest, RrsetContentRules) {
  struct Case {
    const char* what;
    std::vector<json> records;
    std::optional<std::string> want;  // nullopt: treated as absent
    bool invalid = false;
  };
  const Case cases[] = {
      {"one record", {rec_json("203.0.113.10")}, "203.0.113.10"},
      {"two records: not in sync",
       {rec_json("203.0.113.10"), rec_json("203.0.113.11")},
       std::nullopt},
      {"disabled record ignored",
       {rec_json("198.51.100.1", true), rec_json("203.0.113.10")},
       "203.0.113.10"},
      {"only disabled", {rec_json("198.51.100.1", true)}, std::nullopt},
      {"empty records", {}, std::nullopt},
      {"wrong family content", {rec_json("2001:db8::1")}, std::nullopt, true},
      {"not an address", {rec_json("not-an-ip")}, std::nullopt, true},
      {"content not a string", {json{{"content", 5}, {"disabled", false}}}, std::nullopt, true},
      {"content missing", {json{{"disabled", false}}}, std::nullopt, true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    FakePowerDns pdns;
    pdns.add_zone("example.org.");
    pdns.add_rrset("example.org.", rrset("home.example.org.", "A", c.records));
    auto p = make({{"endpoint", pdns.endpoint()}});
    ASSERT_NE(p, nullptr);
    auto r = p->read(Record{"home.example.org", Family::ipv4, 60});
    if (c.invalid) {
      ASSERT_FALSE(r.value);
      remember(r.value.error());
      EXPECT_EQ(r.value.error().cls, ErrorClass::invalid_response) << r.value.error().message;
      continue;
    }
    ASSERT_TRUE(r.value) << r.value.error().message;
    if (c.want) {
      ASSERT_TRUE(r.value->has_value());
      EXPECT_EQ((*r.value)->to_string(), *c.want);
    } else {
      EXPECT_EQ(*r.value, std::nullopt);
    }
  }
}

TEST_F(PowerDnsProviderTest, OtherRrsetsInTheReplyAreIgnored) {
  // A server that ignores rrset_name/rrset_type and returns the whole zone.
  m_pdns.add_rrset("example.org.", rrset("example.org.", "A", {rec_json("198.51.100.5")}));
  m_pdns.add_rrset("example.org.", rrset("www.example.org.", "A", {rec_json("198.51.100.6")}));
  m_pdns.add_rrset("example.org.", rrset("home.example.org.", "TXT", {rec_json("\"v=1\"")}));
  m_pdns.add_rrset("example.org.", rrset("home.example.org.", "A", {rec_json("203.0.113.10")}));
  auto p = make({{"zone", "example.org."}});
  ASSERT_NE(p, nullptr);
  auto r = p->read(Record{"home.example.org", Family::ipv4, 60});
  ASSERT_TRUE(r.value) << r.value.error().message;
  ASSERT_TRUE(r.value->has_value());
  EXPECT_EQ(**r.value, addr("203.0.113.10"));
}

TEST_F(PowerDnsProviderTest, WrongKeyIsAuth) {
  auto p = make({{"api_key", "wrong-MARKER-key"}});
  ASSERT_NE(p, nullptr);
  Record rec{"home.example.org", Family::ipv4, 60};
  auto r = p->read(rec);
  ASSERT_FALSE(r.value);
  remember(r.value.error());
  EXPECT_EQ(r.value.error().cls, ErrorClass::auth) << r.value.error().message;
  auto u = p->update(rec, addr("203.0.113.10"));
  ASSERT_FALSE(u.value);
  remember(u.value.error());
  EXPECT_EQ(u.value.error().cls, ErrorClass::auth) << u.value.error().message;
}

TEST_F(PowerDnsProviderTest, FaultsAreClassified) {
  enum class Op { read, update };
  struct Case {
    const char* what;
    Op op;
    Fault fault;
    ErrorClass want;
    std::optional<std::chrono::seconds> retry_after;
  };
  const Case cases[] = {
      {"401 on read", Op::read, {"GET", 401, "Unauthorized"}, ErrorClass::auth, std::nullopt},
      {"403 on update", Op::update, {"PATCH", 403, "Forbidden"}, ErrorClass::auth, std::nullopt},
      {"404 on read", Op::read, {"GET", 404, "Not Found"}, ErrorClass::config, std::nullopt},
      {"404 on update", Op::update, {"PATCH", 404, "Not Found"}, ErrorClass::config, std::nullopt},
      {"422 on update",
       Op::update,
       {"PATCH", 422, R"({"error": "DNS Name 'home.example.org' is not canonical"})",
        "application/json"},
       ErrorClass::config,
       std::nullopt},
      {"400 on update",
       Op::update,
       {"PATCH", 400, "Bad Request"},
       ErrorClass::config,
       std::nullopt},
      {"500 on read",
       Op::read,
       {"GET", 500, "Internal Server Error"},
       ErrorClass::transient,
       std::nullopt},
      {"503 on update", Op::update, {"PATCH", 503, ""}, ErrorClass::transient, std::nullopt},
      {"429 on read", Op::read, {"GET", 429, "", "text/plain", "7"}, ErrorClass::rate_limited, 7s},
      {"429 on update",
       Op::update,
       {"PATCH", 429, "", "text/plain", "7"},
       ErrorClass::rate_limited,
       7s},
      {"429 with a date",
       Op::read,
       {"GET", 429, "", "text/plain", "Wed, 21 Oct 2015 07:28:00 GMT"},
       ErrorClass::rate_limited,
       std::nullopt},
      {"garbage JSON on read",
       Op::read,
       {"GET", 200, "{not json", "application/json"},
       ErrorClass::invalid_response,
       std::nullopt},
      {"JSON without rrsets",
       Op::read,
       {"GET", 200, R"({"name": "example.org."})", "application/json"},
       ErrorClass::invalid_response,
       std::nullopt},
      {"rrsets not an array",
       Op::read,
       {"GET", 200, R"({"rrsets": {}})", "application/json"},
       ErrorClass::invalid_response,
       std::nullopt},
      {"array instead of zone",
       Op::read,
       {"GET", 200, "[]", "application/json"},
       ErrorClass::invalid_response,
       std::nullopt},
      {"HTML on read",
       Op::read,
       {"GET", 200, "<html></html>", "text/html"},
       ErrorClass::invalid_response,
       std::nullopt},
      {"rrset without records",
       Op::read,
       {"GET", 200, R"({"rrsets": [{"name": "home.example.org.", "type": "A"}]})",
        "application/json"},
       ErrorClass::invalid_response,
       std::nullopt},
      {"302 on update", Op::update, {"PATCH", 302, ""}, ErrorClass::invalid_response, std::nullopt},
      {"201 on update",
       Op::update,
       {"PATCH", 201, "{}", "application/json"},
       ErrorClass::invalid_response,
       std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto p = make({{"zone", "example.org."}});  // no discovery: the fault hits the call itself
    ASSERT_NE(p, nullptr);
    m_pdns.inject(c.fault);
    Record rec{"home.example.org", Family::ipv4, 60};
    Error err{ErrorClass::transient, "", std::nullopt};
    if (c.op == Op::read) {
      auto r = p->read(rec);
      ASSERT_FALSE(r.value);
      err = r.value.error();
    } else {
      auto u = p->update(rec, addr("203.0.113.10"));
      ASSERT_FALSE(u.value);
      err = u.value.error();
    }
    m_pdns.inject(std::nullopt);
    remember(err);
    EXPECT_EQ(to_string(err.cls), to_string(c.want)) << err.message;
    EXPECT_EQ(err.retry_after, c.retry_after);
    EXPECT_FALSE(err.message.empty());
    EXPECT_EQ(err.message.find('\n'), std::string::npos) << err.message;
  }
}

TEST_F(PowerDnsProviderTest, ErrorTextOf422IsKept) {
  auto p = make({{"zone", "example.org."}});
  ASSERT_NE(p, nullptr);
  m_pdns.inject(Fault{"PATCH", 422, R"({"error": "RRset x: Name is out of zone"})",
                      "application/json", std::nullopt});
  auto u = p->update(Record{"home.example.org", Family::ipv4, 60}, addr("203.0.113.10"));
  ASSERT_FALSE(u.value);
  remember(u.value.error());
  EXPECT_EQ(u.value.error().cls, ErrorClass::config);
  EXPECT_NE(u.value.error().message.find("Name is out of zone"), std::string::npos)
      << u.value.error().message;
}

TEST_F(PowerDnsProviderTest, ZoneListFaultsAreClassified) {
  struct Case {
    const char* what;
    Fault fault;
    ErrorClass want;
  };
  const Case cases[] = {
      {"500", {"GET", 500, ""}, ErrorClass::transient},
      {"401", {"GET", 401, "Unauthorized"}, ErrorClass::auth},
      {"garbage", {"GET", 200, "zones!", "text/plain"}, ErrorClass::invalid_response},
      {"object", {"GET", 200, "{}", "application/json"}, ErrorClass::invalid_response},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto p = make();
    ASSERT_NE(p, nullptr);
    m_pdns.inject(c.fault);
    auto r = p->read(Record{"home.example.org", Family::ipv4, 60});
    m_pdns.inject(std::nullopt);
    ASSERT_FALSE(r.value);
    remember(r.value.error());
    EXPECT_EQ(to_string(r.value.error().cls), to_string(c.want)) << r.value.error().message;
  }
}

TEST_F(PowerDnsProviderTest, ConnectionRefusedIsTransient) {
  auto p = make();
  ASSERT_NE(p, nullptr);
  m_pdns.stop();
  Record rec{"home.example.org", Family::ipv4, 60};
  auto r = p->read(rec);
  ASSERT_FALSE(r.value);
  remember(r.value.error());
  EXPECT_EQ(r.value.error().cls, ErrorClass::transient) << r.value.error().message;
  auto u = p->update(rec, addr("203.0.113.10"));
  ASSERT_FALSE(u.value);
  remember(u.value.error());
  EXPECT_EQ(u.value.error().cls, ErrorClass::transient) << u.value.error().message;
}

TEST_F(PowerDnsProviderTest, DescribeMasksTheKey) {
  auto p = make({{"zone", "example.org"}, {"server_id", "localhost"}});
  ASSERT_NE(p, nullptr);
  auto d = p->describe();
  EXPECT_EQ(d.find(k_key), std::string::npos) << d;
  EXPECT_NE(d.find("***"), std::string::npos) << d;
  EXPECT_NE(d.find("example.org."), std::string::npos) << d;
  EXPECT_EQ(p->type(), "powerdns");
  EXPECT_TRUE(p->can_read());
}

TEST(PowerDnsParse, ReportsProblems) {
  struct Case {
    const char* what;
    json settings;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"missing key", json::object(), {"providers.pdns.api_key: is required (or api_key_file)"}},
      {"endpoint without scheme",
       {{"api_key", "k"}, {"endpoint", "127.0.0.1:8081/api/v1"}},
       {"providers.pdns.endpoint: must start with http:// or https://"}},
      {"both key forms",
       {{"api_key", "k"}, {"api_key_file", "/k"}},
       {"providers.pdns.api_key: give either api_key or api_key_file, not both"}},
      {"unknown key", {{"api_key", "k"}, {"apikey", "k"}}, {"providers.pdns.apikey: unknown key"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    ConfigEnv env;
    env.getenv = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
    env.read_file = [](const std::string&, std::string& error) -> std::optional<std::string> {
      error = "No such file or directory";
      return std::nullopt;
    };
    std::vector<ConfigProblem> problems;
    ConfigContext ctx{env, problems, false, {}};
    ObjectReader r(c.settings, JsonPath{} / "providers" / "pdns", ctx);
    auto p = PowerDnsProvider::parse("pdns", r);
    r.finish();
    std::vector<std::string> got;
    for (const auto& pr : problems)
      got.push_back(pr.str());
    EXPECT_EQ(got, c.want);
  }
}

}  // namespace
}  // namespace ddnsguard::providers
