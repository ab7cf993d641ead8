#pragma once
// Everything a controller command needs, built from a validated configuration: loggers
// (with every secret masked), the history store, providers wired to HTTP, a reconciler.

#include <memory>
#include <optional>
#include <string>

#include "controller/config/config.hpp"
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

struct Runtime {
  Config config;
  std::shared_ptr<Logging> logging;
  std::shared_ptr<spdlog::logger> log;  // "controller"
  std::shared_ptr<HistoryStore> store;
  std::unique_ptr<Reconciler> reconciler;
  std::unique_ptr<PollScheduler> scheduler;
};

// Wires `config` up. `store` is reused when given (a reload keeps the open store);
// otherwise <state_dir>/history.db is opened (in memory when that fails).
// `extra_sink` receives every log line too (tests). Never throws.
std::unique_ptr<Runtime> make_runtime(Config config, providers::Clock& clock,
                                      std::shared_ptr<HistoryStore> store = nullptr,
                                      spdlog::sink_ptr extra_sink = nullptr);

std::string history_path(const std::string& state_dir);

}  // namespace ddnsguard::controller
