#pragma once
// The `run` command: reconcile, decide when to check next, sleep (interruptibly), repeat.
// Stops cleanly on SIGTERM/SIGINT within about a second, even mid-request; reloads the
// configuration on SIGHUP and keeps the old one when the new one is bad.

#include <atomic>

#include "controller/app/runtime.hpp"
#include "controller/loop/metrics_sink.hpp"
#include "controller/platform/network_watch.hpp"
#include "controller/platform/service_notify.hpp"
#include "controller/platform/signals.hpp"

namespace ddnsguard::controller {

// Runs until a stop signal. `reload` produces the new configuration on SIGHUP (nullopt:
// keep the old one). A change reported by `network` (may be null; it should interrupt
// `clock`) brings the next check forward to now, or to min_interval after the last one.
// `notifier` (may be null) hears ready after the first pass, alive while the loop runs
// (sleeps are cut into watchdog periods), and stopping. Returns 0: a stop on request is a
// clean exit. `metrics` (may be null) is kept current after every pass.
int run_daemon(std::unique_ptr<Runtime> rt, providers::Clock& clock, SignalWatcher& signals,
               std::atomic<bool>& cancel, const std::function<std::optional<Config>()>& reload,
               NetworkWatch* network = nullptr, ServiceNotifier* notifier = nullptr,
               MetricsSink* metrics = nullptr);

}  // namespace ddnsguard::controller
