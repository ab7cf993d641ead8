#pragma once
// The `run` command: reconcile, decide when to check next, sleep (interruptibly), repeat.
// Stops cleanly on SIGTERM/SIGINT within about a second, even mid-request; reloads the
// configuration on SIGHUP and keeps the old one when the new one is bad.

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

#include "controller/app/runtime.hpp"
#include "controller/loop/metrics_sink.hpp"
#include "controller/platform/network_watch.hpp"
#include "controller/platform/service_notify.hpp"
#include "controller/platform/signals.hpp"

namespace ddnsguard::controller {

// What the daemon runs with besides its configuration. Borrowed: all outlive the run.
struct DaemonParts {
  providers::Clock& clock;
  SignalWatcher& signals;
  std::atomic<bool>& cancel;  // set on a stop signal: transfers and waits end
  // The new configuration on SIGHUP (nullopt: keep the old one).
  std::function<std::optional<Config>()> reload;
  std::shared_ptr<Logging> logging = nullptr;  // the first configuration's loggers
  std::shared_ptr<HistoryStore> store;         // open, kept across reloads
  // A change it reports (it should interrupt `clock`) brings the next check forward
  // (Controller::step says how far). May be null.
  NetworkWatch* network = nullptr;
  // Hears ready after the first pass, alive while the loop runs (sleeps are cut into
  // watchdog periods), and stopping. May be null.
  ServiceNotifier* notifier = nullptr;
  MetricsSink* metrics = nullptr;  // kept current after every pass; may be null
};

// Builds the runtime for `config` and runs until a stop signal; a reload builds it afresh
// and keeps the old one when the new configuration is bad. Returns 0: a stop on request is
// a clean exit.
int run_daemon(Config config, DaemonParts parts);

}  // namespace ddnsguard::controller
