// Failure handling shared by every provider (DESIGN §2): stop on auth/config until a reload,
// Retry-After, jittered exponential backoff, anomalies, and failover with hysteresis.
// Scripted providers and a manual clock: no network, no waiting.

#include <gtest/gtest.h>

#include "models/backoff.hpp"
#include "tests/controller/reconciler_test_support.hpp"

namespace ddnsguard::controller {
namespace {

using namespace reconciler_testing;

class FailuresTest : public ReconcilerFixture {};

TEST_F(FailuresTest, AuthFailureIsOneAttemptUntilReloadWithOneAnomaly) {
  build(false, /*readable=*/false);
  m_p["a"]->fail_all = Error{ErrorClass::auth, "badauth", {}};
  for (int i = 0; i < 6; ++i)
    pass_after(10min);
  EXPECT_EQ(m_p["a"]->update_times.size(), 1u);
  auto anomalies = m_store->anomalies(TimePoint{}, true);
  ASSERT_EQ(anomalies.size(), 1u);
  EXPECT_EQ(anomalies[0].kind, AnomalyKind::auth_failure);
  EXPECT_EQ(anomalies[0].subject, "provider:a");
  reload();
  pass_after(1min);
  EXPECT_EQ(m_p["a"]->update_times.size(), 2u);  // the new configuration is tried again
}

TEST_F(FailuresTest, RetryAfterIsHonouredToTheSecond) {
  build(false);
  m_p["a"]->next_update_fails.push_back(Error{ErrorClass::rate_limited, "429", 120s});
  pass_after(0s);
  ASSERT_EQ(m_p["a"]->update_times.size(), 1u);
  auto first = m_p["a"]->update_times[0];
  for (auto step : {60s, 59s}) {
    pass_after(step);
    EXPECT_EQ(m_p["a"]->update_times.size(), 1u) << "called before Retry-After";
  }
  pass_after(2s);
  ASSERT_EQ(m_p["a"]->update_times.size(), 2u);
  EXPECT_GE(m_p["a"]->update_times[1] - first, 120s);
  EXPECT_EQ(m_p["a"]->held, Address::parse("203.0.113.7"));
}

TEST_F(FailuresTest, TransientBackoffGrowsAndStaysUnderItsJitteredCeiling) {
  m_config.retry = {2s, 64s};
  build(false);
  m_p["a"]->fail_all = Error{ErrorClass::transient, "HTTP 503", {}};
  for (int i = 0; i < 1200; ++i)  // 20 minutes, a pass every second
    pass_after(1s);
  const auto& t = m_p["a"]->reads;
  EXPECT_GT(t, 10);
  EXPECT_LT(t, 100);  // a pass every second would be 1200 calls; the mean gap at cap is 32 s
  // Reads are the calls here (a read failure stops the pass): re-derive the gaps from the
  // store, where every failed call is an update row with its time.
  std::vector<TimePoint> at;
  for (const auto& u : m_store->updates(TimePoint{}))
    at.push_back(u.at);
  ASSERT_GE(at.size(), 10u);
  models::BackoffPolicy p{2s, 64s};
  bool some_late_gap_is_long = false;
  for (std::size_t i = 1; i < at.size(); ++i) {
    auto gap = at[i] - at[i - 1];
    EXPECT_LE(gap, models::backoff_ceiling(p, static_cast<int>(i)) + 1s) << "retry " << i;
    if (i > 6 && gap > 16s) some_late_gap_is_long = true;
  }
  EXPECT_TRUE(some_late_gap_is_long);
}

TEST_F(FailuresTest, RepeatedInvalidRepliesRaiseOneAnomaly) {
  build(false);
  m_p["a"]->fail_all = Error{ErrorClass::invalid_response, "garbage", {}};
  for (int i = 0; i < 10; ++i)
    pass_after(1h);
  auto anomalies = m_store->anomalies(TimePoint{}, false);
  ASSERT_EQ(anomalies.size(), 1u);
  EXPECT_EQ(anomalies[0].kind, AnomalyKind::provider_errors);
}

TEST_F(FailuresTest, FailoverSwitchesAfterNFailuresAndFailsBackAfterMHealthyPasses) {
  build(true);
  m_p["a"]->fail_all = Error{ErrorClass::transient, "HTTP 502", {}};
  auto r1 = pass_after(0s);
  EXPECT_FALSE(r1.all_in_sync());
  EXPECT_TRUE(m_p["b"]->update_times.empty()) << "one failure must not switch";
  EXPECT_TRUE(failovers().empty());
  auto r2 = pass_after(1min);
  EXPECT_TRUE(r2.all_in_sync());
  EXPECT_EQ(m_p["b"]->update_times.size(), 1u);
  ASSERT_EQ(failovers().size(), 1u);
  EXPECT_EQ(failovers()[0].value, "b");

  m_p["a"]->fail_all.reset();  // the primary heals
  m_source->address = "203.0.113.8";
  for (int i = 0; i < 2; ++i) {
    EXPECT_TRUE(pass_after(1min).all_in_sync());
    EXPECT_TRUE(m_p["a"]->update_times.empty()) << "failed back too early, pass " << i;
  }
  EXPECT_EQ(m_p["b"]->held, Address::parse("203.0.113.8"));  // b is authoritative meanwhile
  EXPECT_TRUE(pass_after(1min).all_in_sync());
  EXPECT_EQ(m_p["a"]->update_times.size(), 1u);
  EXPECT_EQ(m_p["a"]->held, Address::parse("203.0.113.8"));
  ASSERT_EQ(failovers().size(), 2u);
  EXPECT_EQ(failovers()[1].value, "a");
}

TEST_F(FailuresTest, EveryProviderCallIsStoredWithItsKindAndLatency) {
  build(false);
  pass_after(0s);    // read (absent), then update
  pass_after(1min);  // read (in sync): no update
  auto calls = m_store->provider_calls(TimePoint{});
  std::vector<std::string> kinds;
  for (const auto& c : calls)
    kinds.push_back(std::string(to_string(c.call)) + (c.ok ? "" : " failed"));
  EXPECT_EQ(kinds, (std::vector<std::string>{"read", "update", "read"}));
  EXPECT_EQ(calls[2].address, "203.0.113.7");
  // history shows the write (and failures), not the successful reads.
  auto shown = m_store->updates(TimePoint{});
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].call, CallKind::update);
}

