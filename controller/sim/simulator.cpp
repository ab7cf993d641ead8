#include "controller/sim/simulator.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "controller/app/controller.hpp"
#include "controller/platform/local_time.hpp"
#include "controller/sim/sim_world.hpp"
#include "providers/base/duration.hpp"
#include <fmt/format.h>

namespace ddnsguard::controller {

namespace {

constexpr int k_sources_per_family = 3;
constexpr unsigned k_jitter_seed = 20260105;     // backoff jitter: fixed, so runs repeat
constexpr auto k_tail = std::chrono::hours{24};  // simulated past the last event
constexpr auto k_keep_everything = std::chrono::hours{24 * 3650};  // no trace is this long

// The configuration DESIGN §7 describes: one record per family in the trace, the trace's
// providers in failover order, three in-memory sources per family with quorum 2.
Config sim_config(const Trace& trace, const SimOptions& opt, SimWorld& world) {
  Config c;
  c.sources.quorum = 2;
  c.sources.allow_private = providers::AllowPrivate::yes;  // traces use documentation ranges
  for (auto family : {providers::Family::ipv4, providers::Family::ipv6}) {
    bool wanted = family == providers::Family::ipv4 ? trace.has_ip4 : trace.has_ip6;
    if (!wanted) continue;
    auto& list = family == providers::Family::ipv4 ? c.sources.ipv4 : c.sources.ipv6;
    for (int i = 0; i < k_sources_per_family; ++i) {
      list.push_back({"simulated", false, std::nullopt,
                      [&world, i](const providers::SourceDeps&) -> providers::SourcePtr {
                        return std::make_shared<SimSource>(world, i);
                      }});
    }
    RecordConfig rc;
    rc.record = {"home.example.com", family, opt.ttl.value_or(300)};
    rc.providers = trace.providers;
    rc.mode = UpdateMode::failover;
    c.records.push_back(rc);
  }
  for (const auto& name : trace.providers) {
    c.providers.emplace(name,
                        providers::ProviderSpec{
                            [&world, name](providers::ProviderDeps deps) -> providers::ProviderPtr {
                              return std::make_unique<SimProvider>(name, world, std::move(deps));
                            }});
  }

  if (opt.polling) c.polling = *opt.polling;
  if (opt.api_interval) c.verify.api_interval = *opt.api_interval;
  if (opt.fixed_interval) {
    c.polling.mode = PollingMode::fixed;
    c.polling.min_interval = *opt.fixed_interval;
  }
  c.polling.timezone = trace.tz;
  // The whole run stays in the store: the report is scored from it at the end.
  c.retention = {k_keep_everything, k_keep_everything};
  return c;
}

DelayStats stats(std::vector<double> v) {
  DelayStats s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  double sum = 0;
  for (double x : v)
    sum += x;
  auto at = [&](double q) { return v[static_cast<std::size_t>(std::ceil(q * v.size())) - 1]; };
  s.mean = sum / static_cast<double>(v.size());
  s.p50 = at(0.5);
  s.p95 = at(0.95);
  s.max = v.back();
  return s;
}

// The address as the controller prints it ("2001:db8:a:000::1" -> "2001:db8:a::1").
std::string canonical(const std::string& ip) {
  auto a = providers::Address::parse(ip);
  return a ? a->to_string() : ip;
}

struct TrueChange {
  TimePoint at;
  providers::Family family;
  std::string address;
};

// Scores detection: a change counts as detected at the first recorded address change of
// its family to its address, before the family's next true change.
void score(const std::vector<TrueChange>& truth, const HistoryStore& store, TimePoint start,
           SimReport& r) {
  auto seen = store.ip_changes(TimePoint{});
  std::vector<double> delays;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    r.change_log.push_back({std::chrono::duration<double>(truth[i].at - start).count(), {}});
    std::optional<TimePoint> until;
    for (std::size_t j = i + 1; j < truth.size(); ++j) {
      if (truth[j].family == truth[i].family) {
        until = truth[j].at;
        break;
      }
    }
    for (const auto& c : seen) {
      if (c.family == truth[i].family && c.new_address == truth[i].address && c.at >= truth[i].at &&
          (!until || c.at < *until)) {
        delays.push_back(std::chrono::duration<double>(c.at - truth[i].at).count());
        r.change_log.back().delay_s = delays.back();
        break;
      }
    }
  }
  r.detected = static_cast<int>(delays.size());
  r.delay_s = stats(std::move(delays));
}

double trace_seconds(const Trace& trace, TimePoint t) {
  return std::chrono::duration<double>(t - trace.start).count();
}

// Counts the checks since each drift until DNS holds the true address again.
void note_drift_repairs(SimWorld& world, const std::map<providers::Family, std::string>& current,
                        std::vector<std::pair<std::string, int>>& drifted, SimReport& report) {
  for (auto it = drifted.begin(); it != drifted.end();) {
    ++it->second;
    bool repaired = true;
    for (const auto& [family, address] : current) {
      auto key = it->first + "/" + std::string(providers::record_type_for(family));
      repaired = repaired && world.dns(key) == address;
    }
    if (repaired) {
      report.drift_repair_checks_max = std::max(report.drift_repair_checks_max, it->second);
      it = drifted.erase(it);
    } else {
      ++it;
    }
  }
}

// Tells opt.progress each tenth of the trace that `now` has passed since the last call.
void report_progress(const SimOptions& opt, TimePoint start, TimePoint end, TimePoint now,
                     int& tenths, int checks) {
  if (!opt.progress || end <= start) return;
  using Seconds = std::chrono::duration<double>;
  auto done = static_cast<int>(10 * Seconds(now - start).count() / Seconds(end - start).count());
  while (tenths < std::min(done, 10)) {
    ++tenths;
    opt.progress(tenths, Seconds(now - start).count() / 86400.0, checks);
  }
}

}  // namespace

