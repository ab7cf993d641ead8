#include "models/hazard_model.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ddnsguard::models {

namespace {

constexpr double k_day = 86400.0;
constexpr double k_rebase_exponent = 200;  // growth factors stay far below overflow
constexpr GridKind k_grids[] = {GridKind::time_of_day, GridKind::time_of_week,
                                GridKind::since_change};

Seconds floor_mod(Seconds a, Seconds m) {
  return ((a % m) + m) % m;
}

std::string memory_name(Seconds tau) {
  return tau >= 20 * 86400 ? std::to_string((tau + 15 * 86400) / (30 * 86400)) + "-month memory"
                           : std::to_string((tau + 43200) / 86400) + "-day memory";
}

std::string grid_name(GridKind k) {
  switch (k) {
  case GridKind::time_of_day:
    return "time of day";
  case GridKind::time_of_week:
    return "time of week";
  case GridKind::since_change:
    return "time since change";
  }
  return "grid";
}

// Sorted by `hi`, within (from, to], `lo <= hi`, `lo` not before `from`; overlapping
// intervals (both families re-dialled at once) merged into one change.
std::vector<CensoredChange> tidy(std::vector<CensoredChange> in, Seconds from, Seconds to) {
  std::vector<CensoredChange> out;
  for (auto& c : in) {
    if (c.hi < c.lo) std::swap(c.lo, c.hi);  // a clock that went backwards
    if (c.hi <= from || c.hi > to) continue;
    out.push_back({std::max(c.lo, from), c.hi});
  }
  std::sort(out.begin(), out.end(), [](auto a, auto b) { return a.hi < b.hi; });
  std::vector<CensoredChange> merged;
  for (auto c : out) {
    if (!merged.empty() && c.lo < merged.back().hi) {
      merged.back().lo = std::min(merged.back().lo, c.lo);
      merged.back().hi = std::max(merged.back().hi, c.hi);
      continue;
    }
    merged.push_back(c);
  }
  return merged;
}

// Local wall-clock time for a run of increasing instants: zone offsets change on hour
// boundaries, so the zone is asked once an hour.
class HourlyLocal {
 public:
  explicit HourlyLocal(const LocalTime& local) : m_local(local) {}
  Seconds operator()(Seconds utc) {
    if (utc - floor_mod(utc, 3600) != m_hour) {
      m_hour = utc - floor_mod(utc, 3600);
      m_offset = m_local ? m_local(m_hour) - m_hour : 0;
    }
    return utc + m_offset;
  }

 private:
  const LocalTime& m_local;
  Seconds m_hour = -1;
  Seconds m_offset = 0;
};

}  // namespace

HazardModel::HazardModel(HazardSettings settings, LocalTime local, Seconds start)
    : m_settings(std::move(settings)), m_local(std::move(local)), m_from(start), m_to(start),
      m_refreshed(start) {
  auto& s = m_settings;
  s.step = std::clamp<Seconds>(s.step, 60, 3600);
  s.since_horizon = std::clamp<Seconds>(s.since_horizon, s.step, 60 * 86400);
  s.refresh = std::max<Seconds>(s.refresh, s.step);
  s.track_record_memory = std::max<Seconds>(s.track_record_memory, 86400);
  for (auto& tau : s.memories)
    tau = std::max<Seconds>(tau, 86400);
  if (s.memories.empty()) s.memories.push_back(60 * 86400);
  m_since_bins = static_cast<int>(s.since_horizon / s.step);
  for (std::size_t m = 0; m < s.memories.size(); ++m) {
    m_base.push_back(start);
    for (auto kind : k_grids)
      m_evidence.emplace_back(kind, grid_bins(kind, s.step, m_since_bins));
  }
  m_flat_mass.assign(s.memories.size(), 0.0);
  m_flat_exposure.assign(s.memories.size(), 0.0);
  m_flat_rate.assign(s.memories.size(), 0.5 / (2 * k_day));
  add_experts();
  refresh_tables();
}

