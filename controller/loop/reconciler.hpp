#pragma once
// One reconcile pass (DESIGN §2): observe the address per family, read back what each
// provider holds, update only where it differs, record everything in the history store.

#include <atomic>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <spdlog/logger.h>

#include "controller/config/config.hpp"
#include "controller/loop/anomaly_monitor.hpp"
#include "controller/loop/connections.hpp"
#include "controller/loop/healing.hpp"
#include "controller/loop/metrics_sink.hpp"
#include "controller/loop/notifier.hpp"
#include "controller/loop/poll_scheduler.hpp"
#include "controller/loop/provider_health.hpp"
#include "controller/loop/published_table.hpp"
#include "controller/loop/verifier.hpp"
#include "controller/store/history_store.hpp"
#include "providers/base/clock.hpp"
#include "providers/base/guarded.hpp"
#include "providers/base/worker.hpp"
#include "providers/sources/observer.hpp"

namespace ddnsguard::controller {

enum class DryRun { no, yes };

// Whether a pass read a provider's API for a record, and why (DNS-first, README "Verification").
struct ReadNote {
  std::string provider;
  bool skipped = false;  // the authoritative servers showed the address: the API was not asked
  std::string why;       // why it was read ("the address changed"), or what DNS showed
};

// What one record looked like at the end of a pass.
struct RecordOutcome {
  std::string subject;                                          // "home.example.com/A"
  std::optional<std::string> desired;                           // the quorum address, if any
  std::map<std::string, std::optional<std::string>> published;  // provider -> value held
  bool in_sync = false;
  std::string reason;  // why not in sync; empty when in sync
  std::vector<ReadNote> reads;
};

struct PassReport {
  std::vector<RecordOutcome> records;
  bool address_changed = false;  // some family's agreed address differs from the last one
  bool observe_failed = false;   // some family with records had no agreed address
  bool all_in_sync() const;
  // The API reads skipped and made, for the pass's polling decision ("" when none).
  std::string reads_summary() const;
};

// What a reconciler works with, all given when it is made. The references are borrowed and
// must outlive it.
struct ReconcilerParts {
  const Config& config;
  Connections& connections;  // the sources and providers built from `config`
  HistoryStore& store;
  providers::Clock& clock;
  std::shared_ptr<spdlog::logger> log;
  // Answers for the zone's authoritative servers; null: no DNS verification.
  std::shared_ptr<providers::AuthoritativeDns> dns = nullptr;
  // Once true, cuts the wait for address sources short (shutdown); null: never.
  const std::atomic<bool>* cancel = nullptr;
  // Counts provider calls and address changes (null: none).
  MetricsSink* metrics = nullptr;
  // Called, from any of the pass's threads, each time the pass gets a step further (an
  // observation, a record synced or verified): the daemon feeds the service watchdog from
  // it, so a long pass is not taken for a hung one, and a hung one stops the pings.
  std::function<void()> progress = nullptr;
  // Runs the IPv4 and IPv6 halves of a pass one after the other on the caller's thread
  // (the simulator, where nothing blocks); otherwise they run concurrently.
  bool sequential = false;
  // Seeds the retry backoff's jitter (the simulator: the same trace gives the same run).
  std::optional<unsigned> jitter_seed = std::nullopt;
};

class Reconciler {
 public:
  explicit Reconciler(ReconcilerParts parts);

  // One pass over every record. IPv4 and IPv6 run concurrently and independently: one
  // family's failure never blocks the other. Blocks for at most about the source timeout
  // plus the provider timeouts. With DryRun::yes, nothing is written to any provider.
  PassReport reconcile_once(DryRun dry);

  // The earliest moment something needs a look before the plan says so: a provider's
  // backoff ending or a pending verification (nullopt: nothing waiting).
  std::optional<NextCheck> follow_up() const;

  // The anomaly detectors fed by every pass (the daemon attaches notifications to it).
  AnomalyMonitor& monitor() { return m_monitor; }

