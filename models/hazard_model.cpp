#include "models/hazard_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <unordered_map>

namespace ddnsguard::models {

namespace {

constexpr double k_day = 86400.0;
constexpr double k_min_eta = -60.0;  // exp() stays finite and positive
constexpr double k_max_eta = 5.0;    // at most e^5 changes per second: far beyond any ISP
constexpr double k_max_step = 2.0;   // per IRLS step, in log rate

// Where each group of effects sits in the coefficient vector (0 is the intercept).
struct Layout {
  int day0 = 1;
  int week0 = 0;
  int recent0 = 0;
  int recent_bins = 0;
  int shape0 = 0;  // the bump's shape around a multiple of the renewal period
  int shape_bins = 0;
  int level0 = 0;  // its level at each multiple
  int size = 0;
};

Layout layout_of(const HazardSettings& s) {
  Layout l;
  l.week0 = l.day0 + std::max(s.day_bins, 1);
  l.recent0 = l.week0 + (s.weekday ? 7 : 0);
  l.recent_bins = static_cast<int>(s.recent_window_s / std::max<Seconds>(s.recent_bin_s, 1));
  l.shape0 = l.recent0 + l.recent_bins;
  l.shape_bins =
      s.renewal_multiples > 0
          ? static_cast<int>(2 * s.renewal_window_s / std::max<Seconds>(s.renewal_bin_s, 1))
          : 0;
  l.level0 = l.shape0 + l.shape_bins;
  l.size = l.level0 + (l.shape_bins > 0 ? s.renewal_multiples : 0);
  return l;
}

constexpr int k_max_coefficients = 1 << 12;  // cells pack five indices into 64 bits

Seconds floor_mod(Seconds a, Seconds m) {
  return ((a % m) + m) % m;
}

// The effects active at one instant: up to five coefficient indices, the intercept first.
struct Cell {
  std::array<int, 5> idx{};
  int count = 0;
};

Cell cell_at(Seconds utc, Seconds local, std::optional<Seconds> last, const HazardSettings& s,
             const Layout& l) {
  Cell c;
  c.idx[c.count++] = 0;
  Seconds in_day = floor_mod(local, 86400);
  c.idx[c.count++] = l.day0 + static_cast<int>(in_day * std::max(s.day_bins, 1) / 86400);
  if (s.weekday) {
    Seconds days = (local - in_day) / 86400;
    c.idx[c.count++] = l.week0 + static_cast<int>(floor_mod(days + 3, 7));  // 0 = Monday
  }
  if (!last || utc < *last) return c;
  Seconds since = utc - *last;
  if (since < static_cast<Seconds>(l.recent_bins) * s.recent_bin_s) {
    c.idx[c.count++] = l.recent0 + static_cast<int>(since / s.recent_bin_s);
    return c;
  }
  if (l.shape_bins == 0 || s.renewal_period_s <= 0) return c;
  Seconds k = (since + s.renewal_period_s / 2) / s.renewal_period_s;  // the nearest multiple
  Seconds off = since - (k * s.renewal_period_s - s.renewal_window_s);
  if (k < 1 || k > s.renewal_multiples || off < 0 || off >= 2 * s.renewal_window_s) return c;
  c.idx[c.count++] = l.shape0 + static_cast<int>(off / s.renewal_bin_s);
  c.idx[c.count++] = l.level0 + static_cast<int>(k - 1);
  return c;
}

// The exposure bins of one fit.
struct Rows {
  Seconds start = 0;
  Seconds width = 0;
  Eigen::VectorXd exposure;  // seconds observed in each bin
  std::vector<Cell> cells;
};

// Bins with the same cell share their rate: the regression runs on one row per distinct
// cell (summed exposure and changes), an order of magnitude fewer than bins.
struct Groups {
  Eigen::VectorXd exposure;
  std::vector<Cell> cells;
  std::vector<Eigen::Index> of_row;  // the group of each bin
};

Groups group_rows(const Rows& r) {
  Groups g;
  std::unordered_map<std::uint64_t, Eigen::Index> index;
  std::vector<double> exposure;
  g.of_row.reserve(r.cells.size());
  for (std::size_t i = 0; i < r.cells.size(); ++i) {
    const Cell& c = r.cells[i];
    std::uint64_t key = static_cast<std::uint64_t>(c.count);
    for (int k = 0; k < c.count; ++k)  // below k_max_coefficients: 12 bits each
      key = key << 12 | static_cast<std::uint64_t>(c.idx[static_cast<std::size_t>(k)]);
    auto [it, fresh] = index.try_emplace(key, static_cast<Eigen::Index>(g.cells.size()));
    if (fresh) {
      g.cells.push_back(c);
      exposure.push_back(0);
    }
    exposure[static_cast<std::size_t>(it->second)] += r.exposure[static_cast<Eigen::Index>(i)];
    g.of_row.push_back(it->second);
  }
  g.exposure =
      Eigen::Map<Eigen::VectorXd>(exposure.data(), static_cast<Eigen::Index>(exposure.size()));
  return g;
}

Eigen::VectorXd group_sums(const Groups& g, const Eigen::VectorXd& per_row) {
  Eigen::VectorXd out = Eigen::VectorXd::Zero(g.exposure.size());
  for (std::size_t i = 0; i < g.of_row.size(); ++i)
    out[g.of_row[i]] += per_row[static_cast<Eigen::Index>(i)];
  return out;
}

// When each change was seen (the interval's end), sorted: the time-since-last effects count
// from there, as the forecast does (a change's own interval must not explain itself).
std::vector<Seconds> change_times(const std::vector<CensoredChange>& changes) {
  std::vector<Seconds> out;
  for (const auto& c : changes)
    out.push_back(c.hi);
  std::sort(out.begin(), out.end());
  return out;
}

Rows make_rows(Seconds from, Seconds to, const std::vector<Seconds>& times, const HazardSettings& s,
               const Layout& l, const LocalTime& local) {
  Rows r;
  r.width = s.bin;
  r.start = from - floor_mod(from, s.bin);
  auto n = static_cast<Eigen::Index>((to - r.start + s.bin - 1) / s.bin);
  r.exposure.resize(n);
  r.cells.resize(static_cast<std::size_t>(n));
  std::size_t next = 0;
  std::optional<Seconds> last;
  Seconds hour = -1, offset = 0;  // zone offsets change on hour boundaries: one lookup an hour
  for (Eigen::Index i = 0; i < n; ++i) {
    Seconds lo = r.start + i * s.bin;
    Seconds hi = lo + s.bin;
    r.exposure[i] =
        static_cast<double>(std::max<Seconds>(0, std::min(hi, to) - std::max(lo, from)));
    Seconds mid = lo + s.bin / 2;
    if (mid - floor_mod(mid, 3600) != hour) {
      hour = mid - floor_mod(mid, 3600);
      offset = local ? local(hour) - hour : 0;
    }
    while (next < times.size() && times[next] <= lo)
      last = times[next++];
    r.cells[static_cast<std::size_t>(i)] = cell_at(mid, mid + offset, last, s, l);
  }
  return r;
}

double eta_of(const Cell& c, const Eigen::VectorXd& beta) {
  double eta = 0;
  for (int k = 0; k < c.count; ++k)
    eta += beta[c.idx[static_cast<std::size_t>(k)]];
  return std::clamp(eta, k_min_eta, k_max_eta);
}

// exp(β) per coefficient: a cell's rate is the product of its factors (one exp per
// coefficient instead of one per bin).
Eigen::ArrayXd factors_of(const Eigen::VectorXd& beta) {
  return beta.array().max(k_min_eta).min(-k_min_eta).exp();  // the product is clamped
}

double rate_of(const Cell& c, const Eigen::ArrayXd& factors) {
  double r = 1;
  for (int k = 0; k < c.count; ++k)
    r *= factors[c.idx[static_cast<std::size_t>(k)]];
  return std::clamp(r, std::exp(k_min_eta), std::exp(k_max_eta));
}

Eigen::VectorXd row_rates(const Groups& g, const Eigen::VectorXd& beta) {
  auto factors = factors_of(beta);
  Eigen::VectorXd per_group(g.exposure.size());
  for (Eigen::Index i = 0; i < per_group.size(); ++i)
    per_group[i] = rate_of(g.cells[static_cast<std::size_t>(i)], factors);
  Eigen::VectorXd out(static_cast<Eigen::Index>(g.of_row.size()));
  for (std::size_t i = 0; i < g.of_row.size(); ++i)
    out[static_cast<Eigen::Index>(i)] = per_group[g.of_row[i]];
  return out;
}

// Calls f(row, seconds of (lo, hi] inside the row) for each row the interval touches.
template <class F> void for_overlap(const CensoredChange& c, const Rows& r, F&& f) {
  auto n = r.exposure.size();
  auto first = std::clamp<Eigen::Index>((c.lo - r.start) / r.width, 0, n - 1);
  auto last = std::clamp<Eigen::Index>((std::max(c.hi - 1, c.lo) - r.start) / r.width, 0, n - 1);
  for (auto i = first; i <= last; ++i) {
    Seconds lo = r.start + i * r.width;
    auto overlap = std::min(c.hi, lo + r.width) - std::max(c.lo, lo);
    f(i, std::max(1.0, static_cast<double>(overlap)));
  }
}

// Spreads each change's unit weight over the rows of (lo, hi] in proportion to
// overlap × rate (rate = 1 everywhere on the first round).
Eigen::VectorXd spread_changes(const std::vector<CensoredChange>& changes, const Rows& r,
                               const Eigen::VectorXd& rate) {
  Eigen::VectorXd y = Eigen::VectorXd::Zero(r.exposure.size());
  for (const auto& c : changes) {
    double total = 0;
    for_overlap(c, r, [&](Eigen::Index i, double s) { total += rate[i] * s; });
    if (!(total > 0) || !std::isfinite(total)) continue;
    for_overlap(c, r, [&](Eigen::Index i, double s) { y[i] += rate[i] * s / total; });
  }
  return y;
}

// Interval-censored log-likelihood: each change's probability of falling in its interval,
// times the probability of no change over the rest of the exposure (≈ exp(-Λ)).
double censored_loglik(const std::vector<CensoredChange>& changes, const Rows& r,
                       const Eigen::VectorXd& rate) {
  double ll = -r.exposure.dot(rate);
  for (const auto& c : changes) {
    double mass = 0;
    for_overlap(c, r, [&](Eigen::Index i, double s) { mass += rate[i] * s; });
    ll += std::log(std::max(mass, 1e-300));
  }
  return ll;
}

// Ridge on every effect but the intercept; first differences between neighbouring
// time-of-day bins (circular) and time-since-change bins.
Eigen::MatrixXd penalty_matrix(const HazardSettings& s, const Layout& l) {
  Eigen::MatrixXd p = Eigen::MatrixXd::Zero(l.size, l.size);
  p(0, 0) = 1e-8;
  auto diff = [&](int a, int b, double w) {
    p(a, a) += w;
    p(b, b) += w;
    p(a, b) -= w;
    p(b, a) -= w;
  };
  int days = l.week0 - l.day0;
  for (int j = 0; j < days; ++j) {
    p(l.day0 + j, l.day0 + j) += s.day_ridge;
    if (days > 1) diff(l.day0 + j, l.day0 + (j + 1) % days, s.day_smoothness);
  }
  for (int j = l.week0; j < l.recent0; ++j)
    p(j, j) += s.weekday_ridge;
  auto chain = [&](int first, int count) {  // ridge plus neighbours alike, not circular
    for (int j = first; j < first + count; ++j) {
      p(j, j) += s.since_ridge;
      if (j + 1 < first + count) diff(j, j + 1, s.since_smoothness);
    }
  };
  chain(l.recent0, l.recent_bins);
  chain(l.shape0, l.shape_bins);
  for (int j = l.level0; j < l.size; ++j)
    p(j, j) += s.level_ridge;
  return p;
}

// Penalised Poisson regression with offset log(exposure), by IRLS. Starts at `beta`;
// leaves the factorised system of the last step in `ldlt`.
Eigen::VectorXd irls(const Groups& r, const Eigen::VectorXd& y, Eigen::VectorXd beta,
                     const Eigen::MatrixXd& penalty, int iterations,
                     Eigen::LDLT<Eigen::MatrixXd>& ldlt) {
  const auto p = penalty.rows();
  Eigen::MatrixXd a(p, p);
  for (int it = 0; it < iterations; ++it) {
    a = penalty;
    Eigen::VectorXd b = Eigen::VectorXd::Zero(p);
    auto factors = factors_of(beta);
    for (Eigen::Index i = 0; i < r.exposure.size(); ++i) {
      const Cell& c = r.cells[static_cast<std::size_t>(i)];
      double mu = r.exposure[i] * rate_of(c, factors);
      double w = std::max(mu, 1e-12);
      double z = w * eta_of(c, beta) + y[i] - mu;
      for (int u = 0; u < c.count; ++u) {  // the lower triangle: the LDLT reads only that
        auto ju = c.idx[static_cast<std::size_t>(u)];
        b[ju] += z;
        for (int v = 0; v < c.count; ++v) {
          auto jv = c.idx[static_cast<std::size_t>(v)];
          if (jv <= ju) a(ju, jv) += w;
        }
      }
    }
    ldlt.compute(a);
    Eigen::VectorXd delta = ldlt.solve(b) - beta;
    if (!delta.allFinite()) break;
    // Damped Newton: from a poor start a bin full of changes asks for a huge step.
    double step = delta.cwiseAbs().maxCoeff();
    beta += delta * std::min(1.0, k_max_step / step);
    if (step < 1e-4) break;
  }
  return beta;
}

// Effective degrees of freedom of the last IRLS system: trace((X'WX + P)^-1 X'WX).
double effective_df(const Eigen::LDLT<Eigen::MatrixXd>& ldlt, const Eigen::MatrixXd& penalty) {
  auto p = static_cast<double>(penalty.rows());
  double edf = p - ldlt.solve(penalty).trace();
  return std::isfinite(edf) ? edf : p;
}

}  // namespace

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
  const auto l = layout_of(s);
  if (to <= from || n < s.min_changes_to_fit || s.bin <= 0 || s.recent_bin_s <= 0 ||
      s.renewal_bin_s <= 0 || l.size >= k_max_coefficients) {
    return fallback;
  }

