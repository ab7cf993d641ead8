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
    for (auto& l : logs)
      l = std::abs(l - med);
    double scale = std::max(k_mad_to_sigma * median(std::move(logs)), m_rule.min_scale);
    v.median_ms = std::exp(med) - k_offset_ms;
    v.score = (x - med) / scale;
    v.abnormal = v.score >= m_rule.threshold && ms - v.median_ms >= m_rule.min_excess_ms;
  }
  m_logs.push_back(x);
  if (m_logs.size() > m_rule.window) m_logs.pop_front();
  return v;
}

}  // namespace ddnsguard::models
