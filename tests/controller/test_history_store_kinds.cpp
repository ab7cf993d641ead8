// The kinds the store keeps as text (anomaly, decision and provider-call kinds): written
// under their documented names, and a row whose kind this build does not know (a newer
// version wrote it) is skipped when read, never taken for another kind.

#include <sqlite3.h>

#include <gtest/gtest.h>

#include "controller/store/history_store.hpp"
#include "tests/support/process.hpp"

namespace ddnsguard::controller {
namespace {

using namespace std::chrono_literals;
const TimePoint k_t0{std::chrono::seconds{1767225600}};
const providers::Record k_a{"home.example.com", providers::Family::ipv4};

class HistoryStoreKinds : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = HistoryStore::open(m_path, nullptr);
    Anomaly a;
    a.kind = AnomalyKind::source_disagreement;
    a.subject = "provider:cf";
    a.opened_at = k_t0;
    store->open_anomaly(a);
    a.kind = AnomalyKind::provider_errors;
    store->open_anomaly(a);
    store->add_decision({k_t0, DecisionKind::failover, "home.example.com/A", "pdns", "why"});
    store->add_decision({k_t0 + 1s, DecisionKind::poll, "all", "x", "why"});
    store->add_update(UpdateAttempt::succeeded(CallKind::probe, k_t0, k_a, "cf", "", 5ms));
    store->add_update(UpdateAttempt::succeeded(CallKind::read, k_t0 + 1s, k_a, "cf", "", 5ms));
  }
  // Runs `sql` on the store's file and returns the first column of its first row.
  std::string sql(const std::string& query) const {
    sqlite3* db = nullptr;
    sqlite3_open(m_path.c_str(), &db);
    sqlite3_stmt* st = nullptr;
    std::string out = "<none>";
    if (sqlite3_prepare_v2(db, query.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != nullptr) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
  }

  testing::TempDir m_dir;
  std::string m_path = m_dir.path() + "/history.db";
};

TEST_F(HistoryStoreKinds, AreStoredUnderTheirDocumentedNames) {
  EXPECT_EQ(sql("SELECT group_concat(kind, ',') FROM (SELECT kind FROM anomalies ORDER BY id)"),
            "source_disagreement,provider_errors");
  EXPECT_EQ(sql("SELECT group_concat(kind, ',') FROM (SELECT kind FROM decisions ORDER BY at)"),
            "failover,poll");
  EXPECT_EQ(sql("SELECT group_concat(call, ',') FROM (SELECT call FROM updates ORDER BY at)"),
            "probe,read");
}

TEST_F(HistoryStoreKinds, AKindThisBuildDoesNotKnowIsSkippedNotMisread) {
  sql("UPDATE anomalies SET kind = 'future_kind' WHERE kind = 'source_disagreement'");
  sql("UPDATE decisions SET kind = 'future_kind' WHERE kind = 'failover'");
  sql("UPDATE updates SET call = 'future_call' WHERE call = 'probe'");
  auto store = HistoryStore::open(m_path, nullptr);
  auto open = store->anomalies(TimePoint{}, true);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].kind, AnomalyKind::provider_errors);
  auto decisions = store->decisions(TimePoint{});
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].kind, DecisionKind::poll);
  auto calls = store->provider_calls(TimePoint{});
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].call, CallKind::read);
}

}  // namespace
}  // namespace ddnsguard::controller