TEST_F(FailuresTest, AFlappingPrimaryDoesNotFlapTheRecord) {
  build(true);
  // The primary fails every other pass: never twice in a row, so the record stays on it.
  for (int i = 0; i < 10; ++i) {
    if (i % 2 == 0) {
      m_p["a"]->fail_all = Error{ErrorClass::transient, "HTTP 502", {}};
    } else {
      m_p["a"]->fail_all.reset();
    }
    pass_after(1min);
  }
  EXPECT_TRUE(failovers().empty());
  EXPECT_TRUE(m_p["b"]->update_times.empty());
}

TEST_F(FailuresTest, StandbyIsProbedEveryStandbyIntervalAndEveryProbeIsCounted) {
  build(true);
  pass_after(0s);
  EXPECT_EQ(m_p["b"]->reads, 1) << "the standby is probed at once";
  EXPECT_TRUE(m_p["b"]->update_times.empty()) << "a probe only reads";
  pass_after(30min);
  EXPECT_EQ(m_p["b"]->reads, 1) << "not again within verify.standby_interval (1h)";
  pass_after(31min);
  EXPECT_EQ(m_p["b"]->reads, 2);
  int probes = 0;
  for (const auto& c : m_store->provider_calls(TimePoint{}))
    probes += c.provider == "b" && c.call == CallKind::probe && c.ok ? 1 : 0;
  EXPECT_EQ(probes, 2);
}

