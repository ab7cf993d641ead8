#pragma once
// Poll planner (DESIGN §3): when to check next. Minimising the expected detection delay
// under a budget of checks places them with density proportional to sqrt(hazard); the
// density is clamped so intervals stay within [min_interval, max_interval]. Pure.

#include <chrono>
#include <optional>

#include <Eigen/Dense>

namespace ddnsguard::models {

// The plan aims a little under the budget: the slack lets checks move towards a newly
// learnt peak without hitting the rolling 24 h cap (which would copy yesterday's times).
constexpr double k_planned_budget_share = 0.95;

struct PlannerInput {
  Eigen::VectorXd hazard;  // expected changes per bin, from the last check onwards
  std::chrono::seconds bin{300};
  double daily_budget = 288;  // planned checks per 24 h (event-triggered ones not counted)
  std::chrono::seconds min_interval{10};
  std::chrono::seconds max_interval{1800};
  double checks_last_24h = 0;  // planned checks already spent in the last 24 h
  // When the budget is spent: how long until the oldest of those checks leaves the 24 h
  // window and frees one (unknown: max_interval).
  std::optional<std::chrono::seconds> budget_frees_in;
};

enum class PlanReason { planned, clamped_min, clamped_max, budget_spent, no_forecast };

struct PlannerDecision {
  std::chrono::seconds delay{0};  // from the last check
  double checks_per_day_now = 0;  // the chosen density at the start, per day
  double budget_left = 0;         // daily_budget - checks_last_24h
  PlanReason reason = PlanReason::planned;
};

const char* to_string(PlanReason r);

// The delay after the last check at which the next check falls. Within
// [min_interval, max_interval] always; when the budget is spent, the moment it frees a
// check (max_interval if unknown); the
// budget-respecting flat spacing when the hazard is empty, zero or not finite.
PlannerDecision plan_next_check(const PlannerInput& in);

}  // namespace ddnsguard::models
