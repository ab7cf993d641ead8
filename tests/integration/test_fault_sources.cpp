// Address-source and network faults on loopback: one of three sources lying, all sources
// down, an echo that accepts and never answers, a private (CGNAT) egress, and the network
// going away and coming back. For each: the anomaly opens (or, offline, nothing is
// blamed), the action is taken, it closes after recovery, no wrong address is sent, and
// no pass waits longer than the source timeout.

#include "tests/integration/fault_fixture.hpp"

namespace ddnsguard::testing {
namespace {

using Mode = FaultProxy::Mode;
using namespace std::chrono_literals;

class FaultSources : public FaultTest {
 protected:
  void SetUp() override {
    FaultTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    start_controller();
    ASSERT_TRUE(pass().all_in_sync()) << m_log.str();
  }
  void TearDown() override {
    if (m_rt) expect_no_wrong_publish();
    FaultTest::TearDown();
  }
  // A pass that must not outlast the 1 s source timeout by much.
  controller::PassReport timed_pass() {
    auto start = std::chrono::steady_clock::now();
    auto r = pass();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s) << "a pass hung";
    return r;
  }
};

TEST_F(FaultSources, ALyingSourceIsOutvotedDemotedAndPromotedBack) {
  set_echo(1, Echo::lie);
  for (int i = 0; i < 3; ++i)
    EXPECT_TRUE(timed_pass().all_in_sync());
  EXPECT_TRUE(open("source_disagreement")) << m_log.str();
  EXPECT_EQ(anomalies("source_disagreement")[0].subject, "source:1/ipv4");
  EXPECT_EQ(decisions("demote"), 1);
  // Demoted, it no longer votes: the two honest sources carry a change on their own.
  set_address("11.22.33.55");
  EXPECT_TRUE(timed_pass().all_in_sync());
  EXPECT_EQ(held(), "11.22.33.55");
  set_echo(1, Echo::answer);
  for (int i = 0; i < 3; ++i)
    timed_pass();
  EXPECT_FALSE(open("source_disagreement"));
  EXPECT_EQ(decisions("promote"), 1);
}

TEST_F(FaultSources, AllSourcesDownIsBlamedOnTheSourcesAndPublishesNothing) {
  for (std::size_t i = 0; i < 3; ++i)
    set_echo(i, Echo::error);
  for (int i = 0; i < 4; ++i)
    EXPECT_FALSE(timed_pass().all_in_sync());
  EXPECT_EQ(anomalies("source_failing").size(), 3u) << m_log.str();
  EXPECT_EQ(decisions("offline"), 0) << "the provider answers: this host is online";
  EXPECT_EQ(held(), "11.22.33.44") << "no address, nothing published";
  for (std::size_t i = 0; i < 3; ++i)
    set_echo(i, Echo::answer);
  for (int i = 0; i < 3; ++i)
    EXPECT_TRUE(timed_pass().all_in_sync());
  EXPECT_FALSE(open("source_failing"));
}

TEST_F(FaultSources, AnEchoThatNeverAnswersCostsOneTimeoutAndIsDemoted) {
  set_echo(2, Echo::hang);
  for (int i = 0; i < 4; ++i)
    EXPECT_TRUE(timed_pass().all_in_sync()) << "two sources still agree";
  EXPECT_TRUE(open("source_failing")) << m_log.str();
  EXPECT_EQ(anomalies("source_failing")[0].subject, "source:2/ipv4");
}

TEST_F(FaultSources, PrivateEgressIsSaidOnceAndNothingIsPublished) {
  set_address("100.64.7.9");  // CGNAT
  for (int i = 0; i < 3; ++i)
    EXPECT_FALSE(timed_pass().all_in_sync());
  auto found = anomalies("private_address");
  ASSERT_EQ(found.size(), 1u) << "said once";
  EXPECT_NE(found[0].summary.find("CGNAT"), std::string::npos) << found[0].summary;
  EXPECT_EQ(found[0].severity, controller::Severity::critical);
  EXPECT_EQ(held(), "11.22.33.44");
  set_address("11.22.33.55");
  EXPECT_TRUE(timed_pass().all_in_sync());
  EXPECT_FALSE(open("private_address"));
  EXPECT_EQ(held(), "11.22.33.55");
}

TEST_F(FaultSources, NetworkDownIsOfflineNothingBlamedThenResync) {
  for (std::size_t i = 0; i < 3; ++i)
    set_echo(i, Echo::error);
  m_proxy->set(Mode::error);  // the provider is unreachable too
  auto writes = m_proxy->writes().size();
  for (int i = 0; i < 5; ++i)
    EXPECT_FALSE(timed_pass().all_in_sync());
  EXPECT_EQ(decisions("offline"), 1);
  EXPECT_TRUE(m_rt->store->anomalies(controller::TimePoint{}, true).empty())
      << "offline blames nobody: " << m_log.str();
  EXPECT_EQ(m_proxy->writes().size(), writes) << "no retries spent while offline";
  for (std::size_t i = 0; i < 3; ++i)
    set_echo(i, Echo::answer);
  m_proxy->set(Mode::pass);
  set_address("11.22.33.55");
  EXPECT_TRUE(timed_pass().all_in_sync());
  EXPECT_EQ(decisions("resync"), 1);
  EXPECT_EQ(held(), "11.22.33.55");
}

TEST_F(FaultSources, ServersDisagreeingWithOurClockRaiseClockSkew) {
  set_echo_clock(std::chrono::seconds{0});
  for (int i = 0; i < 3; ++i)
    timed_pass();
  EXPECT_TRUE(anomalies("clock_skew").empty()) << "in step";
  set_echo_clock(std::chrono::minutes{10});
  for (int i = 0; i < 3; ++i)
    EXPECT_TRUE(timed_pass().all_in_sync());
  ASSERT_TRUE(open("clock_skew")) << m_log.str();
  EXPECT_EQ(anomalies("clock_skew")[0].severity, controller::Severity::critical);
  EXPECT_NE(anomalies("clock_skew")[0].summary.find("behind"), std::string::npos);
  set_echo_clock(std::chrono::seconds{1});
  for (int i = 0; i < 3; ++i)
    timed_pass();
  EXPECT_FALSE(open("clock_skew"));
}

}  // namespace
}  // namespace ddnsguard::testing
