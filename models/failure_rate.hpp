#pragma once
// Failure rate of one subject (a provider or an address source) against its own baseline:
// a provider that always failed 1 call in 20 is not news, one that fails 5 of the last 10
// is. Also counts failures in a row, the sign of an outage (pure).

#include <cstddef>
#include <deque>

namespace ddnsguard::models {

struct FailureRule {
  std::size_t recent = 10;    // calls in the "now" window
  std::size_t history = 200;  // calls kept in all (the baseline is the older part)
  int min_failures = 3;       // in the recent window, before the rate can be elevated
  double min_rate = 0.3;      // recent rate needed whatever the baseline
  double factor = 3.0;        // and this many times the baseline rate
  double prior_rate = 0.02;   // baseline assumed before there is history (and its floor)
};

struct FailureVerdict {
  bool elevated = false;     // the recent failure rate is abnormal for this subject
  int streak = 0;            // failures in a row, ending with this call
  double recent_rate = 0;    // failures / calls in the recent window
  double baseline_rate = 0;  // the same over the older calls (prior_rate when too few)
  double score = 0;          // recent_rate / baseline_rate
};

class FailureRate {
 public:
  explicit FailureRate(FailureRule rule = {}) : m_rule(rule) {}

  // Adds one call's outcome and judges the recent window.
  FailureVerdict observe(bool failed);

 private:
  FailureRule m_rule;
  std::deque<bool> m_outcomes;  // oldest first
  int m_streak = 0;
};

}  // namespace ddnsguard::models
