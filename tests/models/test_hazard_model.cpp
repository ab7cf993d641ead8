#include "models/hazard_model.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

namespace ddnsguard::models {
namespace {

constexpr Seconds k_day = 86400;
constexpr Seconds k_start = 1767225600;  // 2026-01-01T00:00:00Z
const LocalTime k_utc = [](Seconds t) { return t; };

// A deterministic uniform draw in [0, 1).
struct Lcg {
  std::uint64_t s;
  double next() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 11) / 9007199254740992.0;
  }
  double symmetric(double half) { return (next() * 2 - 1) * half; }
};

// A change at `t` seen by a check `seen_after` later, the last old check `poll` before that.
CensoredChange seen(Seconds t, Seconds poll, Seconds seen_after = 0) {
  return {t + seen_after - poll, t + seen_after};
}

// Changes around `hour` each day (± jitter_s), seen by checks every `poll` seconds.
HazardEvidence daily_changes(int days, double hour, double jitter_s, Seconds poll,
                             std::uint64_t seed = 42) {
  HazardEvidence ev{{}, k_start, k_start + days * k_day};
  Lcg rng{seed};
  for (int d = 0; d < days; ++d) {
    auto t = k_start + d * k_day + static_cast<Seconds>(hour * 3600 + rng.symmetric(jitter_s));
    ev.changes.push_back({t - t % poll, t - t % poll + poll});
  }
  return ev;
}

// A timer restarted at each change: period ± jitter_s, seen within `poll`.
HazardEvidence timer_changes(int days, Seconds period, double jitter_s, Seconds poll,
                             std::uint64_t seed) {
  HazardEvidence ev{{}, k_start, k_start + days * k_day};
  Lcg rng{seed};
  Seconds t = k_start + 5 * 3600;
  while (t < ev.observed_to) {
    ev.changes.push_back(
        seen(t, poll, static_cast<Seconds>(rng.next() * static_cast<double>(poll))));
    t = ev.changes.back().hi + period + static_cast<Seconds>(rng.symmetric(jitter_s));
  }
  return ev;
}

// Where over [from, to) the rate peaks, sampled each minute, given the last change.
Seconds peak(const HazardModel& m, Seconds from, Seconds to, std::optional<Seconds> last) {
  double best = -1;
  Seconds at = from;
  for (Seconds t = from; t < to; t += 60) {
    double r = m.rate(t, last);
    if (r > best) best = r, at = t;
  }
  return at;
}

TEST(HazardModel, RecoversANightlyChangeWindow) {
  auto ev = daily_changes(90, 3.25, 600, 300);
  auto m = HazardModel::fit(ev, HazardSettings{}, k_utc);
  ASSERT_FALSE(m.is_flat()) << m.describe(4);
  EXPECT_EQ(m.evidence_count(), 90);
  auto day = k_start + 90 * k_day;
  Seconds last = ev.changes.back().hi;
  EXPECT_NEAR(static_cast<double>(peak(m, day, day + k_day, last) - day) / 3600.0, 3.25, 0.5);
  EXPECT_GT(m.rate(day + 3 * 3600 + 900, last), 10 * m.rate(day + 15 * 3600, last));
}

TEST(HazardModel, ASharpClockMinuteGivesASharpPeakWithinFiveMinutes) {
  // 01:20 ± 2 min every night, seen by checks every 30 s around it.
  auto ev = daily_changes(60, 1 + 20.0 / 60, 120, 30);
  auto m = HazardModel::fit(ev, HazardSettings{}, k_utc);
  auto day = k_start + 60 * k_day;
  Seconds last = ev.changes.back().hi;
  auto at = peak(m, day, day + k_day, last);
  EXPECT_NEAR(static_cast<double>(at - day) / 60.0, 80.0, 5.0);
  // Sharp: half an hour either side is a small fraction of the peak.
  EXPECT_GT(m.rate(at, last), 8 * m.rate(at - 1800, last));
  EXPECT_GT(m.rate(at, last), 8 * m.rate(at + 1800, last));
}

TEST(HazardModel, LearnsATwentyTwoHourTimerWithinTenMinutes) {
  // A period that is no divisor of a day: only the time since the last change explains it.
  auto ev = timer_changes(90, 22 * 3600, 60, 300, 7);
  auto m = HazardModel::fit(ev, HazardSettings{}, k_utc);
  ASSERT_FALSE(m.is_flat()) << m.describe(4);
  Seconds last = ev.changes.back().hi;
  auto at = peak(m, last + 12 * 3600, last + 40 * 3600, last);
  EXPECT_NEAR(static_cast<double>(at - last) / 60.0, 22 * 60.0, 10.0);
  EXPECT_GT(m.rate(at, last), 20 * m.rate(last + 12 * 3600, last));
}

