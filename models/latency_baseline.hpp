#pragma once
// A robust latency baseline for one subject (a provider or an address source): the median
// and MAD of log latency over a sliding window of calls. A call is abnormal when it sits
// far above the median in robust units *and* is slower by a margin that matters to a
// person, so a 20 ms API that answers in 60 ms is not an incident (pure).

#include <cstddef>
#include <deque>

namespace ddnsguard::models {

struct LatencyRule {
  std::size_t window = 64;       // calls kept
  std::size_t min_samples = 8;   // no verdict before this many
  double threshold = 4.0;        // robust z-score on log latency
  double min_scale = 0.25;       // floor of the robust scale (log units): ≥ e^(4·0.25) ≈ 2.7×
  double min_excess_ms = 250.0;  // and at least this much slower than the median
};

struct LatencyVerdict {
  bool abnormal = false;
  double score = 0;      // robust z-score (0 before min_samples)
  double median_ms = 0;  // the baseline the call was judged against
};

class LatencyBaseline {
 public:
  explicit LatencyBaseline(LatencyRule rule = {}) : m_rule(rule) {}

  // Judges `ms` against the calls before it, then adds it to the window. Every call joins
  // the window: the median resists an episode until it fills half the window, after which
  // a lasting change becomes the new normal.
  LatencyVerdict observe(double ms);
  std::size_t samples() const { return m_logs.size(); }

 private:
  LatencyRule m_rule;
  std::deque<double> m_logs;  // log(ms + 10), oldest first
};

}  // namespace ddnsguard::models
