#pragma once
// A fake Cloudflare API v4 on loopback that checks the token, the paths, the filters and the
// bodies as the real API would (reference/providers.md §1), and a fixture building the provider.

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "providers/dns/provider_cloudflare.hpp"
#include "tests/providers/provider_test_support.hpp"
#include "tests/support/fake_http.hpp"

namespace ddnsguard::providers::cloudflare_testing {

using namespace std::chrono_literals;
using Json = nlohmann::json;

inline const std::string k_token = "cf-token-MARKER-0123456789";
inline const std::string k_zone_id = "023e105f4ecef8ad9ca31a8372d0c353";

inline Address addr(const char* text) {
  return *Address::parse(text);
}

inline Json envelope(const Json& result) {
  return {{"success", true},
          {"errors", Json::array()},
          {"messages", Json::array()},
          {"result", result}};
}

inline Json error_body(long code, const std::string& message) {
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

}  // namespace ddnsguard::providers::cloudflare_testing