 private:
  struct FamilyPass {
    std::vector<RecordOutcome> records;
    bool changed = false;
    bool failed = false;
  };
  FamilyPass reconcile_family(providers::Family family, DryRun dry);
  // Starts the IPv4 half of a pass on m_ipv4_pass; nullopt when the caller should run it
  // after the IPv6 half instead (sequential mode, records of one family only, no thread).
  std::optional<std::future<FamilyPass>> start_ipv4_half(DryRun dry);
  // The agreed address, and whether it differs from the last one recorded.
  std::optional<providers::Address> observe_family(providers::Family family, bool& changed);
  void store_observation(providers::Family family, const providers::ObservationResult& result);
  // Which sources of `family` are demoted (their answers do not vote), by index.
  std::vector<bool> demoted_sources(providers::Family family, std::size_t count);
  // Carries out the healing policy's demotions and promotions for one check's findings.
  void apply_votes(providers::Family family, const providers::ObservationResult& result,
                   const std::vector<SourceFinding>& findings, int quorum, TimePoint now);
  // Every source failed: true when a provider is unreachable too (this host is offline), so
  // nothing is retried and no source or provider is blamed.
  bool offline(providers::Family family, const providers::ObservationResult& result);
  RecordOutcome reconcile_record(const RecordConfig& rc,
                                 const std::optional<providers::Address>& desired, DryRun dry,
                                 bool changed);
  // Brings one provider's copy of `rc` to `desired`; true when it holds it afterwards.
  // `changed`: the family's address changed in this pass (a mismatch is then no drift).
  bool sync_provider(const RecordConfig& rc, const std::string& provider,
                     const providers::Address& desired, DryRun dry, RecordOutcome& out,
                     bool changed = true);
  // A write-only provider whose last successful write to `rc` is older than rc.refresh.
  bool refresh_due(const RecordConfig& rc, const providers::Provider& p);
  // Someone else changed what `provider` holds (`held`) while the address stayed put.
  bool is_drift(const providers::Record& rec, const std::string& provider,
                const std::optional<std::string>& held, const providers::Address& desired,
                bool changed);
  std::optional<std::optional<providers::Address>>
  read_published(const providers::Record& rec, providers::Provider& p, RecordOutcome& out);
  bool cancelled() const;
  // A store that cannot be written raises an anomaly (kept in memory) and stops nothing.
  void note_store_health();
  // Servers' Date headers far from our clock raise clock_skew.
  void note_clock();
  // Marks what `provider` holds for `rec` as not in sync; `held` nullopt keeps the value
  // last recorded.
  void mark_out_of_sync(const providers::Record& rec, const std::string& provider,
                        std::optional<std::string> held);
  // DNS-first (reconciler_dns_first.cpp): before the providers are read, the authoritative
  // servers are asked about every record whose providers were read within
  // verify.api_interval and held its address; where DNS shows it, the API is not read.
  void ask_dns_first(const std::vector<const RecordConfig*>& records,
                     const providers::Address& agreed, bool changed);
  // Why `rc`'s providers must be read this pass; nullopt: DNS may answer for `provider`,
  // the one readable provider the pass would read.
  std::optional<std::string> why_read(const RecordConfig& rc, const providers::Address& desired,
                                      bool changed, std::string& provider);
  // A provider accepted a write to `subject` in this pass.
  void note_written(const std::string& subject);
  // True (and noted in `out`) when DNS-first lets this pass skip reading `provider`.
  bool skip_read(const RecordConfig& rc, const std::string& provider,
                 const providers::Address& desired, RecordOutcome& out);
  // When the last API call for (subject, provider) worked, if one did since the start.
  std::optional<TimePoint> last_api_ok(const std::string& subject, const std::string& provider);
  // That call is within verify.api_interval and the provider is not in doubt.
  bool api_fresh(const std::string& subject, const std::string& provider);
  void note_api_call(const std::string& subject, const std::string& provider, bool ok);
  // Forgets the pass's DNS-first answers for `records`; true for those DNS showed.
  std::vector<bool> end_dns_first(const std::vector<const RecordConfig*>& records);
  // Verification (reconciler_verify.cpp): one in-sync record of a family's pass.
  struct VerifyJob {
    const RecordConfig* rc = nullptr;
    RecordOutcome* out = nullptr;
    providers::Address desired;  // what the record should hold
    std::size_t active = 0;      // the provider verified (failover: the active one)
    VerifyVerdict verdict = VerifyVerdict::unknown;
  };
  // Asks DNS about every job at once, then re-pushes or fails over where it does not show.
  void verify_records(std::vector<VerifyJob>& jobs);
  void act_on_verdict(const RecordConfig& rc, std::size_t active, VerifyVerdict verdict,
                      const providers::Address& desired, RecordOutcome& out);
  // Which of rc's providers is authoritative now (always 0 outside failover mode).
  std::size_t active_provider(const RecordConfig& rc);
  // Tells the daemon the pass is moving (the service watchdog); any thread.
  void progress() const;
  void push_again(const RecordConfig& rc, const std::string& provider,
                  const providers::Address& desired);
  void record_failure(const providers::Record& rec, const std::string& provider,
                      const std::string& address, const providers::Error& e,
                      std::chrono::milliseconds latency, CallKind call, ProviderHealth& health);
  // Feeds one provider call to the detectors and the metrics.
  template <class T>
  void note_call(const std::string& provider, CallKind kind, const providers::Timed<T>& call) {
    if (call.value) {
      m_monitor.provider_call(provider, {}, call.latency, m_clock.now());
    } else {
      m_monitor.provider_call(provider, tl::unexpected(call.value.error()), call.latency,
                              m_clock.now());
    }
    if (m_metrics == nullptr) return;
    auto result =
        call.value ? std::string("ok") : std::string(providers::to_string(call.value.error().cls));
    m_metrics->provider_call(provider, std::string(to_string(kind)), result, call.latency);
  }

