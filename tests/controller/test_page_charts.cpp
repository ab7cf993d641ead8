// The status page's charts from fixed data: golden SVGs (UPDATE_GOLDEN=1 rewrites them),
// one mark per change, update, failover and anomaly, and escaped outside text.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "controller/page/charts.hpp"
#include "controller/page/sim_page.hpp"
#include "controller/page/svg.hpp"

namespace ddnsguard::controller {
namespace {

using namespace std::chrono_literals;

const TimePoint k_start{std::chrono::seconds{1764547200}};  // 2025-12-01T00:00:00Z

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

void expect_golden(const std::string& name, const std::string& svg) {
  auto path = std::string(DDNSGUARD_SOURCE_DIR) + "/tests/controller/golden/" + name;
  if (std::getenv("UPDATE_GOLDEN") != nullptr) std::ofstream(path, std::ios::binary) << svg;
  std::ifstream in(path, std::ios::binary);
  std::stringstream golden;
  golden << in.rdbuf();
  EXPECT_EQ(svg, golden.str()) << name << " differs from its golden file (UPDATE_GOLDEN=1)";
}

TimelineData small_timeline() {
  TimelineData t{k_start, k_start + 24h * 10, {}, {}, {}, {}};
  for (int d = 0; d < 10; ++d)
    t.changes.push_back({k_start + 24h * d + 3h, d % 3 == 2 ? "ipv6" : "ipv4", "203.0.113.1"});
  t.updates = {{k_start + 3h, true, "cf home/A: ok"}, {k_start + 50h, false, "cf home/A: auth"}};
  t.anomalies = {{k_start + 50h, k_start + 70h, false, "critical", "auth_failure <provider:cf>"},
                 {k_start + 230h, k_start + 240h, true, "warning", "provider_latency x"}};
  t.failovers = {{k_start + 51h, "home/A: pdns"}};
  return t;
}

TEST(PageCharts, TheTimelineHasAMarkForEverything) {
  auto svg = timeline_svg(small_timeline());
  EXPECT_EQ(count(svg, "<circle class=\"change\""), 10u);
  EXPECT_EQ(count(svg, "class=\"update ok\""), 1u);
  EXPECT_EQ(count(svg, "class=\"update failed\""), 1u);
  EXPECT_EQ(count(svg, "class=\"failover\""), 1u);
  EXPECT_EQ(count(svg, "<rect class=\"anomaly"), 2u);
  EXPECT_NE(svg.find("auth_failure &lt;provider:cf&gt;"), std::string::npos) << "escaped";
  EXPECT_EQ(svg.find("<provider"), std::string::npos);
  expect_golden("timeline.svg", svg);
}

TEST(PageCharts, TheHeatMapShadesEachHourByItsShare) {
  HeatmapData h;
  h.changes[3] = 4;   // Monday 03:00
  h.changes[27] = 2;  // Tuesday 03:00
  for (int i = 0; i < k_hours_per_week; ++i) {
    h.learnt[i] = i % 24 == 3 ? 0.5 : 0.01;
    h.checks[i] = i % 24 == 3 ? 6 : 1;
  }
  auto svg = heatmap_svg(h);
  EXPECT_EQ(count(svg, "<rect class=\"cell seen\""), 168u);
  EXPECT_EQ(count(svg, "<rect class=\"cell seen\" x=\"63\" y=\"18\" width=\"10\" height=\"10\" "
                       "fill-opacity=\"1\">"),
            1u)
      << "Monday 03:00 is the darkest";
  EXPECT_EQ(count(svg, "fill-opacity=\"0\"><title>"), 166u + 0u) << "only two hours saw changes";
  expect_golden("heatmap.svg", svg);
}

TEST(PageCharts, LatencyShowsTheBandAndTheFailures) {
  LatencyData d{k_start, k_start + 24h, {}};
  LatencySeries s{"cf", {}, {k_start + 5h, k_start + 6h}};
  for (int i = 1; i <= 24; ++i)
    s.bins.push_back({k_start + 1h * i, 100.0 + (i == 12 ? 900 : 0), 95, 130});
  d.providers.push_back(s);
  auto svg = latency_svg(d);
  EXPECT_EQ(count(svg, "class=\"call-failed\""), 2u);
  EXPECT_EQ(count(svg, "<polygon class=\"band\""), 1u);
  EXPECT_NE(svg.find(">1000 ms<"), std::string::npos) << "the scale covers the slow spell";
  expect_golden("latency.svg", svg);
  EXPECT_NE(latency_svg({k_start, k_start + 1h, {}}).find("no provider calls"), std::string::npos);
}

TEST(PageCharts, TheSimulationShowsChecksChangesAndDelays) {
  SimPicture p;
  p.days = 4;
  for (int i = 0; i < 4 * 48; ++i)
    p.checks.push_back({i * 1800.0, i % 40 == 0});
  p.changes = {{86400 + 3600, 30.0}, {2 * 86400 + 3600, 600.0}, {3 * 86400, std::nullopt}};
  auto svg = simulation_timeline_svg(p);
  EXPECT_EQ(count(svg, "<circle class=\"truth\""), 2u);
  EXPECT_EQ(count(svg, "<circle class=\"truth missed\""), 1u);
  EXPECT_EQ(count(svg, "<rect class=\"delay\""), 2u);
  EXPECT_GT(count(svg, "<rect class=\"bar event\""), 0u);
  expect_golden("simulation.svg", svg);
}

TEST(PageCharts, OutsideTextIsEscaped) {
  EXPECT_EQ(xml_escape("<a href=\"x\">'&'</a>\x01"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;?");
  EXPECT_EQ(num(12.0), "12");
  EXPECT_EQ(num(12.345), "12.3");
  EXPECT_EQ(num(std::nan("")), "0");
}

}  // namespace
}  // namespace ddnsguard::controller
