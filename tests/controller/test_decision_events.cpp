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

// `status`, `decisions` and the page may open a store an older daemon still holds, before
// it is migrated: they read it as the migrations would have left it, and change nothing.
TEST(DecisionEvents, ReadersReadAStoreNotYetMigrated) {
  testing::TempDir dir;
  auto path = dir.path() + "/history.db";
  ASSERT_EQ(exec(path, std::string(schema_migrations()[0])), SQLITE_OK);  // version 1
  ASSERT_EQ(exec(path, "PRAGMA user_version = 1;"
                       "INSERT INTO decisions (at, kind, subject, value, rationale) VALUES"
                       " (1, 'poll', 'all', 'x', 'event: network change (eth0): checking now');"
                       "INSERT INTO updates (at, record, type, provider, address, ok, latency_ms)"
                       " VALUES (2, 'home.example.com', 'A', 'cf', '203.0.113.7', 1, 40);"),
            SQLITE_OK);
  auto reader = HistoryStore::open_readonly(path);
  ASSERT_TRUE(reader) << reader.error().message;
  auto d = (*reader)->decisions(k_epoch);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_TRUE(d[0].event);
  auto u = (*reader)->updates(k_epoch);
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].call, CallKind::update);
  EXPECT_EQ(u[0].provider, "cf");
  reader->reset();
  sqlite3* db = nullptr;  // untouched: still version 1
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), 1);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

}  // namespace
}  // namespace ddnsguard::controller
