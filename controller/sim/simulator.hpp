#pragma once
// `simulate` (DESIGN §7): replays a trace through the real reconcile loop, poll planner and
// history store in virtual time, against in-memory sources and providers.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "controller/config/config.hpp"
#include "controller/page/page_data.hpp"
#include "controller/sim/sim_scoring.hpp"
#include "controller/sim/trace.hpp"

namespace ddnsguard::controller {

struct SimOptions {
  std::optional<PollingConfig> polling;                     // from -c; default settings otherwise
  std::optional<std::chrono::milliseconds> fixed_interval;  // --fixed-interval: fixed polling
  std::optional<int> ttl;                                   // from -c's first record
  std::optional<std::chrono::milliseconds> api_interval;    // from -c's verify.api_interval
  // --log-level: the controller's log on stderr at this level; silent when unset.
  std::optional<std::string> log_level;
  // Called as the virtual clock passes each tenth of the trace: (tenths done 1..10, days
  // done, checks so far). For `simulate --progress` on long traces.
  std::function<void(int tenths, double days, int checks)> progress;
  bool picture = false;  // --html: keep the hour-of-week picture (the model refit once more)
};

struct DelayStats {
  double mean = 0, p50 = 0, p95 = 0, max = 0;
};

// One check the simulation made, `t` seconds after the trace's start.
struct SimCheck {
  double t = 0;
  bool event = false;  // forced by an event (failure, follow-up, network up), else budget
};

// One true address change, `t` seconds after the trace's start, and how long until the
// controller saw it (nullopt: never).
struct SimChange {
  double t = 0;
  std::optional<double> delay_s;
};

// One anomaly the simulation opened, times in seconds after the trace's start.
struct SimAnomaly {
  std::string kind;
  std::string subject;
  double opened_at = 0;
  std::optional<double> closed_at;  // still open at the end
  std::string verdict;              // true_positive, false_positive or informational
};

struct SimReport {
  int changes = 0;
  int detected = 0;
  DelayStats delay_s;
  int checks = 0;
  int event_checks = 0;  // checks forced by events (failures, backoff ends, network up)
  double days = 0;
  int updates = 0;
  int wrong_publishes = 0;
  int faults = 0;  // injected faults and drifts
  AnomalyScore anomalies;
  std::map<std::string, int> actions;  // healing decisions by value ("failover", "demote", ...)
  int drift_repair_checks_max = 0;     // checks until a drifted record was right again
  std::string mode;                    // "adaptive" or "fixed 5m"
  std::vector<SimCheck> check_log;     // every check, in order
  std::vector<SimAnomaly> opened_anomalies;
  std::vector<SimChange> change_log;          // every true change, in order
  std::optional<HeatmapData> heatmap;         // with SimOptions::picture
  std::map<std::string, int> provider_calls;  // by kind: read, update, probe
  int records = 0;

  double api_reads_per_record_day() const {
    auto it = provider_calls.find("read");
    int reads = it == provider_calls.end() ? 0 : it->second;
    return days > 0 && records > 0 ? reads / days / records : 0;
  }

  double checks_per_day() const { return days > 0 ? checks / days : 0; }
  // Counts, plus `check_log` [{t, reason: event|budget}] and `opened_anomalies`
  // [{kind, subject, opened_at, closed_at, verdict}] (trace seconds).
  nlohmann::json to_json() const;
  nlohmann::json check_log_json() const;
  nlohmann::json opened_anomalies_json() const;
  std::string to_text() const;
  std::string actions_text() const;  // "demote 2, failover 1" or "none"
};

// Deterministic: the same trace and options give the same report. Never throws.
SimReport run_simulation(const Trace& trace, const SimOptions& options);

}  // namespace ddnsguard::controller
