#pragma once
// Delivers notifications (DESIGN §5 `notify`, README "Notifications"): address changes,
// anomaly openings and closings and the daily summary go to each target that asked for
// them; ping targets hear of every pass. Events are queued while a pass runs and sent at
// its end (flush), never under a lock the pass needs. A failed delivery is retried at
// later flushes with a growing delay for at most k_notify_give_up; a target that failed
// once is not tried again before its backoff ends (30 s, doubling up to 10 min); all
// targets are served at once and each gets at most its timeout per flush in all (a
// request gets what is left of it), so a flush ends within the longest timeout. Each
// target's events go out in the order they came. After k_notify_failures_to_report failures
// in a row the target's health sink hears of it (an anomaly), and again when it recovers.

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>
#include <spdlog/logger.h>

#include "controller/config/config.hpp"
#include "providers/base/clock.hpp"
#include "providers/base/guarded.hpp"
#include "providers/net/http_client.hpp"

namespace ddnsguard::controller {

using TimePoint = providers::Clock::time_point;

constexpr auto k_notify_give_up = std::chrono::hours{1};
constexpr int k_notify_failures_to_report = 3;
constexpr std::size_t k_notify_max_queued = 100;  // per target; the oldest are dropped

// How one delivery ended: "HTTP 200", or why it failed.
struct NotifyOutcome {
  bool ok = false;
  std::string detail;
};

// A target's health changed: `failing` after k_notify_failures_to_report failures in a row
// (`why` is the last failure), not failing after a success that followed.
using NotifyHealthSink =
    std::function<void(std::size_t target, bool failing, const std::string& why)>;

class Notifier {
 public:
  Notifier(std::vector<NotifyConfig> targets, std::shared_ptr<providers::HttpClient> http,
           std::shared_ptr<spdlog::logger> log, std::string host);

  void set_health_sink(NotifyHealthSink sink) { m_health_sink = std::move(sink); }
  // Target `target` was already reported failing (an anomaly still open from before a
  // restart): its next success reports the recovery.
  void mark_failing(std::size_t target);
  // Whether some target wants `event_kind` ("daily_summary", ...).
  bool wants(const std::string& category) const;

  // Queues `event` for every target that asked for its category. Thread-safe.
  void queue(nlohmann::json event);
  // A pass begins: ping targets with a start URL are told (not retried).
  void pass_started();
  // Sends what is due at `now`; ping targets hear whether the pass left every record in
  // sync (`pass_ok`; nullopt: no pass, nothing to ping).
  void flush(TimePoint now, std::optional<bool> pass_ok);
  // Sends one test message to every target at once, without retry: one outcome each.
  std::vector<NotifyOutcome> send_test(TimePoint now);

  const std::vector<NotifyConfig>& targets() const { return m_targets; }
  // "ntfy https://ntfy.sh": the kind and where it goes, without path or query (tokens).
  static std::string describe(const NotifyConfig& target);
  // The category an event belongs to in `events` ("ip_change", "anomaly", ...).
  static std::string category(const nlohmann::json& event);

 private:
  struct Pending {
    std::size_t target;
    nlohmann::json event;
    std::optional<TimePoint> seen;  // the first flush that had it
  };
  NotifyOutcome send(const providers::HttpRequest& req);
  void serve(std::size_t target, std::vector<Pending>& mine, TimePoint now,
             std::optional<bool> pass_ok, bool fresh_only, std::vector<Pending>& kept);
  // One round: takes the queue, serves every target, puts back what is left.
  // `fresh_only`: only events no flush has had yet (the second round of a flush).
  void flush_round(TimePoint now, std::optional<bool> pass_ok, bool fresh_only);
  void count(std::size_t target, const NotifyOutcome& outcome);

  std::vector<NotifyConfig> m_targets;
  std::shared_ptr<providers::HttpClient> m_http;
  std::shared_ptr<spdlog::logger> m_log;
  std::string m_host;
  NotifyHealthSink m_health_sink;
  providers::Guarded<std::deque<Pending>> m_queue;  // queued by any thread
  // By target, touched by flush only (each target by one thread):
  std::vector<int> m_failures;        // failures in a row
  std::vector<char> m_reported;       // whether the sink was told the target is failing
  std::vector<TimePoint> m_next_try;  // no delivery before (backoff after a failure)
};

}  // namespace ddnsguard::controller
