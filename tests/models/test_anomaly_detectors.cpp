// The pure anomaly detectors: latency baseline, failure rate, flapping, hysteresis.

#include <gtest/gtest.h>

#include <random>

#include "models/failure_rate.hpp"
#include "models/flap_detector.hpp"
#include "models/hysteresis.hpp"
#include "models/latency_baseline.hpp"

using namespace ddnsguard::models;

TEST(Hysteresis, OpensAfterAStreakAndClosesAfterAStreak) {
  Hysteresis h({3, 2});
  EXPECT_EQ(h.step(true), Transition::none);
  EXPECT_EQ(h.step(true), Transition::none);
  EXPECT_EQ(h.step(false), Transition::none) << "a normal step resets the streak";
  EXPECT_EQ(h.step(true), Transition::none);
  EXPECT_EQ(h.step(true), Transition::none);
  EXPECT_EQ(h.step(true), Transition::opened);
  EXPECT_TRUE(h.is_open());
  EXPECT_EQ(h.step(true), Transition::none) << "opens once";
  EXPECT_EQ(h.step(false), Transition::none);
  EXPECT_EQ(h.step(true), Transition::none) << "an abnormal step resets the closing streak";
  EXPECT_EQ(h.step(false), Transition::none);
  EXPECT_EQ(h.step(false), Transition::closed);
  EXPECT_FALSE(h.is_open());
}

TEST(LatencyBaseline, NoVerdictBeforeEnoughSamples) {
  LatencyBaseline b;
  for (int i = 0; i < 7; ++i)
    EXPECT_FALSE(b.observe(i == 6 ? 50000 : 40).abnormal);
}

TEST(LatencyBaseline, JitterIsNormalATenfoldSlowdownIsNot) {
  std::mt19937 rng(7);
  std::lognormal_distribution<double> jitter(std::log(120.0), 0.3);
  LatencyBaseline b;
  int false_alarms = 0;
  for (int i = 0; i < 500; ++i)
    false_alarms += b.observe(jitter(rng)).abnormal ? 1 : 0;
  EXPECT_LE(false_alarms, 2);
  auto v = b.observe(1200);
  EXPECT_TRUE(v.abnormal);
  EXPECT_GT(v.score, 4.0);
  EXPECT_NEAR(v.median_ms, 120, 25);
}

TEST(LatencyBaseline, SmallAbsoluteSlowdownsOfFastApisAreNotIncidents) {
  LatencyBaseline b;
  for (int i = 0; i < 20; ++i)
    b.observe(10);
  EXPECT_FALSE(b.observe(200).abnormal) << "20x slower but only 190 ms: nobody cares";
  EXPECT_TRUE(b.observe(4000).abnormal);
}

TEST(LatencyBaseline, ABimodalBaselineStillFlagsATenfoldSlowdown) {
  LatencyBaseline b;
  for (int i = 0; i < 40; ++i)
    b.observe(i % 2 == 0 ? 4 : 45);  // delayed ACKs: half the calls wait 40 ms
  EXPECT_FALSE(b.observe(48).abnormal);
  auto v = b.observe(600);
  EXPECT_TRUE(v.abnormal);
  EXPECT_NEAR(v.p90_ms, 45, 1);
}

TEST(LatencyBaseline, ALastingChangeBecomesTheNewNormal) {
  LatencyBaseline b;
  for (int i = 0; i < 64; ++i)
    b.observe(50);
  int abnormal = 0;
  for (int i = 0; i < 64; ++i)
    abnormal += b.observe(2000).abnormal ? 1 : 0;
  EXPECT_GE(abnormal, 30);
  EXPECT_LE(abnormal, 34);
  EXPECT_FALSE(b.observe(2000).abnormal);
}

TEST(FailureRate, CountsFailuresInARow) {
  FailureRate f;
  EXPECT_EQ(f.observe(true).streak, 1);
  EXPECT_EQ(f.observe(true).streak, 2);
  EXPECT_EQ(f.observe(false).streak, 0);
  EXPECT_EQ(f.observe(true).streak, 1);
}

TEST(FailureRate, ElevatedAgainstTheSubjectsOwnBaseline) {
  // A flaky subject failing every 4th call: once its history shows that 25 % is its
  // normal, it is no longer an anomaly (at first the absolute rule judges it).
  FailureRate flaky;
  bool any = false;
  for (int i = 0; i < 200; ++i) {
    bool elevated = flaky.observe(i % 4 == 0).elevated;
    if (i >= 40) any = elevated || any;
  }
  EXPECT_FALSE(any);
  // A reliable subject at the same 25 % is elevated... but only with enough failures.
  FailureRate reliable;
  for (int i = 0; i < 100; ++i)
    reliable.observe(false);
  EXPECT_FALSE(reliable.observe(true).elevated);
  EXPECT_FALSE(reliable.observe(false).elevated);
  EXPECT_FALSE(reliable.observe(true).elevated);
  auto v = reliable.observe(true);
  EXPECT_TRUE(v.elevated);
  EXPECT_GT(v.score, 10);
}

TEST(FailureRate, ANewSubjectIsJudgedByTheAbsoluteRule) {
  FailureRate f;
  f.observe(true);
  f.observe(true);
  EXPECT_TRUE(f.observe(true).elevated);
}

TEST(FlapDetector, AlternatingBetweenTwoAddressesIsFlapping) {
  FlapDetector d;
  EXPECT_FALSE(d.change(0, "a").flapping);
  EXPECT_FALSE(d.change(600, "b").flapping);
  EXPECT_FALSE(d.change(1200, "a").flapping) << "one return is a blip";
  auto v = d.change(1800, "b");
  EXPECT_TRUE(v.flapping);
  EXPECT_EQ(v.returns, 2);
  EXPECT_EQ(v.addresses, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(d.judge(1800 + 3600).flapping);
  EXPECT_FALSE(d.judge(1800 + 7 * 3600).flapping) << "quiet for longer than the window";
}

TEST(FlapDetector, DailyRenumberingIsNotFlapping) {
  FlapDetector d;
  for (int i = 0; i < 50; ++i)
    EXPECT_FALSE(d.change(i * 3600.0, "addr" + std::to_string(i)).flapping);
}

TEST(FlapDetector, ReturnsAmongManyAddressesAreNotFlapping) {
  FlapDetector d({6 * 3600.0, 2, 3});
  for (const char* a : {"a", "b", "c", "d", "a", "b"})
    d.change(0, a);
  EXPECT_FALSE(d.judge(0).flapping) << "four distinct addresses";
}
