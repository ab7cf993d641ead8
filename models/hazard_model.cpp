#include "models/hazard_model.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace ddnsguard::models {

namespace {

constexpr double k_day = 86400.0;
constexpr double k_min_eta = -60.0;  // exp() stays finite and positive
constexpr double k_max_eta = 5.0;    // at most e^5 changes per second: far beyond any ISP

int feature_count(const HazardSettings& s) {
  return 1 + 2 * s.day_harmonics + 2 * s.week_harmonics + static_cast<int>(s.renewal_hours.size());
}

double positive_mod(double a, double m) {
  double r = std::fmod(a, m);
  return r < 0 ? r + m : r;
}

// Working data of one fit: bins, their exposure, features and the changes' candidate bins.
struct Bins {
  Seconds start = 0;
  Seconds width = 0;
  Eigen::VectorXd exposure;  // seconds observed in each bin
  Eigen::MatrixXd x;         // one row of features per bin
};

// The estimated change times (interval midpoints), sorted, for the time-since-last feature.
std::vector<Seconds> change_times(const std::vector<CensoredChange>& changes) {
  std::vector<Seconds> out;
  for (const auto& c : changes)
    out.push_back(c.lo + (c.hi - c.lo) / 2);
  std::sort(out.begin(), out.end());
  return out;
}

Bins make_bins(Seconds from, Seconds to, const std::vector<Seconds>& times, const HazardSettings& s,
               const LocalTime& local) {
  Bins b;
  b.width = s.bin;
  b.start = from - ((from % s.bin) + s.bin) % s.bin;
  auto n = static_cast<Eigen::Index>((to - b.start + s.bin - 1) / s.bin);
  b.exposure.resize(n);
  b.x.resize(n, feature_count(s));
  std::size_t next = 0;
  std::optional<Seconds> last;
  for (Eigen::Index i = 0; i < n; ++i) {
    Seconds lo = b.start + i * s.bin;
    Seconds hi = lo + s.bin;
    b.exposure[i] =
        static_cast<double>(std::max<Seconds>(0, std::min(hi, to) - std::max(lo, from)));
    Seconds mid = lo + s.bin / 2;
    while (next < times.size() && times[next] <= mid)
      last = times[next++];
    b.x.row(i) = hazard_features(mid, last, s, local).transpose();
  }
  return b;
}

// Spreads each change's unit weight over the bins of (lo, hi] in proportion to
// overlap × rate (rate = 1 everywhere on the first round).
Eigen::VectorXd spread_changes(const std::vector<CensoredChange>& changes, const Bins& b,
                               const Eigen::VectorXd& rate) {
  Eigen::VectorXd y = Eigen::VectorXd::Zero(b.exposure.size());
  auto n = b.exposure.size();
  for (const auto& c : changes) {
    auto first = std::clamp<Eigen::Index>((c.lo - b.start) / b.width, 0, n - 1);
    auto last = std::clamp<Eigen::Index>((std::max(c.hi - 1, c.lo) - b.start) / b.width, 0, n - 1);
    double total = 0;
    for (auto i = first; i <= last; ++i)
      total += rate[i] * std::max(b.exposure[i], 1.0);
    if (!(total > 0) || !std::isfinite(total)) {
      y[last] += 1.0;
      continue;
    }
    for (auto i = first; i <= last; ++i)
      y[i] += rate[i] * std::max(b.exposure[i], 1.0) / total;
  }
  return y;
}

// Ridge-penalised Poisson regression with offset log(exposure), by IRLS. Starts at `beta`.
Eigen::VectorXd irls(const Bins& b, const Eigen::VectorXd& y, Eigen::VectorXd beta,
                     const HazardSettings& s) {
  const auto p = b.x.cols();
  Eigen::MatrixXd penalty = Eigen::MatrixXd::Identity(p, p) * s.ridge;
  penalty(0, 0) = 1e-8;
  Eigen::MatrixXd xw(b.x.rows(), p);
  for (int it = 0; it < s.max_irls_iterations; ++it) {
    Eigen::ArrayXd eta = (b.x * beta).array().max(k_min_eta).min(k_max_eta);
    Eigen::ArrayXd mu = b.exposure.array() * eta.exp();
    Eigen::ArrayXd w = mu.max(1e-12);
    // X'WX = (sqrt(W) X)'(sqrt(W) X) as one symmetric rank update; X'Wz = X'(W eta + y - mu).
    xw = b.x.array().colwise() * w.sqrt();
    Eigen::MatrixXd xtwx = penalty;
    xtwx.selfadjointView<Eigen::Lower>().rankUpdate(xw.transpose());
    Eigen::VectorXd xtwz = b.x.transpose() * (w * eta + y.array() - mu).matrix();
    Eigen::VectorXd next = xtwx.selfadjointView<Eigen::Lower>().ldlt().solve(xtwz);
    if (!next.allFinite()) return beta;
    double step = (next - beta).cwiseAbs().maxCoeff();
    beta = next;
    if (step < 1e-5) break;
  }
  return beta;
}

}  // namespace

