#include "controller/store/history_rows.hpp"

#include <array>
#include <string>

namespace ddnsguard::controller::history_rows {
namespace {

using providers::ErrorClass;
using providers::Family;

constexpr std::array<std::string_view, k_stmt_count> k_sql = {
    // add_observation
    "INSERT INTO observations (at, family, source, address, status, detail)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    // add_ip_change
    "INSERT INTO ip_changes (at, family, old_address, new_address, source, last_seen_old)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    // add_update
    "INSERT INTO updates (at, record, type, provider, address, ok, error_class, latency_ms,"
    " message, call) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    // add_verification
    "INSERT INTO verifications (at, record, type, provider, expected, answer, ok, latency_ms)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    // add_decision
    "INSERT INTO decisions (at, kind, subject, value, rationale, event) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    // open_anomaly
    "INSERT INTO anomalies (kind, subject, severity, opened_at, closed_at, score, summary,"
    " evidence, action) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    // close_anomaly
    "UPDATE anomalies SET closed_at = ?1 WHERE id = ?2 AND closed_at IS NULL",
    // set_published
    "INSERT INTO published (record, type, provider, address, at, in_sync)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (record, type, provider) DO UPDATE SET"
    " address = excluded.address, at = excluded.at, in_sync = excluded.in_sync",
    // observations
    "SELECT at, family, source, address, status, detail FROM observations"
    " WHERE at >= ?1 ORDER BY at, id",
    // ip_changes
    "SELECT at, family, old_address, new_address, source, last_seen_old FROM ip_changes"
    " WHERE at >= ?1 ORDER BY at, id",
    // updates
    "SELECT at, record, type, provider, address, ok, error_class, latency_ms, message, call"
    " FROM updates WHERE at >= ?1 AND (call = 'update' OR ok = 0) ORDER BY at, id",
    // provider_calls
    "SELECT at, record, type, provider, address, ok, error_class, latency_ms, message, call"
    " FROM updates WHERE at >= ?1 ORDER BY at, id",
    // verifications
    "SELECT at, record, type, provider, expected, answer, ok, latency_ms FROM verifications"
    " WHERE at >= ?1 ORDER BY at, id",
    // decisions
    "SELECT at, kind, subject, value, rationale, event FROM decisions WHERE at >= ?1 "
    "ORDER BY at, id",
    // anomalies: every anomaly that was open at some time at or after ?1
    "SELECT id, kind, subject, severity, opened_at, closed_at, score, summary, evidence, action"
    " FROM anomalies WHERE closed_at IS NULL OR closed_at >= ?1 ORDER BY opened_at, id",
    // anomalies_open
    "SELECT id, kind, subject, severity, opened_at, closed_at, score, summary, evidence, action"
    " FROM anomalies WHERE closed_at IS NULL ORDER BY opened_at, id",
    // published
    "SELECT record, type, provider, address, at, in_sync FROM published"
    " ORDER BY record, type, provider",
    // last_ip_change
    "SELECT at, family, old_address, new_address, source, last_seen_old FROM ip_changes"
    " WHERE family = ?1 ORDER BY at DESC, id DESC LIMIT 1",
    // prune_observations
    "DELETE FROM observations WHERE at < ?1",
    // prune_verifications
    "DELETE FROM verifications WHERE at < ?1",
    // prune_ip_changes
    "DELETE FROM ip_changes WHERE at < ?1",
    // prune_updates
    "DELETE FROM updates WHERE at < ?1",
    // prune_decisions
    "DELETE FROM decisions WHERE at < ?1",
    // prune_anomalies: closed ones only
    "DELETE FROM anomalies WHERE closed_at IS NOT NULL AND closed_at < ?1",
    // last_quorum
    "SELECT at, family, source, address, status, detail FROM observations"
    " WHERE family = ?1 AND source = 'quorum' ORDER BY at DESC, id DESC LIMIT 1",
    // last_decision
    "SELECT at, kind, subject, value, rationale, event FROM decisions WHERE kind = ?1"
    " ORDER BY at DESC, id DESC LIMIT 1",
};

void bind_text(sqlite3_stmt* st, int i, std::string_view v) {
  sqlite3_bind_text(st, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
void bind_opt_text(sqlite3_stmt* st, int i, const std::optional<std::string>& v) {
  if (v) {
    bind_text(st, i, std::string_view{*v});
  } else {
    sqlite3_bind_null(st, i);
  }
}
void bind_int(sqlite3_stmt* st, int i, sqlite3_int64 v) {
  sqlite3_bind_int64(st, i, v);
}
void bind_time(sqlite3_stmt* st, int i, const std::optional<TimePoint>& t) {
  if (t) {
    bind_int(st, i, to_ms(*t));
  } else {
    sqlite3_bind_null(st, i);
  }
}

bool is_null(sqlite3_stmt* st, int i) {
  return sqlite3_column_type(st, i) == SQLITE_NULL;
}
std::string text(sqlite3_stmt* st, int i) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
  return p == nullptr ? std::string{}
                      : std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(st, i)));
}
std::optional<std::string> opt_text(sqlite3_stmt* st, int i) {
  if (is_null(st, i)) return std::nullopt;
  return text(st, i);
}
std::int64_t integer(sqlite3_stmt* st, int i) {
  return sqlite3_column_int64(st, i);
}
TimePoint time_at(sqlite3_stmt* st, int i) {
  return TimePoint{std::chrono::milliseconds{sqlite3_column_int64(st, i)}};
}
std::optional<TimePoint> opt_time(sqlite3_stmt* st, int i) {
  if (is_null(st, i)) return std::nullopt;
  return time_at(st, i);
}
// Rows are ours, but a hand-edited file must not crash a report: unknown text reads as ipv4.
Family family_at(sqlite3_stmt* st, int i) {
  return parse_family(text(st, i)).value_or(Family::ipv4);
}

}  // namespace

