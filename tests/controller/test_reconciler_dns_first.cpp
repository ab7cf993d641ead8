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
}

TEST_F(DnsFirstTest, SilentNameServersChangesFailuresAndDryRunsMeanARead) {
  m_fake->held.reset();
  auto r = pass_after(5min);
  EXPECT_EQ(m_p["a"]->reads, 2);
  EXPECT_EQ(r.records[0].reads[0].why, "no name server answered");
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

TEST_F(DnsFirstTest, ApiIntervalZeroReadsEveryPass) {
  m_config.verify.api_interval = 0s;
  reload();
  for (int i = 0; i < 3; ++i)
    pass_after(5min);
  EXPECT_EQ(m_p["a"]->reads, 4);
}

}  // namespace
}  // namespace ddnsguard::controller
