// DNS-first (issue: a tenth of the API calls): while the authoritative servers show a
// record's address, its providers' APIs are read only every verify.api_interval; DNS that
// differs, cannot be asked, a change, a failure or a dry run means a read at once.

#include <gtest/gtest.h>

#include "tests/controller/reconciler_test_support.hpp"

namespace ddnsguard::controller {
namespace {

using namespace reconciler_testing;

class DnsFirstTest : public ReconcilerFixture {
 protected:
  DnsFirstTest() { m_dns = m_fake; }
  void SetUp() override {
    build(false);
    pass_after(0s);  // first pass: read (nothing known) and publish
    ASSERT_EQ(m_p["a"]->reads, 1);
    ASSERT_EQ(m_p["a"]->update_times.size(), 1u);
  }
  std::shared_ptr<FakeAuthoritative> m_fake = std::make_shared<FakeAuthoritative>();
};

TEST_F(DnsFirstTest, WhileDnsShowsTheAddressTheApiIsReadOnlyAsASafetyNet) {
  for (int i = 0; i < 11; ++i) {
    auto r = pass_after(5min);
    ASSERT_TRUE(r.all_in_sync());
    ASSERT_EQ(r.records[0].reads.size(), 1u);
    EXPECT_TRUE(r.records[0].reads[0].skipped);
  }
  EXPECT_EQ(m_p["a"]->reads, 1) << "55 minutes of steady state, no API read";
  auto r = pass_after(5min);
  EXPECT_EQ(m_p["a"]->reads, 2) << "an hour after the last read";
  EXPECT_EQ(r.reads_summary(), "provider APIs: 0 reads skipped (authoritative DNS shows the "
                               "address), 1 made: home.example.com/A at a (safety net: read at "
                               "least every 1h)");
  EXPECT_EQ(m_store->verifications(TimePoint{}).size(), 13u) << "every pass still verified";
}

TEST_F(DnsFirstTest, AnEditShowsInDnsAndIsRepairedInTheSamePass) {
  pass_after(5min);
  m_p["a"]->held = *Address::parse("192.0.2.99");  // someone edits the record
  m_fake->held = "192.0.2.99";                     // authoritative answers show it at once
  auto r = pass_after(5min);
  EXPECT_EQ(m_p["a"]->reads, 2);
  ASSERT_EQ(m_p["a"]->update_times.size(), 2u) << "repaired in the pass that saw it";
  EXPECT_EQ(m_p["a"]->held->to_string(), "203.0.113.7");
  EXPECT_EQ(r.records[0].reads[0].why, "authoritative DNS differs: 192.0.2.53:53: 192.0.2.99");
  EXPECT_EQ(m_store->anomalies(TimePoint{}, true).size(), 1u) << "record_drift";
  m_fake->held = "203.0.113.7";  // the repair shows
  r = pass_after(5min);
  EXPECT_TRUE(r.all_in_sync());
  EXPECT_TRUE(m_store->anomalies(TimePoint{}, true).empty()) << "closed once DNS shows it";
}

TEST_F(DnsFirstTest, SilentNameServersChangesFailuresAndDryRunsMeanARead) {
  m_fake->held.reset();
  auto r = pass_after(5min);
  EXPECT_EQ(m_p["a"]->reads, 2);
  EXPECT_EQ(r.records[0].reads[0].why, "no name server answered");
  m_fake->held = "203.0.113.7";
  r = pass_after(5min);
  EXPECT_TRUE(r.records[0].reads[0].skipped) << "DNS answers again";
  EXPECT_EQ(m_p["a"]->reads, 2);
  m_fake->held = "203.0.113.7";
  m_p["a"]->fail_all = Error{ErrorClass::transient, "HTTP 503", {}};
  m_clock.advance(1h);  // the safety-net read fails...
  m_reconciler->reconcile_once(DryRun::no);
  m_p["a"]->fail_all.reset();
  r = pass_after(5min);  // ...so the next pass reads again, whatever DNS says
  EXPECT_EQ(m_p["a"]->reads, 4);
  EXPECT_FALSE(r.records[0].reads[0].skipped);
  m_clock.advance(5min);
  m_reconciler->reconcile_once(DryRun::yes);
  EXPECT_EQ(m_p["a"]->reads, 5) << "a dry run compares what the API holds";
  m_source->address = "203.0.113.8";
  m_fake->held = "203.0.113.8";
  r = pass_after(5min);
  EXPECT_EQ(m_p["a"]->reads, 6);
  EXPECT_EQ(r.records[0].reads[0].why, "the address changed");
}

TEST_F(DnsFirstTest, TheFirstPassAfterARestartReadsWhateverTheStoreSays) {
  reload();  // SIGHUP or a restart: nothing is known fresh
  auto r = pass_after(5min);
  EXPECT_EQ(m_p["a"]->reads, 2);
  EXPECT_EQ(r.records[0].reads[0].why, "first read since the start");
}

TEST_F(DnsFirstTest, ApiIntervalZeroReadsEveryPass) {
  m_config.verify.api_interval = 0s;
  reload();
  for (int i = 0; i < 3; ++i)
    pass_after(5min);
  EXPECT_EQ(m_p["a"]->reads, 4);
}

class DnsFirstShapes : public ReconcilerFixture {
 protected:
  DnsFirstShapes() { m_dns = m_fake; }
  std::shared_ptr<FakeAuthoritative> m_fake = std::make_shared<FakeAuthoritative>();
};

TEST_F(DnsFirstShapes, TwoProvidersWrittenAreReadOnEveryPass) {
  build(false);
  m_config.records[0].providers = {"a", "b"};  // DNS shows one copy: an edit at the other not
  reload();
  for (int i = 0; i < 4; ++i)
    pass_after(5min);
  EXPECT_EQ(m_p["a"]->reads, 4);
  EXPECT_EQ(m_p["b"]->reads, 4);
}

TEST_F(DnsFirstShapes, AProviderThatTakesBackOverIsReadNotTakenOnTrust) {
  m_config.verify.grace = 1min;
  build(true);  // failover: a, then b
  m_config.records[0].switch_after = 1;
  m_config.records[0].switch_back_after = 1;
  reload();
  pass_after(0s);  // a publishes
  m_p["a"]->fail_all = Error{ErrorClass::transient, "HTTP 503", {}};
  m_source->address = "203.0.113.8";  // the change comes while a is down: b takes over
  m_fake->held = "203.0.113.8";
  pass_after(5min);
  ASSERT_EQ(m_p["b"]->held->to_string(), "203.0.113.8");
  m_p["a"]->fail_all.reset();  // a answers again, still holding the old address
  for (int i = 0; i < 3; ++i)
    pass_after(5min);
  EXPECT_EQ(m_p["a"]->held->to_string(), "203.0.113.8")
      << "a took back over: read, found stale, written (DNS showed b's copy)";
  EXPECT_TRUE(m_store->anomalies(TimePoint{}, true).empty() ||
              m_store->anomalies(TimePoint{}, true).front().kind != AnomalyKind::record_drift);
}

TEST_F(DnsFirstShapes, ARecordWithAHostSuffixIsAnsweredByDnsToo) {
  m_source->address6 = "2001:db8:5:1::1";
  build(false);
  add_source(Family::ipv6);
  RecordConfig nas;
  nas.record = {"nas.example.com", Family::ipv6, 60};
  nas.providers = {"a"};
  std::string why;
  nas.suffix = providers::parse_host_suffix("::11:22ff:fe33:4455", 64, why);
  m_config.records.push_back(nas);
  reload();
  m_fake->held = "2001:db8:5:1:11:22ff:fe33:4455";  // what both records would show here
  pass_after(0s);
  auto r = pass_after(5min);
  ASSERT_EQ(r.records.size(), 2u);
  const auto& v6 = r.records[0].subject == "nas.example.com/AAAA" ? r.records[0] : r.records[1];
  ASSERT_EQ(v6.reads.size(), 1u);
  EXPECT_TRUE(v6.reads[0].skipped) << v6.reads[0].why;
  EXPECT_EQ(*v6.desired, "2001:db8:5:1:11:22ff:fe33:4455");
}

}  // namespace
}  // namespace ddnsguard::controller
