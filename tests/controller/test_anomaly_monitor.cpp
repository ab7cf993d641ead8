// AnomalyMonitor's findings about address changes: a flapping prefix is called a prefix.

#include "controller/loop/anomaly_monitor.hpp"

#include <vector>

#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

namespace ddnsguard::controller {
namespace {

TEST(AnomalyMonitorEvents, AFlappingPrefixIsCalledAPrefix) {
  auto store = HistoryStore::in_memory(nullptr);
  auto log = std::make_shared<spdlog::logger>("t", std::make_shared<spdlog::sinks::null_sink_mt>());
  AnomalyMonitor monitor(*store, log);
  std::string summary;
  monitor.set_sink([&](const nlohmann::json& e) {
    if (e.value("event", "") == "anomaly_opened") summary = e.value("summary", "");
  });
  TimePoint now{std::chrono::seconds{1767225600}};
  for (const char* p :
       {"2001:db8:41::", "2001:db8:42::", "2001:db8:41::", "2001:db8:42::", "2001:db8:41::"}) {
    monitor.address_changed(providers::Family::ipv6, p, now, true);
    now += std::chrono::minutes{10};
  }
  EXPECT_NE(summary.find("the ipv6 prefix alternates among"), std::string::npos) << summary;
}

}  // namespace
}  // namespace ddnsguard::controller
