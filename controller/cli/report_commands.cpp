#include "controller/cli/report_commands.hpp"

#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "controller/cli/reports.hpp"
#include "controller/platform/default_paths.hpp"
#include "controller/platform/instance_lock.hpp"
#include "providers/base/duration.hpp"
#include "providers/base/safe_text.hpp"

namespace ddnsguard::controller::cli {

namespace {

// Where the report commands read: the state dir from the options or the configuration.
// With --state-dir and no -c, only `status` needs the configuration (for the records).
std::optional<std::string> report_state_dir(const Args& a, Report kind,
                                            std::optional<Config>& config) {
  if (kind != Report::status && a.common.state_dir && !a.common.config_path)
    return a.common.state_dir;
  auto env = providers::ConfigEnv::system();
  env.skip_secrets = true;  // reports call no provider: they run without the credentials
  config = load_checked_config(a.common, env);
  if (config) return config->state_dir;
  return a.common.state_dir;
}

std::optional<TimePoint> since_time(const Args& a) {
  if (a.since.empty()) return TimePoint{};
  auto d = providers::parse_duration(a.since);
  if (!d) {
    std::cerr << fmt::format("error: --since: invalid duration \"{}\" (e.g. 1h, 7d)\n", a.since);
    return std::nullopt;
  }
  return providers::SystemClock{}.now() - *d;
}

}  // namespace

int cmd_report(const Args& a, Report kind) {
  bool status = kind == Report::status;
  auto since = since_time(a);
  if (!since) return k_exit_usage;
  std::optional<Config> config;
  auto dir = report_state_dir(a, kind, config);
  if (!dir || (status && !config)) return k_exit_usage;
  auto path = history_path(*dir);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec) && !ec) {
    std::cerr << fmt::format(
        "error: no history yet: {} does not exist (no history has been written with this "
        "state directory). Run `ddnsguard once` or start the service (`ddnsguard service "
        "install`); --state-dir or the configuration's state_dir choose another.\n",
        path);
    return k_exit_runtime;
  }
  auto store = HistoryStore::open_readonly(path);
  if (!store) {
    std::cerr << "error: " << store.error().message << "\n";
    return k_exit_runtime;
  }
  if (status) {
    auto s = status_json(**store, *config, providers::SystemClock{}.now(),
                         InstanceLock::held(*dir, fallback_lock_dir()));
    std::cout << (a.json ? providers::dump_json(s, 2) + "\n" : status_text(s));
    // A dead daemon or a damaged store is not "in sync".
    bool all = !s["daemon"]["stale"].get<bool>() && s["store"]["ok"] != false;
    for (const auto& r : s["records"])
      all = all && r["in_sync"].get<bool>();
    return all ? k_exit_ok : k_exit_runtime;
  }
  if (kind == Report::anomalies) {
    std::cout << (a.json
                      ? providers::dump_json(anomalies_json(**store, *since, a.open_only), 2) + "\n"
                      : anomalies_text(**store, *since, a.open_only,
                                       providers::SystemClock{}.now()));
    return k_exit_ok;
  }
  if (kind == Report::decisions) {
    DecisionFilter filter{a.kind, a.limit};
    std::cout << (a.json ? providers::dump_json(decisions_json(**store, *since, filter), 2) + "\n"
                         : decisions_text(**store, *since, filter));
    return k_exit_ok;
  }
  std::cout << (a.json ? providers::dump_json(history_json(**store, *since), 2) + "\n"
                       : history_text(**store, *since));
  return k_exit_ok;
}

}  // namespace ddnsguard::controller::cli
