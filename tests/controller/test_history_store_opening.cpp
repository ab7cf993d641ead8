// Opening the history store's file: WAL and schema migration, degrading to memory (missing
// directory, garbage, a newer schema, a failed write) and read-only opens beside a writer.

#include "controller/store/history_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <utility>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/fsuid.h>
#endif

#include <spdlog/sinks/ostream_sink.h>
#include <sqlite3.h>

#include "controller/store/schema.hpp"
#include "tests/controller/history_store_test_support.hpp"

using namespace ddnsguard::controller::history_store_testing;
using ddnsguard::controller::DecisionKind;
using ddnsguard::controller::HistoryStore;
using ddnsguard::controller::schema_migrations;
using ddnsguard::providers::ErrorClass;
using ddnsguard::providers::Family;
namespace fs = std::filesystem;

namespace {

// A logger whose lines ("<level> <message>") land in a string, to count errors.
struct CapturedLog {
  std::ostringstream out;
  std::shared_ptr<spdlog::logger> log;
  CapturedLog() {
    log = std::make_shared<spdlog::logger>("history",
                                           std::make_shared<spdlog::sinks::ostream_sink_st>(out));
    log->set_pattern("%l %v");
  }
  int errors() const {
    const auto text = out.str();
    int n = 0;
    for (auto pos = text.find("error "); pos != std::string::npos;
         pos = text.find("\nerror ", pos + 1)) {
      ++n;
    }
    return n;
  }
};

// Raw SQLite access to the file behind a store, for what the store does not expose.
struct RawDb {
  explicit RawDb(const std::string& path) { sqlite3_open(path.c_str(), &db); }
  ~RawDb() { sqlite3_close(db); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  std::string text(const char* sql) const {
    sqlite3_stmt* st = nullptr;
    std::string out = "<error>";
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      const auto* p = sqlite3_column_text(st, 0);
      out = p != nullptr ? reinterpret_cast<const char*>(p) : "";
    }
    sqlite3_finalize(st);
    return out;
  }
  int exec(const char* sql) const { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr); }
  sqlite3* db = nullptr;
};

}  // namespace

TEST_F(HistoryStoreTest, FileStoreUsesWalAndTheNewestSchema) {
  auto store = HistoryStore::open(m_path, nullptr);
  ASSERT_FALSE(store->degraded()) << store->degraded_reason();
  const auto newest = static_cast<int>(schema_migrations().size());
  EXPECT_GE(newest, 1);
  EXPECT_EQ(store->schema_version(), newest);
  RawDb raw(m_path);
  EXPECT_EQ(raw.text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw.text("PRAGMA user_version"), std::to_string(newest));
}

TEST_F(HistoryStoreTest, MigratesAVersionZeroDatabase) {
  {
    RawDb raw(m_path);
    ASSERT_EQ(raw.exec("CREATE TABLE unrelated (x); PRAGMA user_version = 0;"), SQLITE_OK);
  }
  auto store = HistoryStore::open(m_path, nullptr);
  ASSERT_FALSE(store->degraded()) << store->degraded_reason();
  EXPECT_EQ(store->schema_version(), static_cast<int>(schema_migrations().size()));
  store->add_decision({at_ms(1), DecisionKind::poll, "ipv4", "10s", "why"});
  EXPECT_EQ(store->decisions(k_epoch).size(), 1u);
  store.reset();
  // Reopening a current database migrates nothing and keeps the rows.
  auto again = HistoryStore::open(m_path, nullptr);
  EXPECT_FALSE(again->degraded());
  EXPECT_EQ(again->decisions(k_epoch).size(), 1u);
}

TEST_F(HistoryStoreTest, FutureSchemaDegradesAndIsRefusedReadOnly) {
  {
    RawDb raw(m_path);
    ASSERT_EQ(raw.exec("PRAGMA user_version = 999;"), SQLITE_OK);
  }
  CapturedLog captured;
  auto store = HistoryStore::open(m_path, captured.log);
  EXPECT_TRUE(store->degraded());
  EXPECT_NE(store->degraded_reason().find("999"), std::string::npos) << store->degraded_reason();
  EXPECT_EQ(captured.errors(), 1) << captured.out.str();
  store->add_decision({at_ms(1), DecisionKind::poll, "ipv4", "10s", "why"});
  EXPECT_EQ(store->decisions(k_epoch).size(), 1u);

  const auto ro = HistoryStore::open_readonly(m_path);
  ASSERT_FALSE(ro.has_value());
  EXPECT_EQ(ro.error().cls, ErrorClass::config);
  EXPECT_NE(ro.error().message.find("newer"), std::string::npos) << ro.error().message;
  EXPECT_NE(ro.error().message.find(m_path), std::string::npos) << ro.error().message;
  store.reset();
  EXPECT_EQ(RawDb(m_path).text("PRAGMA user_version"), "999");  // left alone
}

