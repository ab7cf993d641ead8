#include "models/mixture_weights.hpp"

#include <algorithm>
#include <cmath>

namespace ddnsguard::models {

namespace {
constexpr double k_min_weight = 1e-9;
}

MixtureWeights::MixtureWeights(std::size_t experts, double prior, std::size_t max_rows)
    : m_prior(std::max(prior, 1e-6)), m_max_rows(std::max<std::size_t>(max_rows, 1)),
      m_quiet(experts, 0.0), m_w(experts, experts > 0 ? 1.0 / static_cast<double>(experts) : 0.0) {}

void MixtureWeights::changed(std::vector<double> lambda) {
  lambda.resize(m_quiet.size(), 0.0);
  if (m_rows.size() < m_max_rows) {
    m_rows.push_back({1.0, std::move(lambda)});
    return;
  }
  m_evicted += m_rows[m_first].weight;         // stood for by the rows kept (fit)
  m_rows[m_first] = {1.0, std::move(lambda)};  // replaces the oldest
  m_first = (m_first + 1) % m_rows.size();
}

void MixtureWeights::fade(double factor) {
  factor = std::clamp(std::isfinite(factor) ? factor : 1.0, 0.0, 1.0);
  for (auto& q : m_quiet)
    q *= factor;
  for (auto& r : m_rows)
    r.weight *= factor;
  m_evicted *= factor;
}

const std::vector<double>& MixtureWeights::fit(int steps) {
  const auto n = m_quiet.size();
  if (n == 0) return m_w;
  const double share = m_prior / static_cast<double>(n);
  // Rows dropped from a full ring are taken to have been like the ones kept, so their quiet
  // time (still in m_quiet) is not left without its changes.
  double kept = 0;
  for (const auto& r : m_rows)
    kept += r.weight;
  const double stand_in = kept > 0 ? (kept + m_evicted) / kept : 1.0;
  // EM with each expert's share of a change as the hidden data: within a change interval
  // the counts are Poisson given at least one change, so expert e's expected share is
  // w_e·λ_e / (1 - e^-x), x = w·λ; exposure is the quiet time plus the change intervals.
  // Each step raises the likelihood.
  std::vector<double> exposure(n), gain(n);
  for (std::size_t e = 0; e < n; ++e) {
    exposure[e] = m_quiet[e] + m_prior;
    for (const auto& r : m_rows)
      exposure[e] += stand_in * r.weight * r.lambda[e];
  }
  for (int step = 0; step < steps; ++step) {
    std::fill(gain.begin(), gain.end(), share);
    for (const auto& r : m_rows) {
      double x = 0;
      for (std::size_t e = 0; e < n; ++e)
        x += m_w[e] * r.lambda[e];
      double phi = stand_in * r.weight / -std::expm1(-std::max(x, 1e-12));
      if (!std::isfinite(phi)) continue;
      for (std::size_t e = 0; e < n; ++e)
        gain[e] += m_w[e] * r.lambda[e] * phi;
    }
    for (std::size_t e = 0; e < n; ++e) {
      double w = gain[e] / exposure[e];
      m_w[e] = std::isfinite(w) ? std::max(w, k_min_weight) : m_w[e];
    }
  }
  return m_w;
}

WeightingRace::WeightingRace(std::size_t experts, std::size_t candidates)
    : m_quiet(experts, 0.0), m_scores(candidates, 0.0) {}

void WeightingRace::settle(const std::vector<std::vector<double>>& used, double fade) {
  fade = std::clamp(std::isfinite(fade) ? fade : 1.0, 0.0, 1.0);
  for (std::size_t c = 0; c < m_scores.size() && c < used.size(); ++c) {
    const auto& w = used[c];
    auto dot = [&](const std::vector<double>& lambda) {
      double x = 0;
      for (std::size_t e = 0; e < w.size() && e < lambda.size(); ++e)
        x += w[e] * lambda[e];
      return x;
    };
    double score = -dot(m_quiet);
    for (const auto& lambda : m_changes)
      score += std::log(std::max(-std::expm1(-std::max(dot(lambda), 1e-12)), 1e-300));
    m_scores[c] = m_scores[c] * fade + (std::isfinite(score) ? score : 0.0);
  }
  std::fill(m_quiet.begin(), m_quiet.end(), 0.0);
  m_changes.clear();
}

std::size_t WeightingRace::best() const {
  std::size_t best = 0;
  for (std::size_t c = 1; c < m_scores.size(); ++c)
    if (m_scores[c] > m_scores[best]) best = c;
  return best;
}

}  // namespace ddnsguard::models