SimReport run_simulation(const Trace& trace, const SimOptions& opt) {
  providers::ManualClock clock(trace.start);
  SimWorld world(clock);
  // --log-level: the controller's log on stderr alone (never the system log); else silent.
  std::string ignored;
  LogConfig log{.level = opt.log_level.value_or("off"), .format = "text", .file = std::nullopt};
  auto rt = build_runtime(sim_config(trace, opt, world),
                          {.clock = clock,
                           .store = HistoryStore::in_memory(nullptr),
                           .logging = Logging::create(log, ignored, nullptr, SystemLog::no),
                           .dns = std::make_shared<SimAuthoritative>(world),
                           .network = false,
                           .latency_clock = &clock,  // injected latency advances the virtual clock
                           .sequential = true,
                           .jitter_seed = k_jitter_seed});
  const auto& config = rt->config;
  auto& store = rt->store;
  Controller controller(*rt);
  auto local = make_local_time(config.polling.timezone);
  SimReport report;
  report.mode = config.polling.mode == PollingMode::fixed
                    ? "fixed " + providers::format_duration(config.polling.min_interval)
                    : "adaptive";
  std::vector<TrueChange> truth;
  std::map<providers::Family, std::string> current;
  std::set<std::string> ever_true;
  auto end = trace.start + std::chrono::seconds{trace.end_s()} + k_tail;
  std::size_t next_event = 0;
  std::vector<std::pair<std::string, int>> drifted;  // record name, checks since the drift
  TimePoint next_check = trace.start;
  int tenths = 0;                        // of the trace's time reported as done
  bool next_is_event = false;            // the planned check is forced by an event
  auto apply_until = [&](TimePoint t) {  // events up to t; true when the network came up
    bool came_up = false;
    while (next_event < trace.events.size() &&
           trace.start + std::chrono::seconds{trace.events[next_event].t} <= t) {
      const auto& e = trace.events[next_event++];
      auto at = trace.start + std::chrono::seconds{e.t};
      if (clock.now() < at) clock.advance(at - clock.now());
      for (auto [family, ip] :
           {std::pair{providers::Family::ipv4, e.ip4}, std::pair{providers::Family::ipv6, e.ip6}}) {
        if (!ip) continue;
        auto text = canonical(*ip);
        ever_true.insert(text);
        if (current.contains(family) && current[family] != text)
          truth.push_back({at, family, text});
        current[family] = text;
      }
      report.faults += (e.fault ? 1 : 0) + (e.drift ? 1 : 0);
      if (e.drift) drifted.push_back({e.drift->first, 0});
      world.apply(e);
      if (e.network_up && *e.network_up) {
        came_up = true;
        break;
      }
    }
    return came_up;
  };
  while (next_check < end) {
    bool event = apply_until(next_check);
    if (event) next_check = clock.now();  // the controller hears of it at once
    if (clock.now() < next_check) clock.advance(next_check - clock.now());
    auto pass_start = clock.now();
    HistoryStore::Batch batch(*store);  // the pass's writes in one transaction
    auto step = controller.step(event ? StepEvents{"the network came up"} : StepEvents{});
    if (!step.pass) {  // too soon after the last pass: the check comes at min_interval
      next_check = step.next.at;
      next_is_event = true;
      continue;
    }
    for (const auto& u : store->updates(pass_start)) {
      if (!u.ok) continue;
      ++report.updates;
      report.wrong_publishes += ever_true.contains(u.address) ? 0 : 1;
    }
    ++report.checks;
    bool forced = event || next_is_event;
    report.event_checks += forced ? 1 : 0;
    report.check_log.push_back({trace_seconds(trace, pass_start), forced});
    note_drift_repairs(world, current, drifted, report);
    next_is_event = step.next.event;
    next_check = std::max(step.next.at, clock.now() + std::chrono::seconds{1});
    report_progress(opt, trace.start, end, std::min(next_check, end), tenths, report.checks);
  }
  report.changes = static_cast<int>(truth.size());
  report.days = std::chrono::duration<double>(end - trace.start).count() / 86400.0;
  score(truth, *store, trace.start, report);
  if (opt.picture)
    report.heatmap = collect_heatmap(*store, trace.start, end, local ? *local : utc_local_time());
  auto slack = std::chrono::duration_cast<std::chrono::seconds>(config.polling.max_interval +
                                                                config.verify.grace) +
               std::chrono::minutes{10};
  auto opened = store->anomalies(TimePoint{}, false);
  report.anomalies = score_anomalies(trace, opened, slack);
  for (std::size_t i = 0; i < opened.size(); ++i) {
    const auto& a = opened[i];
    std::optional<double> closed;
    if (a.closed_at) closed = trace_seconds(trace, *a.closed_at);
    report.opened_anomalies.push_back({std::string(to_string(a.kind)), a.subject,
                                       trace_seconds(trace, a.opened_at), closed,
                                       report.anomalies.verdicts.at(i)});
  }
  for (const auto& d : store->decisions(TimePoint{})) {
    if (d.kind == DecisionKind::heal) ++report.actions[d.value];
    if (d.kind == DecisionKind::failover) ++report.actions["failover"];
  }
  for (const auto& c : store->provider_calls(TimePoint{}))
    ++report.provider_calls[std::string(to_string(c.call))];
  report.records = static_cast<int>(config.records.size());
  return report;
}