  auto rows = make_rows(from, to, change_times(changes), s, l, local);
  auto groups = group_rows(rows);
  const auto penalty = penalty_matrix(s, l);
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(l.size);
  const double flat_rate = n / std::max(1.0, rows.exposure.sum());
  beta[0] = std::log(flat_rate);
  Eigen::VectorXd rate = Eigen::VectorXd::Ones(rows.exposure.size());
  int rounds = std::max(1, s.em_rounds);
  int iterations = std::max(1, s.max_irls_iterations);
  if (warm != nullptr && warm->m_warm.size() == l.size) {
    beta = warm->m_warm;  // start from the last fit: its rates weigh the spread at once
    rate = row_rates(groups, beta);
    iterations = std::clamp(s.warm_irls_iterations, 1, iterations);
  }
  Eigen::LDLT<Eigen::MatrixXd> ldlt(l.size);
  for (int round = 0; round < rounds; ++round) {
    auto y = group_sums(groups, spread_changes(changes, rows, rate));
    beta = irls(groups, y, beta, penalty, iterations, ldlt);
    rate = row_rates(groups, beta);
  }
  if (!beta.allFinite()) return fallback;
  double ll_profile = censored_loglik(changes, rows, rate);
  double ll_flat =
      censored_loglik(changes, rows, Eigen::VectorXd::Constant(rate.size(), flat_rate));
  double gain = (ll_profile - effective_df(ldlt, penalty)) - (ll_flat - 1.0);
  fallback.m_warm = beta;
  fallback.m_gain = gain;
  if (!(gain > s.structure_margin)) return fallback;
  HazardModel m(s, beta, 0.0, n);
  m.m_gain = gain;
  m.m_warm = beta;
  return m;
}

double HazardModel::rate(Seconds t, std::optional<Seconds> last_change,
                         const LocalTime& local) const {
  if (is_flat()) return m_flat_rate;
  auto c = cell_at(t, local ? local(t) : t, last_change, m_settings, layout_of(m_settings));
  return std::exp(eta_of(c, m_beta));  // as in the fit, up to rounding
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
