#include "controller/app/daemon.hpp"

#include <chrono>
#include <mutex>
#include <utility>

#include <fmt/format.h>

#include "controller/platform/heap.hpp"
#include "providers/base/duration.hpp"

namespace ddnsguard::controller {

namespace {

using namespace std::chrono_literals;
constexpr auto k_prune_every = std::chrono::hours{24};

// Sleeps until `t`, telling the watchdog the loop is alive on the way; false when
// interrupted.
bool sleep_alive(providers::Clock& clock, TimePoint t, ServiceNotifier* notifier) {
  if (notifier == nullptr || !notifier->alive_every()) return clock.sleep_until(t);
  for (;;) {
    notifier->alive();
    auto step = std::min(t, clock.now() + *notifier->alive_every());
    if (!clock.sleep_until(step)) return false;
    if (step >= t) return true;
  }
}

// Feeds the watchdog from a pass's progress (any thread), four times as often as it needs.
class ProgressPing {
 public:
  explicit ProgressPing(ServiceNotifier* notifier) : m_notifier(notifier) {}
  void operator()() {
    if (m_notifier == nullptr || !m_notifier->alive_every()) return;
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(m_mutex);
    if (now - m_last < *m_notifier->alive_every() / 4) return;
    m_last = now;
    m_notifier->alive();
  }

 private:
  ServiceNotifier* m_notifier;
  std::mutex m_mutex;
  std::chrono::steady_clock::time_point m_last{};
};

// The runtime for `config`, with what the daemon gives every pass: cancellation, metrics,
// the watchdog. `logging` null: new loggers from `config`.
std::unique_ptr<Runtime> build(Config config, const DaemonParts& parts,
                               std::shared_ptr<Logging> logging, ProgressPing& ping) {
  return build_runtime(std::move(config), {.clock = parts.clock,
                                           .store = parts.store,
                                           .logging = std::move(logging),
                                           .cancel = &parts.cancel,
                                           .metrics = parts.metrics,
                                           .progress = [&ping] { ping(); }});
}

std::size_t in_sync_count(const PassReport& report) {
  std::size_t n = 0;
  for (const auto& r : report.records)
    n += r.in_sync ? 1 : 0;
  return n;
}

}  // namespace

int run_daemon(Config config, DaemonParts parts) {
  auto& clock = parts.clock;
  auto& signals = parts.signals;
  auto* network = parts.network;
  auto* notifier = parts.notifier;
  auto* metrics = parts.metrics;
  ProgressPing ping(notifier);
  auto rt = build(std::move(config), parts, parts.logging, ping);
  rt->log->info("started records={} providers={} state_dir={}", rt->config.records.size(),
                rt->config.providers.size(), rt->config.state_dir);
  TimePoint last_prune{};
  bool ready = false;
  bool first_pass = true;
  while (!signals.stop_requested()) {
    auto pass_start = clock.now();
    auto report = rt->reconciler->reconcile_once(DryRun::no);
    auto now = clock.now();
    if (now - last_prune >= k_prune_every) {
      auto n =
          rt->store->prune(now, {rt->config.retention.changes, rt->config.retention.observations});
      rt->log->debug("pruned {} old history rows", n);
      last_prune = now;
    }
    auto event = report.observe_failed    ? PassEvent::failed_check
                 : report.address_changed ? PassEvent::address_changed
                                          : PassEvent::none;
    auto next =
        rt->scheduler->plan(now, event, rt->reconciler->follow_up(), report.reads_summary());
    if (metrics != nullptr) {
      metrics->pass_done(report, now);
      metrics->next_check(next.at);
      metrics->open_anomalies(rt->reconciler->monitor().open_by_kind());
    }
    if (std::exchange(first_pass, false)) return_free_heap();  // it touched far more than the rest
    if (notifier != nullptr) {
      auto line = fmt::format("{} of {} records in sync; next check {}", in_sync_count(report),
                              report.records.size(), providers::format_rfc3339(next.at));
      ready ? notifier->status(line) : notifier->ready(line);
      ready = true;
    }
    sleep_alive(clock, next.at, notifier);
    if (signals.stop_requested()) break;
    clock.reset();
    if (network != nullptr && network->take_change()) {
      // Connections and cached DNS answers may belong to the old network: start afresh.
      if (rt->connections.http) rt->connections.http->reset_pool();
      // Events bring the plan forward, but never closer together than min_interval.
      auto at =
          std::min(next.at, std::max(clock.now(), pass_start + rt->config.polling.min_interval));
      rt->scheduler->note_event_check(clock.now(), at,
                                      "network change (" + network->last_change() + ")");
      if (!sleep_alive(clock, at, notifier) && signals.stop_requested()) break;
      clock.reset();
    }
    if (signals.take_reload()) {
      rt->log->info("SIGHUP: reloading the configuration");
      auto fresh = parts.reload();
      if (!fresh) {
        rt->log->error("reload failed: keeping the current configuration");
        continue;
      }
      if (fresh->state_dir != rt->config.state_dir) {
        rt->log->warn("state_dir changed to {}: takes effect after a restart", fresh->state_dir);
        fresh->state_dir = rt->config.state_dir;
      }
      rt.reset();  // its passes' threads end before the new one starts its own
      rt = build(std::move(*fresh), parts, nullptr, ping);
      rt->log->info("configuration reloaded records={}", rt->config.records.size());
      return_free_heap();  // the old runtime's memory
    }
  }
  rt->log->info("stopping on signal");
  if (notifier != nullptr) notifier->stopping();
  return 0;  // a requested stop is a clean exit, whatever the interrupted pass found
}

}  // namespace ddnsguard::controller