TEST(HazardModel, LearnsASeventyTwoHourWindowWithinTenMinutes) {
  // Re-dialled 72 h ± 90 min after each session start: the window's centre is learnt, as
  // the mean of the next change's time (density = rate × chance of no change before).
  auto ev = timer_changes(240, 72 * 3600, 90 * 60, 300, 11);
  auto m = HazardModel::fit(ev, HazardSettings{}, k_utc);
  Seconds last = ev.changes.back().hi;
  double cumulative = 0, mass = 0, centre = 0;
  for (Seconds t = last; t < last + 80 * 3600; t += 60) {
    double density = m.rate(t, last) * std::exp(-cumulative);
    cumulative += m.rate(t, last) * 60;
    if (t < last + 60 * 3600) continue;
    mass += density;
    centre += density * static_cast<double>(t - last);
  }
  EXPECT_GT(mass * 60, 0.8);  // most of the next change falls in the window
  EXPECT_NEAR(centre / mass / 60.0, 72 * 60.0, 10.0);
  EXPECT_GT(m.rate(last + 72 * 3600, last), 10 * m.rate(last + 40 * 3600, last));
}

TEST(HazardModel, FollowsAMovedScheduleWithinFiveChanges) {
  // 60 nights at 03:00, then the ISP moves the window to 05:00: after five changes there
  // the forecast expects 05:00, not 03:00.
  auto ev = daily_changes(60, 3.0, 300, 300);
  for (int d = 60; d < 65; ++d) {
    Seconds t = k_start + d * k_day + 5 * 3600;
    ev.changes.push_back({t - 300, t});
  }
  ev.observed_to = k_start + 65 * k_day + 600;
  auto m = HazardModel::fit(ev, HazardSettings{}, k_utc);
  Seconds last = ev.changes.back().hi;
  auto next_day = k_start + 65 * k_day;
  EXPECT_GT(m.rate(next_day + 5 * 3600, last), 3 * m.rate(next_day + 3 * 3600, last))
      << m.describe(4);
}

TEST(HazardModel, AnOutageMovesTheTimerAndTheForecastFollowsAtOnce) {
  // Re-dialled 24 h after each session start at 05:00 for 90 days; then a power cut
  // starts a session at 17:00. The next change is due at 17:00 more than at 05:00.
  HazardEvidence ev{{}, k_start, k_start + 91 * k_day};
  Lcg rng{3};
  for (int d = 0; d < 90; ++d) {
    Seconds t = k_start + d * k_day + 5 * 3600 + (d % 7) * 5;
    ev.changes.push_back({t - 60, t});
    if (rng.next() < 0.15) {  // outages now and then: the timer restarts from them
      Seconds cut = k_start + d * k_day + 14 * 3600 + static_cast<Seconds>(rng.next() * 3600);
      ev.changes.push_back({cut - 60, cut});
      d += 1;  // the next re-dial comes 24 h after the cut: skip it
      Seconds redial = cut + k_day;
      ev.changes.push_back({redial - 60, redial});
    }
  }
  Seconds cut = k_start + 95 * k_day + 17 * 3600;
  ev.changes.push_back({cut - 60, cut});
  ev.observed_to = cut + 600;
  auto m = HazardModel::fit(ev, HazardSettings{}, k_utc);
  double due = m.rate(cut + 24 * 3600, cut);
  EXPECT_GT(due, 2 * m.rate(cut + 12 * 3600, cut)) << m.describe(4);  // 05:00
  EXPECT_GT(due, 20 * m.rate(cut + 20 * 3600, cut));                  // a quiet evening hour
}

TEST(HazardModel, FollowsTheLocalTimeZoneAcrossADaylightSavingChange) {
  // UTC+1 for 45 days, then UTC+2; the line reconnects at 03:30 local every night.
  const Seconds switch_at = k_start + 45 * k_day;
  const LocalTime dst = [=](Seconds t) { return t + (t < switch_at ? 3600 : 7200); };
  HazardEvidence ev{{}, k_start, k_start + 90 * k_day};
  for (int d = 0; d < 90; ++d) {
    Seconds local_0330 = k_start + d * k_day + 3 * 3600 + 1800;
    Seconds t = local_0330 - (local_0330 - 3600 < switch_at ? 3600 : 7200);
    ev.changes.push_back({t - 300, t});
  }
  auto m = HazardModel::fit(ev, HazardSettings{}, dst);
  auto day = k_start + 95 * k_day;  // summer time: 03:30 local is 01:30 UTC
  EXPECT_NEAR(static_cast<double>(peak(m, day, day + k_day, std::nullopt) - day) / 3600.0, 1.5,
              0.25);
}