void HazardModel::add_experts() {
  const auto& s = m_settings;
  for (std::size_t m = 0; m < s.memories.size(); ++m) {
    auto memory = memory_name(s.memories[m]);
    m_experts.push_back({m, k_flat, 0, "flat rate (" + memory + ")", {}, 0});
    for (std::size_t g = 0; g < std::size(k_grids); ++g) {
      auto kind = k_grids[g];
      const auto& widths = kind == GridKind::time_of_day    ? s.day_widths
                           : kind == GridKind::time_of_week ? s.week_widths
                                                            : s.since_widths;
      for (int w : widths) {
        auto reach = "±" + std::to_string((2 * std::max(w, 0) + 1) * s.step / 120) + "m";
        m_experts.push_back({m,
                             m * std::size(k_grids) + g,
                             std::max(w, 0),
                             grid_name(kind) + " " + reach + " (" + memory + ")",
                             {},
                             0});
      }
    }
  }
  m_weights.assign(m_experts.size(), 1.0 / static_cast<double>(m_experts.size()));
  m_mixture = MixtureWeights(m_experts.size(), s.weight_prior);
  m_race = WeightingRace(m_experts.size(), 2);
  m_quiet.assign(m_experts.size(), 0.0);
}

double HazardModel::growth(std::size_t m, Seconds t) const {
  return std::exp(static_cast<double>(t - m_base[m]) / static_cast<double>(m_settings.memories[m]));
}

GridPoint HazardModel::point(Seconds t, std::optional<Seconds> last) const {
  return grid_point(t, m_local ? m_local(t) : t, last, m_settings.step, m_since_bins);
}

double HazardModel::expert_rate(const Expert& e, const GridPoint& p) const {
  if (e.evidence == k_flat) return m_flat_rate[e.memory];
  auto bin = bin_of(m_evidence[e.evidence].kind, p);
  if (!bin) return m_flat_rate[e.memory];
  if (*bin == k_since_tail) return e.rates.tail;
  return e.rates.rate[static_cast<std::size_t>(*bin)];
}

double HazardModel::mixture_rate(const GridPoint& p) const {
  const auto& c = m_combined;
  if (c.week.empty()) return m_flat_rate.front();
  double r = c.flat + c.week[static_cast<std::size_t>(p.week)];
  if (!p.since) return r + c.since_unknown;
  if (*p.since == k_since_tail) return r + c.since_tail;
  return r + c.since[static_cast<std::size_t>(*p.since)];
}

// The mixture is linear in its experts: folded into one table per grid (the time of day
// into the week's), a forecast costs three look-ups a bin whatever the number of experts.
void HazardModel::combine() {
  auto& c = m_combined;
  c = {};
  c.week.assign(static_cast<std::size_t>(grid_bins(GridKind::time_of_week, m_settings.step, 0)),
                0.0);
  c.since.assign(static_cast<std::size_t>(m_since_bins), 0.0);
  auto per_day = static_cast<std::size_t>(grid_bins(GridKind::time_of_day, m_settings.step, 0));
  for (std::size_t i = 0; i < m_experts.size(); ++i) {
    const auto& e = m_experts[i];
    double w = m_weights[i];
    if (e.evidence == k_flat) {
      c.flat += w * m_flat_rate[e.memory];
      continue;
    }
    const auto& rate = e.rates.rate;
    switch (m_evidence[e.evidence].kind) {
    case GridKind::time_of_day:
      for (std::size_t b = 0; b < c.week.size(); ++b)
        c.week[b] += w * rate[b % per_day];
      break;
    case GridKind::time_of_week:
      for (std::size_t b = 0; b < c.week.size(); ++b)
        c.week[b] += w * rate[b];
      break;
    case GridKind::since_change:
      for (std::size_t b = 0; b < c.since.size(); ++b)
        c.since[b] += w * rate[b];
      c.since_tail += w * e.rates.tail;
      c.since_unknown += w * m_flat_rate[e.memory];
      break;
    }
  }
}

