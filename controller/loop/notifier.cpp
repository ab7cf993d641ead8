#include "controller/loop/notifier.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "controller/loop/notify_message.hpp"
#include "providers/base/parallel.hpp"

namespace ddnsguard::controller {

namespace {

constexpr auto k_first_retry = std::chrono::seconds{30};
constexpr auto k_longest_retry = std::chrono::minutes{10};

std::chrono::milliseconds retry_delay(int attempts) {
  auto d = std::chrono::milliseconds{k_first_retry};
  for (int i = 1; i < attempts && d < k_longest_retry; ++i)
    d *= 2;
  return std::min<std::chrono::milliseconds>(d, k_longest_retry);
}

}  // namespace

Notifier::Notifier(std::vector<NotifyConfig> targets, std::shared_ptr<providers::HttpClient> http,
                   std::shared_ptr<spdlog::logger> log, std::string host)
    : m_targets(std::move(targets)), m_http(std::move(http)), m_log(std::move(log)),
      m_host(std::move(host)), m_failures(m_targets.size(), 0), m_reported(m_targets.size(), 0),
      m_next_try(m_targets.size()) {}

std::string Notifier::category(const nlohmann::json& event) {
  auto name = event.value("event", "");
  return name.rfind("anomaly", 0) == 0 ? "anomaly" : name;
}

std::string Notifier::describe(const NotifyConfig& target) {
  return fmt::format("{} {}", to_string(target.kind), providers::url_origin(target.url));
}

bool Notifier::wants(const std::string& cat) const {
  return std::any_of(m_targets.begin(), m_targets.end(), [&](const NotifyConfig& t) {
    return std::find(t.events.begin(), t.events.end(), cat) != t.events.end();
  });
}

void Notifier::queue(nlohmann::json event) {
  if (!m_http) return;
  auto cat = category(event);
  m_queue.with([&](std::deque<Pending>& queue) {
    for (std::size_t i = 0; i < m_targets.size(); ++i) {
      const auto& t = m_targets[i];
      if (t.kind == NotifyKind::ping) continue;  // pings tell of passes, not events
      if (std::find(t.events.begin(), t.events.end(), cat) == t.events.end()) continue;
      queue.push_back({i, event, std::nullopt});
      auto mine = std::count_if(queue.begin(), queue.end(),
                                [i](const Pending& p) { return p.target == i; });
      if (static_cast<std::size_t>(mine) > k_notify_max_queued) {
        queue.erase(std::find_if(queue.begin(), queue.end(),
                                 [i](const Pending& p) { return p.target == i; }));
      }
    }
  });
}

NotifyOutcome Notifier::send(const providers::HttpRequest& req) {
  auto r = m_http->send(req);
  if (!r) return {false, r.error().message};
  bool ok = r->status >= 200 && r->status < 300;
  return {ok, fmt::format("HTTP {}", r->status)};
}

void Notifier::mark_failing(std::size_t target) {
  if (target < m_reported.size()) m_reported[target] = 1;
}

void Notifier::pass_started() {
  if (!m_http || m_targets.empty()) return;
  providers::run_parallel(m_targets.size(), m_targets.size(), [&](std::size_t i) {
    const auto& t = m_targets[i];
    if (t.kind == NotifyKind::ping && t.start_url) send(ping_request(t, PingKind::start));
  });
}

void Notifier::count(std::size_t target, const NotifyOutcome& outcome) {
  const auto& t = m_targets[target];
  if (outcome.ok) {
    m_log->debug("notification sent to {}: {}", describe(t), outcome.detail);
    m_failures[target] = 0;
    if (m_reported[target] != 0 && m_health_sink) m_health_sink(target, false, outcome.detail);
    m_reported[target] = 0;
    return;
  }
  m_log->warn("notification not delivered to {}: {}", describe(t), outcome.detail);
  if (++m_failures[target] >= k_notify_failures_to_report && m_reported[target] == 0) {
    m_reported[target] = 1;
    if (m_health_sink) m_health_sink(target, true, outcome.detail);
  }
}

// Sends the target's events in order until one fails; what is left goes to `kept`.
void Notifier::serve(std::size_t target, std::vector<Pending>& mine, TimePoint now,
                     std::optional<bool> pass_ok, bool fresh_only, std::vector<Pending>& kept) {
  const auto& t = m_targets[target];
  bool blocked = now < m_next_try[target];
  auto deadline = std::chrono::steady_clock::now() + t.timeout;
  auto left = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                 std::chrono::steady_clock::now());
  };
  for (auto& p : mine) {
    if (fresh_only && p.seen) {
      kept.push_back(std::move(p));
      continue;
    }
    if (!p.seen) p.seen = now;
    if (now - *p.seen > k_notify_give_up) {
      m_log->warn("notification to {} dropped: undelivered for {} min", describe(t),
                  std::chrono::duration_cast<std::chrono::minutes>(now - *p.seen).count());
      continue;
    }
    blocked = blocked || left() < t.timeout / 4;  // the rest waits for the next flush
    if (!blocked) {
      auto req = notify_request(t, p.event, m_host);
      req.timeout = std::min(req.timeout, left());
      auto outcome = send(req);
      count(target, outcome);
      if (outcome.ok) continue;
      blocked = true;
      m_next_try[target] = now + retry_delay(m_failures[target]);
    }
    kept.push_back(std::move(p));
  }
  if (t.kind == NotifyKind::ping && pass_ok) {
    count(target, send(ping_request(t, *pass_ok ? PingKind::success : PingKind::fail)));
  }
}

void Notifier::flush(TimePoint now, std::optional<bool> pass_ok) {
  if (!m_http || m_targets.empty()) return;
  flush_round(now, pass_ok, false);
  // What the round itself raised (a target's notify_failed opening) goes out now too;
  // the targets that just failed wait for their backoff.
  bool more = m_queue.with([](const std::deque<Pending>& queue) {
    return std::any_of(queue.begin(), queue.end(), [](const Pending& p) { return !p.seen; });
  });
  if (more) flush_round(now, std::nullopt, true);
}

void Notifier::flush_round(TimePoint now, std::optional<bool> pass_ok, bool fresh_only) {
  std::vector<std::vector<Pending>> by_target(m_targets.size());
  m_queue.with([&](std::deque<Pending>& queue) {
    for (auto& p : queue)
      by_target[p.target].push_back(std::move(p));
    queue.clear();
  });
  std::vector<std::vector<Pending>> kept(m_targets.size());
  providers::run_parallel(m_targets.size(), m_targets.size(), [&](std::size_t i) {
    serve(i, by_target[i], now, pass_ok, fresh_only, kept[i]);
  });
  m_queue.with([&](std::deque<Pending>& queue) {
    for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
      for (auto p = it->rbegin(); p != it->rend(); ++p)
        queue.push_front(std::move(*p));
    }
  });
}

std::vector<NotifyOutcome> Notifier::send_test(TimePoint now) {
  std::vector<NotifyOutcome> out(m_targets.size());
  if (!m_http) return out;
  nlohmann::json event = {{"event", "test"}, {"at", providers::format_rfc3339(now)}};
  providers::run_parallel(m_targets.size(), m_targets.size(), [&](std::size_t i) {
    const auto& t = m_targets[i];
    out[i] = send(t.kind == NotifyKind::ping ? ping_request(t, PingKind::success)
                                             : notify_request(t, event, m_host));
  });
  return out;
}

}  // namespace ddnsguard::controller
