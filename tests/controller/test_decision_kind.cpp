// Decision kinds (controller/store/decision_kind): typed in the loop, text only in the store
// and the `decisions` output, where the documented names stay.

#include <gtest/gtest.h>

#include "controller/store/history_store.hpp"

namespace ddnsguard::controller {
namespace {

TEST(DecisionKind, KeepsItsDocumentedNames) {
  struct Case {
    DecisionKind kind;
    const char* text;
  };
  const Case cases[] = {{DecisionKind::poll, "poll"},
                        {DecisionKind::failover, "failover"},
                        {DecisionKind::heal, "heal"},
                        {DecisionKind::refresh, "refresh"},
                        {DecisionKind::notify, "notify"}};
  ASSERT_EQ(decision_kind_names().size(), std::size(cases));
  for (std::size_t i = 0; i < std::size(cases); ++i) {
    EXPECT_EQ(to_string(cases[i].kind), cases[i].text);
    EXPECT_EQ(parse_decision_kind(cases[i].text), cases[i].kind) << cases[i].text;
    EXPECT_EQ(decision_kind_names()[i], cases[i].text);
  }
  for (const char* other : {"", "Poll", "update", "poll "})
    EXPECT_EQ(parse_decision_kind(other), std::nullopt) << other;
}

TEST(DecisionKind, EachComesBackFromTheStoreAndTheLastOfAKindIsFound) {
  auto store = HistoryStore::in_memory(nullptr);
  const TimePoint t0{std::chrono::seconds{1767225600}};
  int i = 0;
  for (auto kind : {DecisionKind::poll, DecisionKind::heal, DecisionKind::failover,
                    DecisionKind::refresh, DecisionKind::notify}) {
    store->add_decision({t0 + std::chrono::seconds{i++}, kind, "all", "v",
                         "decided " + std::string(to_string(kind))});
  }
  auto rows = store->decisions(TimePoint{});
  ASSERT_EQ(rows.size(), 5u);
  for (const auto& d : rows)
    EXPECT_EQ(d.rationale, "decided " + std::string(to_string(d.kind)));
  auto last = store->last_decision(DecisionKind::failover);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->kind, DecisionKind::failover);
  EXPECT_EQ(last->at, t0 + std::chrono::seconds{2});
}

TEST(DecisionKind, HealActionsKeepTheirDocumentedNames) {
  struct Case {
    HealAction action;
    const char* text;
  };
  const Case cases[] = {{HealAction::flush, "flush"},   {HealAction::offline, "offline"},
                        {HealAction::resync, "resync"}, {HealAction::re_push, "re-push"},
                        {HealAction::demote, "demote"}, {HealAction::promote, "promote"}};
  for (const auto& c : cases)
    EXPECT_EQ(to_string(c.action), c.text);
}

TEST(DecisionKind, NamedBuildersFillTheRowAsDocumented) {
  const TimePoint t0{std::chrono::seconds{1767225600}};
  auto poll = Decision::poll(t0, t0 + std::chrono::minutes{5}, "plan", false);
  EXPECT_EQ(poll.kind, DecisionKind::poll);
  EXPECT_EQ(poll.subject, "all");
  EXPECT_EQ(poll.value, "2026-01-01T00:05:00Z");
  EXPECT_FALSE(poll.event);
  EXPECT_TRUE(Decision::poll(t0, t0, "network change", true).event);
  auto heal = Decision::heal(t0, "source:1/ipv4", HealAction::demote, "lies");
  EXPECT_EQ(heal.kind, DecisionKind::heal);
  EXPECT_EQ(heal.subject, "source:1/ipv4");
  EXPECT_EQ(heal.value, "demote");
  EXPECT_EQ(heal.rationale, "lies");
  auto fo = Decision::failover(t0, "home.example.com/A", "backup", "primary failed");
  EXPECT_EQ(fo.kind, DecisionKind::failover);
  EXPECT_EQ(fo.value, "backup");
  auto refresh = Decision::refresh(t0, "home.example.com/A", "203.0.113.7", "due");
  EXPECT_EQ(refresh.kind, DecisionKind::refresh);
  EXPECT_EQ(refresh.value, "203.0.113.7");
  auto notify = Decision::notify(t0, "daily_summary", "queued", "text");
  EXPECT_EQ(notify.kind, DecisionKind::notify);
  EXPECT_EQ(notify.subject, "daily_summary");
  EXPECT_EQ(notify.value, "queued");
}

}  // namespace
}  // namespace ddnsguard::controller
