#include "controller/loop/poll_scheduler.hpp"

#include <cmath>

#include "models/poll_planner.hpp"

#include <gtest/gtest.h>

#include <spdlog/sinks/null_sink.h>

namespace ddnsguard::controller {
namespace {

using namespace std::chrono_literals;
using providers::Family;

const models::LocalTime k_utc = [](models::Seconds t) { return t; };
const TimePoint k_now{std::chrono::hours{24 * 20500}};  // 2026-02-16

class PollSchedulerTest : public ::testing::Test {
 protected:
  PollScheduler make(PollingMode mode, int budget = 288) {
    PollingConfig p;
    p.mode = mode;
    p.min_interval = 10s;
    p.max_interval = 30min;
    p.daily_budget = budget;
    return PollScheduler(p, k_utc, *m_store, m_log);
  }
  std::unique_ptr<HistoryStore> m_store = HistoryStore::in_memory(nullptr);
  std::shared_ptr<spdlog::logger> m_log =
      std::make_shared<spdlog::logger>("t", std::make_shared<spdlog::sinks::null_sink_st>());
};

TEST_F(PollSchedulerTest, FixedModeChecksEveryMinInterval) {
  auto s = make(PollingMode::fixed);
  auto next = s.plan(k_now, PassEvent::none, std::nullopt);
  EXPECT_EQ(next.at, k_now + 10s);
  EXPECT_EQ(next.reason, "fixed interval 10s (polling.mode fixed)");
}

TEST_F(PollSchedulerTest, EveryDecisionIsStoredWithItsRationale) {
  auto s = make(PollingMode::adaptive);
  auto next = s.plan(k_now, PassEvent::none, std::nullopt);
  auto d = m_store->last_decision(DecisionKind::poll);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->at, k_now);
  EXPECT_EQ(d->subject, "all");
  EXPECT_EQ(d->value, providers::format_rfc3339(next.at));
  EXPECT_EQ(d->rationale, next.reason);
}

TEST_F(PollSchedulerTest, ColdStartSpreadsTheBudgetEvenly) {
  auto s = make(PollingMode::adaptive, 288);
  auto next = s.plan(k_now, PassEvent::none, std::nullopt);
  EXPECT_EQ(next.at, k_now + std::chrono::seconds{std::llround(
                                 300 / models::k_planned_budget_share)});  // 95 % of the budget
  EXPECT_NE(next.reason.find("flat model from 0 changes"), std::string::npos) << next.reason;
  EXPECT_NE(next.reason.find("budget 288/day, 0 spent in the last 1d, 288 left"), std::string::npos)
      << next.reason;
}

TEST_F(PollSchedulerTest, EventsTrumpThePlan) {
  auto s = make(PollingMode::adaptive, 24);
  auto failed = s.plan(k_now, PassEvent::failed_check, std::nullopt);
  EXPECT_EQ(failed.at, k_now + 10s);
  EXPECT_EQ(failed.reason, "event: check failed (1 in a row): checking again in 10s");
  EXPECT_EQ(s.plan(k_now, PassEvent::failed_check, std::nullopt).at, k_now + 20s);
  EXPECT_EQ(s.plan(k_now, PassEvent::failed_check, std::nullopt).at, k_now + 40s);
  for (int i = 0; i < 20; ++i)
    s.plan(k_now, PassEvent::failed_check, std::nullopt);
  EXPECT_EQ(s.plan(k_now, PassEvent::failed_check, std::nullopt).at, k_now + 30min);
  EXPECT_NE(s.plan(k_now, PassEvent::none, std::nullopt).reason.rfind("event:", 0), 0u);
  auto backoff =
      s.plan(k_now, PassEvent::none, NextCheck{k_now + 42s, "a provider's backoff ends"});
  EXPECT_EQ(backoff.at, k_now + 42s);
  EXPECT_EQ(backoff.reason, "event: a provider's backoff ends");
}

TEST_F(PollSchedulerTest, SpentBudgetStretchesToMaxInterval) {
  auto s = make(PollingMode::adaptive, 3);
  for (int i = 0; i < 3; ++i)
    m_store->add_decision({k_now - 1h, DecisionKind::poll, "all", "x", "adaptive: x"});
  m_store->add_decision({k_now - 1h, DecisionKind::poll, "all", "x", "event: x", true});
  auto next = s.plan(k_now, PassEvent::none, std::nullopt);
  EXPECT_EQ(next.at, k_now + 30min);
  EXPECT_NE(next.reason.find("daily budget spent"), std::string::npos) << next.reason;
}

TEST_F(PollSchedulerTest, ChecksEventsSetAreNotChargedAfterARestart) {
  for (bool event : {true, false}) {
    SCOPED_TRACE(event);
    m_store = HistoryStore::in_memory(nullptr);
    auto s = make(PollingMode::adaptive, 4);
    for (int i = 0; i < 3; ++i)
      m_store->add_decision({k_now - 1h, DecisionKind::poll, "all", "x", "adaptive: x"});
    m_store->add_decision({k_now - 1h, DecisionKind::poll, "all", "x", "why", event});
    auto next = s.plan(k_now, PassEvent::none, std::nullopt);
    EXPECT_EQ(next.reason.find("daily budget spent") == std::string::npos, event) << next.reason;
  }
}

// A full day of 288 planned checks whose oldest leaves the window in `frees_in`.
void fill_the_day(HistoryStore& store, std::chrono::seconds frees_in) {
  store.add_decision({k_now - 24h + frees_in, DecisionKind::poll, "all", "x", "adaptive: x"});
  for (int i = 0; i < 287; ++i)
    store.add_decision({k_now - 1h, DecisionKind::poll, "all", "x", "adaptive: x"});
}

TEST_F(PollSchedulerTest, SpentBudgetWaitsForTheOldestCheckToLeaveTheDay) {
  // 288/day plans a check every 5 min; the day is full and frees its oldest in 10 min.
  auto s = make(PollingMode::adaptive, 288);
  fill_the_day(*m_store, 10min);
  auto next = s.plan(k_now, PassEvent::none, std::nullopt);
  EXPECT_EQ(next.at, k_now + 10min + 1s);  // the rolling day is (now - 24 h, now]
  EXPECT_NE(next.reason.find("daily budget spent"), std::string::npos) << next.reason;
}

TEST_F(PollSchedulerTest, AFullDayNeverBringsTheCheckForward) {
  // The oldest check frees in 1 min, but the plan says 5 min: waiting only for the freed
  // check would copy yesterday's times for ever.
  auto s = make(PollingMode::adaptive, 288);
  fill_the_day(*m_store, 1min);
  auto next = s.plan(k_now, PassEvent::none, std::nullopt);
  EXPECT_GT(next.at, k_now + 5min) << next.reason;
}

TEST_F(PollSchedulerTest, LearnedNightWindowPullsChecksIntoIt) {
  // Sixty nights of changes at 03:00 UTC, each seen by a check 5 minutes later.
  auto day0 = k_now - std::chrono::hours{24 * 60};
  m_store->add_ip_change({day0, Family::ipv4, std::nullopt, "203.0.113.1", "q", std::nullopt});
  for (int d = 0; d < 60; ++d) {
    auto t = std::chrono::floor<std::chrono::days>(day0) + std::chrono::hours{24 * d + 3};
    m_store->add_ip_change({t + 5min, Family::ipv4, "203.0.113.1", "203.0.113.2", "q", t});
  }
  auto s = make(PollingMode::adaptive, 72);
  auto midnight = std::chrono::floor<std::chrono::days>(k_now);
  auto in_window = s.plan(midnight + 3h, PassEvent::address_changed, std::nullopt);
  auto afternoon = s.plan(midnight + 15h, PassEvent::none, std::nullopt);
  auto window_delay = in_window.at - (midnight + 3h);
  auto afternoon_delay = afternoon.at - (midnight + 15h);
  EXPECT_LT(window_delay * 3, afternoon_delay) << in_window.reason << "\n" << afternoon.reason;
  EXPECT_LT(window_delay, 20min);  // 72/day spread evenly would be every 20 min
}

TEST_F(PollSchedulerTest, BurstsOfChangesKeepAReserveForTheNextBurst) {
  // Thirty days of a flapping link: every other day, ten changes two minutes apart.
  auto day0 = k_now - std::chrono::hours{24 * 30};
  m_store->add_ip_change({day0, Family::ipv4, std::nullopt, "203.0.113.1", "q", std::nullopt});
  const char* addr[] = {"203.0.113.1", "198.51.100.1"};
  TimePoint last = day0;
  for (int d = 0; d < 30; d += 2) {
    for (int k = 0; k < 10; ++k) {
      auto t = std::chrono::floor<std::chrono::days>(day0) + std::chrono::hours{24 * d + 9} +
               std::chrono::minutes{2 * k};
      m_store->add_ip_change({t + 30s, Family::ipv4, addr[k % 2], addr[(k + 1) % 2], "q", t});
      last = t + 30s;
    }
  }
  auto s = make(PollingMode::adaptive);
  auto quiet = s.plan(last + std::chrono::hours{30}, PassEvent::none, std::nullopt);
  EXPECT_NE(quiet.reason.find("kept for a change's aftermath"), std::string::npos) << quiet.reason;
}

}  // namespace
}  // namespace ddnsguard::controller
