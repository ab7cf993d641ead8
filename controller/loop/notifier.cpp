#include "controller/loop/notifier.hpp"

#include <algorithm>

#include "providers/base/safe_text.hpp"

namespace ddnsguard::controller {

namespace {

constexpr std::size_t k_max_queued = 100;

}  // namespace

Notifier::Notifier(std::vector<NotifyConfig> targets, std::shared_ptr<providers::HttpClient> http,
                   std::shared_ptr<spdlog::logger> log)
    : m_targets(std::move(targets)), m_http(std::move(http)), m_log(std::move(log)) {}

std::string Notifier::category(const nlohmann::json& event) {
  auto name = event.value("event", "");
  return name.rfind("anomaly", 0) == 0 ? "anomaly" : name;
}

std::string Notifier::safe_target(const std::string& url) {
  return providers::url_origin(url);
}

void Notifier::queue(nlohmann::json event) {
  if (m_targets.empty() || !m_http) return;
  std::lock_guard lock(m_mutex);
  m_queue.push_back(std::move(event));
  if (m_queue.size() > k_max_queued) m_queue.pop_front();
}

void Notifier::flush() {
  std::deque<nlohmann::json> events;
  {
    std::lock_guard lock(m_mutex);
    events.swap(m_queue);
  }
  for (const auto& e : events) {
    auto cat = category(e);
    for (const auto& t : m_targets) {
      if (std::find(t.events.begin(), t.events.end(), cat) == t.events.end()) continue;
      providers::HttpRequest req;
      req.method = "POST";
      req.url = t.url;
      req.headers = {"Content-Type: application/json"};
      req.body = providers::dump_json(e);
      req.timeout = k_notify_timeout;
      auto r = m_http->send(req);
      if (!r) {
        m_log->warn("notification not sent to {}: {}", safe_target(t.url), r.error().message);
      } else if (r->status < 200 || r->status >= 300) {
        m_log->warn("notification refused by {}: HTTP {}", safe_target(t.url), r->status);
      } else {
        m_log->debug("notification sent to {} event={}", safe_target(t.url), e.value("event", ""));
      }
    }
  }
}

}  // namespace ddnsguard::controller
