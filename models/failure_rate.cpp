#include "models/failure_rate.hpp"

#include <algorithm>

namespace ddnsguard::models {

FailureVerdict FailureRate::observe(bool failed) {
  m_streak = failed ? m_streak + 1 : 0;
  m_outcomes.push_back(failed);
  if (m_outcomes.size() > m_rule.history) m_outcomes.pop_front();

  auto recent_n = std::min(m_rule.recent, m_outcomes.size());
  auto split = m_outcomes.end() - static_cast<std::ptrdiff_t>(recent_n);
  auto recent_failed = std::count(split, m_outcomes.end(), true);
  auto older_n = m_outcomes.size() - recent_n;
  auto older_failed = std::count(m_outcomes.begin(), split, true);

  FailureVerdict v;
  v.streak = m_streak;
  v.recent_rate = static_cast<double>(recent_failed) / static_cast<double>(recent_n);
  // Too little history: lean on the prior, so a new subject is judged by the absolute rule.
  double weight = static_cast<double>(older_n);
  double prior_weight = static_cast<double>(m_rule.recent);
  v.baseline_rate = (static_cast<double>(older_failed) + m_rule.prior_rate * prior_weight) /
                    (weight + prior_weight);
  v.baseline_rate = std::max(v.baseline_rate, m_rule.prior_rate);
  v.score = v.recent_rate / v.baseline_rate;
  v.elevated = recent_failed >= m_rule.min_failures && v.recent_rate >= m_rule.min_rate &&
               v.recent_rate >= m_rule.factor * v.baseline_rate;
  return v;
}

}  // namespace ddnsguard::models
