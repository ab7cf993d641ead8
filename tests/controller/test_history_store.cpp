#include "controller/store/history_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>
#include <utility>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/fsuid.h>
#endif

#include <fmt/format.h>
#include <spdlog/sinks/ostream_sink.h>
#include <sqlite3.h>

#include "controller/store/history_rows.hpp"
#include "controller/store/schema.hpp"
#include "providers/base/secret.hpp"

using namespace std::chrono_literals;
using ddnsguard::controller::Anomaly;
using ddnsguard::controller::AnomalyKind;
using ddnsguard::controller::Decision;
using ddnsguard::controller::DecisionKind;
using ddnsguard::controller::HistoryStore;
using ddnsguard::controller::IpChange;
using ddnsguard::controller::Observation;
using ddnsguard::controller::Published;
using ddnsguard::controller::Retention;
using ddnsguard::controller::schema_migrations;
using ddnsguard::controller::TimePoint;
using ddnsguard::controller::UpdateAttempt;
using ddnsguard::controller::Verification;
using ddnsguard::controller::history_rows::parse_error_class;
using ddnsguard::providers::ErrorClass;
using ddnsguard::providers::Family;
namespace fs = std::filesystem;

namespace {

TimePoint at_ms(std::int64_t ms) {
  return TimePoint{std::chrono::milliseconds{ms}};
}
constexpr TimePoint k_epoch{};

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

std::string file_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class HistoryStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/ddnsguard_history_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    m_dir = tmpl;
    m_path = (m_dir / "history.db").string();
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(m_dir, ec);
  }
  fs::path m_dir;
  std::string m_path;
};

Observation observation(std::int64_t ms, std::string source = "quorum") {
  return {at_ms(ms), Family::ipv4, std::move(source), "203.0.113.7", "ok", ""};
}

UpdateAttempt update(std::int64_t ms) {
  return UpdateAttempt::succeeded(ddnsguard::controller::CallKind::update, at_ms(ms),
                                  {"home.example.com", Family::ipv4}, "cf", "203.0.113.7", 120ms);
}

Anomaly anomaly(std::int64_t opened_ms, AnomalyKind kind = AnomalyKind::provider_errors) {
  Anomaly a;
  a.kind = kind;
  a.subject = "provider:cf";
  a.severity = ddnsguard::controller::Severity::warning;
  a.opened_at = at_ms(opened_ms);
  a.score = 0.75;
  a.summary = "5 of 6 updates failed";
  a.evidence = R"({"failures":5})";
  a.action = "failover to ali";
  return a;
}

}  // namespace