  // Failover (reconciler_failover.cpp): which provider is authoritative for a record, as
  // the healing policy decides.
  using FailoverState = healing::FailoverState;
  FailoverState failover_state(const std::string& subject);
  void keep_failover_state(const std::string& subject, const FailoverState& st);
  bool reconcile_failover(const RecordConfig& rc, const providers::Address& desired, DryRun dry,
                          RecordOutcome& out, bool changed);
  void probe_first_ranked(const RecordConfig& rc, FailoverState& st);
  // Whether provider `i` of `rc` gets the standby probe (not active, not probed otherwise).
  bool probed_as_standby(const RecordConfig& rc, const FailoverState& st, std::size_t i) const;
  // Read-only probes of the standbys, each at most every verify.standby_interval.
  void probe_standbys(const RecordConfig& rc, const FailoverState& st);
  // One read-back probe of `name` for `rc`, noted like any call, its failure held in
  // `health`; true when it answered.
  bool probe(const RecordConfig& rc, const std::string& name, ProviderHealth& health);
  void switch_provider(const RecordConfig& rc, FailoverState& st, std::size_t to,
                       const std::string& why);
  // Notifications (reconciler_notify.cpp): a failing target opens its own anomaly; at the
  // end of a pass the daily summary is queued when due and everything due is sent.
  void watch_notify_targets();
  void notify_pass_end(const PassReport& report, DryRun dry);
  void queue_daily_summary(const PassReport& report, TimePoint now);

  const Config& m_config;
  Connections& m_live;
  HistoryStore& m_store;
  PublishedTable m_published;  // what each provider holds: working state, written through
  providers::Clock& m_clock;
  std::shared_ptr<spdlog::logger> m_log;
  ProviderHealth m_health;
  // The standby probes' own backoff: a probe's failure or success says nothing about the
  // calls where that provider is authoritative, and its backoff never forces a check.
  ProviderHealth m_probe_health;
  AnomalyMonitor m_monitor;
  Verifier m_verifier;
  Notifier m_notifier;
  const std::atomic<bool>* m_cancel;
  MetricsSink* m_metrics;
  std::function<void()> m_progress;
  bool m_sequential;
  // What the pass's threads (its two halves, the parallel DNS questions) share, all behind
  // one lock.
  struct DnsShows {
    std::string provider;  // the one provider DNS answered for
    std::string answer;
  };
  struct SharedState {
    std::map<providers::Family, TimePoint> last_seen;         // last check that saw the address
    std::map<std::string, FailoverState> failover;            // by record subject
    std::map<providers::Family, bool> offline;                // the last pass found no network
    std::map<providers::Family, healing::SourceVotes> votes;  // which sources vote
    std::map<std::string, TimePoint> api_ok;       // "subject provider": last API call that worked
    std::map<std::string, DnsShows> dns_shows;     // subject: what DNS answered, this pass
    std::set<std::string> written;                 // subjects written to in this pass
    std::map<std::string, std::string> read_why;   // subject: why its APIs are read, this pass
    std::map<std::string, TimePoint> standby_due;  // next standby probe, "provider|family"
  };
  providers::Guarded<SharedState> m_state;
  std::optional<TimePoint> m_next_summary;  // the daily summary (the pass's own thread)
  // Owned threads, last: they end (joined) before anything they use.
  providers::Observer m_observe_ipv4;  // one worker per source
  providers::Observer m_observe_ipv6;
  providers::Worker m_ipv4_pass;  // the IPv4 half of a pass, beside the IPv6 half
};

}  // namespace ddnsguard::controller
