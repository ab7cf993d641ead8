#pragma once
// The history store (DESIGN §6): SQLite in WAL mode at <state_dir>/history.db, schema
// versioned with PRAGMA user_version and migrated forward on open. Every observation,
// address change, update attempt, verification, decision and anomaly is written here.
//
// A store that cannot open or write never stops DNS updates: it logs the error once,
// moves to an in-memory database (degraded() turns true) and keeps going.
// Thread-safe: one mutex around the connection.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/logger.h>

#include "controller/store/anomaly_kind.hpp"
#include "controller/store/decision_kind.hpp"
#include "controller/store/provider_call.hpp"
#include "controller/store/severity.hpp"
#include "providers/base/address.hpp"
#include "providers/base/clock.hpp"
#include "providers/base/result.hpp"
#include "providers/net/redactor.hpp"

namespace ddnsguard::controller {

// One source's answer during a check, or the quorum's verdict (source == "quorum").
struct Observation {
  TimePoint at;
  providers::Family family = providers::Family::ipv4;
  std::string source;                  // "source:0 http http://..." or "quorum"
  std::optional<std::string> address;  // what it answered, when it answered
  std::string status;                  // ok, rejected, error, disagree, no_quorum
  std::string detail;                  // error text or rejection reason
};

struct IpChange {
  TimePoint at;
  providers::Family family = providers::Family::ipv4;
  std::optional<std::string> old_address;  // nullopt for the first address ever seen
  std::string new_address;
  std::string source;  // which sources agreed, e.g. "quorum 2/3"
  // The last check that still saw the old address (interval-censored change time).
  std::optional<TimePoint> last_seen_old;
};

struct Verification {
  TimePoint at;
  std::string record;
  std::string type;
  std::string provider;  // or the name server asked
  std::string expected;
  std::optional<std::string> answer;
  bool ok = false;
  std::int64_t latency_ms = 0;
};

struct Decision {
  TimePoint at;
  DecisionKind kind = DecisionKind::poll;
  std::string subject;  // "home.example.com/A", "ipv4", "provider:cf"
  std::string value;    // "10s", "failover to ali"
  std::string rationale;
  bool event = false;  // poll: an event set this check, not the plan (not charged to the budget)

  // Named builders, one per kind: what a call site says happened.
  // The next check, at `next` (an event set it, or the plan).
  static Decision poll(TimePoint at, TimePoint next, std::string why, bool event);
  // A network event brought the next check forward to `next`; no pass ran (subject
  // k_network_event, so a count of checks can leave it out).
  static Decision network_event(TimePoint at, TimePoint next, std::string why);
  static constexpr const char* k_network_event = "network";
  // `subject` ("home.example.com/A", "ipv4", "source:1/ipv6") was healed by `action`.
  static Decision heal(TimePoint at, std::string subject, HealAction action, std::string why);
  // `record` moved from one provider to `to`.
  static Decision failover(TimePoint at, std::string record, std::string to, std::string why);
  // A write-only provider's copy of `record` was rewritten with `address`.
  static Decision refresh(TimePoint at, std::string record, std::string address, std::string why);
  // A notification (`what`, e.g. "daily_summary") was `value` ("scheduled", "queued").
  static Decision notify(TimePoint at, std::string what, std::string value, std::string why);
};

struct Anomaly {
  std::int64_t id = 0;
  AnomalyKind kind = AnomalyKind::provider_errors;
  std::string subject;
  Severity severity = Severity::warning;
  TimePoint opened_at;
  std::optional<TimePoint> closed_at;
  double score = 0;
  std::string summary;
  std::string evidence;  // JSON text
  std::string action;
};

// The value a provider was last seen to hold or was last set to by us.
struct Published {
  std::string record;
  std::string type;
  std::string provider;
  std::optional<std::string> address;  // nullopt: the provider holds no such record
  TimePoint at;
  bool in_sync = false;  // equal to the desired address at that time
};

struct Retention {
  std::chrono::milliseconds changes;       // ip_changes, updates, anomalies, decisions
  std::chrono::milliseconds observations;  // observations, verifications
};

class HistoryStore {
 public:
  // Opens (creating if needed) `path` read-write and migrates it. On any failure the store
  // is in-memory and degraded, with the reason logged once. Never throws.
  static std::unique_ptr<HistoryStore> open(const std::string& path,
                                            std::shared_ptr<spdlog::logger> log);
  // Opens an existing store read-only for the report commands; error when it is missing,
  // unreadable or from a newer schema.
  static providers::Result<std::unique_ptr<HistoryStore>> open_readonly(const std::string& path);
  static std::unique_ptr<HistoryStore> in_memory(std::shared_ptr<spdlog::logger> log);
  // Every text column written from now on is masked with `r` (secrets a server echoed back
  // into an error, a rationale or an anomaly's evidence never reach the file).
  void mask_with(std::shared_ptr<const providers::Redactor> r);
  ~HistoryStore();
  HistoryStore(const HistoryStore&) = delete;
  HistoryStore& operator=(const HistoryStore&) = delete;

