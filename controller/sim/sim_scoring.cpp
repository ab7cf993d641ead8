#include "controller/sim/sim_scoring.hpp"

#include <algorithm>
#include <set>

namespace ddnsguard::controller {

namespace {

struct Injected {
  TimePoint from;
  TimePoint until;
  std::string target;  // "provider:x", "source:0", "record"
  std::string kind;    // the fault kind, or "drift"
};

std::vector<Injected> injected(const Trace& trace, std::chrono::seconds slack) {
  std::vector<Injected> out;
  for (const auto& e : trace.events) {
    auto at = trace.start + std::chrono::seconds{e.t};
    if (e.fault) {
      out.push_back({at, at + std::chrono::seconds{e.fault->duration_s} + slack, e.fault->target,
                     e.fault->kind});
    }
    if (e.drift) out.push_back({at, at + slack, "record", "drift"});
  }
  return out;
}

// Whether anomaly `a` is about injected fault `f`.
bool matches(const Anomaly& a, const Injected& f) {
  // Open at some time within the fault's window (it may have opened just before, for an
  // earlier fault on the same subject, and still be open).
  if (a.opened_at > f.until || (a.closed_at && *a.closed_at < f.from)) return false;
  auto kinds = expected_kinds(f.target, f.kind);
  if (std::find(kinds.begin(), kinds.end(), a.kind) == kinds.end()) return false;
  if (f.target == "record" || f.kind == "silent") return true;  // record subjects
  if (f.target.rfind("provider:", 0) == 0) return a.subject == f.target;
  return a.subject.rfind(f.target + "/", 0) == 0;  // "source:0" matches "source:0/ipv4"
}

}  // namespace

std::vector<AnomalyKind> expected_kinds(const std::string& target, const std::string& kind) {
  if (target == "record") return {AnomalyKind::record_drift};
  bool provider = target.rfind("provider:", 0) == 0;
  if (provider) {
    if (kind == "error" || kind == "timeout")
      return {AnomalyKind::provider_errors, AnomalyKind::provider_unreachable};
    if (kind == "latency") return {AnomalyKind::provider_latency};
    if (kind == "auth") return {AnomalyKind::auth_failure};
    if (kind == "silent") return {AnomalyKind::silent_update_failure};
    return {};
  }
  if (kind == "wrong_ip") return {AnomalyKind::source_disagreement};
  if (kind == "error" || kind == "timeout") return {AnomalyKind::source_failing};
  return {};
}

AnomalyScore score_anomalies(const Trace& trace, const std::vector<Anomaly>& anomalies,
                             std::chrono::seconds slack) {
  AnomalyScore s;
  auto faults = injected(trace, slack);
  std::set<std::size_t> explained;
  for (const auto& f : faults) {
    bool found = false;
    for (std::size_t i = 0; i < anomalies.size(); ++i) {
      if (matches(anomalies[i], f)) {
        found = true;
        explained.insert(i);
      }
    }
    ++(found ? s.true_positive : s.false_negative);
    if (!found) ++s.missed_by_kind[f.kind];
  }
  for (std::size_t i = 0; i < anomalies.size(); ++i) {
    if (explained.contains(i)) {
      s.verdicts.emplace_back("true_positive");
    } else if (anomalies[i].kind == AnomalyKind::ip_flapping) {
      ++s.informational;
      s.verdicts.emplace_back("informational");
    } else {
      ++s.false_positive;
      ++s.false_positive_by_kind[std::string(to_string(anomalies[i].kind))];
      s.verdicts.emplace_back("false_positive");
    }
  }
  return s;
}

}  // namespace ddnsguard::controller
