#pragma once
// Opens and closes anomalies (DESIGN §6 kinds) from what the reconcile loop sees. Each
// (kind, subject) condition goes through hysteresis, so an anomaly opens once, stays open
// while the condition lasts and closes once it is over. Anomalies still open in the store
// from an earlier run are picked up, so a restart neither duplicates nor orphans them.
// Thread-safe (the IPv4 and IPv6 halves of a pass report concurrently).

#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>
#include <spdlog/logger.h>

#include "controller/store/history_store.hpp"
#include "models/failure_rate.hpp"
#include "models/flap_detector.hpp"
#include "models/hysteresis.hpp"
#include "models/latency_baseline.hpp"
#include "providers/base/guarded.hpp"
#include "providers/base/result.hpp"
#include "providers/sources/observer.hpp"

namespace ddnsguard::controller {

// What an anomaly says when it opens.
struct Finding {
  Severity severity = Severity::warning;
  double score = 1.0;
  std::string summary;
  nlohmann::json evidence = nlohmann::json::object();
  std::string action;
};

// What the monitor found about one source in one check: the healing policy's input for
// which sources vote.
struct SourceFinding {
  models::Transition failing = models::Transition::none;
  models::Transition disagreeing = models::Transition::none;
  bool still_open = false;  // either anomaly is open after this check
};

// Receives anomaly openings and closings (the notifications).
using EventSink = std::function<void(const nlohmann::json& event)>;

class AnomalyMonitor {
 public:
  AnomalyMonitor(HistoryStore& store, std::shared_ptr<spdlog::logger> log);

  void set_sink(EventSink sink) { m_sink = std::move(sink); }

  // Steps the (kind, subject) condition at `now`; on a transition the anomaly is opened
  // with `describe()` or closed. Returns the transition.
  models::Transition step(AnomalyKind kind, const std::string& subject, bool abnormal,
                          models::HysteresisRule rule, TimePoint now,
                          const std::function<Finding()>& describe);
  // Opens at once (no-op when already open) / closes now (no-op when not open).
  void open(AnomalyKind kind, const std::string& subject, TimePoint now, const Finding& f);
  void close(AnomalyKind kind, const std::string& subject, TimePoint now);
  // How many anomalies are open, by kind (its name: a metrics label).
  std::map<std::string, int> open_by_kind() const;
  // Whether an anomaly of one of `kinds` about `subject` is open.
  bool any_open(const std::string& subject, std::initializer_list<AnomalyKind> kinds) const;

  // One provider call (read, update or probe) and how it ended.
  void provider_call(const std::string& provider, const providers::Result<void>& outcome,
                     std::chrono::milliseconds latency, TimePoint now);
  // Whether `provider`'s API is in doubt: its last call failed or was abnormally slow, or one
  // of its anomalies is open. DNS-first then reads it on every pass until it is well.
  bool provider_in_doubt(const std::string& provider) const;
  // The sources' answers of one check. Returns what moved for each source (by index): the
  // healing policy decides from it which sources vote.
  std::vector<SourceFinding> sources_checked(providers::Family family,
                                             const providers::ObservationResult& result,
                                             TimePoint now);
  // The agreed address of `family` changed to `address` (the flap detector's input).
  // `prefix`: the sources report a delegated prefix (its network address), and the
  // ip_flapping finding says so.
  void address_changed(providers::Family family, const std::string& address, TimePoint now,
                       bool prefix = false);

  // The subject names used in anomalies: "provider:cf", "source:0/ipv4".
  static std::string provider_subject(const std::string& provider);
  static std::string source_subject(providers::Family family, std::size_t index);

 private:
  using Key = std::pair<AnomalyKind, std::string>;  // kind, subject
  // Everything the detectors hold, behind one lock (both halves of a pass report).
  struct Shared {
    std::map<Key, std::int64_t> open;  // open anomaly ids
    std::map<Key, models::Hysteresis> conditions;
    std::map<std::string, models::LatencyBaseline> latency;  // by provider
    std::map<std::string, models::FailureRate> failures;     // by provider
    std::set<std::string> in_doubt;                          // providers, by their last call
    std::set<Key> opened_directly;  // open() without a detector (one record's config error)
    std::map<providers::Family, models::FlapDetector> flaps;
  };
  // These run with the lock held (`sh` is the locked state).
  models::Transition step_locked(Shared& sh, const Key& key, bool abnormal,
                                 models::HysteresisRule rule, TimePoint now,
                                 const std::function<Finding()>& describe);
  void open_locked(Shared& sh, const Key& key, TimePoint now, const Finding& f);
  void close_locked(Shared& sh, const Key& key, TimePoint now);
  SourceFinding judge_source(Shared& sh, providers::Family family, std::size_t index,
                             const providers::SourceOutcome& o, TimePoint now);
  void emit(nlohmann::json event);

  HistoryStore& m_store;
  std::shared_ptr<spdlog::logger> m_log;
  EventSink m_sink;
  providers::Guarded<Shared> m_shared;
};

}  // namespace ddnsguard::controller
