#include "controller/app/runtime.hpp"

#include <fmt/format.h>

#include <iostream>

#include "controller/platform/default_paths.hpp"
#include "controller/platform/local_time.hpp"
#include "controller/platform/system_log.hpp"

namespace ddnsguard::controller {

std::string history_path(const std::string& state_dir) {
  return state_dir + "/history.db";
}

std::optional<Config> load_checked_config(const CommonOptions& opts,
                                          const providers::ConfigEnv& env) {
  auto path = find_config_file(opts.config_path, env);
  if (!path) {
    std::string searched;
    for (const auto& c : default_config_candidates(env))
      searched += (searched.empty() ? "" : ", ") + c;
    std::cerr << journal_prefix(3)
              << "error: no configuration file: pass -c FILE or set DDNSGUARD_CONFIG (searched "
              << searched << ")\n";
    return std::nullopt;
  }
  std::vector<std::string> warnings;
  auto outcome = load_config(*path, env, warnings);
  for (const auto& w : warnings)
    std::cerr << journal_prefix(4) << "warning: " << w << "\n";
  if (!outcome.config) {
    std::cerr << journal_prefix(3)
              << fmt::format("error: configuration \"{}\" has {} problem(s):\n", *path,
                             outcome.problems.size());
    for (const auto& p : outcome.problems)
      std::cerr << journal_prefix(3) << "  " << p.str() << "\n";
    return std::nullopt;
  }
  auto config = std::move(*outcome.config);
  if (opts.state_dir) config.state_dir = *opts.state_dir;
  if (opts.log_level) config.log.level = *opts.log_level;
  return config;
}

std::shared_ptr<Logging> make_logging(const Config& config, spdlog::sink_ptr extra_sink) {
  std::string error;
  auto logging = Logging::create(config.log, error, std::move(extra_sink));
  for (const auto& s : config.secrets)
    logging->add_secret(s.reveal());
  if (!error.empty()) logging->get("controller")->error("{}; logging to stderr only", error);
  return logging;
}

std::shared_ptr<HistoryStore> open_store(const std::string& state_dir, Logging& logging) {
  std::shared_ptr<HistoryStore> store =
      HistoryStore::open(history_path(state_dir), logging.get("store"));
  store->mask_with(logging.redactor());
  return store;
}

std::unique_ptr<Runtime> build_runtime(Config config, RuntimeDeps deps) {
  auto rt = std::make_unique<Runtime>();
  rt->clock = &deps.clock;
  rt->metrics = deps.metrics;
  rt->logging = deps.logging ? std::move(deps.logging) : make_logging(config, deps.extra_sink);
  rt->log = rt->logging->get("controller");
  rt->store = deps.store ? std::move(deps.store) : open_store(config.state_dir, *rt->logging);
  rt->store->mask_with(rt->logging->redactor());
  rt->config = std::move(config);
  rt->connections = build_connections(rt->config, {.log = rt->logging->get("provider"),
                                                   .redactor = rt->logging->redactor(),
                                                   .clock = &deps.clock,
                                                   .latency_clock = deps.latency_clock,
                                                   .cancel = deps.cancel,
                                                   .http = deps.network});
  auto dns = deps.dns ? std::move(deps.dns) : make_authoritative_dns(rt->config.verify, deps.clock);
  rt->reconciler =
      std::make_unique<Reconciler>(ReconcilerParts{.config = rt->config,
                                                   .connections = rt->connections,
                                                   .store = *rt->store,
                                                   .clock = deps.clock,
                                                   .log = rt->logging->get("reconcile"),
                                                   .dns = std::move(dns),
                                                   .cancel = deps.cancel,
                                                   .metrics = deps.metrics,
                                                   .progress = std::move(deps.progress),
                                                   .sequential = deps.sequential,
                                                   .jitter_seed = deps.jitter_seed});
  auto local = make_local_time(rt->config.polling.timezone);
  if (!local) rt->log->error("{}; the hazard model uses UTC", local.error().message);
  rt->scheduler =
      std::make_unique<PollScheduler>(rt->config.polling, local ? *local : utc_local_time(),
                                      *rt->store, rt->logging->get("planner"));
  return rt;
}

}  // namespace ddnsguard::controller
