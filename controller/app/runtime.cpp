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

std::unique_ptr<Runtime> make_runtime(Config config, providers::Clock& clock,
                                      std::shared_ptr<HistoryStore> store,
                                      spdlog::sink_ptr extra_sink) {
  auto rt = std::make_unique<Runtime>();
  std::string log_error;
  rt->logging = Logging::create(config.log, log_error, std::move(extra_sink));
  for (const auto& s : config.secrets)
    rt->logging->add_secret(s.reveal());
  rt->log = rt->logging->get("controller");
  if (!log_error.empty()) rt->log->error("{}; logging to stderr only", log_error);
  rt->store = store ? std::move(store)
                    : std::shared_ptr<HistoryStore>(HistoryStore::open(
                          history_path(config.state_dir), rt->logging->get("store")));
  rt->store->mask_with(rt->logging->redactor());
  auto provider_log = rt->logging->get("provider");
  for (auto& [name, p] : config.providers)
    p->attach({config.http, provider_log, std::chrono::seconds{10}, &clock, nullptr,
               rt->logging->redactor()});
  rt->config = std::move(config);
  rt->reconciler =
      std::make_unique<Reconciler>(rt->config, *rt->store, clock, rt->logging->get("reconcile"),
                                   make_authoritative_dns(rt->config.verify, clock));
  auto local = make_local_time(rt->config.polling.timezone);
  if (!local) rt->log->error("{}; the hazard model uses UTC", local.error().message);
  rt->scheduler =
      std::make_unique<PollScheduler>(rt->config.polling, local ? *local : utc_local_time(),
                                      *rt->store, rt->logging->get("planner"));
  return rt;
}

}  // namespace ddnsguard::controller
