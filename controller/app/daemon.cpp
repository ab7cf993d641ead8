#include "controller/app/daemon.hpp"

#include <chrono>
#include <mutex>
#include <utility>

#include <fmt/format.h>

#include "controller/app/controller.hpp"
#include "controller/platform/heap.hpp"
#include "providers/base/duration.hpp"

namespace ddnsguard::controller {

namespace {

using namespace std::chrono_literals;

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
  auto* notifier = parts.notifier;
  ProgressPing ping(notifier);
  auto rt = build(std::move(config), parts, parts.logging, ping);
  auto controller = std::make_unique<Controller>(*rt);
  rt->log->info("started records={} providers={} state_dir={}", rt->config.records.size(),
                rt->config.providers.size(), rt->config.state_dir);
  bool ready = false;
  bool first_pass = true;
  StepEvents events;
  while (!signals.stop_requested()) {
    auto step = controller->step(std::exchange(events, {}));
    if (step.pass) {
      if (std::exchange(first_pass, false)) return_free_heap();  // it touched far more
      if (notifier != nullptr) {
        auto line =
            fmt::format("{} of {} records in sync; next check {}", in_sync_count(*step.pass),
                        step.pass->records.size(), providers::format_rfc3339(step.next.at));
        ready ? notifier->status(line) : notifier->ready(line);
        ready = true;
      }
    }
    sleep_alive(clock, step.next.at, notifier);
    if (signals.stop_requested()) break;
    clock.reset();
    if (parts.network != nullptr && parts.network->take_change())
      events.network_change = parts.network->last_change();
    if (signals.take_reload()) {
      rt->log->info("SIGHUP: reloading the configuration");
      auto fresh = parts.reload ? parts.reload() : std::nullopt;
      if (!fresh) {
        rt->log->error("reload failed: keeping the current configuration");
        continue;
      }
      if (fresh->state_dir != rt->config.state_dir) {
        rt->log->warn("state_dir changed to {}: takes effect after a restart", fresh->state_dir);
        fresh->state_dir = rt->config.state_dir;
      }
      auto memory = controller->memory();  // when it last pruned and passed, the plan
      controller.reset();
      rt.reset();  // its passes' threads end before the new one starts its own
      rt = build(std::move(*fresh), parts, nullptr, ping);
      controller = std::make_unique<Controller>(*rt, std::move(memory));
      events = {};  // its connections are fresh, and its first step is a pass at once
      rt->log->info("configuration reloaded records={}", rt->config.records.size());
      return_free_heap();  // the old runtime's memory
    }
  }
  rt->log->info("stopping on signal");
  if (notifier != nullptr) notifier->stopping();
  return 0;  // a requested stop is a clean exit, whatever the interrupted pass found
}

}  // namespace ddnsguard::controller
