#pragma once
// A fake PowerDNS API on loopback (zones, rrsets, PATCH) that checks the key and can answer
// with an injected fault, and a fixture building the provider against it.

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "providers/dns/provider_powerdns.hpp"
#include "tests/support/fake_http.hpp"

namespace ddnsguard::providers::powerdns_testing {

using namespace std::chrono_literals;
using nlohmann::json;

inline const std::string k_key = "pdns-KEY-MARKER-77";

inline Address addr(const char* text) {
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

// No environment variables and no files: what a test configuration reads.
inline ConfigEnv no_env() {
  ConfigEnv env;
  env.getenv = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
  env.read_file = [](const std::string&, std::string& error) -> std::optional<std::string> {
    error = "No such file or directory";
    return std::nullopt;
  };
  return env;
}

inline json rrset(const std::string& name, const std::string& type, std::vector<json> records) {
  return {{"name", name}, {"type", type}, {"ttl", 300}, {"records", records}};
}

inline json rec_json(const std::string& content, bool disabled = false) {
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
    ConfigEnv env = no_env();
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

}  // namespace ddnsguard::providers::powerdns_testing
