#include "models/poll_planner.hpp"

#include <algorithm>
#include <cmath>

namespace ddnsguard::models {

namespace {

constexpr double k_day = 86400.0;

struct Allocation {
  Eigen::VectorXd density;  // checks per second, per bin
  double scale = 0;         // density = clamp(scale * sqrt(hazard), dmin, dmax)
};

// Density (checks per second) per bin: clamp(c·sqrt(hazard), dmin, dmax) with c chosen by
// bisection so the horizon receives its share of the daily budget.
Allocation allocate(const Eigen::VectorXd& root, double bin_s, double budget, double dmin,
                    double dmax) {
  double horizon = bin_s * static_cast<double>(root.size());
  double want = budget * horizon / k_day;
  auto total = [&](double c) { return (c * root.array()).max(dmin).min(dmax).sum() * bin_s; };
  if (total(0) >= want) return {Eigen::VectorXd::Constant(root.size(), dmin), 0.0};
  double lo = 0, hi = 1;
  while (total(hi) < want && hi < 1e300)
    hi *= 2;
  for (int i = 0; i < 40; ++i) {  // relative precision 2^-40: far below one check
    double mid = 0.5 * (lo + hi);
    (total(mid) < want ? lo : hi) = mid;
  }
  return {(hi * root.array()).max(dmin).min(dmax).matrix(), hi};
}

// The checks the aftermath of a change now would call for beyond what the plan puts there:
// a burst of changes (multi-WAN, reconnect storms) must find them in the window.
double reserve_for_aftermath(const Eigen::VectorXd& aftermath, const Allocation& plan, double bin_s,
                             double dmin, double dmax) {
  if (aftermath.size() == 0 || !aftermath.allFinite()) return 0;
  auto n = std::min(aftermath.size(), plan.density.size());
  Eigen::ArrayXd wanted =
      (plan.scale * aftermath.head(n).cwiseMax(0.0).cwiseSqrt().array()).max(dmin).min(dmax);
  return std::max(0.0, (wanted - plan.density.head(n).array()).sum() * bin_s);
}

}  // namespace

const char* to_string(PlanReason r) {
  switch (r) {
  case PlanReason::planned:
    return "planned";
  case PlanReason::clamped_min:
    return "clamped to min_interval";
  case PlanReason::clamped_max:
    return "clamped to max_interval";
  case PlanReason::budget_spent:
    return "daily budget spent";
  case PlanReason::no_forecast:
    return "no forecast: budget spread evenly";
  }
  return "planned";
}

PlannerDecision plan_next_check(const PlannerInput& in) {
  PlannerDecision out;
  auto min_s = std::max<double>(1.0, static_cast<double>(in.min_interval.count()));
  auto max_s = std::max<double>(min_s, static_cast<double>(in.max_interval.count()));
  double budget = std::isfinite(in.daily_budget) ? std::max(in.daily_budget, 0.0) : 0.0;
  double window_days =
      std::max(1.0, static_cast<double>(in.budget_window.count())) / k_day;  // at least 1 s
  out.budget_left = budget * window_days - in.checks_in_window;
  double bin_s = std::max<double>(1.0, static_cast<double>(in.bin.count()));
  Eigen::VectorXd root = in.hazard.size() > 0 && in.hazard.allFinite()
                             ? in.hazard.cwiseMax(0.0).cwiseSqrt().eval()
                             : Eigen::VectorXd{};
  bool usable = root.size() > 0 && root.sum() > 0;
  if (!usable)
    root = Eigen::VectorXd::Ones(static_cast<Eigen::Index>(std::ceil(window_days * k_day / bin_s)));
  // The hazard covers the window: allocate() hands out the budget for its length, less the
  // reserve a change's aftermath would need (at most half of it).
  double plan_budget = budget * k_planned_budget_share;
  auto plan = allocate(root, bin_s, plan_budget, 1.0 / max_s, 1.0 / min_s);
  double reserve = reserve_for_aftermath(in.aftermath, plan, bin_s, 1.0 / max_s, 1.0 / min_s);
  if (reserve > 0) {
    double reserve_per_day = std::min(reserve / window_days, 0.5 * plan_budget);
    plan = allocate(root, bin_s, plan_budget - reserve_per_day, 1.0 / max_s, 1.0 / min_s);
    out.reserve = reserve;
  }
  const auto& density = plan.density;
  out.checks_per_day_now = density[0] * k_day;
  // Walk forward until one check's worth of density has accumulated.
  double acc = 0, t = 0;
  for (Eigen::Index i = 0; i < density.size() && t < max_s; ++i) {
    double need = 1.0 - acc;
    if (density[i] * bin_s >= need) {
      t += need / density[i];
      acc = 1.0;
      break;
    }
    acc += density[i] * bin_s;
    t += bin_s;
  }
  if (acc < 1.0) t = max_s;
  t = std::clamp(t, min_s, max_s);
  // A full window holds the check back until its oldest check leaves, but never brings it
  // forward: waiting exactly for each freed check would copy the past's times for ever.
  if (out.budget_left <= 0) {
    double frees =
        in.budget_frees_in && budget > 0 ? static_cast<double>(in.budget_frees_in->count()) : max_s;
    if (frees >= t) {
      t = std::clamp(frees, min_s, max_s);
      out.delay = std::chrono::seconds{static_cast<long long>(std::llround(t))};
      out.reason = PlanReason::budget_spent;
      return out;
    }
  }
  out.delay = std::chrono::seconds{static_cast<long long>(std::llround(t))};
  out.reason = !usable            ? PlanReason::no_forecast
               : t <= min_s + 0.5 ? PlanReason::clamped_min
               : t >= max_s - 0.5 ? PlanReason::clamped_max
                                  : PlanReason::planned;
  return out;
}

}  // namespace ddnsguard::models
