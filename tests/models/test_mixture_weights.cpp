// MixtureWeights (the likelihood-maximising superposition of experts) and WeightingRace
// (candidate weightings judged on what followed), on synthetic censored check intervals.

#include "models/mixture_weights.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace ddnsguard::models {
namespace {

// `changes` change intervals of `bin` expected changes each (per expert, `rates` times the
// truth) and the quiet stretches between them: `quiet_days` days at one change a day.
void book(MixtureWeights& m, const std::vector<double>& rates, int changes, double quiet_days) {
  const double truth_per_day = 1.0;
  const double bin = 300.0 / 86400 * truth_per_day;  // a 5-minute interval's expected count
  for (std::size_t e = 0; e < rates.size(); ++e)
    m.quiet(e, rates[e] * truth_per_day * quiet_days);
  for (int i = 0; i < changes; ++i) {
    std::vector<double> lambda;
    for (double r : rates)
      lambda.push_back(r * bin);
    m.changed(lambda);
  }
}

TEST(MixtureWeights, CalibratesTheScaleOfAnExpertThatExpectsTooMuch) {
  // One expert expecting twice the true rate (1 change a day for 200 days): weight 1/2.
  MixtureWeights m(1, 1.0);
  book(m, {2.0}, 200, 200);
  auto w = m.fit(50);
  EXPECT_NEAR(w[0], 0.5, 0.02);
}

TEST(MixtureWeights, KeepsAFlatBackgroundUnderAPeakedExpert) {
  // Expert 0 peaks where 80 of 100 changes fall (it expects 0.5 there, nearly nothing
  // elsewhere); expert 1 is flat. Both are needed: the flat one keeps a real share.
  MixtureWeights m(2, 1.0);
  m.quiet(0, 40.0);  // the peak's quiet stretches
  m.quiet(1, 100.0);
  for (int i = 0; i < 80; ++i)
    m.changed({0.5, 0.01});
  for (int i = 0; i < 20; ++i)
    m.changed({1e-6, 0.01});
  // The flat expert explains the 20 changes off the peak: about 20 of its 100 expected.
  auto w = m.fit(200);
  EXPECT_NEAR(w[1], 0.2, 0.05) << w[0] << " " << w[1];
  EXPECT_GT(w[0], 1.0) << w[0] << " " << w[1];
}

TEST(MixtureWeights, ConvergesWhenAnExpertExpectsMuchInsideTheChangeIntervals) {
  // 30 change intervals of one expected change each, 3 expected in the quiet time: the
  // likelihood's maximum is near w = 2.24 (a step that overshoots would flip for ever).
  MixtureWeights m(1, 1.0);
  m.quiet(0, 3.0);
  for (int i = 0; i < 30; ++i)
    m.changed({1.0});
  double last = 0;
  for (int round = 0; round < 20; ++round) {
    double w = m.fit(10)[0];
    EXPECT_GE(w, last - 1e-9) << "round " << round;  // EM climbs steadily from 1
    last = w;
  }
  EXPECT_NEAR(last, 2.24, 0.02);
}

TEST(MixtureWeights, ForgetsAndDropsTheOldestRows) {
  MixtureWeights m(1, 1.0, 3);
  book(m, {1.0}, 5, 10);
  EXPECT_EQ(m.rows(), 3u);
  m.fade(0.0);  // nothing old counts: the prior alone (1 change's worth over 1 expected)
  m.fit(20);
  EXPECT_NEAR(m.weights()[0], 1.0, 1e-6);
}

TEST(MixtureWeights, StaysFiniteOnDegenerateInput) {
  MixtureWeights m(2, 1.0);
  m.changed({0.0, 0.0});
  m.changed({1e300, 0.0});
  m.quiet(0, 0.0);
  for (double w : m.fit(10))
    EXPECT_TRUE(std::isfinite(w) && w > 0);
  MixtureWeights none(0);
  EXPECT_TRUE(none.fit(5).empty());
}

TEST(WeightingRace, TheCandidateThatPredictedBetterWins) {
  // Two experts: 0 right (one change a day), 1 wrong (ten a day). Candidate 0 leans on the
  // right one, candidate 1 on the wrong one.
  WeightingRace race(2, 2);
  const std::vector<std::vector<double>> used = {{0.9, 0.01}, {0.01, 0.9}};
  for (int day = 0; day < 10; ++day) {
    race.quiet(0, 1.0);
    race.quiet(1, 10.0);
    race.changed({300.0 / 86400, 3000.0 / 86400});
    race.settle(used, 0.9);
  }
  EXPECT_EQ(race.best(), 0u);
  EXPECT_GT(race.scores()[0], race.scores()[1]);
}

TEST(WeightingRace, ATieKeepsTheFirstAndNothingSeenScoresNothing) {
  WeightingRace race(1, 2);
  EXPECT_EQ(race.best(), 0u);
  race.settle({{1.0}, {1.0}}, 0.5);
  EXPECT_EQ(race.best(), 0u);
  EXPECT_DOUBLE_EQ(race.scores()[0], 0.0);
}

}  // namespace
}  // namespace ddnsguard::models
