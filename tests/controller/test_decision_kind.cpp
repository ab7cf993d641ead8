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

}  // namespace
}  // namespace ddnsguard::controller
