// The healing policy as tables: failover hysteresis, what a verification verdict leads to,
// when a source is demoted or promoted, and what going offline and coming back do.

#include "controller/loop/healing.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace ddnsguard::controller::healing {
namespace {

using models::Transition;

const FailoverRules k_three{3, 2, 3};  // three providers, switch after 2, back after 3

TEST(Healing, TheActiveProviderIsReplacedAfterSwitchAfterFailingPassesInARow) {
  struct Case {
    std::vector<bool> passes;  // the active provider's results, in order
    std::optional<std::size_t> last_switch;
    int failures;
  };
  const std::vector<Case> cases = {
      {{false}, std::nullopt, 1},
      {{false, false}, 1, 2},
      {{false, true, false}, std::nullopt, 1},  // a success ends the run
      {{true, true}, std::nullopt, 0},
  };
  for (const auto& c : cases) {
    FailoverState st;
    std::optional<std::size_t> to;
    for (bool ok : c.passes)
      to = after_active_pass(st, ok, k_three);
    EXPECT_EQ(to, c.last_switch) << ::testing::PrintToString(c.passes);
    EXPECT_EQ(st.failures, c.failures) << ::testing::PrintToString(c.passes);
  }
}

TEST(Healing, TheLastProviderHasNoneToFailOverTo) {
  FailoverState st{2, 0, 0};
  EXPECT_EQ(after_active_pass(st, false, k_three), std::nullopt);
  EXPECT_EQ(after_active_pass(st, false, k_three), std::nullopt);
  EXPECT_EQ(st.failures, 2);
}

TEST(Healing, TheFirstRankedTakesBackOverAfterSwitchBackAfterHealthyPasses) {
  FailoverState st{1, 0, 0};
  EXPECT_EQ(after_first_ranked_probe(st, true, k_three), std::nullopt);
  EXPECT_EQ(after_first_ranked_probe(st, true, k_three), std::nullopt);
  EXPECT_EQ(after_first_ranked_probe(st, false, k_three), std::nullopt);  // the run restarts
  EXPECT_EQ(st.healthy, 0);
  EXPECT_EQ(after_first_ranked_probe(st, true, k_three), std::nullopt);
  EXPECT_EQ(after_first_ranked_probe(st, true, k_three), std::nullopt);
  EXPECT_EQ(after_first_ranked_probe(st, true, k_three), 0u);
  auto fresh = switched_to(0);
  EXPECT_EQ(fresh.active, 0u);
  EXPECT_EQ(fresh.failures, 0);
  EXPECT_EQ(fresh.healthy, 0);
}

TEST(Healing, AVerdictLeadsToOneAction) {
  struct Case {
    VerifyVerdict verdict;
    UpdateMode mode;
    std::size_t active;
    std::size_t providers;
    VerdictAction want;
  };
  const std::vector<Case> cases = {
      {VerifyVerdict::visible, UpdateMode::failover, 0, 2, VerdictAction::none},
      {VerifyVerdict::waiting, UpdateMode::failover, 0, 2, VerdictAction::none},
      {VerifyVerdict::unknown, UpdateMode::all, 0, 1, VerdictAction::none},
      {VerifyVerdict::repush, UpdateMode::all, 0, 2, VerdictAction::repush},
      {VerifyVerdict::repush, UpdateMode::failover, 1, 2, VerdictAction::repush},
      {VerifyVerdict::fail_over, UpdateMode::failover, 0, 2, VerdictAction::fail_over},
      {VerifyVerdict::fail_over, UpdateMode::failover, 1, 2, VerdictAction::stuck},  // the last
      {VerifyVerdict::fail_over, UpdateMode::all, 0, 2, VerdictAction::stuck},       // no failover
  };
  for (const auto& c : cases) {
    EXPECT_EQ(on_verdict(c.verdict, c.mode, c.active, c.providers), c.want)
        << static_cast<int>(c.verdict) << " active " << c.active;
  }
}

TEST(Healing, ASourceIsDemotedWhenAnAnomalyOpensAndPromotedWhenTheLastCloses) {
  struct Case {
    Transition failing;
    Transition disagreeing;
    bool still_open;
    SourceVote want;
  };
  const std::vector<Case> cases = {
      {Transition::none, Transition::none, false, SourceVote::unchanged},
      {Transition::opened, Transition::none, true, SourceVote::demote},
      {Transition::none, Transition::opened, true, SourceVote::demote},
      {Transition::opened, Transition::closed, true, SourceVote::demote},
      {Transition::closed, Transition::none, false, SourceVote::promote},
      {Transition::closed, Transition::none, true, SourceVote::unchanged},  // the other is open
      {Transition::none, Transition::closed, false, SourceVote::promote},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(on_source_transitions(c.failing, c.disagreeing, c.still_open), c.want)
        << static_cast<int>(c.failing) << " " << static_cast<int>(c.disagreeing) << " "
        << c.still_open;
  }
}

TEST(Healing, SourceVotesDemoteAndPromoteWhileTheQuorumCanStillBeReached) {
  SourceVotes votes;
  const SourceFinding quiet{};
  const SourceFinding opens{Transition::opened, Transition::none, true};
  const SourceFinding closes{Transition::closed, Transition::none, false};
  // Three sources, quorum 2: one may go, a second may not (two must still vote).
  auto c = votes.apply({quiet, opens, quiet}, 2);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].index, 1u);
  EXPECT_TRUE(c[0].demoted);
  EXPECT_FALSE(c[0].refused);
  EXPECT_EQ(votes.demoted(3), (std::vector<bool>{false, true, false}));
  c = votes.apply({opens, quiet, quiet}, 2);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_TRUE(c[0].refused);
  EXPECT_EQ(votes.demoted(3), (std::vector<bool>{false, true, false}));
  // Opening again while demoted changes nothing; closing promotes.
  EXPECT_TRUE(votes.apply({quiet, opens, quiet}, 2).empty());
  c = votes.apply({quiet, closes, quiet}, 2);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_FALSE(c[0].demoted);
  EXPECT_EQ(votes.demoted(3), (std::vector<bool>(3, false)));
  // A closing for a source never demoted (it was refused) changes nothing.
  EXPECT_TRUE(votes.apply({closes, quiet, quiet}, 2).empty());
}

TEST(Healing, GoingOfflineStopsBlameAndComingBackResyncs) {
  EXPECT_EQ(on_offline(false, false), NetworkHeal::none);
  EXPECT_EQ(on_offline(false, true), NetworkHeal::offline);
  EXPECT_EQ(on_offline(true, true), NetworkHeal::none);  // said once
  EXPECT_EQ(on_offline(true, false), NetworkHeal::resync);
}

TEST(Healing, FailoverRulesComeFromTheRecord) {
  RecordConfig rc;
  rc.providers = {"a", "b"};
  rc.switch_after = 4;
  rc.switch_back_after = 5;
  auto r = failover_rules(rc);
  EXPECT_EQ(r.providers, 2u);
  EXPECT_EQ(r.switch_after, 4);
  EXPECT_EQ(r.switch_back_after, 5);
}

}  // namespace
}  // namespace ddnsguard::controller::healing
