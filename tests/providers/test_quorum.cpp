#include "providers/sources/quorum.hpp"

#include <gtest/gtest.h>

namespace ddnsguard::providers {
namespace {

const Address k_a = *Address::parse("198.51.100.7");
const Address k_b = *Address::parse("203.0.113.9");

QuorumVote ok(const char* label, const Address& a) {
  return {label, a, "", false};
}
QuorumVote failed(const char* label) {
  return {label, std::nullopt, "timed out", false};
}
QuorumVote rejected(const char* label) {
  return {label, Address::parse("10.0.0.1"), "private_net", true};
}

using Labels = std::vector<std::string>;

TEST(DecideQuorum, Table) {
  struct Case {
    const char* what;
    std::vector<QuorumVote> votes;
    int quorum;
    std::optional<Address> want;
    int want_votes;
    Labels disagreed, failed, rejected;
  };
  const Case cases[] = {
      {"unanimous", {ok("s0", k_a), ok("s1", k_a), ok("s2", k_a)}, 2, k_a, 3, {}, {}, {}},
      {"2 of 3 agree", {ok("s0", k_a), ok("s1", k_b), ok("s2", k_a)}, 2, k_a, 2, {"s1"}, {}, {}},
      {"tie is no quorum", {ok("s0", k_a), ok("s1", k_b)}, 1, std::nullopt, 1, {}, {}, {}},
      {"all fail", {failed("s0"), failed("s1")}, 1, std::nullopt, 0, {}, {"s0", "s1"}, {}},
      {"too few agree",
       {ok("s0", k_a), failed("s1"), ok("s2", k_b)},
       2,
       std::nullopt,
       1,
       {},
       {"s1"},
       {}},
      {"quorum capped at the source count", {ok("s0", k_a), ok("s1", k_a)}, 5, k_a, 2, {}, {}, {}},
      {"quorum below 1 means 1", {ok("s0", k_a)}, 0, k_a, 1, {}, {}, {}},
      {"rejected answers do not count",
       {ok("s0", k_a), rejected("s1"), rejected("s2")},
       2,
       std::nullopt,
       1,
       {},
       {},
       {"s1", "s2"}},
      {"rejected answers do not block a winner",
       {ok("s0", k_a), ok("s1", k_a), rejected("s2")},
       2,
       k_a,
       2,
       {},
       {},
       {"s2"}},
      {"strict plurality wins over a minority",
       {ok("s0", k_a), ok("s1", k_a), ok("s2", k_b), failed("s3")},
       2,
       k_a,
       2,
       {"s2"},
       {"s3"},
       {}},
      {"no votes at all", {}, 1, std::nullopt, 0, {}, {}, {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto d = decide_quorum(c.votes, c.quorum);
    EXPECT_EQ(d.address, c.want);
    EXPECT_EQ(d.votes, c.want_votes);
    EXPECT_EQ(d.disagreed, c.disagreed);
    EXPECT_EQ(d.failed, c.failed);
    EXPECT_EQ(d.rejected, c.rejected);
    EXPECT_FALSE(d.reason.empty());
  }
}

TEST(DecideQuorum, ReasonNamesTheVerdict) {
  auto won = decide_quorum({ok("s0", k_a), ok("s1", k_b), ok("s2", k_a)}, 2);
  EXPECT_EQ(won.reason, "quorum 2/3 for 198.51.100.7");
  EXPECT_EQ(won.agreed, (Labels{"s0", "s2"}));
  EXPECT_EQ(won.needed, 2);
  auto tie = decide_quorum({ok("s0", k_a), ok("s1", k_b)}, 1);
  EXPECT_NE(tie.reason.find("tie"), std::string::npos) << tie.reason;
  auto none = decide_quorum({failed("s0"), rejected("s1")}, 1);
  EXPECT_EQ(none.reason, "no quorum: no valid answer (1 failed, 1 rejected)");
}

TEST(DecideQuorum, ADemotedSourceNeitherVotesNorRaisesTheCap) {
  auto liar = ok("s0", k_b);
  liar.demoted = true;
  auto d = decide_quorum({liar, ok("s1", k_a), ok("s2", k_a)}, 2);
  EXPECT_EQ(d.address, k_a);
  EXPECT_EQ(d.needed, 2);
  EXPECT_EQ(d.votes, 2);
  // Two demoted liars cannot outvote one honest source; the cap drops to the one voter.
  auto liar2 = ok("s1", k_b);
  liar2.demoted = true;
  d = decide_quorum({liar, liar2, ok("s2", k_a)}, 2);
  EXPECT_EQ(d.address, k_a);
  EXPECT_EQ(d.needed, 1);
}

}  // namespace
}  // namespace ddnsguard::providers