TEST_F(HistoryStoreTest, EveryTableRoundTrips) {
  auto store = HistoryStore::open(m_path, nullptr);
  ASSERT_FALSE(store->degraded()) << store->degraded_reason();

  store->add_observation({at_ms(1), Family::ipv6, "source:0 http x", std::nullopt, "error", "503"});
  const auto obs = store->observations(k_epoch);
  ASSERT_EQ(obs.size(), 1u);
  EXPECT_EQ(obs[0].at, at_ms(1));
  EXPECT_EQ(obs[0].family, Family::ipv6);
  EXPECT_EQ(obs[0].source, "source:0 http x");
  EXPECT_EQ(obs[0].address, std::nullopt);
  EXPECT_EQ(obs[0].status, "error");
  EXPECT_EQ(obs[0].detail, "503");

  store->add_ip_change({at_ms(2), Family::ipv4, std::nullopt, "198.51.100.1", "quorum 2/3", {}});
  store->add_ip_change(
      {at_ms(3), Family::ipv6, "2001:db8::1", "2001:db8::2", "quorum 1/1", at_ms(2)});
  const auto changes = store->ip_changes(k_epoch);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].old_address, std::nullopt);
  EXPECT_EQ(changes[0].last_seen_old, std::nullopt);
  EXPECT_EQ(changes[1].family, Family::ipv6);
  EXPECT_EQ(changes[1].old_address, "2001:db8::1");
  EXPECT_EQ(changes[1].new_address, "2001:db8::2");
  EXPECT_EQ(changes[1].source, "quorum 1/1");
  EXPECT_EQ(changes[1].last_seen_old, at_ms(2));
  EXPECT_EQ(store->last_ip_change(Family::ipv4)->new_address, "198.51.100.1");
  EXPECT_EQ(store->last_ip_change(Family::ipv6)->new_address, "2001:db8::2");

  auto failed = update(4);
  failed.ok = false;
  failed.error_class = ErrorClass::rate_limited;
  failed.latency_ms = 987;
  failed.message = "429 too many requests";
  store->add_update(update(3));
  store->add_update(failed);
  const auto ups = store->updates(k_epoch);
  ASSERT_EQ(ups.size(), 2u);
  EXPECT_TRUE(ups[0].ok);
  EXPECT_EQ(ups[0].error_class, std::nullopt);
  EXPECT_EQ(ups[1].record, "home.example.com");
  EXPECT_EQ(ups[1].type, "A");
  EXPECT_EQ(ups[1].provider, "cf");
  EXPECT_EQ(ups[1].address, "203.0.113.7");
  EXPECT_FALSE(ups[1].ok);
  EXPECT_EQ(ups[1].error_class, ErrorClass::rate_limited);
  EXPECT_EQ(ups[1].latency_ms, 987);
  EXPECT_EQ(ups[1].message, "429 too many requests");

  store->add_verification({at_ms(5), "home.example.com", "A", "ns1.example.net", "203.0.113.7",
                           std::nullopt, false, 33});
  const auto ver = store->verifications(k_epoch);
  ASSERT_EQ(ver.size(), 1u);
  EXPECT_EQ(ver[0].provider, "ns1.example.net");
  EXPECT_EQ(ver[0].expected, "203.0.113.7");
  EXPECT_EQ(ver[0].answer, std::nullopt);
  EXPECT_FALSE(ver[0].ok);
  EXPECT_EQ(ver[0].latency_ms, 33);

  store->add_decision({at_ms(6), DecisionKind::poll, "ipv4", "10s", "hazard peak at 03:00"});
  const auto dec = store->decisions(k_epoch);
  ASSERT_EQ(dec.size(), 1u);
  EXPECT_EQ(dec[0].kind, DecisionKind::poll);
  EXPECT_EQ(dec[0].subject, "ipv4");
  EXPECT_EQ(dec[0].value, "10s");
  EXPECT_EQ(dec[0].rationale, "hazard peak at 03:00");

  const auto first = store->open_anomaly(anomaly(7));
  const auto second = store->open_anomaly(anomaly(8, AnomalyKind::ip_flapping));
  EXPECT_GT(first, 0);
  EXPECT_NE(first, second);
  store->close_anomaly(first, at_ms(9));
  const auto all = store->anomalies(k_epoch, false);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, first);
  EXPECT_EQ(all[0].kind, AnomalyKind::provider_errors);
  EXPECT_EQ(all[0].subject, "provider:cf");
  EXPECT_EQ(all[0].severity, ddnsguard::controller::Severity::warning);
  EXPECT_EQ(all[0].opened_at, at_ms(7));
  EXPECT_EQ(all[0].closed_at, at_ms(9));
  EXPECT_DOUBLE_EQ(all[0].score, 0.75);
  EXPECT_EQ(all[0].summary, "5 of 6 updates failed");
  EXPECT_EQ(all[0].evidence, R"({"failures":5})");
  EXPECT_EQ(all[0].action, "failover to ali");
  const auto open = store->anomalies(k_epoch, true);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].id, second);

  store->set_published({"home.example.com", "A", "cf", "203.0.113.1", at_ms(10), false});
  store->set_published({"home.example.com", "A", "cf", "203.0.113.7", at_ms(11), true});
  store->set_published({"home.example.com", "AAAA", "cf", std::nullopt, at_ms(12), false});
  const auto pub = store->published();
  ASSERT_EQ(pub.size(), 2u);
  EXPECT_EQ(pub[0].type, "A");
  EXPECT_EQ(pub[0].address, "203.0.113.7");
  EXPECT_EQ(pub[0].at, at_ms(11));
  EXPECT_TRUE(pub[0].in_sync);
  EXPECT_EQ(pub[1].type, "AAAA");
  EXPECT_EQ(pub[1].address, std::nullopt);
  EXPECT_FALSE(store->degraded());
}

