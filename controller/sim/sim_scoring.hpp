#pragma once
// Scores the anomalies a simulation opened against the faults its trace injected
// (DESIGN §7): each fault is found (true positive) or missed (false negative); an anomaly
// that matches no fault is a false positive.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "controller/sim/trace.hpp"
#include "controller/store/history_store.hpp"

namespace ddnsguard::controller {

struct AnomalyScore {
  int true_positive = 0;
  int false_positive = 0;
  int false_negative = 0;
  int informational = 0;  // ip_flapping: follows the true address, not an injected fault
  std::map<std::string, int> missed_by_kind;          // fault kind -> misses
  std::map<std::string, int> false_positive_by_kind;  // anomaly kind -> count
  // Per scored anomaly, in the order given: "true_positive", "false_positive" or
  // "informational".
  std::vector<std::string> verdicts;
};

// The anomaly kinds that count as finding a fault of `kind` on `target`.
std::vector<AnomalyKind> expected_kinds(const std::string& target, const std::string& kind);

// `slack`: how long after a fault ends its anomaly may still open (the next check may be
// that far away).
AnomalyScore score_anomalies(const Trace& trace, const std::vector<Anomaly>& anomalies,
                             std::chrono::seconds slack);

}  // namespace ddnsguard::controller
