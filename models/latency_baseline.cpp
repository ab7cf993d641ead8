#include "models/latency_baseline.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace ddnsguard::models {

namespace {

constexpr double k_offset_ms = 10.0;       // keeps log() finite and damps sub-10 ms jitter
constexpr double k_mad_to_sigma = 1.4826;  // MAD of a normal sample → its standard deviation

double median(std::vector<double> v) {
  auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  double hi = *mid;
  if (v.size() % 2 == 1) return hi;
  double lo = *std::max_element(v.begin(), mid);
  return (lo + hi) / 2;
}

}  // namespace

LatencyVerdict LatencyBaseline::observe(double ms) {
  double x = std::log(std::max(ms, 0.0) + k_offset_ms);
  LatencyVerdict v;
  if (m_logs.size() >= m_rule.min_samples) {
    std::vector<double> logs(m_logs.begin(), m_logs.end());
    double med = median(logs);
    auto p90 = logs.begin() + static_cast<std::ptrdiff_t>(logs.size() * 9 / 10);
    std::nth_element(logs.begin(), p90, logs.end());
    v.p90_ms = std::exp(*p90) - k_offset_ms;
    for (auto& l : logs)
      l = std::abs(l - med);
    double scale = std::max(k_mad_to_sigma * median(std::move(logs)), m_rule.min_scale);
    v.median_ms = std::exp(med) - k_offset_ms;
    v.score = (x - med) / scale;
    bool far = v.score >= m_rule.threshold || ms >= m_rule.p90_factor * v.p90_ms;
    v.abnormal = far && ms - v.median_ms >= m_rule.min_excess_ms;
  }
  if (!v.abnormal) {
    m_held.clear();  // the episode, if any, is over: its calls never join the baseline
    add(x);
    return v;
  }
  m_held.push_back(x);
  if (m_held.size() >= m_rule.adapt_after) {
    for (double h : m_held)
      add(h);
    m_held.clear();
  }
  return v;
}

void LatencyBaseline::add(double x) {
  m_logs.push_back(x);
  if (m_logs.size() > m_rule.window) m_logs.pop_front();
}

}  // namespace ddnsguard::models
