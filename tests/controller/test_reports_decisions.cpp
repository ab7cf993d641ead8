// The decisions report (DESIGN §6): --kind keeps one kind, --limit the newest rows, in
// time order, in both the JSON and the text.

#include <gtest/gtest.h>

#include "controller/cli/reports.hpp"

namespace ddnsguard::controller {
namespace {

using namespace std::chrono_literals;
const TimePoint k_t0{std::chrono::seconds{1767225600}};  // 2026-01-01T00:00:00Z

class DecisionsReport : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 5; ++i)
      m_store->add_decision(
          {k_t0 + i * 1min, DecisionKind::poll, "all", "x", "plan " + std::to_string(i)});
    m_store->add_decision(
        {k_t0 + 30s, DecisionKind::failover, "home.example.com/A", "backup", "primary 5xx"});
  }
  std::unique_ptr<HistoryStore> m_store = HistoryStore::in_memory(nullptr);
};

TEST_F(DecisionsReport, AllByDefault) {
  EXPECT_EQ(decisions_json(*m_store, TimePoint{}).size(), 6u);
}

TEST_F(DecisionsReport, KindKeepsOneKind) {
  auto j = decisions_json(*m_store, TimePoint{}, {"failover", 0});
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["value"], "backup");
  EXPECT_EQ(decisions_json(*m_store, TimePoint{}, {"no-such-kind", 0}).size(), 0u);
  EXPECT_EQ(decisions_text(*m_store, TimePoint{}, {"no-such-kind", 0}), "(no decisions yet)\n");
}

TEST_F(DecisionsReport, LimitKeepsTheNewestInTimeOrder) {
  auto j = decisions_json(*m_store, TimePoint{}, {"poll", 2});
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["rationale"], "plan 3");
  EXPECT_EQ(j[1]["rationale"], "plan 4");
  auto text = decisions_text(*m_store, TimePoint{}, {"", 1});
  EXPECT_NE(text.find("plan 4"), std::string::npos) << text;
  EXPECT_EQ(text.find("plan 3"), std::string::npos) << text;
  EXPECT_EQ(decisions_json(*m_store, TimePoint{}, {"", 100}).size(), 6u) << "more than there are";
}

}  // namespace
}  // namespace ddnsguard::controller