TEST_F(FailuresTest, RevokedStandbyCredentialsOpenTheirAnomalyBeforeTheStandbyIsNeeded) {
  build(true);
  m_p["b"]->fail_all = Error{ErrorClass::auth, "HTTP 401", {}};
  EXPECT_TRUE(pass_after(0s).all_in_sync()) << "the primary is unaffected";
  auto open = m_store->anomalies(TimePoint{}, true);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].kind, AnomalyKind::auth_failure);
  EXPECT_EQ(open[0].subject, "provider:b");
  pass_after(30min);
  EXPECT_EQ(m_p["b"]->reads, 1) << "refused credentials are not asked again within the interval";
  for (int i = 0; i < 3; ++i)
    pass_after(1h);
  EXPECT_EQ(m_p["b"]->reads, 4) << "but once per interval, a harmless read";
  EXPECT_EQ(m_store->anomalies(TimePoint{}, false).size(), 1u) << "one anomaly, not one per probe";
  m_p["b"]->fail_all.reset();  // the key works again, without a reload
  pass_after(1h);
  EXPECT_TRUE(m_store->anomalies(TimePoint{}, true).empty());
  EXPECT_TRUE(failovers().empty());
}

TEST_F(FailuresTest, AStandbyErrorBurstIsRetriedOnItsBackoffAndOpensAnAnomaly) {
  m_config.retry = {2s, 64s};
  build(true);
  m_p["b"]->fail_all = Error{ErrorClass::transient, "HTTP 503", {}};
  for (int i = 0; i < 300; ++i)  // five minutes, a pass every second
    pass_after(1s);
  EXPECT_GE(m_p["b"]->reads, 3);
  EXPECT_LE(m_p["b"]->reads, 20) << "a failing standby is probed on its backoff, not each pass";
  auto open = m_store->anomalies(TimePoint{}, true);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].kind, AnomalyKind::provider_errors);
  EXPECT_EQ(open[0].subject, "provider:b");
  m_p["b"]->fail_all.reset();  // the burst ends: the next probe closes it
  for (int i = 0; i < 10; ++i)
    pass_after(2min);
  EXPECT_TRUE(m_store->anomalies(TimePoint{}, true).empty());
}

TEST_F(FailuresTest, AStandbySharedByTwoRecordsIsProbedOncePerInterval) {
  m_config.records.push_back({});
  build(true);
  m_config.records.front() = m_config.records.back();
  m_config.records.front().record.name = "www.example.com";
  reload();
  pass_after(0s);
  pass_after(30min);
  EXPECT_EQ(m_p["b"]->reads, 1) << "one probe per provider and interval, not per record";
  pass_after(31min);
  EXPECT_EQ(m_p["b"]->reads, 2);
}

TEST_F(FailuresTest, WriteOnlyStandbysAreNotProbed) {
  build(true, /*readable=*/false);
  pass_after(0s);
  pass_after(2h);
  EXPECT_EQ(m_p["b"]->reads, 0);
  EXPECT_TRUE(m_p["b"]->update_times.empty());
}

TEST_F(FailuresTest, ZeroStandbyIntervalTurnsProbesOff) {
  m_config.verify.standby_interval = 0s;
  build(true);
  pass_after(0s);
  pass_after(2h);
  EXPECT_EQ(m_p["b"]->reads, 0);
}

TEST_F(FailuresTest, AFailingStandbyProbeDoesNotBackOffTheProviderWhereItIsAuthoritative) {
  build(true);
  add_record_on_b("www.example.com");
  m_p["b"]->fail_reads = Error{ErrorClass::transient, "HTTP 503", {}};
  m_p["b"]->fail_reads_of = "home.example.com/A";
  EXPECT_TRUE(pass_after(0s).all_in_sync());
  EXPECT_EQ(m_p["b"]->reads_of["home.example.com/A"], 1) << "probed, and it failed";
  m_source->address = "203.0.113.8";
  EXPECT_TRUE(pass_after(1s).all_in_sync()) << "www is not held back by home's probe";
  EXPECT_EQ(m_p["b"]->update_times.size(), 2u);
  auto next = m_reconciler->follow_up();
  EXPECT_FALSE(next.has_value()) << "a probe's backoff forces no check: " << next->reason;
}