nlohmann::json SimReport::to_json() const {
  return {
      {"mode", mode},
      {"changes", changes},
      {"detected", detected},
      {"delay_s",
       {{"mean", delay_s.mean}, {"p50", delay_s.p50}, {"p95", delay_s.p95}, {"max", delay_s.max}}},
      {"checks", checks},
      {"event_checks", event_checks},
      {"checks_per_day", checks_per_day()},
      {"updates", updates},
      {"wrong_publishes", wrong_publishes},
      {"anomalies",
       {{"true_positive", anomalies.true_positive},
        {"false_positive", anomalies.false_positive},
        {"false_negative", anomalies.false_negative},
        {"informational", anomalies.informational},
        {"missed_by_kind", anomalies.missed_by_kind},
        {"false_positive_by_kind", anomalies.false_positive_by_kind}}},
      {"drift_repair_checks_max", drift_repair_checks_max},
      {"actions", actions},
      {"provider_calls", provider_calls},
      {"api_reads_per_record_day", api_reads_per_record_day()},
      {"check_log", check_log_json()},
      {"opened_anomalies", opened_anomalies_json()}};
}

nlohmann::json SimReport::check_log_json() const {
  auto out = nlohmann::json::array();
  for (const auto& c : check_log)
    out.push_back({{"t", c.t}, {"reason", c.event ? "event" : "budget"}});
  return out;
}

nlohmann::json SimReport::opened_anomalies_json() const {
  auto out = nlohmann::json::array();
  for (const auto& a : opened_anomalies) {
    out.push_back({{"kind", a.kind},
                   {"subject", a.subject},
                   {"opened_at", a.opened_at},
                   {"closed_at", a.closed_at ? nlohmann::json(*a.closed_at) : nlohmann::json()},
                   {"verdict", a.verdict}});
  }
  return out;
}

std::string SimReport::to_text() const {
  return fmt::format(
      "mode              {}\n"
      "days              {:.1f}\n"
      "address changes   {} ({} detected)\n"
      "detection delay   mean {:.1f} s, p50 {:.1f} s, p95 {:.1f} s, max {:.1f} s\n"
      "checks            {} ({:.1f}/day; {} forced by events)\n"
      "updates           {} ({} wrong publishes)\n"
      "faults            {} injected: {} found, {} missed\n"
      "anomalies         {} false positives ({:.2f} per 30 days), {} ip_flapping\n"
      "drift repaired    within {} checks at most\n"
      "actions           {}\n"
      "provider API      {:.1f} reads per record per day\n",
      mode, days, changes, detected, delay_s.mean, delay_s.p50, delay_s.p95, delay_s.max, checks,
      checks_per_day(), event_checks, updates, wrong_publishes, faults, anomalies.true_positive,
      anomalies.false_negative, anomalies.false_positive,
      days > 0 ? anomalies.false_positive * 30.0 / days : 0.0, anomalies.informational,
      drift_repair_checks_max, actions_text(), api_reads_per_record_day());
}

std::string SimReport::actions_text() const {
  std::vector<std::string> parts;
  for (const auto& [value, n] : actions)
    parts.push_back(fmt::format("{} {}", value, n));
  return parts.empty() ? std::string("none") : fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace ddnsguard::controller