std::optional<ErrorClass> parse_error_class(std::string_view text) {
  for (auto c : {ErrorClass::transient, ErrorClass::rate_limited, ErrorClass::auth,
                 ErrorClass::config, ErrorClass::invalid_response}) {
    if (providers::to_string(c) == text) return c;
  }
  return std::nullopt;
}

std::optional<Family> parse_family(std::string_view text) {
  for (auto f : {Family::ipv4, Family::ipv6}) {
    if (providers::to_string(f) == text) return f;
  }
  return std::nullopt;
}

std::string_view sql(Stmt s) {
  return k_sql.at(static_cast<std::size_t>(s));
}

void bind_row(sqlite3_stmt* st, const Observation& o) {
  bind_int(st, 1, to_ms(o.at));
  bind_text(st, 2, providers::to_string(o.family));
  bind_text(st, 3, o.source);
  bind_opt_text(st, 4, o.address);
  bind_text(st, 5, o.status);
  bind_text(st, 6, o.detail);
}

void bind_row(sqlite3_stmt* st, const IpChange& c) {
  bind_int(st, 1, to_ms(c.at));
  bind_text(st, 2, providers::to_string(c.family));
  bind_opt_text(st, 3, c.old_address);
  bind_text(st, 4, c.new_address);
  bind_text(st, 5, c.source);
  bind_time(st, 6, c.last_seen_old);
}

void bind_row(sqlite3_stmt* st, const UpdateAttempt& u) {
  bind_int(st, 1, to_ms(u.at));
  bind_text(st, 2, u.record);
  bind_text(st, 3, u.type);
  bind_text(st, 4, u.provider);
  bind_text(st, 5, u.address);
  bind_int(st, 6, u.ok ? 1 : 0);
  if (u.error_class) {
    bind_text(st, 7, providers::to_string(*u.error_class));
  } else {
    sqlite3_bind_null(st, 7);
  }
  bind_int(st, 8, u.latency_ms);
  bind_text(st, 9, u.message);
  bind_text(st, 10, std::string(to_string(u.call)));
}

void bind_row(sqlite3_stmt* st, const Verification& v) {
  bind_int(st, 1, to_ms(v.at));
  bind_text(st, 2, v.record);
  bind_text(st, 3, v.type);
  bind_text(st, 4, v.provider);
  bind_text(st, 5, v.expected);
  bind_opt_text(st, 6, v.answer);
  bind_int(st, 7, v.ok ? 1 : 0);
  bind_int(st, 8, v.latency_ms);
}

