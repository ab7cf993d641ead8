// What the status page draws, gathered from a month of history: changes by local hour of
// the week, the learnt rate peaking where they happen, checks, the timeline, latency.

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "controller/page/page_data.hpp"
#include "controller/page/status_page.hpp"
#include "tests/support/seeded_history.hpp"

namespace ddnsguard::controller {
namespace {

using namespace std::chrono_literals;

const TimePoint k_now{std::chrono::seconds{1764547200 + 12 * 3600}};  // 2025-12-01T12:00Z

models::Seconds plus_one_hour(models::Seconds utc) {
  return utc + 3600;
}

class PageData : public ::testing::Test {
 protected:
  void SetUp() override { m_seeded = testing::seed_month(*m_store, k_now); }
  std::unique_ptr<HistoryStore> m_store = HistoryStore::in_memory(nullptr);
  testing::SeededHistory m_seeded;
};

TEST(HourOfWeek, MondayMidnightIsZeroInTheLocalZone) {
  models::Seconds monday = 1764547200;  // 2025-12-01T00:00:00Z was a Monday
  EXPECT_EQ(hour_of_week(monday, nullptr), 0);
  EXPECT_EQ(hour_of_week(monday + 3 * 3600 + 600, nullptr), 3);
  EXPECT_EQ(hour_of_week(monday - 1, nullptr), 167);
  EXPECT_EQ(hour_of_week(monday + 3 * 3600, plus_one_hour), 4);
}

TEST_F(PageData, ChangesLandInTheirLocalHourAndTheModelLearnsIt) {
  auto d = collect_page_data(*m_store, k_now - 24h * 30, k_now, plus_one_hour);
  const auto& seen = d.heatmap.changes;
  EXPECT_EQ(std::accumulate(seen.begin(), seen.end(), 0.0), m_seeded.changes);
  for (int h = 0; h < k_hours_per_week; ++h)
    EXPECT_EQ(seen[h] > 0, h % 24 == 4) << h << ": 03:10 UTC is 04:10 local";
  const auto& learnt = d.heatmap.learnt;
  auto peak = std::max_element(learnt.begin(), learnt.end()) - learnt.begin();
  EXPECT_EQ(peak % 24, 4) << "the learnt rate peaks at the changes' hour";
  for (int h = 0; h < k_hours_per_week; ++h)
    EXPECT_NEAR(d.heatmap.checks[h], 2.0, 0.5) << h << ": a check every 30 min";
}

TEST_F(PageData, ANetworkEventIsNotCountedAsACheck) {
  auto before = collect_heatmap(*m_store, k_now - 24h * 30, k_now, nullptr);
  for (int i = 0; i < 20; ++i) {
    auto at = k_now - 24h * 2 + std::chrono::minutes{i};
    m_store->add_decision(Decision::network_event(at, at + 10s, "event: network change"));
  }
  auto after = collect_heatmap(*m_store, k_now - 24h * 30, k_now, nullptr);
  EXPECT_EQ(after.checks, before.checks);
  auto row = Decision::network_event(k_now, k_now + 10s, "event: network change");
  EXPECT_EQ(row.kind, DecisionKind::poll);
  EXPECT_EQ(row.subject, "network");
  EXPECT_TRUE(row.event) << "not charged to the budget";
}

TEST_F(PageData, TheTimelineHoldsEveryChangeUpdateSwitchAndAnomaly) {
  auto d = collect_page_data(*m_store, k_now - 24h * 31, k_now, nullptr);
  EXPECT_EQ(static_cast<int>(d.timeline.changes.size()), m_seeded.changes);
  EXPECT_EQ(static_cast<int>(d.timeline.updates.size()), 30 + m_seeded.failed_calls)
      << "30 changes published, and every failed call";
  EXPECT_EQ(d.timeline.failovers.size(), 1u);
  ASSERT_EQ(d.timeline.anomalies.size(), 2u);
  EXPECT_TRUE(d.timeline.anomalies[1].open);
  EXPECT_EQ(d.timeline.anomalies[1].to, k_now) << "an open anomaly reaches now";
}

TEST_F(PageData, LatencyHasABandPerProviderAndEveryFailure) {
  auto d = collect_page_data(*m_store, k_now - 24h * 31, k_now, nullptr);
  ASSERT_EQ(d.latency.providers.size(), 2u);
  std::size_t failures = 0;
  for (const auto& p : d.latency.providers) {
    failures += p.failures.size();
    ASSERT_FALSE(p.bins.empty());
    for (const auto& b : p.bins)
      EXPECT_LE(b.band_lo, b.band_hi);
  }
  EXPECT_EQ(static_cast<int>(failures), m_seeded.failed_calls);
}

TEST_F(PageData, ThePageCarriesItsPolicyAndEscapesOutsideText) {
  auto d = collect_page_data(*m_store, k_now - 24h * 30, k_now, nullptr);
  nlohmann::json status = {
      {"records",
       {{{"name", "home.example.net"},
         {"type", "A"},
         {"desired", "203.0.113.39"},
         {"published", {{"cf", "203.0.113.39"}}},
         {"verified_at", nullptr},
         {"in_sync", true}}}},
      {"daemon", {{"stale", false}, {"last_pass_at", "2025-12-01T11:59:00Z"}}}};
  nlohmann::json open = {{{"kind", "provider_latency"},
                          {"subject", "provider:pdns"},
                          {"severity", "warning"},
                          {"summary", "<script>alert(1)</script>"},
                          {"evidence", {{"x", "</pre><img src=x>"}}}}};
  auto html = render_status_page(status, open, d, {"nas", "2025-12-01T12:00:00Z", "30d", true});
  EXPECT_NE(html.find(k_page_csp), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos) << "nothing to load";
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_NE(html.find("203.0.113.39"), std::string::npos);
  EXPECT_NE(html.find("active: pdns"), std::string::npos) << "the failover took it";
}

}  // namespace
}  // namespace ddnsguard::controller
