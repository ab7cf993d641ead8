// AnomalyMonitor's ip_change event: what notifications are built from.

#include "controller/loop/anomaly_monitor.hpp"

#include <vector>

#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

namespace ddnsguard::controller {
namespace {

TEST(AnomalyMonitorEvents, AnIpChangeSaysWhetherItIsAPrefix) {
  auto store = HistoryStore::in_memory(nullptr);
  auto log = std::make_shared<spdlog::logger>("t", std::make_shared<spdlog::sinks::null_sink_mt>());
  AnomalyMonitor monitor(*store, log);
  std::vector<nlohmann::json> events;
  monitor.set_sink([&](const nlohmann::json& e) { events.push_back(e); });
  const TimePoint now{std::chrono::seconds{1767225600}};
  monitor.address_changed(providers::Family::ipv6, "2001:db8:42::", "2001:db8:41::", now, true);
  monitor.address_changed(providers::Family::ipv4, "203.0.113.8", "203.0.113.7", now);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["event"], "ip_change");
  EXPECT_EQ(events[0]["family"], "ipv6");
  EXPECT_EQ(events[0]["address"], "2001:db8:42::");
  EXPECT_EQ(events[0]["old"], "2001:db8:41::");
  EXPECT_EQ(events[0]["prefix"], true);
  EXPECT_FALSE(events[1].contains("prefix"));
}

TEST(AnomalyMonitorEvents, AFlappingPrefixIsCalledAPrefix) {
  auto store = HistoryStore::in_memory(nullptr);
  auto log = std::make_shared<spdlog::logger>("t", std::make_shared<spdlog::sinks::null_sink_mt>());
  AnomalyMonitor monitor(*store, log);
  std::string summary;
  monitor.set_sink([&](const nlohmann::json& e) {
    if (e.value("event", "") == "anomaly_opened") summary = e.value("summary", "");
  });
  TimePoint now{std::chrono::seconds{1767225600}};
  std::string old;
  for (const char* p :
       {"2001:db8:41::", "2001:db8:42::", "2001:db8:41::", "2001:db8:42::", "2001:db8:41::"}) {
    monitor.address_changed(providers::Family::ipv6, p, old, now, true);
    old = p;
    now += std::chrono::minutes{10};
  }
  EXPECT_NE(summary.find("the ipv6 prefix alternates among"), std::string::npos) << summary;
}

}  // namespace
}  // namespace ddnsguard::controller
