// The history store's files on disk: who may read them, what a report says when the path
// is wrong, damage found by the integrity check, and going to memory on request.
#include "controller/store/history_store.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "controller/telemetry/logging.hpp"
#include "tests/support/process.hpp"

namespace ddnsguard::controller {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

unsigned mode_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

Decision decision(int ms) {
  return {TimePoint{std::chrono::milliseconds{ms}}, ddnsguard::controller::DecisionKind::poll,
          "ipv4", "10s", "why"};
}

TEST(HistoryStoreFiles, ANewDatabaseAndItsWalAreTheOwnersOnly) {
  TempDir dir;
  const auto path = dir.path() + "/history.db";
  auto store = HistoryStore::open(path, nullptr);
  store->add_decision(decision(1));
  EXPECT_EQ(mode_of(path), 0600u);
  ASSERT_TRUE(fs::exists(path + "-wal"));
  EXPECT_EQ(mode_of(path + "-wal"), 0600u);
  EXPECT_EQ(mode_of(path + "-shm"), 0600u);
}

TEST(HistoryStoreFiles, AnExistingWorldReadableDatabaseIsMadePrivate) {
  TempDir dir;
  const auto path = dir.path() + "/history.db";
  HistoryStore::open(path, nullptr)->add_decision(decision(1));
  for (const auto* p : {"", "-wal", "-shm"}) {
    if (fs::exists(path + p)) ::chmod((path + p).c_str(), 0644);
  }
  auto store = HistoryStore::open(path, nullptr);
  EXPECT_FALSE(store->degraded());
  store->add_decision(decision(2));
  EXPECT_EQ(mode_of(path), 0600u);
  EXPECT_EQ(mode_of(path + "-wal"), 0600u);
  EXPECT_EQ(store->decisions(TimePoint{}).size(), 2u);
}

TEST(HistoryStoreFiles, AReportOnADirectorySaysSo) {
  TempDir dir;
  const auto path = dir.path() + "/history.db";
  fs::create_directory(path);
  auto ro = HistoryStore::open_readonly(path);
  ASSERT_FALSE(ro.has_value());
  EXPECT_NE(ro.error().message.find("is a directory"), std::string::npos) << ro.error().message;
  EXPECT_EQ(ro.error().message.find("no such file"), std::string::npos);
}

TEST(HistoryStoreFiles, TheIntegrityCheckFindsADamagedFile) {
  TempDir dir;
  const auto path = dir.path() + "/history.db";
  {
    auto store = HistoryStore::open(path, nullptr);
    for (int i = 0; i < 2000; ++i)
      store->add_decision(decision(i));
  }
  {
    auto ro = HistoryStore::open_readonly(path);
    ASSERT_TRUE(ro.has_value());
    EXPECT_EQ((*ro)->integrity().ok, true);
  }
  // Overwrite the middle pages (not the header): readable, but broken.
  const auto size = fs::file_size(path);
  ASSERT_GT(size, 16384u);
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(size / 2));
  const std::string junk(8192, '\x5a');
  f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  f.close();
  auto ro = HistoryStore::open_readonly(path);
  ASSERT_TRUE(ro.has_value()) << ro.error().message;
  auto checked = (*ro)->integrity();
  EXPECT_EQ(checked.ok, false);
  EXPECT_FALSE(checked.problem.empty());
}

TEST(HistoryStoreFiles, KeepInMemoryStopsWritingTheFileAndKeepsWhatProvidersHold) {
  TempDir dir;
  const auto path = dir.path() + "/history.db";
  HistoryStore::open(path, nullptr)
      ->set_published({"home.example.com", "A", "cf", "203.0.113.7", TimePoint{}, true});
  auto store = HistoryStore::open(path, nullptr);
  store->keep_in_memory("the state directory cannot be locked");
  EXPECT_TRUE(store->degraded());
  EXPECT_NE(store->degraded_reason().find("cannot be locked"), std::string::npos);
  ASSERT_EQ(store->published().size(), 1u);
  store->add_decision(decision(1));
  EXPECT_EQ(store->decisions(TimePoint{}).size(), 1u);
  store.reset();
  EXPECT_TRUE((*HistoryStore::open_readonly(path))->decisions(TimePoint{}).empty());
}

TEST(LogFile, IsTheOwnersOnlyAndItsDirectoryIsNeverCreated) {
  TempDir dir;
  LogConfig cfg;
  cfg.file = dir.path() + "/ddnsguard.log";
  std::string error;
  Logging::create(cfg, error)->get("x")->error("written");
  EXPECT_TRUE(error.empty()) << error;
  EXPECT_EQ(mode_of(*cfg.file), 0600u);

  cfg.file = dir.path() + "/typo/logs/ddnsguard.log";
  auto l = Logging::create(cfg, error);
  l->get("x")->error("stderr only");
  EXPECT_NE(error.find("typo/logs\" does not exist"), std::string::npos) << error;
  EXPECT_FALSE(fs::exists(dir.path() + "/typo"));
}

}  // namespace
}  // namespace ddnsguard::controller
