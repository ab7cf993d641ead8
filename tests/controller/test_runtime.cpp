// build_runtime and build_connections: the configuration is plain settings, and everything
// live (HTTP client, sources, providers, reconciler) is built from it in one place with what
// the caller gives (cancellation, metrics, progress), never attached afterwards.

#include "controller/app/runtime.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tests/controller/config_test_support.hpp"
#include "tests/controller/runtime_test_support.hpp"
#include "tests/support/fake_http.hpp"
#include "tests/support/offline_config.hpp"
#include "tests/support/process.hpp"

namespace ddnsguard::controller {
namespace {

using namespace std::chrono_literals;
using runtime_testing::CountingMetrics;
using runtime_testing::parsed;

TEST(BuildConnections, BuildsEverySourceAndProviderTheSettingsName) {
  auto doc = testing::offline_config();
  doc["sources"]["ipv4"].push_back({{"type", "http"}, {"url", "http://127.0.0.1:9/ip"}});
  auto config = parsed(doc);
  ASSERT_EQ(config.sources.ipv4.size(), 2u);
  auto live = build_connections(config, {});
  ASSERT_NE(live.http, nullptr);
  ASSERT_EQ(live.ipv4.size(), 2u);
  EXPECT_TRUE(live.ipv6.empty());
  for (std::size_t i = 0; i < live.ipv4.size(); ++i)
    EXPECT_EQ(live.ipv4[i]->describe(), config.sources.ipv4[i].description);
  ASSERT_TRUE(live.providers.contains("dyn"));
  EXPECT_EQ(live.provider("dyn").type(), "dyndns2");
  // The settings stay settings: a second build makes parts of its own.
  auto again = build_connections(config, {});
  EXPECT_NE(&again.provider("dyn"), &live.provider("dyn"));
  EXPECT_NE(again.ipv4[0], live.ipv4[0]);
  EXPECT_NE(again.http, live.http);
}

TEST(BuildConnections, TheCancelFlagReachesTheSourcesHttpClient) {
  std::atomic<bool> release{false};  // first: outlives the server's threads that read it
  testing::FakeHttp server;
  server.server().Get("/ip", [&](const httplib::Request&, httplib::Response& res) {
    while (!release.load())  // holds the request until the test is done with it
      std::this_thread::sleep_for(10ms);
    res.set_content("203.0.113.9", "text/plain");
  });
  server.start();
  auto doc = testing::offline_config();
  doc["sources"]["ipv4"] = {{{"type", "http"}, {"url", server.url("/ip")}}};
  auto config = parsed(doc);
  std::atomic<bool> cancel{true};  // shutting down: no transfer may run to its end
  auto live = build_connections(config, {.cancel = &cancel});
  auto got = live.ipv4.at(0)->fetch(providers::Family::ipv4, 10s);
  release = true;
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().message.find("cancelled"), std::string::npos) << got.error().message;
}

TEST(BuildConnections, TheCancelFlagReachesCommandSources) {
  auto doc = testing::offline_config();
  doc["sources"]["ipv4"] = {{{"type", "command"}, {"argv", {"/bin/sh", "-c", "sleep 30 & wait"}}}};
  auto config = parsed(doc);
  std::atomic<bool> cancel{true};
  auto live = build_connections(config, {.cancel = &cancel});
  auto got = live.ipv4.at(0)->fetch(providers::Family::ipv4, 20s);
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().message.find("cancelled"), std::string::npos) << got.error().message;
}

TEST(BuildRuntime, EveryPassReportsToTheMetricsAndProgressItWasBuiltWith) {
  testing::TempDir dir;
  auto config = parsed(testing::offline_config());
  config.state_dir = dir.path();
  providers::ManualClock clock{TimePoint{std::chrono::seconds{1767225600}}};
  CountingMetrics metrics;
  std::atomic<int> steps{0};
  auto rt = build_runtime(std::move(config),
                          {.clock = clock, .metrics = &metrics, .progress = [&] { ++steps; }});
  ASSERT_NE(rt->reconciler, nullptr);
  ASSERT_NE(rt->scheduler, nullptr);
  EXPECT_EQ(rt->connections.ipv4.size(), 1u);
  auto report = rt->reconciler->reconcile_once(DryRun::no);
  ASSERT_EQ(report.records.size(), 1u);
  EXPECT_EQ(report.records[0].desired, "203.0.113.4");  // from the command source
  EXPECT_FALSE(report.records[0].in_sync);              // the provider's port is closed
  EXPECT_GT(steps.load(), 0);
  EXPECT_EQ(metrics.changes, 1);  // the first address seen
  ASSERT_FALSE(metrics.calls.empty());
  EXPECT_EQ(metrics.calls.front(), "dyn update transient");
}

}  // namespace
}  // namespace ddnsguard::controller