TEST_F(HistoryStoreTest, MissingDirectoryDegradesToMemory) {
  CapturedLog captured;
  const auto path = (m_dir / "missing" / "history.db").string();
  auto store = HistoryStore::open(path, captured.log);
  EXPECT_TRUE(store->degraded());
  EXPECT_FALSE(store->degraded_reason().empty());
  EXPECT_EQ(captured.errors(), 1) << captured.out.str();
  EXPECT_NE(captured.out.str().find(path), std::string::npos);
  store->add_observation(observation(1));
  store->add_update(update(2));
  EXPECT_EQ(store->observations(k_epoch).size(), 1u);
  EXPECT_EQ(store->updates(k_epoch).size(), 1u);
  EXPECT_GT(store->open_anomaly(anomaly(3)), 0);
  EXPECT_EQ(store->schema_version(), static_cast<int>(schema_migrations().size()));
  EXPECT_EQ(captured.errors(), 1);
  EXPECT_FALSE(fs::exists(path));
}

TEST_F(HistoryStoreTest, GarbageFileDegradesAndIsLeftUntouched) {
  std::string garbage(4096, '\0');
  for (std::size_t i = 0; i < garbage.size(); ++i)
    garbage[i] = static_cast<char>(i * 7 + 3);
  std::ofstream(m_path, std::ios::binary) << garbage;

  auto store = HistoryStore::open(m_path, nullptr);  // no logger: nothing logged, no crash
  EXPECT_TRUE(store->degraded());
  store->add_decision({at_ms(1), DecisionKind::poll, "ipv4", "10s", "why"});
  EXPECT_EQ(store->decisions(k_epoch).size(), 1u);
  EXPECT_EQ(file_bytes(m_path), garbage);
  EXPECT_FALSE(HistoryStore::open_readonly(m_path).has_value());
}

TEST_F(HistoryStoreTest, WriteFailureMidRunMovesToMemoryOnce) {
  CapturedLog captured;
  auto store = HistoryStore::open(m_path, captured.log);
  ASSERT_FALSE(store->degraded());
  store->add_update(update(1));
  store->set_published({"home.example.com", "A", "cf", "203.0.113.7", at_ms(1), true});
  store->add_ip_change({at_ms(1), Family::ipv4, std::nullopt, "203.0.113.7", "q", std::nullopt});
  EXPECT_EQ(captured.errors(), 0);

  store->simulate_write_failure_for_test();
  store->add_update(update(2));  // fails on the file, lands in memory
  EXPECT_TRUE(store->degraded());
  EXPECT_NE(store->degraded_reason().find("write failed"), std::string::npos);
  store->add_update(update(3));
  store->add_observation(observation(4));
  const auto ups = store->updates(k_epoch);
  ASSERT_EQ(ups.size(), 2u);
  EXPECT_EQ(ups[0].at, at_ms(2));
  EXPECT_EQ(ups[1].at, at_ms(3));
  EXPECT_EQ(store->observations(k_epoch).size(), 1u);
  // What providers hold and the last address survive the move (no resend, no false change).
  ASSERT_EQ(store->published().size(), 1u);
  EXPECT_EQ(store->published()[0].address, "203.0.113.7");
  ASSERT_TRUE(store->last_ip_change(Family::ipv4));
  EXPECT_EQ(store->last_ip_change(Family::ipv4)->new_address, "203.0.113.7");
  EXPECT_EQ(captured.errors(), 1) << captured.out.str();
  store.reset();
  // The file kept what was written before the failure.
  auto ro = HistoryStore::open_readonly(m_path);
  ASSERT_TRUE(ro.has_value()) << ro.error().message;
  EXPECT_EQ((*ro)->updates(k_epoch).size(), 1u);
}

TEST_F(HistoryStoreTest, ReadOnlyOpenReadsWhileAnotherStoreWrites) {
  auto writer = HistoryStore::open(m_path, nullptr);
  ASSERT_FALSE(writer->degraded());
  writer->add_update(update(0));
  auto reader = HistoryStore::open_readonly(m_path);
  ASSERT_TRUE(reader.has_value()) << reader.error().message;
  EXPECT_EQ((*reader)->schema_version(), static_cast<int>(schema_migrations().size()));

  constexpr int k_rows = 300;
  std::atomic<bool> done{false};
  std::thread writing([&] {
    for (int i = 1; i <= k_rows; ++i)
      writer->add_update(update(i));
    done = true;
  });
  std::size_t seen = 0;
  bool never_went_back = true;
  while (!done) {
    const auto n = (*reader)->updates(k_epoch).size();
    never_went_back = never_went_back && n >= seen;
    seen = n;
  }
  writing.join();
  EXPECT_TRUE(never_went_back);
  EXPECT_EQ((*reader)->updates(k_epoch).size(), static_cast<std::size_t>(k_rows + 1));
  EXPECT_FALSE(writer->degraded());
  EXPECT_FALSE((*reader)->degraded());
}

