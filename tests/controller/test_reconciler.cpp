// Reconciler::reconcile_once with both address families: the IPv4 half runs on the
// reconciler's own worker beside the IPv6 half, and a pass of one family stays on the
// caller's thread.

#include "controller/loop/reconciler.hpp"

#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "tests/controller/reconciler_test_support.hpp"

namespace ddnsguard::controller::reconciler_testing {
namespace {

class ReconcilerFamilies : public ReconcilerFixture {
 protected:
  void build_families(bool with_ipv6) {
    add_source(Family::ipv4);
    if (with_ipv6) add_source(Family::ipv6);
    m_config.sources.quorum = 1;
    m_config.sources.allow_private = providers::AllowPrivate::yes;
    add_provider("a", true);
    for (auto family : {Family::ipv4, Family::ipv6}) {
      if (family == Family::ipv6 && !with_ipv6) continue;
      RecordConfig rc;
      rc.record = {"home.example.com", family, 60};
      rc.providers = {"a"};
      m_config.records.push_back(rc);
    }
    m_reconciler =
        std::make_unique<Reconciler>(ReconcilerParts{.config = m_config,
                                                     .connections = m_live,
                                                     .store = *m_store,
                                                     .clock = m_clock,
                                                     .log = m_log,
                                                     .dns = m_dns,
                                                     .progress = [this] {
                                                       std::lock_guard lock(m_mutex);
                                                       m_threads.insert(std::this_thread::get_id());
                                                     }});
  }
  std::set<std::thread::id> threads() {
    std::lock_guard lock(m_mutex);
    return m_threads;
  }
  std::mutex m_mutex;
  std::set<std::thread::id> m_threads;  // where the pass reported progress
};

TEST_F(ReconcilerFamilies, BothFamiliesRunSideBySideAndBothArePublished) {
  build_families(true);
  for (int pass = 0; pass < 3; ++pass) {
    auto report = pass_after(30s);
    ASSERT_EQ(report.records.size(), 2u);
    for (const auto& r : report.records)
      EXPECT_TRUE(r.in_sync) << r.subject;
  }
  EXPECT_EQ(m_p["a"]->held->to_string(), "203.0.113.7");
  EXPECT_EQ(m_p["a"]->held6->to_string(), "2001:db8::7");
  auto seen = threads();
  EXPECT_EQ(seen.size(), 2u) << "the IPv4 half did not run beside the IPv6 half";
  EXPECT_EQ(seen.count(std::this_thread::get_id()), 1u);
}

TEST_F(ReconcilerFamilies, OneFamilyStaysOnTheCallersThread) {
  build_families(false);
  auto report = pass_after(30s);
  ASSERT_EQ(report.records.size(), 1u);
  EXPECT_TRUE(report.records[0].in_sync);
  auto seen = threads();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(*seen.begin(), std::this_thread::get_id());
}

}  // namespace
}  // namespace ddnsguard::controller::reconciler_testing
