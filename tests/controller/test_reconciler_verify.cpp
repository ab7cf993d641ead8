// The verification phase of a pass, through the Reconciler in virtual time: its budget
// starts when verification starts (slow sources or providers before it take nothing from
// it), and what did not show is re-pushed.

#include <gtest/gtest.h>

#include "tests/controller/reconciler_test_support.hpp"

namespace ddnsguard::controller {
namespace {

using namespace reconciler_testing;

class VerifyPhaseTest : public ReconcilerFixture {
 protected:
  VerifyPhaseTest() { m_dns = m_fake; }
  std::shared_ptr<FakeAuthoritative> m_fake = std::make_shared<FakeAuthoritative>();
};

TEST_F(VerifyPhaseTest, ASlowSourceLeavesTheVerificationBudgetWhole) {
  m_source->clock = &m_clock;
  m_source->takes = k_verify_budget + 4s;  // a source answering at its timeout
  build(false);
  pass_after(0s);
  EXPECT_EQ(m_fake->asked, 1) << "the record was verified although the pass was already slow";
  auto v = m_store->verifications(TimePoint{});
  ASSERT_EQ(v.size(), 1u);
  EXPECT_TRUE(v[0].ok);
}

TEST_F(VerifyPhaseTest, AnUpdateThatNeverShowsIsPushedAgainAfterTheGrace) {
  m_config.verify.grace = 2min;
  build(false);
  m_fake->held = "198.51.100.1";  // DNS keeps the old address whatever the API says
  pass_after(0s);
  ASSERT_EQ(m_p["a"]->update_times.size(), 1u);
  pass_after(1min);
  EXPECT_EQ(m_p["a"]->update_times.size(), 1u) << "within the grace";
  pass_after(90s);
  EXPECT_EQ(m_p["a"]->update_times.size(), 2u) << "re-pushed";
  EXPECT_EQ(m_store->anomalies(TimePoint{}, true).size(), 1u);
  m_fake->held = "203.0.113.7";
  pass_after(30s);
  EXPECT_TRUE(m_store->anomalies(TimePoint{}, true).empty()) << "closed once DNS shows it";
}

}  // namespace
}  // namespace ddnsguard::controller
