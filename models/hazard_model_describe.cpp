// The model's account of itself: whether it is flat, the experts by weight, and a one-line
// summary for the decisions log ("time of day ±10 min (2-week memory) 61%, ...").

#include <algorithm>
#include <cstdio>

#include "models/hazard_model.hpp"

namespace ddnsguard::models {

namespace {

std::string percent(double w) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", 100 * w);
  return buf;
}

}  // namespace

bool HazardModel::is_flat() const {
  if (m_fixed_rate || m_changes < m_settings.min_changes_to_fit) return true;
  double flat = 0, total = 0;
  for (std::size_t i = 0; i < m_experts.size(); ++i) {
    total += m_weights[i];
    if (m_experts[i].evidence == k_flat) flat += m_weights[i];
  }
  return flat >= 0.5 * total;
}

std::vector<ExpertWeight> HazardModel::weights() const {
  std::vector<ExpertWeight> out;
  double total = 0;
  for (double w : m_weights)
    total += w;
  for (std::size_t i = 0; i < m_experts.size(); ++i)
    out.push_back({m_experts[i].name, total > 0 ? m_weights[i] / total : 0.0});
  std::stable_sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.weight > b.weight; });
  return out;
}

std::string HazardModel::describe(int top) const {
  if (m_fixed_rate || m_changes < m_settings.min_changes_to_fit)
    return "flat rate (too few changes)";
  std::string out;
  auto w = weights();
  for (int i = 0; i < top && i < static_cast<int>(w.size()); ++i)
    out += (i ? ", " : "") + w[static_cast<std::size_t>(i)].name + " " +
           percent(w[static_cast<std::size_t>(i)].weight);
  return out;
}

}  // namespace ddnsguard::models