void HazardModel::refresh_tables(bool catching_up) {
  const auto& s = m_settings;
  double fade = std::exp(-static_cast<double>(m_to - m_refreshed) /
                         static_cast<double>(s.track_record_memory));
  for (std::size_t m = 0; m < s.memories.size(); ++m) {
    if (static_cast<double>(m_to - m_base[m]) / static_cast<double>(s.memories[m]) >
        k_rebase_exponent) {  // rescale the evidence to today's weight
      double k = 1.0 / growth(m, m_to);
      for (std::size_t g = 0; g < std::size(k_grids); ++g)
        m_evidence[m * std::size(k_grids) + g].scale(k);
      m_flat_mass[m] *= k;
      m_flat_exposure[m] *= k;
      m_base[m] = m_to;
    }
    double unit = growth(m, m_to);  // the weight of one second of evidence now
    m_flat_rate[m] = (m_flat_mass[m] + 0.5 * unit) / (m_flat_exposure[m] + 2 * k_day * unit);
  }
  for (std::size_t i = 0; i < m_experts.size(); ++i) {  // the stretch since the last refresh
    m_experts[i].score -= m_quiet[i];
    m_mixture.quiet(i, m_quiet[i]);
    m_race.quiet(i, m_quiet[i]);
  }
  std::fill(m_quiet.begin(), m_quiet.end(), 0.0);
  m_mixture.fade(fade);
  for (auto& e : m_experts) {
    e.score *= fade;
    if (e.evidence == k_flat) continue;
    const auto& ev = m_evidence[e.evidence];
    double prior = s.prior_steps * static_cast<double>(s.step) * growth(e.memory, m_to);
    e.rates =
        smooth_rates(ev, e.width, prior, m_flat_rate[e.memory], ev.kind != GridKind::since_change);
  }
  if (s.likelihood_weights) {
    if (!m_candidates.empty()) m_race.settle(m_candidates, fade);
    // Warm-started: while catching up on history, a step per refresh follows well enough.
    m_candidates = {m_mixture.fit(catching_up ? 1 : s.em_steps), posterior_weights()};
    m_weights = m_candidates[m_race.best()];
  } else {
    m_race.settle({}, fade);  // nothing to judge: only forgets the stretch
    m_weights = posterior_weights();
  }
  m_refreshed = m_to;
  combine();
}

// `until`: where the whole update ends (the refresh cadence is coarser far before it).
void HazardModel::advance_to(Seconds t, const CensoredChange* change, Seconds until) {
  const Seconds step = m_settings.step;
  HourlyLocal local(m_local);
  while (m_to < t) {
    Seconds a = m_to;
    Seconds b = std::min(t, a - floor_mod(a, step) + step);
    Seconds mid = a - floor_mod(a, step) + step / 2;
    auto p = grid_point(mid, local(mid), m_last, step, m_since_bins);
    auto dt = static_cast<double>(b - a);
    double inside = change ? static_cast<double>(std::max<Seconds>(0, std::min(b, change->hi) -
                                                                          std::max(a, change->lo)))
                           : 0.0;
    if (inside > 0) {
      if (m_pending.lambda.empty()) m_pending.lambda.assign(m_experts.size(), 0.0);
      m_pending.steps.push_back({p, inside});
    }
    for (std::size_t i = 0; i < m_experts.size(); ++i) {
      double h = expert_rate(m_experts[i], p);
      m_quiet[i] += h * (dt - inside);
      if (inside > 0) m_pending.lambda[i] += h * inside;
    }
    for (std::size_t m = 0; m < m_base.size(); ++m) {
      double g = growth(m, a) * dt;
      m_flat_exposure[m] += g;
      for (std::size_t k = 0; k < std::size(k_grids); ++k) {
        auto& ev = m_evidence[m * std::size(k_grids) + k];
        ev.add(bin_of(ev.kind, p), 0.0, g);
      }
    }
    m_to = b;
    bool catching_up = until - m_to > m_settings.catch_up_after;
    auto every = catching_up ? std::max(m_settings.refresh, m_settings.catch_up_refresh)
                             : m_settings.refresh;
    if (m_to - m_refreshed >= every) refresh_tables(catching_up);
  }
}

void HazardModel::close_change(const CensoredChange& c) {
  if (m_pending.steps.empty()) {  // an instant: lo == hi
    m_pending.steps.push_back({point(c.hi, m_last), 1.0});
    m_pending.lambda.assign(m_experts.size(), 0.0);
  }
  for (std::size_t i = 0; i < m_experts.size(); ++i) {
    double lambda = std::max(m_pending.lambda[i], 1e-12);
    m_experts[i].score += std::log(std::max(-std::expm1(-lambda), 1e-300));
  }
  m_mixture.changed(m_pending.lambda);
  m_race.changed(m_pending.lambda);
  // The unit of mass lands where the current mixture says the change most likely was.
  std::vector<double> share;
  for (const auto& [p, seconds] : m_pending.steps)
    share.push_back(mixture_rate(p) * seconds);
  double total = std::accumulate(share.begin(), share.end(), 0.0);
  for (std::size_t j = 0; j < share.size(); ++j) {
    double w = total > 0 && std::isfinite(total) ? share[j] / total
                                                 : 1.0 / static_cast<double>(share.size());
    const auto& p = m_pending.steps[j].first;
    for (std::size_t m = 0; m < m_base.size(); ++m) {
      double g = growth(m, c.hi) * w;
      m_flat_mass[m] += g;
      for (std::size_t k = 0; k < std::size(k_grids); ++k) {
        auto& ev = m_evidence[m * std::size(k_grids) + k];
        ev.add(bin_of(ev.kind, p), g, 0.0);
      }
    }
  }
  m_pending = {};
  m_last = c.hi;
  ++m_changes;
}

