#include "controller/store/sqlite_open.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "controller/platform/file_access.hpp"
#include "controller/store/schema.hpp"

namespace ddnsguard::controller::sqlite_open {

using history_rows::SqliteDb;
using history_rows::SqliteStmt;
using providers::ErrorClass;
using providers::fail;
using providers::Result;

namespace {

constexpr int k_busy_timeout_ms = 2000;

int known_version() {
  return static_cast<int>(schema_migrations().size());
}

// One line naming the file and SQLite's reason; busy is worth a retry, the rest is not.
tl::unexpected<providers::Error> sqlite_failure(sqlite3* db, int rc, const std::string& path) {
  const std::string why = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const auto cls = (rc & 0xff) == SQLITE_BUSY ? ErrorClass::transient : ErrorClass::config;
  return fail(cls, fmt::format("history store {}: {}", path, why));
}

Result<void> check_known(int version, const std::string& path) {
  if (version <= known_version()) return {};
  return fail(
      ErrorClass::config,
      fmt::format("history store {}: schema version {} is newer than this binary knows ({})", path,
                  version, known_version()));
}

// Applies the pending migrations, each with its user_version in one transaction. The version
// is re-read under the write lock, so two processes opening at once migrate only once.
Result<void> migrate(sqlite3* db, const std::string& path) {
  for (;;) {
    if (auto begun = exec(db, "BEGIN IMMEDIATE", path); !begun) return begun;
    const auto version = user_version(db, path);
    auto step = version ? check_known(*version, path) : tl::unexpected(version.error());
    const bool pending = step && *version < known_version();
    if (pending) {
      const auto& sql = schema_migrations()[static_cast<std::size_t>(*version)];
      step = exec(db, fmt::format("{}\n;PRAGMA user_version = {};", sql, *version + 1), path);
    }
    if (step) step = exec(db, "COMMIT", path);
    if (!step) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return step;
    }
    if (!pending) return {};
  }
}

Result<SqliteDb> open_connection(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  SqliteDb db{raw};
  if (rc != SQLITE_OK) return sqlite_failure(db.get(), rc, path);
  sqlite3_busy_timeout(db.get(), k_busy_timeout_ms);
  return db;
}

// "file:" URI of `path` with `immutable=1`: read without the -shm file, for a WAL database
// in a directory we cannot write when no writer has it open (the -shm file is absent).
std::string immutable_uri(const std::string& path) {
  std::string uri = "file:";
  for (const char c : path) {
    if (c == '?' || c == '#' || c == '%') {
      uri += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    } else {
      uri += c;
    }
  }
  return uri + "?immutable=1";
}

}  // namespace

Result<void> exec(sqlite3* db, const std::string& sql, const std::string& path) {
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return sqlite_failure(db, rc, path);
  return {};
}

// Also the first read of a new connection: a file that is not a database fails here.
Result<int> user_version(sqlite3* db, const std::string& path) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &raw, nullptr);
  const SqliteStmt st{raw};
  if (rc == SQLITE_OK) rc = sqlite3_step(st.get());
  if (rc != SQLITE_ROW) return sqlite_failure(db, rc, path);
  return sqlite3_column_int(st.get(), 0);
}

Result<SqliteDb> open_file(const std::string& path) {
  make_private_file(path);  // history may hold addresses and errors: owner only
  for (const char* derived : {"-wal", "-shm"})
    make_private_file(path + derived, false);
  auto db = open_connection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!db) return db;
  const auto version = user_version(db->get(), path);
  if (!version) return tl::unexpected(version.error());
  if (auto known = check_known(*version, path); !known) return tl::unexpected(known.error());
  // A small page cache (256 KiB; a pass touches a few pages) and no memory map: the file's
  // pages stay out of the daemon's resident memory.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
                             "PRAGMA cache_size=-256", "PRAGMA mmap_size=0"}) {
    if (auto set = exec(db->get(), pragma, path); !set) return tl::unexpected(set.error());
  }
  if (auto migrated = migrate(db->get(), path); !migrated) {
    return tl::unexpected(migrated.error());
  }
  return db;
}

Result<SqliteDb> open_memory() {
  auto db = open_connection(k_memory_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!db) return db;
  if (auto migrated = migrate(db->get(), k_memory_path); !migrated) {
    return tl::unexpected(migrated.error());
  }
  return db;
}

// A store an older daemon still holds (not yet migrated) lacks the columns later schemas
// add: temporary views (this connection only, nothing written) add them with the values
// the migrations would give, so the readers' statements work on it.
Result<void> add_reader_views(sqlite3* db, int version, const std::string& path) {
  std::string sql;
  if (version >= 1 && version < 2)
    sql += "CREATE TEMP VIEW updates AS SELECT *, 'update' AS call FROM main.updates;";
  if (version >= 1 && version < 3) {
    sql += "CREATE TEMP VIEW decisions AS SELECT *, (kind = 'poll' AND rationale LIKE "
           "'event: %') AS event FROM main.decisions;";
  }
  if (sql.empty()) return {};
  return exec(db, sql, path);
}

Result<SqliteDb> open_reader(const std::string& path) {
  auto db = open_connection(path, SQLITE_OPEN_READONLY);
  auto version = db ? user_version(db->get(), path) : tl::unexpected(db.error());
  std::error_code ec;
  if (!version && !std::filesystem::exists(path + "-shm", ec)) {
    auto frozen = open_connection(immutable_uri(path), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
    auto frozen_version = frozen ? user_version(frozen->get(), path) : version;
    if (frozen_version) {
      db = std::move(frozen);
      version = frozen_version;
    }
  }
  if (!version) return tl::unexpected(version.error());
  if (auto known = check_known(*version, path); !known) return tl::unexpected(known.error());
  if (auto views = add_reader_views(db->get(), *version, path); !views)
    return tl::unexpected(views.error());
  return db;
}

}  // namespace ddnsguard::controller::sqlite_open
