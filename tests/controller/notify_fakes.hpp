#pragma once
// One fake server that speaks every notification service's request shape (README
// "Notifications"): it answers as the service would and refuses requests a real one
// would refuse, and records what it took.

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/fake_http.hpp"

namespace ddnsguard::testing {

struct HeardRequest {
  std::string method;
  std::string path;
  std::string query_token;  // gotify's ?token=
  std::map<std::string, std::string> headers;
  std::string body;
};

class NotifyServices {
 public:
  NotifyServices() {
    auto& s = m_http.server();
    // ntfy: POST /<topic>, text body, Title / Priority / Tags headers.
    s.Post(R"(/ntfy/([\w-]+))", [this](const httplib::Request& q, httplib::Response& a) {
      auto priority = q.get_header_value("Priority");
      bool good = !q.body.empty() && q.has_header("Title") && priority.size() == 1 &&
                  priority[0] >= '1' && priority[0] <= '5';
      answer(q, a, good, R"({"id":"x1","event":"message"})");
    });
    // Gotify: POST /message?token=, JSON {title, message, priority}.
    s.Post("/message", [this](const httplib::Request& q, httplib::Response& a) {
      auto b = nlohmann::json::parse(q.body, nullptr, false);
      bool good = q.get_param_value("token") == "app-token" && b.is_object() &&
                  b["title"].is_string() && b["message"].is_string() && b["priority"].is_number();
      answer(q, a, good, R"({"id":1})", q.get_param_value("token") == "app-token" ? 400 : 401);
    });
    // Telegram: POST /bot<token>/sendMessage, JSON {chat_id, text}.
    s.Post(R"(/bot([^/]+)/sendMessage)", [this](const httplib::Request& q, httplib::Response& a) {
      auto b = nlohmann::json::parse(q.body, nullptr, false);
      bool good = q.matches[1] == "123:bot-secret" && b.is_object() && b.contains("chat_id") &&
                  b["text"].is_string();
      answer(q, a, good, R"({"ok":true,"result":{}})");
    });
    // Discord: POST JSON {content}, 204. Slack: POST JSON {text}, "ok".
    s.Post(R"(/api/webhooks/\d+/[\w-]+)", [this](const httplib::Request& q, httplib::Response& a) {
      auto b = nlohmann::json::parse(q.body, nullptr, false);
      bool good = q.get_header_value("Content-Type") == "application/json" && b.is_object() &&
                  b["content"].is_string() && b["content"].get<std::string>().size() <= 2000 &&
                  b["allowed_mentions"]["parse"] == nlohmann::json::array();
      answer(q, a, good, "", 400, 204);
    });
    s.Post(R"(/services/[\w/]+)", [this](const httplib::Request& q, httplib::Response& a) {
      auto b = nlohmann::json::parse(q.body, nullptr, false);
      answer(q, a, b.is_object() && b["text"].is_string(), "ok");
    });
    // healthchecks.io: GET /<uuid>, /<uuid>/fail, /<uuid>/start.
    s.Get(R"(/hc/[\w-]+(/fail|/start)?)",
          [this](const httplib::Request& q, httplib::Response& a) { answer(q, a, true, "OK"); });
    // A generic webhook, and one that is down.
    s.Post("/hook",
           [this](const httplib::Request& q, httplib::Response& a) { answer(q, a, true, ""); });
    s.Post("/down", [this](const httplib::Request& q, httplib::Response& a) {
      answer(q, a, !m_down, "", 503);
    });
    m_http.start();
  }

  std::string url(const std::string& path) const { return m_http.url(path); }
  void set_down(bool down) { m_down = down; }
  std::vector<HeardRequest> heard() {
    std::lock_guard lock(m_mutex);
    return m_heard;
  }
  std::vector<HeardRequest> heard_at(const std::string& path) {
    std::vector<HeardRequest> out;
    for (auto& h : heard())
      if (h.path == path) out.push_back(h);
    return out;
  }

 private:
  void answer(const httplib::Request& q, httplib::Response& a, bool good, const std::string& body,
              int refuse = 400, int ok = 200) {
    HeardRequest h{q.method, q.path, q.get_param_value("token"), {}, q.body};
    for (const auto& [k, v] : q.headers)
      h.headers[k] = v;
    {
      std::lock_guard lock(m_mutex);
      m_heard.push_back(std::move(h));
    }
    a.status = good ? ok : refuse;
    a.set_content(body, "application/json");
  }

  FakeHttp m_http;
  std::mutex m_mutex;
  std::vector<HeardRequest> m_heard;
  std::atomic<bool> m_down{false};
};

}  // namespace ddnsguard::testing
