// Controller::step, the one pass driver of the daemon and the simulator: a pass, its plan
// and its metrics; network changes bring the check forward, never closer to the last pass
// than min_interval (10 s in fixed mode). Virtual time; the sources are local commands.

#include "controller/app/controller.hpp"

#include <gtest/gtest.h>

#include "tests/controller/runtime_test_support.hpp"
#include "tests/support/fake_http.hpp"
#include "tests/support/offline_config.hpp"
#include "tests/support/process.hpp"

namespace ddnsguard::controller {
namespace {

using namespace std::chrono_literals;
using runtime_testing::CountingMetrics;

class ControllerTest : public ::testing::Test {
 protected:
  void start(const nlohmann::json& polling = nlohmann::json::object()) {
    m_dyndns.server().Get("/nic/update", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("good 203.0.113.4", "text/plain");
    });
    m_dyndns.start();
    auto doc = testing::offline_config();
    doc["providers"]["dyn"]["endpoint"] = m_dyndns.url("/nic/update");
    doc["polling"] = polling;
    auto config = runtime_testing::parsed(doc);
    config.state_dir = m_dir.path();
    m_rt = build_runtime(std::move(config), {.clock = m_clock, .metrics = &m_metrics});
    m_controller = std::make_unique<Controller>(*m_rt);
  }
  int event_decisions() {
    int n = 0;
    for (const auto& d : m_rt->store->decisions(TimePoint{}))
      n += d.rationale.starts_with("event: network change (eth0 up)") ? 1 : 0;
    return n;
  }
  const StepEvents k_change{"eth0 up"};

  testing::FakeHttp m_dyndns;  // accepts every update
  testing::TempDir m_dir;
  providers::ManualClock m_clock{TimePoint{std::chrono::seconds{1767225600}}};
  CountingMetrics m_metrics;
  std::unique_ptr<Runtime> m_rt;
  std::unique_ptr<Controller> m_controller;
};

TEST_F(ControllerTest, AStepRunsAPassPlansTheNextAndReportsBoth) {
  start();
  auto step = m_controller->step();
  ASSERT_TRUE(step.pass);
  ASSERT_EQ(step.pass->records.size(), 1u);
  EXPECT_EQ(step.pass->records[0].desired, "203.0.113.4");
  EXPECT_TRUE(step.pass->records[0].in_sync);
  EXPECT_GT(step.next.at, m_clock.now());
  EXPECT_EQ(m_metrics.passes, 1);
  EXPECT_EQ(m_metrics.next, step.next.at);
  auto decisions = m_rt->store->decisions(TimePoint{});
  ASSERT_FALSE(decisions.empty());
  EXPECT_EQ(decisions.back().rationale, step.next.reason);
}

TEST_F(ControllerTest, ANetworkChangeSoonAfterAPassWaitsForMinInterval) {
  start({{"min_interval", "30s"}});
  auto first = m_controller->step();
  ASSERT_TRUE(first.pass);
  auto pass_at = m_clock.now();
  m_clock.advance(5s);
  auto early = m_controller->step(k_change);
  EXPECT_FALSE(early.pass);
  EXPECT_EQ(early.next.at, pass_at + 30s);
  EXPECT_TRUE(early.next.event);
  EXPECT_EQ(event_decisions(), 1);
  EXPECT_EQ(m_metrics.passes, 1);
  m_clock.advance(25s);
  auto then = m_controller->step();
  EXPECT_TRUE(then.pass);
  EXPECT_EQ(m_metrics.passes, 2);
}

TEST_F(ControllerTest, ANetworkChangeLaterThanMinIntervalChecksAtOnce) {
  start({{"min_interval", "30s"}});
  ASSERT_TRUE(m_controller->step().pass);
  m_clock.advance(45s);
  auto step = m_controller->step(k_change);
  EXPECT_TRUE(step.pass);
  EXPECT_EQ(event_decisions(), 1);
}

TEST_F(ControllerTest, InFixedModeAnEventWaitsTenSecondsNotTheInterval) {
  start({{"mode", "fixed"}, {"min_interval", "1h"}, {"max_interval", "1h"}});
  auto first = m_controller->step();
  ASSERT_TRUE(first.pass);
  auto pass_at = m_clock.now();
  EXPECT_EQ(first.next.at, pass_at + 1h);
  m_clock.advance(3s);
  auto early = m_controller->step(k_change);
  EXPECT_FALSE(early.pass);
  EXPECT_EQ(early.next.at, pass_at + 10s);
  m_clock.advance(2min);
  EXPECT_TRUE(m_controller->step(k_change).pass);
}

TEST_F(ControllerTest, AReloadedControllerRemembersTheLastPass) {
  start({{"min_interval", "30s"}});
  ASSERT_TRUE(m_controller->step().pass);
  auto pass_at = m_clock.now();
  auto memory = m_controller->memory();
  EXPECT_EQ(memory.last_pass, pass_at);
  EXPECT_EQ(memory.last_prune, pass_at);
  m_controller = std::make_unique<Controller>(*m_rt, memory);  // what SIGHUP does
  m_clock.advance(5s);
  auto early = m_controller->step(k_change);
  EXPECT_FALSE(early.pass) << "the spacing counts from the pass before the reload";
  EXPECT_EQ(early.next.at, pass_at + 30s);
}

}  // namespace
}  // namespace ddnsguard::controller
