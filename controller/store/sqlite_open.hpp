#pragma once
// Internal to the history store: opening SQLite connections (file, memory, read-only) and
// bringing their schema up to date (migrations, each in one transaction).

#include <string>

#include "controller/store/history_rows.hpp"
#include "providers/base/result.hpp"

namespace ddnsguard::controller::sqlite_open {

inline constexpr const char* k_memory_path = ":memory:";

// Runs `sql`; an error names `path` and SQLite's reason.
providers::Result<void> exec(sqlite3* db, const std::string& sql, const std::string& path);
// PRAGMA user_version; also the first read of a new connection (a non-database fails here).
providers::Result<int> user_version(sqlite3* db, const std::string& path);
// The store file at `path`, created when absent, in WAL mode and migrated.
providers::Result<history_rows::SqliteDb> open_file(const std::string& path);
// A migrated database in memory (the store's fallback, and tests).
providers::Result<history_rows::SqliteDb> open_memory();
// `path` read-only, also in a directory we cannot write (see open_reader in the .cpp).
providers::Result<history_rows::SqliteDb> open_reader(const std::string& path);

}  // namespace ddnsguard::controller::sqlite_open