TEST(HazardModel, TheForecastRestartsTheTimerAtTheExpectedChange) {
  // A 24 h timer, asked 12 h into a session for two days ahead: a peak at +12 h and, since
  // the change there restarts the timer, another at +36 h, each holding most of a change.
  auto ev = timer_changes(60, 24 * 3600, 60, 60, 5);
  auto m = HazardModel::fit(ev, HazardSettings{}, k_utc);
  Seconds last = ev.changes.back().hi;
  auto f = m.forecast(last + 12 * 3600, 576, 300, last);
  double first = f.segment(144 - 12, 24).sum(), second = f.segment(432 - 12, 24).sum();
  EXPECT_GT(first, 0.7);
  EXPECT_GT(second, 0.35);
  EXPECT_LT(f.segment(200, 150).sum(), 0.2);  // the quiet day between
}

TEST(HazardModel, LearningInStepsMatchesLearningAtOnce) {
  auto ev = timer_changes(60, 24 * 3600, 600, 300, 9);
  auto whole = HazardModel::fit(ev, HazardSettings{}, k_utc);
  HazardModel steps(HazardSettings{}, k_utc, ev.observed_from);
  for (const auto& c : ev.changes)
    steps.update({c}, c.hi + 3600);  // as a daemon would: each change when seen
  steps.update({}, ev.observed_to);
  EXPECT_EQ(steps.evidence_count(), whole.evidence_count());
  Seconds last = ev.changes.back().hi;
  for (Seconds t = last; t < last + 2 * k_day; t += 1800)
    EXPECT_NEAR(steps.rate(t, last) / whole.rate(t, last), 1.0, 0.25) << t - last;
}

TEST(HazardModel, UniformChangesGiveANearlyFlatRate) {
  HazardEvidence ev{{}, k_start, k_start + 300 * k_day};
  Lcg rng{99};
  for (int i = 0; i < 150; ++i) {
    auto t = k_start + static_cast<Seconds>(rng.next() * 300 * k_day);
    ev.changes.push_back({t - 300, t});
  }
  auto m = HazardModel::fit(ev, HazardSettings{}, k_utc);
  double lo = 1e9, hi = 0;
  Seconds last = ev.changes.back().hi;
  for (Seconds t = 0; t < 7 * k_day; t += 1800) {
    double r = m.rate(k_start + 301 * k_day + t, last);
    lo = std::min(lo, r);
    hi = std::max(hi, r);
  }
  EXPECT_LT(hi / lo, 3.0) << m.describe(4);
  EXPECT_NEAR(m.rate(k_start + 301 * k_day, last) * k_day, 0.5, 0.3);
}

TEST(HazardModel, DegenerateHistoriesStayFinite) {
  struct Case {
    const char* what;
    HazardEvidence ev;
  };
  HazardEvidence same_bin{{}, k_start, k_start + 30 * k_day};
  for (int i = 0; i < 10; ++i)
    same_bin.changes.push_back({k_start + 1000, k_start + 1100});
  const Case cases[] = {
      {"no history at all", {{}, 0, 0}},
      {"no changes", {{}, k_start, k_start + 10 * k_day}},
      {"one change", {{{k_start + 100, k_start + 400}}, k_start, k_start + 10 * k_day}},
      {"all changes in one bin", same_bin},
      {"clock went backwards",
       {{{k_start + 500, k_start + 100}, {k_start + 900, k_start + 800}},
        k_start + 10 * k_day,
        k_start}},
      {"reversed intervals",
       {{{k_start + 500, k_start + 100}, {k_start + 9000, k_start + 8000}},
        k_start,
        k_start + 3 * k_day}},
      {"changes outside the window", {{{k_start - 900, k_start - 800}}, k_start, k_start + k_day}},
      {"instants",
       {{{k_start + 500, k_start + 500},
         {k_start + 900, k_start + 900},
         {k_start + 950, k_start + 950}},
        k_start,
        k_start + k_day}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto m = HazardModel::fit(c.ev, HazardSettings{}, k_utc);
    auto f = m.forecast(k_start + 40 * k_day, 288, 300, std::nullopt);
    EXPECT_TRUE(f.allFinite());
    EXPECT_GT(f.minCoeff(), 0.0);
    EXPECT_LT(f.sum(), 1e4);
    EXPECT_FALSE(m.describe().empty());
  }
}

TEST(HazardModel, ColdStartIsFlatAndPositive) {
  auto m = HazardModel::flat(0.5, HazardSettings{});
  EXPECT_TRUE(m.is_flat());
  EXPECT_DOUBLE_EQ(m.rate(0, std::nullopt) * k_day, 0.5);
  EXPECT_GT(HazardModel::flat(std::nan(""), HazardSettings{}).rate(0, std::nullopt), 0.0);
}

}  // namespace
}  // namespace ddnsguard::models
