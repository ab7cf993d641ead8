// The store's writer connection: WAL, and a bounded memory footprint (a small page cache,
// no memory map of the file).

#include "controller/store/sqlite_open.hpp"

#include <sqlite3.h>

#include <string>

#include <gtest/gtest.h>

#include "tests/support/process.hpp"

namespace ddnsguard::controller {
namespace {

std::string pragma(sqlite3* db, const char* name) {
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, (std::string("PRAGMA ") + name).c_str(), -1, &st, nullptr),
            SQLITE_OK);
  std::string out;
  if (sqlite3_step(st) == SQLITE_ROW) {
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  return out;
}

TEST(SqliteOpen, TheWriterKeepsItsMemorySmall) {
  testing::TempDir dir;
  auto db = sqlite_open::open_file(dir.path() + "/history.db");
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ(pragma(db->get(), "journal_mode"), "wal");
  EXPECT_EQ(pragma(db->get(), "cache_size"), "-256");  // KiB
  EXPECT_EQ(pragma(db->get(), "mmap_size"), "0");
}

}  // namespace
}  // namespace ddnsguard::controller