TEST_F(HistoryStoreTest, ReadOnlyOpenOfAClosedWalDatabase) {
  {
    auto writer = HistoryStore::open(m_path, nullptr);
    writer->add_decision({at_ms(1), DecisionKind::poll, "ipv4", "10s", "why"});
  }
  EXPECT_FALSE(fs::exists(m_path + "-wal"));  // checkpointed on close
  auto reader = HistoryStore::open_readonly(m_path);
  ASSERT_TRUE(reader.has_value()) << reader.error().message;
  EXPECT_EQ((*reader)->decisions(k_epoch).size(), 1u);
}

#ifdef __linux__
// Runs `read` on this thread as "nobody" for file access (setfsuid), since root ignores
// permissions; returns the number of decisions read, or -1 when open_readonly failed. The
// store's files are private (0600), so as root they are first given to nobody: the reader
// owns them but still cannot write the directory.
int decisions_read_as_nobody(const std::string& path) {
  const bool root = geteuid() == 0;
  for (const auto* suffix : {"", "-wal", "-shm"}) {
    const auto file = path + suffix;
    if (root && fs::exists(file)) {
      EXPECT_EQ(chown(file.c_str(), 65534, 65534), 0);
    }
  }
  if (root) setfsuid(65534);
  int n = -1;
  if (auto reader = HistoryStore::open_readonly(path)) {
    n = static_cast<int>((*reader)->decisions(k_epoch).size());
  } else {
    ADD_FAILURE() << reader.error().message;
  }
  if (root) setfsuid(0);
  return n;
}

// A reader that may not write the state directory (a report run by another user), while
// another process writes and after it has closed (no -shm file left, none creatable).
TEST_F(HistoryStoreTest, ReadOnlyOpenInADirectoryItCannotWrite) {
  ASSERT_EQ(chmod(m_dir.c_str(), 0555), 0);
  int ready[2];
  int finish[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(finish), 0);
  const pid_t writer = fork();
  ASSERT_GE(writer, 0);
  if (writer == 0) {  // child: own process, own SQLite state; holds the store until told
    close(ready[0]);
    close(finish[1]);
    {
      auto store = HistoryStore::open(m_path, nullptr);
      store->add_decision({at_ms(1), DecisionKind::poll, "ipv4", "10s", "why"});
      const char ok = store->degraded() ? 'n' : 'y';
      char done = 0;
      if (write(ready[1], &ok, 1) != 1 || read(finish[0], &done, 1) < 0) _exit(1);
    }
    _exit(0);
  }
  close(ready[1]);
  close(finish[0]);
  struct Reap {  // on every path: release the child, wait for it, restore the directory
    int fd;
    pid_t pid;
    const fs::path& dir;
    ~Reap() {
      if (fd >= 0) close(fd);
      waitpid(pid, nullptr, 0);
      chmod(dir.c_str(), 0700);
    }
  } reap{finish[1], writer, m_dir};
  char ok = 0;
  ASSERT_EQ(read(ready[0], &ok, 1), 1);
  close(ready[0]);
  ASSERT_EQ(ok, 'y');
  ASSERT_TRUE(fs::exists(m_path + "-shm"));
  EXPECT_EQ(decisions_read_as_nobody(m_path), 1);

  close(std::exchange(reap.fd, -1));
  int status = 0;
  ASSERT_EQ(waitpid(writer, &status, 0), writer);
  reap.pid = -1;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ASSERT_FALSE(fs::exists(m_path + "-shm"));
  EXPECT_EQ(decisions_read_as_nobody(m_path), 1);
}
#endif

TEST_F(HistoryStoreTest, ReadOnlyOpenOfAMissingFileNamesThePath) {
  const auto ro = HistoryStore::open_readonly(m_path);
  ASSERT_FALSE(ro.has_value());
  EXPECT_EQ(ro.error().cls, ErrorClass::config);
  EXPECT_NE(ro.error().message.find(m_path), std::string::npos) << ro.error().message;
  EXPECT_FALSE(fs::exists(m_path));
}
