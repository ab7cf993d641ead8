#pragma once
// Poll planner (DESIGN §3): when to check next. Minimising the expected detection delay
// under a budget of checks places them with density proportional to sqrt(hazard); the
// density is clamped so intervals stay within [min_interval, max_interval]. Pure.

#include <chrono>
#include <optional>

#include <Eigen/Dense>

namespace ddnsguard::models {

// The plan aims a little under the budget: the slack lets checks move towards a newly
// learnt peak without hitting the rolling cap (which would copy yesterday's times).
constexpr double k_planned_budget_share = 0.98;

// The budget holds over a sliding window (`polling.budget_window`, 1 day by default): at
// most daily_budget × window / 24 h planned checks in any window, so checks saved on quiet
// days can be spent on a multi-day timer's window. The hazard should cover one window.
struct PlannerInput {
  Eigen::VectorXd hazard;  // expected changes per bin, from the last check onwards
  std::chrono::seconds bin{300};
  double daily_budget = 288;  // planned checks per 24 h (event-triggered ones not counted)
  std::chrono::seconds min_interval{10};
  std::chrono::seconds max_interval{1800};
  double checks_in_window = 0;  // planned checks already spent in the last window
  // When the budget is spent: how long until the oldest of those checks leaves the
  // window and frees one (unknown: max_interval).
  std::optional<std::chrono::seconds> budget_frees_in;
  std::chrono::seconds budget_window{86400};
  // Expected changes per bin right after a change now (e.g. the next hour): the checks it
  // would call for beyond the plan are held back in the window as a reserve. Empty: none.
  Eigen::VectorXd aftermath{};
};

enum class PlanReason { planned, clamped_min, clamped_max, budget_spent, no_forecast };

struct PlannerDecision {
  std::chrono::seconds delay{0};  // from the last check
  double checks_per_day_now = 0;  // the chosen density at the start, per day
  double budget_left = 0;         // the window's budget - checks_in_window
  double reserve = 0;             // checks held back for a change's aftermath
  PlanReason reason = PlanReason::planned;
};

const char* to_string(PlanReason r);

// The delay after the last check at which the next check falls. Within
// [min_interval, max_interval] always; when the budget is spent, the moment it frees a
// check (max_interval if unknown); the
// budget-respecting flat spacing when the hazard is empty, zero or not finite.
PlannerDecision plan_next_check(const PlannerInput& in);

}  // namespace ddnsguard::models
