#pragma once
// The history store's connection, its fallback to memory and its three primitives (prepare,
// write, read). Private to controller/store/: only history_store.cpp includes it.

#include <array>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <sqlite3.h>

#include "controller/store/history_rows.hpp"
#include "controller/store/history_store.hpp"
#include "controller/store/sqlite_open.hpp"

namespace ddnsguard::controller {

// The two files of the store name these unqualified.
using history_rows::bind_row;
using history_rows::read_row;
using history_rows::SqliteDb;
using history_rows::SqliteStmt;
using history_rows::Stmt;
using history_rows::to_ms;
using providers::ErrorClass;
using providers::fail;
using providers::Result;
using sqlite_open::exec;
using sqlite_open::k_memory_path;
using sqlite_open::open_file;
using sqlite_open::open_memory;
using sqlite_open::open_reader;
using sqlite_open::user_version;

struct HistoryStore::Impl {
  std::shared_ptr<spdlog::logger> log;
  std::string path;  // what was asked for, for log lines
  std::mutex mutex;
  SqliteDb db;
  std::array<SqliteStmt, history_rows::k_stmt_count> stmts;  // after db: finalized first
  bool in_memory = false;                                    // the live connection is ":memory:"
  bool degraded = false;
  std::string reason;
  bool memory_error_logged = false;
  bool read_error_logged = false;
  std::shared_ptr<const providers::Redactor> redactor;

  // Masks the secrets out of text columns before they are written.
  template <class... Text> void mask(Text&... text) const {
    if (redactor) ((text = redactor->mask(text)), ...);
  }

  // Logs `why` once and continues on a fresh, migrated in-memory database. What the
  // controller must not forget (what each provider holds, the last address per family) is
  // carried over while the file can still be read.
  void fall_back(const std::string& why) {
    if (log) log->error("history store unusable, continuing in memory path={} error={}", path, why);
    std::vector<Published> keep_published;
    std::vector<IpChange> keep_changes;
    if (db) keep_published = read<Published>(Stmt::published, [](sqlite3_stmt*) {});
    for (auto family : {providers::Family::ipv4, providers::Family::ipv6}) {
      if (!db) break;
      const auto name = providers::to_string(family);
      for (auto& c : read<IpChange>(Stmt::last_ip_change, [&](sqlite3_stmt* st) {
             sqlite3_bind_text(st, 1, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
           })) {
        keep_changes.push_back(std::move(c));
      }
    }
    for (auto& st : stmts)
      st.reset();
    db.reset();
    in_memory = true;
    degraded = true;
    reason = why;
    auto memory = open_memory();
    if (!memory) {
      if (log)
        log->error("history store in-memory fallback failed error={}", memory.error().message);
      return;
    }
    db = std::move(*memory);
    for (const auto& p : keep_published) {
      write(Stmt::set_published, [&p](sqlite3_stmt* st) { history_rows::bind_row(st, p); });
    }
    for (const auto& c : keep_changes) {
      write(Stmt::add_ip_change, [&c](sqlite3_stmt* st) { history_rows::bind_row(st, c); });
    }
  }

  // The cached statement for `s`, prepared on first use; nullptr with `error` set on failure.
  sqlite3_stmt* prepare(Stmt s, std::string& error) {
    if (!db) {
      error = "no database";
      return nullptr;
    }
    auto& slot = stmts.at(static_cast<std::size_t>(s));
    if (!slot) {
      const auto text = history_rows::sql(s);
      sqlite3_stmt* raw = nullptr;
      const int rc = sqlite3_prepare_v3(db.get(), text.data(), static_cast<int>(text.size()),
                                        SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
      slot.reset(raw);
      if (rc != SQLITE_OK) {
        error = sqlite3_errmsg(db.get());
        slot.reset();
        return nullptr;
      }
    }
    return slot.get();
  }

  // Runs one write; on failure of the file database falls back to memory and retries there.
  // Returns whether the row was written; `changed` gets the number of rows it touched.
  template <class Bind> bool write(Stmt s, const Bind& bind, int* changed = nullptr) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      std::string error;
      if (sqlite3_stmt* st = prepare(s, error)) {
        bind(st);
        const int rc = sqlite3_step(st);
        if (rc != SQLITE_DONE) error = sqlite3_errmsg(db.get());
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        if (rc == SQLITE_DONE) {
          if (changed != nullptr) *changed = sqlite3_changes(db.get());
          return true;
        }
      }
      if (in_memory) {
        if (log && !std::exchange(memory_error_logged, true)) {
          log->error("history store in-memory write failed error={}", error);
        }
        return false;
      }
      fall_back("write failed: " + error);
    }
    return false;
  }

  // Runs one query and maps every row; on failure logs once and returns what it read.
  template <class Row, class Bind> std::vector<Row> read(Stmt s, const Bind& bind) {
    std::vector<Row> rows;
    std::string error;
    sqlite3_stmt* st = prepare(s, error);
    if (st != nullptr) {
      bind(st);
      int rc = SQLITE_ROW;
      while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        Row row;
        if (read_row(st, row)) rows.push_back(std::move(row));  // false: a row to skip
      }
      if (rc != SQLITE_DONE) error = sqlite3_errmsg(db.get());
      sqlite3_reset(st);
      sqlite3_clear_bindings(st);
      if (rc == SQLITE_DONE) return rows;
    }
    if (log && !std::exchange(read_error_logged, true)) {
      log->error("history store read failed path={} error={}", path, error);
    }
    return rows;
  }
};

}  // namespace ddnsguard::controller
