#pragma once
// Internal to the history store: the SQL text of every cached statement and the mapping
// between rows and the structs of history_store.hpp. No connection handling here.

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

#include <sqlite3.h>

#include "controller/store/history_store.hpp"
#include "providers/base/c_free.hpp"

// A nested namespace, so these helpers cannot collide with other controller files.
namespace ddnsguard::controller::history_rows {

using providers::CFree;

using SqliteDb = std::unique_ptr<sqlite3, CFree<sqlite3_close_v2>>;
using SqliteStmt = std::unique_ptr<sqlite3_stmt, CFree<sqlite3_finalize>>;

// Inverse of providers::to_string(ErrorClass); nullopt for any other text.
std::optional<providers::ErrorClass> parse_error_class(std::string_view text);
// Inverse of providers::to_string(Family); nullopt for any other text.
std::optional<providers::Family> parse_family(std::string_view text);

// One entry per cached prepared statement; `count` is the number of entries.
enum class Stmt {
  add_observation,
  add_ip_change,
  add_update,
  add_verification,
  add_decision,
  open_anomaly,
  close_anomaly,
  set_published,
  observations,
  ip_changes,
  updates,
  provider_calls,
  verifications,
  decisions,
  anomalies,
  anomalies_open,
  published,
  last_ip_change,
  prune_observations,
  prune_verifications,
  prune_ip_changes,
  prune_updates,
  prune_decisions,
  prune_anomalies,
  last_quorum,
  last_decision,
  count
};
inline constexpr std::size_t k_stmt_count = static_cast<std::size_t>(Stmt::count);

// The SQL of `s`. Inserts take the struct's fields in bind_row order; reads and prunes take
// one time (ms) as ?1, except last_ip_change and last_quorum (family), last_decision (kind)
// and close_anomaly (closed_at, id).
std::string_view sql(Stmt s);

// Bind every field of a row to an insert statement, from parameter 1 on.
void bind_row(sqlite3_stmt* st, const Observation& o);
void bind_row(sqlite3_stmt* st, const IpChange& c);
void bind_row(sqlite3_stmt* st, const UpdateAttempt& u);
void bind_row(sqlite3_stmt* st, const Verification& v);
void bind_row(sqlite3_stmt* st, const Decision& d);
void bind_row(sqlite3_stmt* st, const Anomaly& a);  // all but id
void bind_row(sqlite3_stmt* st, const Published& p);

// Read the current result row of the matching read statement into `out`; false: a row to
// skip (a kind this build does not know, written by a newer one).
bool read_row(sqlite3_stmt* st, Observation& out);
bool read_row(sqlite3_stmt* st, IpChange& out);
bool read_row(sqlite3_stmt* st, UpdateAttempt& out);
bool read_row(sqlite3_stmt* st, Verification& out);
bool read_row(sqlite3_stmt* st, Decision& out);
bool read_row(sqlite3_stmt* st, Anomaly& out);
bool read_row(sqlite3_stmt* st, Published& out);

// Milliseconds since the Unix epoch, as stored.
inline sqlite3_int64 to_ms(TimePoint t) {
  return t.time_since_epoch().count();
}

}  // namespace ddnsguard::controller::history_rows
