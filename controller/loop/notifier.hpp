#pragma once
// Notification webhooks (DESIGN §5 `notify`): address changes and anomaly openings and
// closings are POSTed as JSON to each configured URL that asked for that kind of event.
// Events are queued while a pass runs and sent after it (flush), so a slow webhook never
// holds a lock; each send waits at most k_notify_timeout, and failures are logged and
// dropped (a notification is never worth blocking DNS updates).

#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include <nlohmann/json.hpp>
#include <spdlog/logger.h>

#include "controller/config/config.hpp"
#include "providers/net/http_client.hpp"

namespace ddnsguard::controller {

constexpr auto k_notify_timeout = std::chrono::seconds{5};

class Notifier {
 public:
  Notifier(std::vector<NotifyConfig> targets, std::shared_ptr<providers::HttpClient> http,
           std::shared_ptr<spdlog::logger> log);

  // Queues `event` ({"event": "ip_change" | "anomaly_opened" | "anomaly_closed", ...}).
  // Thread-safe; at most 100 events wait (the oldest are dropped).
  void queue(nlohmann::json event);
  // Sends what is queued. Blocks for at most k_notify_timeout per event and target.
  void flush();

  // The category an event belongs to in `events` ("ip_change" or "anomaly").
  static std::string category(const nlohmann::json& event);
  // Scheme and host of a webhook URL: its path and query often carry a token.
  static std::string safe_target(const std::string& url);

 private:
  std::vector<NotifyConfig> m_targets;
  std::shared_ptr<providers::HttpClient> m_http;
  std::shared_ptr<spdlog::logger> m_log;
  std::mutex m_mutex;
  std::deque<nlohmann::json> m_queue;
};

}  // namespace ddnsguard::controller
