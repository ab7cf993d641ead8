#include "models/hazard_grid.hpp"

#include <gtest/gtest.h>

namespace ddnsguard::models {
namespace {

TEST(HazardGrid, PointsFallOnTheDayTheWeekAndTheTimeSinceTheLastChange) {
  // 2026-01-01 was a Thursday; 01:10 local, 2 h after a change.
  const Seconds thursday = 1767225600;
  auto p = grid_point(thursday + 4200, thursday + 4200, thursday - 3000, 300, 2304);
  EXPECT_EQ(p.day, 14);             // 01:10 is the 15th 5-minute bin
  EXPECT_EQ(p.week, 3 * 288 + 14);  // Monday is 0
  EXPECT_EQ(p.since, 24);           // 7200 s / 300
  EXPECT_FALSE(grid_point(thursday, thursday, std::nullopt, 300, 2304).since);
  EXPECT_EQ(grid_point(thursday + 9 * 86400, thursday, thursday, 300, 2304).since, k_since_tail);
  EXPECT_FALSE(grid_point(thursday, thursday, thursday + 60, 300, 2304).since);  // clock went back
}

TEST(HazardGrid, SmoothingKeepsAFlatRateFlatAndWrapsAroundMidnight) {
  GridEvidence ev(GridKind::time_of_day, 288);
  for (int b = 0; b < 288; ++b)
    ev.add(b, 0.01, 300.0);
  auto flat = smooth_rates(ev, 3, 600, 0.01 / 300.0, true);
  for (double r : flat.rate)
    EXPECT_NEAR(r, 0.01 / 300.0, 1e-12);
  // One change just before midnight is felt just after it, on a circular grid only.
  GridEvidence one(GridKind::time_of_day, 288);
  for (int b = 0; b < 288; ++b)
    one.add(b, b == 287 ? 1.0 : 0.0, 3000.0);
  auto round = smooth_rates(one, 1, 1, 1e-9, true);
  auto line = smooth_rates(one, 1, 1, 1e-9, false);
  EXPECT_GT(round.rate[0], 100 * round.rate[100]);
  EXPECT_LT(line.rate[0], 2e-9);
}

TEST(HazardGrid, LittleExposureFallsBackToTheFlatRate) {
  GridEvidence ev(GridKind::since_change, 100);
  ev.add(k_since_tail, 0.0, 1.0);  // a second of exposure in the tail, no change
  ev.add(std::nullopt, 5.0, 5.0);  // no grid point: ignored
  auto r = smooth_rates(ev, 0, 1e6, 2e-5, false);
  EXPECT_NEAR(r.tail, 2e-5, 1e-9);
  EXPECT_NEAR(r.rate[50], 2e-5, 1e-12);
  ev.scale(0.5);
  EXPECT_DOUBLE_EQ(ev.tail_exposure, 0.5);
}

}  // namespace
}  // namespace ddnsguard::models
