#include "models/flap_detector.hpp"

#include <algorithm>

namespace ddnsguard::models {

FlapVerdict FlapDetector::change(double t_s, const std::string& address) {
  m_seen.push_back({t_s, address});
  return judge(t_s);
}

FlapVerdict FlapDetector::judge(double t_s) {
  // Keep one entry older than the window: the address the window started from.
  while (m_seen.size() > 1 && m_seen[1].t_s < t_s - m_rule.window_s)
    m_seen.pop_front();
  FlapVerdict v;
  for (std::size_t i = 0; i < m_seen.size(); ++i) {
    const auto& a = m_seen[i].address;
    bool known = std::find(v.addresses.begin(), v.addresses.end(), a) != v.addresses.end();
    if (i > 0 && m_seen[i].t_s >= t_s - m_rule.window_s) {
      ++v.changes;
      v.returns += known ? 1 : 0;
    }
    if (!known) v.addresses.push_back(a);
  }
  v.flapping = v.returns >= m_rule.min_returns && v.addresses.size() <= m_rule.max_distinct;
  return v;
}

}  // namespace ddnsguard::models