Eigen::VectorXd hazard_features(Seconds t, std::optional<Seconds> last_change,
                                const HazardSettings& s, const LocalTime& local) {
  Eigen::VectorXd x(feature_count(s));
  auto lt = static_cast<double>(local ? local(t) : t);
  double day_phase = positive_mod(lt, k_day) / k_day;
  double week_phase = positive_mod(lt / k_day + 3.0, 7.0) / 7.0;  // 0 = Monday
  int k = 0;
  x[k++] = 1.0;
  // Harmonics by rotation: one sin/cos per period, the higher ones by angle addition.
  auto harmonics = [&](double phase, int count) {
    double c1 = std::cos(2 * std::numbers::pi * phase);
    double s1 = std::sin(2 * std::numbers::pi * phase);
    double c = 1, sn = 0;
    for (int h = 1; h <= count; ++h) {
      double next_c = c * c1 - sn * s1;
      sn = sn * c1 + c * s1;
      c = next_c;
      x[k++] = c;
      x[k++] = sn;
    }
  };
  harmonics(day_phase, s.day_harmonics);
  harmonics(week_phase, s.week_harmonics);
  for (double hours : s.renewal_hours) {
    double v = 0;
    if (last_change && t >= *last_change) {
      double d = (static_cast<double>(t - *last_change) - hours * 3600.0) / s.renewal_width_s;
      v = std::exp(-0.5 * d * d);
    }
    x[k++] = v;
  }
  return x;
}

HazardModel HazardModel::flat(double changes_per_day, const HazardSettings& settings) {
  double r = std::isfinite(changes_per_day) && changes_per_day > 0 ? changes_per_day : 1e-3;
  return HazardModel(settings, Eigen::VectorXd{}, r / k_day, 0);
}

HazardModel HazardModel::fit(const HazardEvidence& ev, const HazardSettings& s,
                             const LocalTime& local, const HazardModel* warm) {
  Seconds to = ev.observed_to;
  Seconds from = std::max(ev.observed_from, to - s.max_history);
  std::vector<CensoredChange> changes;
  for (auto c : ev.changes) {
    if (c.hi < c.lo) std::swap(c.lo, c.hi);  // a clock that went backwards
    if (c.hi <= from || c.lo > to) continue;
    changes.push_back({std::max(c.lo, from), std::min(c.hi, to)});
  }
  auto n = static_cast<int>(changes.size());
  double days = std::max(0.0, static_cast<double>(to - from) / k_day);
  auto fallback = flat((n + 0.5) / (days + 2.0), s);
  fallback.m_evidence = n;
  if (to <= from || n < s.min_changes_to_fit || s.bin <= 0) return fallback;

  auto bins = make_bins(from, to, change_times(changes), s, local);
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(bins.x.cols());
  beta[0] = std::log(std::max(n, 1) / std::max(1.0, bins.exposure.sum()));
  Eigen::VectorXd rate = Eigen::VectorXd::Ones(bins.exposure.size());
  int rounds = std::max(1, s.em_rounds);
  if (warm != nullptr && warm->m_beta.size() == bins.x.cols()) {
    beta = warm->m_beta;  // start from the last fit: its rates weigh the spread at once
    rate = (bins.x * beta).cwiseMax(k_min_eta).cwiseMin(k_max_eta).array().exp().matrix();
    rounds = std::max(1, rounds - 1);
  }
  for (int round = 0; round < rounds; ++round) {
    auto y = spread_changes(changes, bins, rate);
    beta = irls(bins, y, beta, s);
    rate = (bins.x * beta).cwiseMax(k_min_eta).cwiseMin(k_max_eta).array().exp().matrix();
  }
  if (!beta.allFinite()) return fallback;
  return HazardModel(s, beta, 0.0, n);
}

double HazardModel::rate(Seconds t, std::optional<Seconds> last_change,
                         const LocalTime& local) const {
  if (is_flat()) return m_flat_rate;
  double eta = hazard_features(t, last_change, m_settings, local).dot(m_beta);
  return std::exp(std::clamp(eta, k_min_eta, k_max_eta));
}

Eigen::VectorXd HazardModel::forecast(Seconds from, int bins, Seconds bin_s,
                                      std::optional<Seconds> last_change,
                                      const LocalTime& local) const {
  Eigen::VectorXd out(std::max(bins, 0));
  for (int i = 0; i < bins; ++i) {
    Seconds mid = from + i * bin_s + bin_s / 2;
    out[i] = rate(mid, last_change, local) * static_cast<double>(bin_s);
  }
  return out;
}

}  // namespace ddnsguard::models
