#include "controller/cli/html_report.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>

#include <fmt/format.h>

#include "controller/cli/reports.hpp"
#include "controller/page/sim_page.hpp"
#include "controller/page/status_page.hpp"
#include "controller/page/svg.hpp"
#include "controller/platform/default_paths.hpp"
#include "controller/platform/host_name.hpp"
#include "controller/platform/instance_lock.hpp"
#include "controller/platform/local_time.hpp"
#include "providers/base/duration.hpp"

namespace ddnsguard::controller::cli {

std::optional<std::string> page_from_store(const Config& config, std::chrono::milliseconds period,
                                           bool live, std::string& error) {
  auto path = history_path(config.state_dir);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    error = fmt::format("no history yet: {} does not exist", path);
    return std::nullopt;
  }
  auto store = HistoryStore::open_readonly(path);
  if (!store) {
    error = store.error().message;
    return std::nullopt;
  }
  auto now = providers::SystemClock{}.now();
  auto local = make_local_time(config.polling.timezone);
  auto running =
      live ? std::optional(true) : InstanceLock::held(config.state_dir, fallback_lock_dir());
  auto data = collect_page_data(**store, now - period, now, local ? *local : utc_local_time());
  PageInfo info{host_name(), providers::format_rfc3339(now), providers::format_duration(period),
                live};
  return render_status_page(status_json(**store, config, now, running),
                            anomalies_json(**store, TimePoint{}, true), data, info);
}

namespace {

// The page for the configuration at `path`, made afresh.
std::string make_live_page(const std::string& path, const CommonOptions& overrides) {
  auto env = providers::ConfigEnv::system();
  env.skip_secrets = true;  // the page calls no provider
  std::vector<std::string> warnings;
  auto loaded = load_config(path, env, warnings);
  std::string error = "the configuration has problems (see `ddnsguard check-config`)";
  if (loaded.config) {
    if (overrides.state_dir) loaded.config->state_dir = *overrides.state_dir;
    if (auto page = page_from_store(*loaded.config, k_page_period, true, error)) return *page;
  }
  return fmt::format("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>ddnsguard</title>"
                     "</head><body><p>{}</p></body></html>\n",
                     xml_escape(error));
}

}  // namespace

std::function<std::string()> live_page(std::string path, CommonOptions overrides) {
  // Made at most every k_page_fresh: a reload of the page in a browser, or several, costs
  // one build (a month of history), and /healthz keeps its workers.
  struct Cache {
    std::mutex mutex;
    std::chrono::steady_clock::time_point made;
    std::string page;
  };
  auto cache = std::make_shared<Cache>();
  return [path = std::move(path), overrides = std::move(overrides), cache] {
    std::lock_guard lock(cache->mutex);
    auto now = std::chrono::steady_clock::now();
    if (cache->page.empty() || now - cache->made >= k_page_fresh) {
      cache->page = make_live_page(path, overrides);
      cache->made = now;
    }
    return cache->page;
  };
}

namespace {

bool write_page(const std::string& file, const std::string& page) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << page;
  if (!out.flush()) {
    std::cerr << fmt::format("error: cannot write \"{}\"\n", file);
    return false;
  }
  return true;
}

SimPicture simulation_picture(const SimReport& r, const std::string& trace_path) {
  SimPicture p;
  p.title = fmt::format("{} ({})", std::filesystem::path(trace_path).filename().string(), r.mode);
  p.days = r.days;
  p.facts = {
      {"days", fmt::format("{:.1f}", r.days)},
      {"address changes", fmt::format("{} ({} detected)", r.changes, r.detected)},
      {"detection delay", fmt::format("mean {:.0f} s, p50 {:.0f} s, p95 {:.0f} s, max {:.0f} s",
                                      r.delay_s.mean, r.delay_s.p50, r.delay_s.p95, r.delay_s.max)},
      {"checks", fmt::format("{} ({:.1f}/day; {} forced by events)", r.checks, r.checks_per_day(),
                             r.event_checks)},
      {"wrong publishes", std::to_string(r.wrong_publishes)},
      {"anomalies",
       fmt::format("{} found, {} missed, {} false positives", r.anomalies.true_positive,
                   r.anomalies.false_negative, r.anomalies.false_positive)}};
  for (const auto& c : r.check_log)
    p.checks.push_back({c.t, c.event});
  for (const auto& c : r.change_log)
    p.changes.push_back({c.t, c.delay_s});
  if (r.heatmap) p.heatmap = *r.heatmap;
  return p;
}

}  // namespace

bool write_simulation_page(const SimReport& report, const std::string& trace_path,
                           const std::string& file) {
  return write_page(file, render_simulation_page(simulation_picture(report, trace_path)));
}

int cmd_report_html(const Args& a) {
  auto env = providers::ConfigEnv::system();
  env.skip_secrets = true;
  auto config = load_checked_config(a.common, env);
  if (!config) return k_exit_usage;
  std::chrono::milliseconds period = k_page_period;
  if (!a.since.empty()) {
    auto d = providers::parse_duration(a.since);
    if (!d || d->count() <= 0) {
      std::cerr << fmt::format("error: --since: invalid duration \"{}\" (e.g. 7d, 30d)\n", a.since);
      return k_exit_usage;
    }
    period = *d;
  }
  std::string error;
  auto page = page_from_store(*config, period, false, error);
  if (!page) {
    std::cerr << "error: " << error << "\n";
    return k_exit_runtime;
  }
  if (!write_page(a.html, *page)) return k_exit_runtime;
  std::cout << fmt::format("wrote {} ({} bytes)\n", a.html, page->size());
  return k_exit_ok;
}

}  // namespace ddnsguard::controller::cli
