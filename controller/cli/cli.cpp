#include "controller/cli/cli.hpp"

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <map>
#include <tuple>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "controller/app/daemon.hpp"
#include "controller/app/runtime.hpp"
#include "controller/cli/cli_args.hpp"
#include "controller/cli/doctor.hpp"
#include "controller/cli/html_report.hpp"
#include "controller/cli/import_command.hpp"
#include "controller/cli/notify_command.hpp"
#include "controller/cli/report_commands.hpp"
#include "controller/cli/reports.hpp"
#include "controller/cli/state_lock.hpp"
#include "controller/platform/default_paths.hpp"
#include "controller/platform/file_access.hpp"
#include "controller/platform/heap.hpp"
#include "controller/platform/instance_lock.hpp"
#include "controller/platform/system_log.hpp"
#include "controller/service/service.hpp"
#include "controller/sim/simulator.hpp"
#include "controller/telemetry/metrics_endpoint.hpp"
#include "providers/base/duration.hpp"
#include "providers/base/safe_text.hpp"

namespace ddnsguard::controller {

namespace {

using namespace cli;

int cmd_check_config(const Args& a) {
  auto env = providers::ConfigEnv::system();
  env.skip_secrets = a.no_secrets;  // e.g. a shipped example, before its secrets exist
  auto config = load_checked_config(a.common, env);
  if (!config) return k_exit_usage;
  std::cout << describe_config(*config);
  if (auto why = metrics_unavailable_reason(); config->metrics.listen && !why.empty()) {
    std::cout << "warning: metrics.listen is ignored: " << why << "\n";
  }
  return k_exit_ok;
}

int cmd_once(const Args& a) {
  auto env = providers::ConfigEnv::system();
  auto config = load_checked_config(a.common, env);
  if (!config) return k_exit_usage;
  StateLock lock;
  if (auto code = lock_state(config->state_dir, lock)) return *code;
  providers::SystemClock clock;
  auto rt = build_runtime(std::move(*config), {.clock = clock});
  report_lock(lock, *rt->log, *rt->store);
  auto report = rt->reconciler->reconcile_once(a.dry_run ? DryRun::yes : DryRun::no);
  for (const auto& r : report.records) {
    std::cout << fmt::format("{}: {} (desired {}){}\n", r.subject,
                             r.in_sync ? "in sync" : "NOT in sync", r.desired.value_or("unknown"),
                             r.reason.empty() ? "" : " - " + r.reason);
  }
  return report.all_in_sync() ? k_exit_ok : k_exit_runtime;
}

ServiceRequest service_request(const Args& a);

int cmd_doctor(const Args& a) {
  auto env = providers::ConfigEnv::system();
  auto config = load_checked_config(a.common, env);
  if (!config) return k_exit_usage;
  DoctorOptions opt;
  if (!a.resolver.empty()) {
    opt.resolver = providers::parse_server_spec(a.resolver);
    if (!opt.resolver) {
      std::cerr << fmt::format("error: --resolver: \"{}\" is not a host or host:port\n",
                               a.resolver);
      return k_exit_usage;
    }
  }
  providers::SystemClock clock;
  auto redactor = std::make_shared<providers::Redactor>();  // replies may echo a secret
  for (const auto& s : config->secrets)
    redactor->add(s.reveal());
  // No log: the checks' results are the output.
  auto live = build_connections(*config, {.redactor = redactor, .clock = &clock});
  opt.service = service_request(a);
  opt.service->root = a.root;
  auto checks = run_doctor(*config, live, opt);
  std::cout << (a.json ? providers::dump_json(doctor_json(checks), 2) + "\n" : doctor_text(checks));
  return any_failed(checks) ? k_exit_runtime : k_exit_ok;
}

enum class ServiceAction { install, uninstall, status };

ServiceRequest service_request(const Args& a) {
  ServiceRequest r;
  r.user = a.user;
  r.launchd = a.launchd;
  r.root = a.root;
  r.exe = this_executable();
  r.home = user_home();
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME")) r.xdg_config_home = xdg;
  return r;
}

// The state_dir the configuration at `path` names, made absolute as the service sees it (its
// working directory is /); "" when it names none, cannot be read, or names one with a control
// character (no unit line can hold it).
std::string configured_state_dir(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return "";
  auto env = providers::ConfigEnv::system();
  env.skip_secrets = true;
  std::vector<std::string> warnings;
  auto loaded = load_config(path, env, warnings);
  if (!loaded.config || !loaded.config->state_dir_given) return "";
  const auto& dir = loaded.config->state_dir;
  if (std::any_of(dir.begin(), dir.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
    return "";
  return (std::filesystem::path("/") / dir).lexically_normal().string();
}

int cmd_service(const Args& a, ServiceAction action) {
  auto r = service_request(a);
  if (r.user && r.home.empty() && r.xdg_config_home.empty()) {
    std::cerr << "error: --user needs $HOME\n";
    return k_exit_usage;
  }
  r.config = a.common.config_path ? std::filesystem::absolute(*a.common.config_path).string()
                                  : default_service_config(r);
  r.force = a.force;
  if (action == ServiceAction::install) r.state_dir = configured_state_dir(r.config);
  auto res = action == ServiceAction::install     ? service_install(r)
             : action == ServiceAction::uninstall ? service_uninstall(r)
                                                  : service_status(r);
  for (const auto& line : res.lines)
    (res.exit_code == 0 ? std::cout : std::cerr) << line << "\n";
  return res.exit_code;
}

int cmd_run(const Args& a) {
  providers::SystemClock clock;
  share_heap_arenas();                   // before any other thread starts
  std::atomic<bool> cancel{false};       // outlives the runtime and its source threads
  SignalWatcher signals(clock, cancel);  // before any other thread starts
  auto env = providers::ConfigEnv::system();
  auto config = load_checked_config(a.common, env);
  if (!config) return k_exit_usage;
  StateLock lock;
  if (auto code = lock_state(config->state_dir, lock)) return *code;
  auto logging = make_logging(*config);  // what starts before the runtime logs here too
  auto log = logging->get("controller");
  auto store = open_store(config->state_dir, *logging);
  report_lock(lock, *log, *store);
  auto network = start_network_watch([&clock] { clock.interrupt(); }, log);
  auto notifier = service_notifier_from_environment();
  auto config_file = find_config_file(a.common.config_path, env);
  auto metrics = start_metrics_endpoint(
      *config, *log, config_file ? live_page(*config_file, a.common) : PageSource{});
  return run_daemon(std::move(*config),
                    {.clock = clock,
                     .signals = signals,
                     .cancel = cancel,
                     .reload = [&] { return load_checked_config(a.common, env); },
                     .logging = logging,
                     .store = store,
                     .network = network.get(),
                     .notifier = notifier.get(),
                     .metrics = metrics ? &metrics->sink() : nullptr});
}

int cmd_simulate(const Args& a) {
  std::string error;
  auto env = providers::ConfigEnv::system();
  auto text = env.read_file(a.trace, error);
  if (!text) {
    std::cerr << fmt::format("error: cannot read trace \"{}\": {}\n", a.trace, error);
    return k_exit_usage;
  }
  std::vector<providers::ConfigProblem> problems;
  auto trace = parse_trace(*text, problems);
  if (!trace) {
    std::cerr << fmt::format("error: trace \"{}\" has {} problem(s):\n", a.trace, problems.size());
    for (const auto& p : problems)
      std::cerr << "  " << p.str() << "\n";
    return k_exit_usage;
  }
  SimOptions opt;
  if (a.common.config_path) {
    auto config = load_checked_config(a.common, env);
    if (!config) return k_exit_usage;
    opt.polling = config->polling;
    if (!config->records.empty()) opt.ttl = config->records.front().record.ttl;
    opt.api_interval = config->verify.api_interval;
  }
  if (!a.fixed_interval.empty()) {
    opt.fixed_interval = providers::parse_duration(a.fixed_interval);
    if (!opt.fixed_interval || opt.fixed_interval->count() < 1000) {
      std::cerr << fmt::format("error: --fixed-interval: invalid duration \"{}\" (at least 1s)\n",
                               a.fixed_interval);
      return k_exit_usage;
    }
  }
  opt.log_level = a.common.log_level;  // on stderr; wall-clock stamps, virtual times
  if (a.progress || stderr_is_terminal()) {
    opt.progress = [](int tenths, double days, int checks) {
      std::cerr << fmt::format("simulate: {}% ({:.1f} days, {} checks)\n", tenths * 10, days,
                               checks);
    };
  }
  opt.picture = !a.html.empty();
  auto report = run_simulation(*trace, opt);
  std::cout << (a.json ? providers::dump_json(report.to_json(), 2) + "\n" : report.to_text());
  if (!a.html.empty() && !write_simulation_page(report, a.trace, a.html)) return k_exit_runtime;
  return k_exit_ok;
}

// An empty path would mean the current directory or "/" further on (--root "" once did a
// real system install): refused where it is given.
const CLI::Validator k_non_empty_path(
    [](const std::string& v) { return v.empty() ? std::string("an empty path") : std::string(); },
    "PATH", "non-empty path");

void add_global_options(CLI::App& app, Args& a) {
  app.add_option("-c,--config", a.common.config_path, "configuration file")
      ->check(k_non_empty_path);
  app.add_option("--state-dir", a.common.state_dir, "state directory (overrides state_dir)")
      ->check(k_non_empty_path);
  app.add_option("--log-level", a.common.log_level,
                 "trace, debug, info, warn, error, critical, off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"ddnsguard: keeps DNS records pointing at this host's changing public address"};
  app.name("ddnsguard");  // not argv[0]'s full path in "Usage:"
  app.set_version_flag("-V,--version", std::string("ddnsguard ") + DDNSGUARD_VERSION);
  app.require_subcommand(0, 1);
  app.fallthrough();
  Args a;
  add_global_options(app, a);
  auto* run = app.add_subcommand("run", "run the controller in the foreground");
#ifdef _WIN32
  run->add_flag("--service", a.as_service,
                "started by the Windows service manager (service install sets it up)");
#endif
  auto* once = app.add_subcommand("once", "one reconcile pass over all records, then exit");
  once->add_flag("--dry-run", a.dry_run, "read and compare only; change nothing");
  auto* check = app.add_subcommand("check-config", "validate the configuration, show the plan");
  check->add_flag("--no-secrets", a.no_secrets,
                  "check the structure without reading any secret (${VAR}, *_file)");
  auto* status = app.add_subcommand("status", "per record: desired, published, in sync");
  auto* history = app.add_subcommand("history", "address changes and update attempts");
  auto* decisions = app.add_subcommand("decisions", "polling decisions and their rationale");
  auto* anomalies = app.add_subcommand("anomalies", "anomalies: kind, subject, evidence, action");
  anomalies->add_flag("--open", a.open_only, "only the anomalies still open");
  auto* doctor = app.add_subcommand("doctor", "diagnostics, one line per check with a fix hint");
  doctor->add_flag("--json", a.json, "machine-readable output");
  doctor->add_option("--resolver", a.resolver, "local resolver to compare (host[:port])");
  doctor->add_option("--root", a.root, "look for the service under this directory instead of /")
      ->check(k_non_empty_path);
  auto* service =
      app.add_subcommand("service", "start with the machine: install, uninstall, status");
  service->require_subcommand(1);
  std::map<ServiceAction, CLI::App*> service_cmds;
  for (auto [action, name, what] :
       {std::tuple{ServiceAction::install, "install", "install and enable the service"},
        std::tuple{ServiceAction::uninstall, "uninstall", "stop and remove what install created"},
        std::tuple{ServiceAction::status, "status", "installed, enabled, active"}}) {
    auto* sub = service->add_subcommand(name, what);
    sub->add_flag("--user", a.user, "per-user service instead of system-wide");
    sub->add_option("--root", a.root, "write under this directory instead of / (packaging, tests)")
        ->check(k_non_empty_path);
    sub->add_flag("--launchd", a.launchd,
                  "a launchd job (macOS); elsewhere only with --root, to lay out a package");
    if (action == ServiceAction::install) {
      sub->add_flag("--force", a.force,
                    "write the unit even when the service could not reach the program, the "
                    "configuration or its state_dir (a system unit: under /home, /root, "
                    "/run/user, /tmp, /var/tmp)");
    }
    service_cmds[action] = sub;
  }
  auto* report = app.add_subcommand("report", "the status page as one HTML file");
  report->add_option("--html", a.html, "write the page here")->required()->check(k_non_empty_path);
  report->add_option("--since", a.since, "what the charts cover (default 30d)");
  auto* notify = app.add_subcommand("notify", "notifications: send a test message");
  notify->add_flag("--test", a.test, "one test message to every notify target")->required();
  auto* import = app.add_subcommand("import", "convert a ddclient or inadyn configuration");
  import->require_subcommand(1);
  for (const char* from : {"ddclient", "inadyn"}) {
    auto* sub = import->add_subcommand(from, fmt::format("print {}'s configuration FILE as "
                                                         "ddnsguard's",
                                                         from));
    sub->add_option("FILE", a.import_file, "the configuration to convert")
        ->required()
        ->check(k_non_empty_path);
    sub->callback([&a, from] { a.import_from = from; });
  }
  auto* simulate = app.add_subcommand("simulate", "replay a trace in virtual time");
  simulate->add_option("--trace", a.trace, "trace file (JSON lines)")
      ->required()
      ->check(k_non_empty_path);
  simulate->add_option("--fixed-interval", a.fixed_interval, "fixed polling (e.g. 5m) instead");
  simulate->add_flag("--json", a.json, "machine-readable output");
  simulate->add_option("--html", a.html, "also draw the run as one HTML page here")
      ->check(k_non_empty_path);
  simulate->add_flag("--progress", a.progress,
                     "progress on stderr each tenth of the trace (default when it is a terminal)");
  decisions->add_option("--kind", a.kind, "only decisions of this kind")
      ->check(CLI::IsMember(
          std::vector<std::string>(decision_kind_names().begin(), decision_kind_names().end())));
  decisions->add_option("--limit", a.limit, "only the newest N")->check(CLI::Range(1, 1000000));
  // Unknown options fall through to here, extra words too: kept, so that the check after
  // parsing can name them (the default error would be "A subcommand is required").
  app.allow_extras();
  status->add_flag("--json", a.json, "machine-readable output");
  for (auto* sub : {history, decisions, anomalies}) {
    sub->add_flag("--json", a.json, "machine-readable output");
    sub->add_option("--since", a.since, "only rows newer than this (e.g. 1h, 7d)");
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? k_exit_ok : k_exit_usage;
  }
  // Extras are allowed only to name them here: unknown commands and options are usage errors.
  if (auto extra = app.remaining(true); !extra.empty() || app.get_subcommands().empty()) {
    std::cerr << (extra.empty() ? std::string("error: a command is required")
                                : fmt::format("error: unknown command or option \"{}\"",
                                              providers::valid_utf8(extra.front().substr(0, 64))))
              << " (see ddnsguard --help)\n";
    return k_exit_usage;
  }
  try {
    if (run->parsed())
      return a.as_service ? run_as_service([&a] { return cmd_run(a); }) : cmd_run(a);
    if (once->parsed()) return cmd_once(a);
    if (check->parsed()) return cmd_check_config(a);
    if (status->parsed()) return cmd_report(a, Report::status);
    if (history->parsed()) return cmd_report(a, Report::history);
    if (decisions->parsed()) return cmd_report(a, Report::decisions);
    if (anomalies->parsed()) return cmd_report(a, Report::anomalies);
    if (simulate->parsed()) return cmd_simulate(a);
    if (doctor->parsed()) return cmd_doctor(a);
    if (notify->parsed()) return cmd_notify_test(a);
    if (report->parsed()) return cmd_report_html(a);
    if (import->parsed()) return cmd_import(a);
    for (auto [action, sub] : service_cmds) {
      if (sub->parsed()) return cmd_service(a, action);
    }
  } catch (const std::exception& e) {
    std::cerr << journal_prefix(3) << "error: " << e.what() << "\n";
    return k_exit_runtime;
  }
  return k_exit_usage;
}

}  // namespace ddnsguard::controller