  bool degraded() const;
  std::string degraded_reason() const;
  // Stops writing the file and goes on in memory, as a failed write would (e.g. the state
  // directory cannot be locked, so another instance may be writing it). Logged once.
  void keep_in_memory(const std::string& why);
  // A quick integrity check (PRAGMA quick_check: corrupt pages, broken indexes). Reads the
  // whole file once.
  struct Integrity {
    std::optional<bool> ok;  // nullopt: the check could not run (busy, I/O error)
    std::string problem;     // SQLite's first complaint, or why the check could not run
  };
  Integrity integrity() const;
  int schema_version() const;

  // While a Batch lives, writes share one transaction: one commit instead of one per row
  // (the simulator's passes). Harmless when degraded; a failed commit is logged.
  class Batch {
   public:
    explicit Batch(HistoryStore& store);
    ~Batch();
    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;

   private:
    HistoryStore& m_store;
    bool m_open = false;
  };

  void add_observation(const Observation& o);
  void add_ip_change(const IpChange& c);
  void add_update(const UpdateAttempt& u);
  void add_verification(const Verification& v);
  void add_decision(const Decision& d);
  // Returns the new anomaly's id (0 when degraded writes fail).
  std::int64_t open_anomaly(const Anomaly& a);
  void close_anomaly(std::int64_t id, TimePoint at);
  void set_published(const Published& p);

  // Reads, oldest first, rows at or after `since`.
  std::vector<IpChange> ip_changes(TimePoint since) const;
  // Writes and failed calls (what `history` shows).
  std::vector<UpdateAttempt> updates(TimePoint since) const;
  // Every provider call, successful reads included.
  std::vector<UpdateAttempt> provider_calls(TimePoint since) const;
  std::vector<Observation> observations(TimePoint since) const;
  std::vector<Verification> verifications(TimePoint since) const;
  std::vector<Decision> decisions(TimePoint since) const;
  // Anomalies open at some time at or after `since` (closed_at null or >= since), by
  // opened_at; with `open_only`, every anomaly not yet closed whatever `since` is.
  std::vector<Anomaly> anomalies(TimePoint since, bool open_only) const;
  std::vector<Published> published() const;
  // The most recent change of `family`, if any.
  std::optional<IpChange> last_ip_change(providers::Family family) const;

  // The most recent quorum verdict (source "quorum") of `family`, if any.
  std::optional<Observation> last_quorum(providers::Family family) const;
  // The most recent decision of `kind`, if any.
  std::optional<Decision> last_decision(DecisionKind kind) const;

  // Deletes rows older than the retention allows; returns how many were deleted.
  std::int64_t prune(TimePoint now, const Retention& keep);

  // Test hook: makes the live connection refuse writes (PRAGMA query_only), so the next
  // write fails with SQLITE_READONLY as a full disk or a read-only file would.
  void simulate_write_failure_for_test();

 private:
  struct Impl;
  explicit HistoryStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace ddnsguard::controller
