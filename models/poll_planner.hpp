#pragma once
// Poll planner (DESIGN §3): when to check next. Minimising the expected detection delay
// under a budget of checks places them with density proportional to sqrt(hazard); the
// density is clamped so intervals stay within [min_interval, max_interval]. Pure.

#include <chrono>

#include <Eigen/Dense>

namespace ddnsguard::models {

struct PlannerInput {
  Eigen::VectorXd hazard;  // expected changes per bin, from the last check onwards
  std::chrono::seconds bin{300};
  double daily_budget = 288;  // planned checks per 24 h (event-triggered ones not counted)
  std::chrono::seconds min_interval{10};
  std::chrono::seconds max_interval{1800};
  double checks_last_24h = 0;  // planned checks already spent in the last 24 h
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
// [min_interval, max_interval] always; max_interval when the budget is spent; the
// budget-respecting flat spacing when the hazard is empty, zero or not finite.
PlannerDecision plan_next_check(const PlannerInput& in);

}  // namespace ddnsguard::models
