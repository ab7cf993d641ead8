// records[].refresh: a write-only provider gets the unchanged address again once its last
// write is that old (idle hosts expire at No-IP, DuckDNS and the like); a provider that is
// read back never does. Virtual time.

#include <gtest/gtest.h>

#include "tests/controller/reconciler_test_support.hpp"

namespace ddnsguard::controller {
namespace {

using namespace reconciler_testing;

class RefreshTest : public ReconcilerFixture {
 protected:
  void build_with_refresh(bool readable, std::optional<std::chrono::milliseconds> refresh) {
    build(false, readable);
    m_config.records[0].refresh = refresh;
    reload();
  }
  int refresh_decisions() {
    int n = 0;
    for (const auto& d : m_store->decisions(TimePoint{}))
      n += d.kind == DecisionKind::refresh ? 1 : 0;
    return n;
  }
};

TEST_F(RefreshTest, AWriteOnlyProviderIsWrittenAgainWhenItsLastWriteIsTooOld) {
  build_with_refresh(/*readable=*/false, std::chrono::hours{24 * 25});
  pass_after(0s);
  ASSERT_EQ(m_p["a"]->update_times.size(), 1u);  // the first write
  for (int day = 1; day < 25; ++day)
    pass_after(24h);
  EXPECT_EQ(m_p["a"]->update_times.size(), 1u) << "24 days: not yet";
  EXPECT_EQ(refresh_decisions(), 0);
  auto report = pass_after(24h);
  ASSERT_EQ(m_p["a"]->update_times.size(), 2u) << "25 days: written again";
  EXPECT_EQ(m_p["a"]->update_times.back(), m_clock.now());
  EXPECT_TRUE(report.all_in_sync());
  EXPECT_EQ(refresh_decisions(), 1);
  EXPECT_TRUE(m_store->anomalies(TimePoint{}, false).empty()) << "a refresh is no drift";
  pass_after(24h);
  EXPECT_EQ(m_p["a"]->update_times.size(), 2u) << "the clock starts again at the refresh";
}

TEST_F(RefreshTest, AnAddressChangeIsAWriteToo) {
  build_with_refresh(false, std::chrono::hours{24 * 25});
  pass_after(0s);
  for (int day = 1; day <= 20; ++day)
    pass_after(24h);
  m_source->address = "203.0.113.8";
  pass_after(24h);
  ASSERT_EQ(m_p["a"]->update_times.size(), 2u);
  for (int day = 1; day < 25; ++day)
    pass_after(24h);
  EXPECT_EQ(m_p["a"]->update_times.size(), 2u) << "25 days from the change, not the first write";
  EXPECT_EQ(refresh_decisions(), 0);
}

TEST_F(RefreshTest, AProviderThatIsReadBackOrWithoutRefreshIsNeverRefreshed) {
  for (bool readable : {true, false}) {
    SCOPED_TRACE(readable);
    m_reconciler.reset();  // it uses what is replaced below
    m_config = Config{};
    m_live = Connections{};
    m_store = HistoryStore::in_memory(nullptr);
    build_with_refresh(readable,
                       readable ? std::optional(std::chrono::milliseconds{24h}) : std::nullopt);
    pass_after(0s);
    for (int day = 1; day <= 60; ++day)
      pass_after(24h);
    EXPECT_EQ(m_p["a"]->update_times.size(), 1u);
    EXPECT_EQ(refresh_decisions(), 0);
  }
}

TEST_F(RefreshTest, NoRefreshWhileTheStoreHasForgottenTheWrites) {
  build_with_refresh(false, std::chrono::hours{24});
  pass_after(0s);
  m_store->keep_in_memory("test");
  for (int day = 1; day <= 3; ++day)
    pass_after(24h);
  EXPECT_EQ(m_p["a"]->update_times.size(), 1u);
}

TEST_F(RefreshTest, ADryRunSaysItWouldRefreshAndWritesNothing) {
  build_with_refresh(false, std::chrono::hours{24});
  pass_after(0s);
  m_clock.advance(25h);
  auto report = m_reconciler->reconcile_once(DryRun::yes);
  EXPECT_EQ(m_p["a"]->update_times.size(), 1u);
  ASSERT_EQ(report.records.size(), 1u);
  EXPECT_NE(report.records[0].reason.find("would refresh"), std::string::npos)
      << report.records[0].reason;
}

}  // namespace
}  // namespace ddnsguard::controller