TEST_F(FailuresTest, AStandbyProbeThatWorksDoesNotLiftAStopWhereTheProviderIsAuthoritative) {
  build(true);
  add_record_on_b("www.example.com");
  m_p["b"]->next_update_fails.push_back(Error{ErrorClass::auth, "write access denied", {}});
  pass_after(0s);  // home probes b (a read works); www's update on b is refused
  ASSERT_EQ(m_p["b"]->update_times.size(), 1u);
  for (int i = 0; i < 3; ++i) {
    pass_after(61min);  // home probes b again each time, and the read works
    EXPECT_EQ(m_p["b"]->update_times.size(), 1u) << "b stays stopped for www until a reload";
  }
  EXPECT_GE(m_p["b"]->reads_of["home.example.com/A"], 4);
}

TEST_F(FailuresTest, ARefusedFirstRankedProviderIsAskedAgainEachIntervalWhileTheBackupServes) {
  build(true);
  m_p["a"]->fail_all = Error{ErrorClass::auth, "HTTP 401", {}};
  pass_after(0s);
  pass_after(1min);  // the second failing pass: b takes over
  ASSERT_EQ(failovers().size(), 1u);
  int reads = m_p["a"]->reads;
  pass_after(30min);
  EXPECT_EQ(m_p["a"]->reads, reads) << "not again within the interval";
  pass_after(31min);
  EXPECT_EQ(m_p["a"]->reads, reads + 1) << "but once per interval, a harmless read";
  m_p["a"]->fail_all.reset();  // the key works again
  pass_after(61min);
  EXPECT_TRUE(m_store->anomalies(TimePoint{}, true).empty()) << "auth_failure closed";
  for (int i = 0; i < 5; ++i)
    pass_after(1min);
  EXPECT_EQ(failovers().size(), 1u) << "the authoritative rule stands: a stops until reload";
}

TEST_F(FailuresTest, TheProviderThatJustTookOverIsNotAlsoProbed) {
  build(true);
  m_config.records.front().switch_after = 1;
  reload();
  pass_after(0s);  // b probed now, due again in 1h
  m_p["a"]->fail_all = Error{ErrorClass::transient, "HTTP 502", {}};
  pass_after(61min);  // a fails: b takes over in this pass
  ASSERT_EQ(failovers().size(), 1u);
  EXPECT_EQ(calls("b", CallKind::probe, m_clock.now()), 0) << "b was synced, a probe is redundant";
  EXPECT_EQ(calls("b", CallKind::read, m_clock.now()), 1);
}

TEST_F(FailuresTest, EachFamilyProbesASharedStandbyOnItsOwn) {
  build(true);
  m_config.records.push_back(m_config.records.front());
  m_config.records.back().record.family = Family::ipv6;
  add_source(Family::ipv6);
  reload();
  m_p["b"]->fail_reads = Error{ErrorClass::transient, "HTTP 503 (IPv6 path)", {}};
  m_p["b"]->fail_reads_of = "home.example.com/AAAA";
  pass_after(0s);
  EXPECT_EQ(m_p["b"]->reads_of["home.example.com/A"], 1);
  EXPECT_EQ(m_p["b"]->reads_of["home.example.com/AAAA"], 1) << "IPv6 is probed too";
  for (int i = 0; i < 5; ++i)
    pass_after(5min);
  EXPECT_EQ(m_p["b"]->reads_of["home.example.com/A"], 1) << "IPv4 works: once per interval";
  EXPECT_GE(m_p["b"]->reads_of["home.example.com/AAAA"], 3) << "IPv6 fails: on its backoff";
}

}  // namespace
}  // namespace ddnsguard::controller
