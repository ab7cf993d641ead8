// Poll decisions carry whether an event set the check (not charged to the daily budget):
// written and read as a column, and learnt from the rationale for rows an older version
// wrote (schema 003).

#include <sqlite3.h>

#include <gtest/gtest.h>

#include "controller/store/history_store.hpp"
#include "controller/store/schema.hpp"
#include "tests/support/process.hpp"

namespace ddnsguard::controller {
namespace {

const TimePoint k_epoch{};

TimePoint at_ms(std::int64_t ms) {
  return TimePoint{std::chrono::milliseconds{ms}};
}

int exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return rc;
}

TEST(DecisionEvents, AStoreFromBeforeTheFlagLearnsItFromTheRationale) {
  testing::TempDir dir;
  auto path = dir.path() + "/history.db";
  for (std::size_t v = 0; v < 2; ++v)  // the schema as version 2 left it
    ASSERT_EQ(exec(path, std::string(schema_migrations()[v])), SQLITE_OK);
  ASSERT_EQ(exec(path, "PRAGMA user_version = 2;"
                       "INSERT INTO decisions (at, kind, subject, value, rationale) VALUES"
                       " (1, 'poll', 'all', 'x', 'event: a provider''s backoff ends'),"
                       " (2, 'poll', 'all', 'y', 'adaptive: planned'),"
                       " (3, 'heal', 'ipv4', 'flush', 'event: not a poll decision');"),
            SQLITE_OK);
  auto store = HistoryStore::open(path, nullptr);
  ASSERT_FALSE(store->degraded()) << store->degraded_reason();
  auto d = store->decisions(k_epoch);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_TRUE(d[0].event);
  EXPECT_FALSE(d[1].event);
  EXPECT_FALSE(d[2].event);
}

TEST(DecisionEvents, TheFlagIsWrittenAndReadBack) {
  auto store = HistoryStore::in_memory(nullptr);
  store->add_decision({at_ms(1), DecisionKind::poll, "all", "x", "network change", true});
  store->add_decision({at_ms(2), DecisionKind::poll, "all", "y", "adaptive: planned"});
  auto d = store->decisions(k_epoch);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_TRUE(d[0].event);
  EXPECT_FALSE(d[1].event);
  auto last = store->last_decision(DecisionKind::poll);
  ASSERT_TRUE(last);
  EXPECT_FALSE(last->event);
}

}  // namespace
}  // namespace ddnsguard::controller