void bind_row(sqlite3_stmt* st, const Decision& d) {
  bind_int(st, 1, to_ms(d.at));
  bind_text(st, 2, std::string(to_string(d.kind)));
  bind_text(st, 3, d.subject);
  bind_text(st, 4, d.value);
  bind_text(st, 5, d.rationale);
  bind_int(st, 6, d.event ? 1 : 0);
}

void bind_row(sqlite3_stmt* st, const Anomaly& a) {
  bind_text(st, 1, std::string(to_string(a.kind)));
  bind_text(st, 2, a.subject);
  bind_text(st, 3, std::string(to_string(a.severity)));
  bind_int(st, 4, to_ms(a.opened_at));
  bind_time(st, 5, a.closed_at);
  sqlite3_bind_double(st, 6, a.score);
  bind_text(st, 7, a.summary);
  bind_text(st, 8, a.evidence);
  bind_text(st, 9, a.action);
}

void bind_row(sqlite3_stmt* st, const Published& p) {
  bind_text(st, 1, p.record);
  bind_text(st, 2, p.type);
  bind_text(st, 3, p.provider);
  bind_opt_text(st, 4, p.address);
  bind_int(st, 5, to_ms(p.at));
  bind_int(st, 6, p.in_sync ? 1 : 0);
}

bool read_row(sqlite3_stmt* st, Observation& out) {
  out.at = time_at(st, 0);
  out.family = family_at(st, 1);
  out.source = text(st, 2);
  out.address = opt_text(st, 3);
  out.status = text(st, 4);
  out.detail = text(st, 5);
  return true;
}

bool read_row(sqlite3_stmt* st, IpChange& out) {
  out.at = time_at(st, 0);
  out.family = family_at(st, 1);
  out.old_address = opt_text(st, 2);
  out.new_address = text(st, 3);
  out.source = text(st, 4);
  out.last_seen_old = opt_time(st, 5);
  return true;
}

bool read_row(sqlite3_stmt* st, UpdateAttempt& out) {
  out.at = time_at(st, 0);
  out.record = text(st, 1);
  out.type = text(st, 2);
  out.provider = text(st, 3);
  out.address = text(st, 4);
  out.ok = integer(st, 5) != 0;
  out.error_class = is_null(st, 6) ? std::nullopt : parse_error_class(text(st, 6));
  out.latency_ms = integer(st, 7);
  out.message = text(st, 8);
  auto call = parse_call_kind(text(st, 9));
  if (!call) return false;  // a kind this build does not know (a newer one wrote it)
  out.call = *call;
  return true;
}

bool read_row(sqlite3_stmt* st, Verification& out) {
  out.at = time_at(st, 0);
  out.record = text(st, 1);
  out.type = text(st, 2);
  out.provider = text(st, 3);
  out.expected = text(st, 4);
  out.answer = opt_text(st, 5);
  out.ok = integer(st, 6) != 0;
  out.latency_ms = integer(st, 7);
  return true;
}

bool read_row(sqlite3_stmt* st, Decision& out) {
  out.at = time_at(st, 0);
  auto kind = parse_decision_kind(text(st, 1));
  if (!kind) return false;  // a kind this build does not know (a newer one wrote it)
  out.kind = *kind;
  out.subject = text(st, 2);
  out.value = text(st, 3);
  out.rationale = text(st, 4);
  out.event = integer(st, 5) != 0;
  return true;
}

bool read_row(sqlite3_stmt* st, Anomaly& out) {
  out.id = integer(st, 0);
  auto kind = parse_anomaly_kind(text(st, 1));
  if (!kind) return false;  // a kind this build does not know: never loaded as another one
  out.kind = *kind;
  out.subject = text(st, 2);
  out.severity = parse_severity(text(st, 3)).value_or(Severity::warning);
  out.opened_at = time_at(st, 4);
  out.closed_at = opt_time(st, 5);
  out.score = sqlite3_column_double(st, 6);
  out.summary = text(st, 7);
  out.evidence = text(st, 8);
  out.action = text(st, 9);
  return true;
}

bool read_row(sqlite3_stmt* st, Published& out) {
  out.record = text(st, 0);
  out.type = text(st, 1);
  out.provider = text(st, 2);
  out.address = opt_text(st, 3);
  out.at = time_at(st, 4);
  out.in_sync = integer(st, 5) != 0;
  return true;
}

}  // namespace ddnsguard::controller::history_rows
