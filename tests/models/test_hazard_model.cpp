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
};

// Changes around `hour` each day (± jitter_s), seen by checks every `poll` seconds.
HazardEvidence daily_changes(int days, double hour, Seconds jitter_s, Seconds poll) {
  HazardEvidence ev{{}, k_start, k_start + days * k_day};
  Lcg rng{42};
  for (int d = 0; d < days; ++d) {
    auto t = k_start + d * k_day + static_cast<Seconds>(hour * 3600) +
             static_cast<Seconds>((rng.next() * 2 - 1) * static_cast<double>(jitter_s));
    Seconds lo = t - t % poll;
    ev.changes.push_back({lo, lo + poll});
  }
  return ev;
}

// The hour of the day (UTC) at which the fitted rate peaks, sampled each minute.
double peak_hour(const HazardModel& m, Seconds day_start) {
  double best = -1, at = 0;
  for (Seconds t = day_start; t < day_start + k_day; t += 60) {
    double r = m.rate(t, std::nullopt, k_utc);
    if (r > best) best = r, at = static_cast<double>(t - day_start) / 3600.0;
  }
  return at;
}

TEST(HazardModel, RecoversANightlyChangeWindow) {
  HazardSettings s;
  s.renewal_multiples = 0;  // the time of day alone must explain it
  auto m = HazardModel::fit(daily_changes(90, 3.25, 600, 300), s, k_utc);
  ASSERT_FALSE(m.is_flat());
  EXPECT_EQ(m.evidence_count(), 90);
  EXPECT_NEAR(peak_hour(m, k_start + 100 * k_day), 3.25, 0.5);
  // The peak stands well above the quiet afternoon.
  auto day = k_start + 100 * k_day;
  EXPECT_GT(m.rate(day + 3 * 3600 + 900, std::nullopt, k_utc),
            10 * m.rate(day + 15 * 3600, std::nullopt, k_utc));
}

TEST(HazardModel, FollowsTheLocalTimeZone) {
  // Changes at 03:00 local in a zone one hour ahead of UTC, i.e. 02:00 UTC.
  const LocalTime plus1 = [](Seconds t) { return t + 3600; };
  HazardSettings s;
  s.renewal_multiples = 0;
  auto m = HazardModel::fit(daily_changes(60, 2.0, 300, 300), s, plus1);
  double best = -1, at = 0;
  auto day = k_start + 70 * k_day;
  for (Seconds t = day; t < day + k_day; t += 60) {
    double r = m.rate(t, std::nullopt, plus1);
    if (r > best) best = r, at = static_cast<double>(t - day) / 3600.0;
  }
  EXPECT_NEAR(at, 2.0, 0.5);  // in UTC, where the evidence lies
}

TEST(HazardModel, AWindowInLocalTimeStaysThereAcrossADaylightSavingChange) {
  // UTC+1 for 45 days, then UTC+2; the line reconnects at 03:30 local every night.
  const Seconds switch_at = k_start + 45 * k_day;
  const LocalTime dst = [=](Seconds t) { return t + (t < switch_at ? 3600 : 7200); };
  HazardEvidence ev{{}, k_start, k_start + 90 * k_day};
  for (int d = 0; d < 90; ++d) {
    Seconds local_0330 = k_start + d * k_day + 3 * 3600 + 1800;
    Seconds t = local_0330 - (local_0330 - 3600 < switch_at ? 3600 : 7200);
    ev.changes.push_back({t - 300, t});
  }
  HazardSettings s;
  s.renewal_multiples = 0;
  auto m = HazardModel::fit(ev, s, dst);
  auto day = k_start + 95 * k_day;  // summer time: 03:30 local is 01:30 UTC
  double best = -1, at = 0;
  for (Seconds t = day; t < day + k_day; t += 60) {
    double r = m.rate(t, std::nullopt, dst);
    if (r > best) best = r, at = static_cast<double>(t - day) / 3600.0;
  }
  EXPECT_NEAR(at, 1.5, 0.5);
}

TEST(HazardModel, RenewalBumpLearnsATimerFromTheLastChange) {
  // A line re-dialled 24 h after each session start; sessions start at drifting times.
  HazardEvidence ev{{}, k_start, k_start + 120 * k_day};
  Seconds t = k_start + 5 * 3600;
  Lcg rng{7};
  while (t < ev.observed_to) {
    ev.changes.push_back({t - 300, t});
    t += 24 * 3600 + static_cast<Seconds>(rng.next() * 120) +
         (rng.next() < 0.1 ? static_cast<Seconds>(rng.next() * 40000) : 0);
  }
  HazardSettings s;
  auto m = HazardModel::fit(ev, s, k_utc);
  ASSERT_FALSE(m.is_flat());
  Seconds last = ev.changes.back().hi;
  EXPECT_GT(m.rate(last + 24 * 3600, last, k_utc), 20 * m.rate(last + 12 * 3600, last, k_utc));
}

