#include "models/poll_planner.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace ddnsguard::models {
namespace {

using namespace std::chrono_literals;

TEST(PlanNextCheck, FlatHazardSpreadsTheBudget) {
  struct Case {
    const char* what;
    double budget;
    std::chrono::seconds want;
    PlanReason reason;
  };
  // The plan aims at 95 % of the budget: 288/day becomes every 5m16s.
  auto every = [](double budget) {
    return std::chrono::seconds{std::llround(86400.0 / (budget * k_planned_budget_share))};
  };
  const Case cases[] = {{"288/day is about every 5 min", 288, every(288), PlanReason::planned},
                        {"72/day is about every 20 min", 72, every(72), PlanReason::planned},
                        {"clamped to max_interval", 24, 30min, PlanReason::clamped_max},
                        {"clamped to min_interval", 1e5, 10s, PlanReason::clamped_min}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    PlannerInput in{
        Eigen::VectorXd::Constant(288, 0.01), 5min, c.budget, 10s, 30min, 0, std::nullopt};
    auto d = plan_next_check(in);
    EXPECT_EQ(d.delay, c.want);
    EXPECT_EQ(d.reason, c.reason);
  }
}

TEST(PlanNextCheck, DensityFollowsTheSquareRootOfTheHazard) {
  // The first 2 h are 100x as hazardous as the rest: sqrt gives 10x the density there.
  Eigen::VectorXd h = Eigen::VectorXd::Constant(288, 0.0001);
  h.head(24).setConstant(0.01);
  PlannerInput in{h, 5min, 288, 1s, 2h, 0, std::nullopt};
  auto hot = plan_next_check(in);
  in.hazard = Eigen::VectorXd::Constant(288, 0.0001);
  in.hazard.tail(24).setConstant(0.01);
  auto cold = plan_next_check(in);
  EXPECT_LT(hot.delay, 2min);
  EXPECT_GT(cold.delay, 5min);
  EXPECT_NEAR(hot.checks_per_day_now / cold.checks_per_day_now, 10.0, 0.5);
}

TEST(PlanNextCheck, PlannedChecksNeverExceedTheBudget) {
  // Simulate a day of planning on a peaked hazard: count checks.
  for (double budget : {24.0, 72.0, 288.0, 1000.0}) {
    SCOPED_TRACE(budget);
    Eigen::VectorXd day = Eigen::VectorXd::Constant(288, 1e-4);
    day.segment(30, 12).setConstant(0.05);  // a night window
    double t = 0;
    int checks = 0;
    while (t < 86400) {
      auto first = static_cast<Eigen::Index>(t / 300);
      Eigen::VectorXd ahead(288);
      for (Eigen::Index i = 0; i < 288; ++i)
        ahead[i] = day[(first + i) % 288];
      PlannerInput in{ahead, 5min, budget, 10s, 24h, 0, std::nullopt};
      t += static_cast<double>(plan_next_check(in).delay.count());
      ++checks;
    }
    EXPECT_LE(checks, budget * 1.05 + 1);
  }
}

TEST(PlanNextCheck, DegenerateInputsGiveSaneAnswers) {
  struct Case {
    const char* what;
    Eigen::VectorXd hazard;
    double budget;
    double spent;
    std::chrono::seconds want;
    PlanReason reason;
  };
  Eigen::VectorXd nan = Eigen::VectorXd::Constant(288, std::nan(""));
  const std::chrono::seconds even{std::llround(300 / k_planned_budget_share)};
  const Case cases[] = {
      {"empty forecast", Eigen::VectorXd{}, 288, 0, even, PlanReason::no_forecast},
      {"all zero", Eigen::VectorXd::Zero(288), 288, 0, even, PlanReason::no_forecast},
      {"NaN", nan, 288, 0, even, PlanReason::no_forecast},
      {"negative", Eigen::VectorXd::Constant(288, -1), 288, 0, even, PlanReason::no_forecast},
      {"budget spent", Eigen::VectorXd::Constant(288, 0.01), 288, 288, 30min,
       PlanReason::budget_spent},
      {"zero budget", Eigen::VectorXd::Constant(288, 0.01), 0, 0, 30min, PlanReason::budget_spent},
      {"NaN budget", Eigen::VectorXd::Constant(288, 0.01), std::nan(""), 0, 30min,
       PlanReason::budget_spent},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    PlannerInput in{c.hazard, 5min, c.budget, 10s, 30min, c.spent, std::nullopt};
    auto d = plan_next_check(in);
    EXPECT_EQ(d.delay, c.want);
    EXPECT_EQ(d.reason, c.reason);
    EXPECT_TRUE(std::isfinite(d.checks_per_day_now));
  }
}

TEST(PlanNextCheck, SpentBudgetWaitsUntilTheOldestCheckLeavesTheWindow) {
  // A flat hazard plans a check every 86400 / (288 × 0.98) s = 5m6s.
  struct Case {
    const char* what;
    std::optional<std::chrono::seconds> frees_in;
    std::chrono::seconds want;
    PlanReason reason;
  };
  const Case cases[] = {
      {"frees in 8 min", 8min, 8min, PlanReason::budget_spent},
      // Never earlier than planned: waiting exactly for each freed check would copy the
      // past window's times for ever.
      {"frees before the plan: the plan", 1min, 306s, PlanReason::planned},
      {"frees late: max_interval", 2h, 30min, PlanReason::budget_spent},
      {"unknown: max_interval", std::nullopt, 30min, PlanReason::budget_spent},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    PlannerInput in{Eigen::VectorXd::Constant(288, 0.01), 5min, 288, 10s, 30min, 288, c.frees_in};
    auto d = plan_next_check(in);
    EXPECT_NEAR(static_cast<double>(d.delay.count()), static_cast<double>(c.want.count()), 1.0);
    EXPECT_EQ(d.reason, c.reason);
  }
}

TEST(PlanNextCheck, ABudgetWindowOfThreeDaysSpendsItsChecksOnTheWindowsPeak) {
  // A 72 h timer: a narrow peak 60 h ahead, nothing else. Over a 3-day window the budget
  // is 3 × 288: 600 checks already spent still leave room.
  Eigen::VectorXd h = Eigen::VectorXd::Constant(864, 1e-6);
  h.segment(720, 6).setConstant(0.15);
  PlannerInput in{h, 5min, 288, 10s, 30min, 600, std::nullopt, 72h};
  auto d = plan_next_check(in);
  EXPECT_GT(d.budget_left, 200);
  EXPECT_EQ(d.reason, PlanReason::planned);
  // At the peak the checks come 20 times as often as in the quiet hours.
  PlannerInput at_peak = in;
  at_peak.hazard = h.tail(864 - 720);
  EXPECT_LE(plan_next_check(at_peak).delay * 20, d.delay);
  // The same window's budget as a day: 288 already spent leaves nothing.
  PlannerInput one_day{h.head(288), 5min, 288, 10s, 30min, 288, 1h};
  EXPECT_EQ(plan_next_check(one_day).reason, PlanReason::budget_spent);
}

TEST(PlanNextCheck, MinAboveMaxIsResolvedTowardsMin) {
  PlannerInput in{Eigen::VectorXd::Constant(288, 0.01), 5min, 288, 10min, 1min, 0, std::nullopt};
  EXPECT_EQ(plan_next_check(in).delay, 10min);
}

TEST(PlanNextCheck, ABurstyAftermathIsKeptInReserve) {
  // Quiet now; were a change to happen, the next hour would be 1000x as hazardous (a
  // flapping link). The checks that hour would call for are held back from the plan.
  PlannerInput in{Eigen::VectorXd::Constant(288, 1e-3), 5min, 288, 10s, 30min, 0, std::nullopt};
  auto plain = plan_next_check(in);
  EXPECT_EQ(plain.reserve, 0);
  in.aftermath = Eigen::VectorXd::Constant(12, 1.0);
  auto kept = plan_next_check(in);
  EXPECT_GT(kept.reserve, 20) << "an hour at ~30x the density";
  EXPECT_GT(kept.delay, plain.delay) << "so the quiet time is checked more sparsely";
  EXPECT_LT(kept.checks_per_day_now, plain.checks_per_day_now);
  EXPECT_GE(kept.checks_per_day_now, 0.5 * plain.checks_per_day_now - 1) << "at most half kept";

  in.aftermath = Eigen::VectorXd::Constant(12, 1e-3);  // the aftermath is like any time
  EXPECT_EQ(plan_next_check(in).reserve, 0);
  EXPECT_EQ(plan_next_check(in).delay, plain.delay);
  in.aftermath = Eigen::VectorXd::Constant(12, std::nan(""));
  EXPECT_EQ(plan_next_check(in).delay, plain.delay) << "a broken aftermath is ignored";
}

}  // namespace
}  // namespace ddnsguard::models