TEST_F(HistoryStoreTest, LatestQuorumAndDecisionAreFoundPerFamilyAndKind) {
  auto store = HistoryStore::open(m_path, nullptr);
  EXPECT_FALSE(store->last_quorum(Family::ipv4));
  EXPECT_FALSE(store->last_decision(DecisionKind::poll));
  store->add_observation({at_ms(1), Family::ipv4, "quorum", "203.0.113.1", "ok", ""});
  store->add_observation({at_ms(2), Family::ipv4, "source:0 http x", "203.0.113.9", "ok", ""});
  store->add_observation({at_ms(3), Family::ipv6, "quorum", "2001:db8::1", "ok", ""});
  store->add_observation({at_ms(4), Family::ipv4, "quorum", std::nullopt, "no_quorum", "tie"});
  auto v4 = store->last_quorum(Family::ipv4);
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->at, at_ms(4));
  EXPECT_EQ(v4->status, "no_quorum");
  EXPECT_EQ(store->last_quorum(Family::ipv6)->address, "2001:db8::1");
  store->add_decision({at_ms(5), DecisionKind::poll, "all", "t1", "first"});
  store->add_decision({at_ms(6), DecisionKind::heal, "all", "x", "other kind"});
  store->add_decision({at_ms(7), DecisionKind::poll, "all", "t2", "second"});
  EXPECT_EQ(store->last_decision(DecisionKind::poll)->rationale, "second");
  EXPECT_EQ(store->last_decision(DecisionKind::heal)->value, "x");
}

TEST_F(HistoryStoreTest, ReadsKeepRowsAtOrAfterSinceOldestFirst) {
  auto store = HistoryStore::open(m_path, nullptr);
  for (const std::int64_t ms : {3000, 1000, 2000}) {
    store->add_observation(observation(ms));
    store->add_update(update(ms));
    store->add_decision({at_ms(ms), DecisionKind::poll, "ipv4", "10s", "why"});
  }
  const auto obs = store->observations(at_ms(2000));
  ASSERT_EQ(obs.size(), 2u);
  EXPECT_EQ(obs[0].at, at_ms(2000));
  EXPECT_EQ(obs[1].at, at_ms(3000));
  EXPECT_EQ(store->updates(at_ms(2001)).size(), 1u);
  EXPECT_EQ(store->decisions(at_ms(3001)).size(), 0u);
  EXPECT_EQ(store->decisions(k_epoch).front().at, at_ms(1000));
  EXPECT_EQ(store->last_ip_change(Family::ipv4), std::nullopt);
}

TEST_F(HistoryStoreTest, AnomaliesSinceKeepsThoseStillOpenInTheWindow) {
  auto store = HistoryStore::open(m_path, nullptr);
  const auto closed_early = store->open_anomaly(anomaly(1000));
  store->close_anomaly(closed_early, at_ms(2000));
  const auto closed_late = store->open_anomaly(anomaly(1500));
  store->close_anomaly(closed_late, at_ms(6000));
  const auto still_open = store->open_anomaly(anomaly(1200));
  const auto got = store->anomalies(at_ms(5000), false);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].id, still_open);
  EXPECT_EQ(got[1].id, closed_late);
}

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

