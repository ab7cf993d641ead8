#pragma once
// Everything a controller command needs, built from a validated configuration in one place:
// loggers (with every secret masked), the history store, the HTTP client, sources and
// providers, a reconciler and a planner.

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "controller/config/config.hpp"
#include "controller/loop/connections.hpp"
#include "controller/loop/metrics_sink.hpp"
#include "controller/loop/poll_scheduler.hpp"
#include "controller/loop/reconciler.hpp"
#include "controller/store/history_store.hpp"
#include "controller/telemetry/logging.hpp"
#include "providers/base/clock.hpp"

namespace ddnsguard::controller {

// Options every command accepts (DESIGN §4, global options).
struct CommonOptions {
  std::optional<std::string> config_path;
  std::optional<std::string> state_dir;
  std::optional<std::string> log_level;
};

// Finds, reads and validates the configuration, applying the command-line overrides.
// Problems and warnings are printed to stderr, one per line. nullopt on any problem.
std::optional<Config> load_checked_config(const CommonOptions& opts,
                                          const providers::ConfigEnv& env);

// What build_runtime needs besides the settings. Borrowed pointers must outlive the runtime.
struct RuntimeDeps {
  providers::Clock& clock;
  // Reused when given (a reload keeps the open store); null: <state_dir>/history.db is
  // opened (in memory when that fails).
  std::shared_ptr<HistoryStore> store = nullptr;
  // Reused when given (the daemon makes it first, for what starts before the runtime);
  // null: made from config.log.
  std::shared_ptr<Logging> logging = nullptr;
  spdlog::sink_ptr extra_sink = nullptr;      // with a new logging: every line too (tests)
  const std::atomic<bool>* cancel = nullptr;  // once true, transfers and waits stop (shutdown)
  MetricsSink* metrics = nullptr;             // kept current by every pass; null: none
  std::function<void()> progress = nullptr;   // each step of a pass (the service watchdog)
  // The simulator's world: its own authoritative DNS (null: the one verify names), no
  // network (no HTTP client), call latency on its virtual clock, one thread, a fixed seed.
  std::shared_ptr<providers::AuthoritativeDns> dns = nullptr;
  bool network = true;
  const providers::Clock* latency_clock = nullptr;
  bool sequential = false;
  std::optional<unsigned> jitter_seed = std::nullopt;
};

struct Runtime {
  Config config;
  providers::Clock* clock = nullptr;  // the one every part was built with
  MetricsSink* metrics = nullptr;     // what every pass reports to; null: none
  std::shared_ptr<Logging> logging;
  std::shared_ptr<spdlog::logger> log;  // "controller"
  std::shared_ptr<HistoryStore> store;
  Connections connections;  // built from config; used by the reconciler, so declared first
  std::unique_ptr<Reconciler> reconciler;
  std::unique_ptr<PollScheduler> scheduler;
};

// Loggers for `config`: its log settings, every secret of it masked. A log file that cannot
// be opened is logged (stderr goes on). `extra_sink` receives every line too (tests).
std::shared_ptr<Logging> make_logging(const Config& config, spdlog::sink_ptr extra_sink = nullptr);

// Opens <state_dir>/history.db (in memory when that fails), masking what `logging` masks.
std::shared_ptr<HistoryStore> open_store(const std::string& state_dir, Logging& logging);

// Builds everything `config` describes. The only place the controller is wired: `run`,
// `once` and `simulate` use it, `doctor` its build_connections. Never throws.
std::unique_ptr<Runtime> build_runtime(Config config, RuntimeDeps deps);

std::string history_path(const std::string& state_dir);

}  // namespace ddnsguard::controller
