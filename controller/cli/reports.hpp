#pragma once
// The report commands' outputs (DESIGN §6): JSON with stable keys, and readable text.

#include <string>

#include <nlohmann/json.hpp>

#include "controller/config/config.hpp"
#include "controller/store/history_store.hpp"

namespace ddnsguard::controller {

// {ip_changes: [{at, family, old, new, source}],
//  updates: [{at, record, type, provider, address, ok, error_class, latency_ms}]}
nlohmann::json history_json(const HistoryStore& store, TimePoint since);
std::string history_text(const HistoryStore& store, TimePoint since);

// Which decisions to show: of one kind (empty: all), the newest `limit` (0: all).
struct DecisionFilter {
  std::string kind;
  int limit = 0;
};
// [{at, kind, subject, value, rationale}], oldest first.
nlohmann::json decisions_json(const HistoryStore& store, TimePoint since,
                              const DecisionFilter& filter = {});
std::string decisions_text(const HistoryStore& store, TimePoint since,
                           const DecisionFilter& filter = {});

// [{id, kind, subject, severity, opened_at, closed_at, score, summary, evidence, action}],
// oldest first; `open_only` leaves out the closed ones. `evidence` is a JSON object.
nlohmann::json anomalies_json(const HistoryStore& store, TimePoint since, bool open_only);
// One line each: kind, subject, opened, duration (to `now` while open), summary, action.
std::string anomalies_text(const HistoryStore& store, TimePoint since, bool open_only,
                           TimePoint now);

// {records: [{name, type, desired, published: {<provider>: value}, verified_at, in_sync}],
//  next_check_at, next_check_reason, open_anomalies: [{kind, subject, summary}]}. Records
// come from `config`.
// `running`: whether a `run` holds the state directory's lock (nullopt: unknown). The
// "daemon" member says so, with the last pass, whether it is stale (older than twice
// polling.max_interval, or none at all) and writes_history (false: running but stale, so its
// store went to memory; null unless running). "store": {ok (null: could not check), problem}
// from SQLite's quick integrity check.
nlohmann::json status_json(const HistoryStore& store, const Config& config, TimePoint now,
                           std::optional<bool> running = std::nullopt);
std::string status_text(const nlohmann::json& status);

// What `check-config` prints: every record, provider, source and setting, secrets as ***.
std::string describe_config(const Config& config);

}  // namespace ddnsguard::controller