TEST_F(HistoryStoreTest, PruneDeletesOnlyRowsOlderThanRetention) {
  auto store = HistoryStore::open(m_path, nullptr);
  const auto now = at_ms(0) + std::chrono::days{100};
  const Retention keep{std::chrono::days{10}, std::chrono::days{1}};
  const auto ms = [](auto d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  };
  const auto old_obs = ms(std::chrono::days{98});  // older than 1 day, newer than 10
  const auto ancient = ms(std::chrono::days{50});  // older than both
  const auto recent = ms(std::chrono::days{100} - 1h);

  for (const auto t : {ancient, old_obs, recent}) {
    store->add_observation(observation(t));
    store->add_verification({at_ms(t), "r", "A", "cf", "x", "x", true, 1});
    store->add_ip_change({at_ms(t), Family::ipv4, "a", "b", "q", {}});
    store->add_update(update(t));
    store->add_decision({at_ms(t), DecisionKind::poll, "ipv4", "10s", "why"});
  }
  const auto closed_old = store->open_anomaly(anomaly(ancient));
  store->close_anomaly(closed_old, at_ms(ancient + 1000));
  const auto open_old = store->open_anomaly(anomaly(ancient, AnomalyKind::ip_flapping));
  const auto closed_recently = store->open_anomaly(anomaly(ancient, AnomalyKind::record_drift));
  store->close_anomaly(closed_recently, at_ms(recent));

  // 2 observations + 2 verifications + 1 each of ip_changes, updates, decisions + 1 anomaly.
  EXPECT_EQ(store->prune(now, keep), 8);
  EXPECT_EQ(store->observations(k_epoch).size(), 1u);
  EXPECT_EQ(store->verifications(k_epoch).size(), 1u);
  EXPECT_EQ(store->ip_changes(k_epoch).size(), 2u);
  EXPECT_EQ(store->updates(k_epoch).front().at, at_ms(old_obs));
  EXPECT_EQ(store->decisions(k_epoch).size(), 2u);
  const auto left = store->anomalies(k_epoch, false);
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[0].id, open_old);
  EXPECT_EQ(left[1].id, closed_recently);
  EXPECT_EQ(store->prune(now, keep), 0);
  EXPECT_FALSE(store->degraded());
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

TEST_F(HistoryStoreTest, SecretsNeverReachTheFile) {
  constexpr std::string_view k_marker = "tok-MARKER-5f0e3c9a";
  {
    auto store = HistoryStore::open(m_path, nullptr);
    const ddnsguard::providers::Secret token{k_marker};
    auto failed = update(1);
    failed.ok = false;
    failed.error_class = ErrorClass::auth;
    failed.message = fmt::format("401 unauthorized token={}", token);
    store->add_update(failed);
    store->open_anomaly(anomaly(2, AnomalyKind::auth_failure));
  }
  std::string bytes;
  for (const auto& entry : fs::directory_iterator(m_dir))
    bytes += file_bytes(entry.path());
  EXPECT_NE(bytes.find("401 unauthorized token=***"), std::string::npos);  // really the rows
  EXPECT_EQ(bytes.find(k_marker), std::string::npos);
}

TEST(HistoryStoreMemory, InMemoryStoreIsNotDegraded) {
  auto store = HistoryStore::in_memory(nullptr);
  EXPECT_FALSE(store->degraded());
  EXPECT_EQ(store->schema_version(), static_cast<int>(schema_migrations().size()));
  store->set_published({"a.example", "A", "cf", "192.0.2.1", at_ms(1), true});
  EXPECT_EQ(store->published().size(), 1u);
}

TEST(ParseErrorClass, InvertsToString) {
  for (auto c : {ErrorClass::transient, ErrorClass::rate_limited, ErrorClass::auth,
                 ErrorClass::config, ErrorClass::invalid_response}) {
    EXPECT_EQ(parse_error_class(ddnsguard::providers::to_string(c)), c);
  }
  EXPECT_EQ(parse_error_class("Auth"), std::nullopt);
  EXPECT_EQ(parse_error_class(""), std::nullopt);
}