void HazardModel::update(std::vector<CensoredChange> changes, Seconds to) {
  auto until = std::max(to, m_to);
  auto seen = tidy(std::move(changes), m_to, until);
  for (const auto& c : seen) {
    advance_to(c.hi, &c, until);
    close_change(c);
  }
  advance_to(to, nullptr, until);
  if (!seen.empty() || m_to > m_refreshed) refresh_tables();
}

HazardModel HazardModel::fit(const HazardEvidence& ev, const HazardSettings& settings,
                             const LocalTime& local) {
  Seconds from = std::min(ev.observed_from, ev.observed_to);
  HazardModel m(settings, local, from);
  m.update(ev.changes, ev.observed_to);
  return m;
}

HazardModel HazardModel::flat(double changes_per_day, const HazardSettings& settings) {
  HazardModel m(settings, nullptr, 0);
  double r = std::isfinite(changes_per_day) && changes_per_day > 0 ? changes_per_day : 1e-3;
  std::fill(m.m_flat_rate.begin(), m.m_flat_rate.end(), r / k_day);
  m.m_fixed_rate = r / k_day;
  return m;
}

double HazardModel::rate(Seconds t, std::optional<Seconds> last_change) const {
  if (m_fixed_rate) return *m_fixed_rate;
  if (m_changes < m_settings.min_changes_to_fit) {
    double days = static_cast<double>(std::max<Seconds>(0, m_to - m_from)) / k_day;
    return (m_changes + 0.5) / (days + 2.0) / k_day;
  }
  double r = mixture_rate(point(t, last_change));
  return std::isfinite(r) && r > 0 ? r : m_flat_rate.front();
}

Eigen::VectorXd HazardModel::forecast(Seconds from, int bins, Seconds bin_s,
                                      std::optional<Seconds> last_change) const {
  auto n = std::max(bins, 0);
  bool learnt = !m_fixed_rate && m_changes >= m_settings.min_changes_to_fit;
  std::vector<std::pair<Seconds, Seconds>> at;  // the middle of each bin: UTC, local
  HourlyLocal to_local(m_local);
  for (int i = 0; i < n; ++i) {
    Seconds mid = from + i * bin_s + bin_s / 2;
    at.emplace_back(mid, to_local(mid));
  }
  auto expected = [&](int i, std::optional<Seconds> last) {
    if (!learnt) return rate(0, std::nullopt) * static_cast<double>(bin_s);
    auto [utc, local] = at[static_cast<std::size_t>(i)];
    double r = mixture_rate(grid_point(utc, local, last, m_settings.step, m_since_bins));
    return (std::isfinite(r) && r > 0 ? r : m_flat_rate.front()) * static_cast<double>(bin_s);
  };
  // The next change restarts the clock: from the moment it has more likely than not
  // happened (the median of the first change), the rate counts from there, weighted by the
  // chance that it has happened. Otherwise a period's peak would be followed by the tail
  // of sessions that never last that long, and the budget put there never spent.
  Eigen::VectorXd out(n);
  double cumulative = 0;
  std::optional<Seconds> median;
  for (int i = 0; i < n; ++i) {
    double now = expected(i, last_change);
    double happened = -std::expm1(-cumulative);
    if (!median && happened >= 0.5) median = from + i * bin_s;
    out[i] = median ? (1 - happened) * now + happened * expected(i, median) : now;
    cumulative += now;
  }
  return out;
}

std::vector<double> HazardModel::posterior_weights() const {
  double best = -1e300;
  for (const auto& e : m_experts)
    best = std::max(best, e.score);
  std::vector<double> w(m_experts.size());
  double total = 0;
  for (std::size_t i = 0; i < m_experts.size(); ++i)
    total += w[i] = std::exp(m_experts[i].score - best);
  double floor = std::clamp(m_settings.weight_floor, 0.0, 1.0);
  for (auto& x : w)
    x = (1 - floor) * x / total + floor / static_cast<double>(w.size());
  return w;
}

}  // namespace ddnsguard::models