TEST(HazardModel, AnOutageMovesTheTimerAndTheForecastFollowsAtOnce) {
  // Re-dialled 24 h after each session start at 05:00 for 90 days; then a power cut
  // starts a session at 17:00. The next change is due at 17:00, not at 05:00.
  HazardEvidence ev{{}, k_start, k_start + 91 * k_day};
  for (int d = 0; d < 90; ++d) {
    Seconds t = k_start + d * k_day + 5 * 3600 + (d % 7) * 5;
    ev.changes.push_back({t - 60, t});
  }
  Seconds cut = k_start + 90 * k_day + 17 * 3600;
  ev.changes.push_back({cut - 60, cut});
  ev.observed_to = cut + 600;
  auto m = HazardModel::fit(ev, HazardSettings{}, k_utc);
  ASSERT_FALSE(m.is_flat());
  double due = m.rate(cut + 24 * 3600, cut, k_utc);
  double old_time = m.rate(cut + 12 * 3600, cut, k_utc);  // 05:00, when it used to change
  EXPECT_GT(due, 5 * old_time);
  EXPECT_GT(due, 50 * m.rate(cut + 20 * 3600, cut, k_utc));  // a quiet evening hour
}

TEST(HazardModel, UniformChangesGiveAFlatProfile) {
  HazardEvidence ev{{}, k_start, k_start + 300 * k_day};
  Lcg rng{99};
  for (int i = 0; i < 150; ++i) {
    auto t = k_start + static_cast<Seconds>(rng.next() * 300 * k_day);
    ev.changes.push_back({t - 300, t});
  }
  auto m = HazardModel::fit(ev, HazardSettings{}, k_utc);
  EXPECT_TRUE(m.is_flat()) << "gain " << m.structure_gain();
  double lo = 1e9, hi = 0;
  for (Seconds t = 0; t < 7 * k_day; t += 1800) {
    double r = m.rate(k_start + 301 * k_day + t, std::nullopt, k_utc);
    lo = std::min(lo, r);
    hi = std::max(hi, r);
  }
  EXPECT_LT(hi / lo, 3.0);
  EXPECT_NEAR(m.rate(k_start + 301 * k_day, std::nullopt, k_utc) * k_day, 0.5, 0.3);
}

TEST(HazardModel, DegenerateHistoriesStayFinite) {
  struct Case {
    const char* what;
    HazardEvidence ev;
    bool flat;
  };
  HazardEvidence same_bin{{}, k_start, k_start + 30 * k_day};
  for (int i = 0; i < 10; ++i)
    same_bin.changes.push_back({k_start + 1000, k_start + 1100});
  const Case cases[] = {
      {"no history at all", {{}, 0, 0}, true},
      {"no changes", {{}, k_start, k_start + 10 * k_day}, true},
      {"one change", {{{k_start + 100, k_start + 400}}, k_start, k_start + 10 * k_day}, true},
      {"all changes in one bin", same_bin, false},
      {"clock went backwards",
       {{{k_start + 500, k_start + 100}, {k_start + 900, k_start + 800}},
        k_start + 10 * k_day,
        k_start},
       true},
      {"reversed intervals",
       {{{k_start + 500, k_start + 100}, {k_start + 9000, k_start + 8000}},
        k_start,
        k_start + 3 * k_day},
       true},  // two changes: too few for a profile
      {"changes outside the window",
       {{{k_start - 900, k_start - 800}}, k_start, k_start + k_day},
       true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto m = HazardModel::fit(c.ev, HazardSettings{}, k_utc);
    EXPECT_EQ(m.is_flat(), c.flat);
    auto f = m.forecast(k_start + 40 * k_day, 288, 300, std::nullopt, k_utc);
    EXPECT_TRUE(f.allFinite());
    EXPECT_GT(f.minCoeff(), 0.0);
    EXPECT_LT(f.sum(), 1e4);
  }
}

TEST(HazardModel, ColdStartIsFlatAndPositive) {
  auto m = HazardModel::flat(0.5, HazardSettings{});
  EXPECT_TRUE(m.is_flat());
  EXPECT_DOUBLE_EQ(m.rate(0, std::nullopt, k_utc) * k_day, 0.5);
  EXPECT_GT(HazardModel::flat(std::nan(""), HazardSettings{}).rate(0, std::nullopt, k_utc), 0.0);
}

}  // namespace
}  // namespace ddnsguard::models
