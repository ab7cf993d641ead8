#pragma once
// A robust latency baseline for one subject (a provider or an address source): the median,
// MAD and 90th percentile of log latency over a sliding window of calls. A call is abnormal
// when it sits far above the median in robust units or far above the 90th percentile (an
// API that answers in 5 ms or 45 ms has a wide MAD, yet 600 ms is news), *and* is slower by
// a margin that matters to a person, so a 20 ms API that answers in 60 ms is not an
// incident (pure).

#include <cstddef>
#include <deque>
#include <vector>

namespace ddnsguard::models {

struct LatencyRule {
  std::size_t window = 64;       // calls kept
  std::size_t min_samples = 8;   // no verdict before this many
  double threshold = 4.0;        // robust z-score on log latency
  double min_scale = 0.25;       // floor of the robust scale (log units): ≥ e^(4·0.25) ≈ 2.7×
  double min_excess_ms = 250.0;  // and at least this much slower than the median
  double p90_factor = 3.0;       // or this many times the 90th percentile (bimodal APIs)
  std::size_t adapt_after = 32;  // abnormal calls in a row that become the new normal
};

struct LatencyVerdict {
  bool abnormal = false;
  double score = 0;      // robust z-score (0 before min_samples)
  double median_ms = 0;  // the baseline the call was judged against
  double p90_ms = 0;
};

class LatencyBaseline {
 public:
  explicit LatencyBaseline(LatencyRule rule = {}) : m_rule(rule) {}

  // Judges `ms` against the calls before it. Normal calls join the window at once; abnormal
  // ones are held back, so an episode never inflates its own baseline, and join only when
  // `adapt_after` of them come in a row (a lasting change becomes the new normal).
  LatencyVerdict observe(double ms);

 private:
  LatencyRule m_rule;
  void add(double x);
  std::deque<double> m_logs;   // log(ms + 10), oldest first
  std::vector<double> m_held;  // the current run of abnormal calls
};

}  // namespace ddnsguard::models
