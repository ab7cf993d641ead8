// End-to-end: the real binary keeps a real PowerDNS record in sync.

#include <signal.h>
#include <sys/stat.h>

#include <filesystem>

#include "tests/integration/loop_fixture.hpp"

namespace ddnsguard::testing {
namespace {

TEST_F(LoopTest, FirstSyncThenAddressChange) {
  write_config(config());
  auto r = ddnsguard({"once"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(published(), "203.0.113.10");

  set_address("198.51.100.77");
  r = ddnsguard({"once"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(published(), "198.51.100.77");

  auto h = history();
  ASSERT_EQ(h["ip_changes"].size(), 2u);
  EXPECT_EQ(h["ip_changes"][0]["old"], nullptr);
  EXPECT_EQ(h["ip_changes"][1]["old"], "203.0.113.10");
  EXPECT_EQ(h["ip_changes"][1]["new"], "198.51.100.77");
  EXPECT_EQ(h["ip_changes"][1]["family"], "ipv4");
  ASSERT_EQ(h["updates"].size(), 2u);
  for (const auto& u : h["updates"]) {
    EXPECT_EQ(u["ok"], true);
    EXPECT_EQ(u["error_class"], nullptr);
    EXPECT_EQ(u["record"], "home.example.org");
    EXPECT_EQ(u["type"], "A");
    EXPECT_EQ(u["provider"], "pdns");
    EXPECT_GE(u["latency_ms"].get<int>(), 0);
  }
}

TEST_F(LoopTest, UnchangedAddressIsNotSentAgain) {
  write_config(config());
  ASSERT_EQ(ddnsguard({"once"}).exit_code, 0);
  ASSERT_EQ(ddnsguard({"once"}).exit_code, 0);
  EXPECT_EQ(history()["updates"].size(), 1u);
}

TEST_F(LoopTest, DryRunChangesNothing) {
  write_config(config());
  auto r = ddnsguard({"once", "--dry-run"});
  EXPECT_EQ(r.exit_code, 1) << r.err;  // not in sync, and left so
  EXPECT_NE(r.out.find("would update"), std::string::npos) << r.out;
  EXPECT_EQ(published(), std::nullopt);
}

TEST_F(LoopTest, RecordEditedBySomeoneElseIsPutBack) {
  write_config(config());
  ASSERT_EQ(ddnsguard({"once"}).exit_code, 0);
  ASSERT_TRUE(m_pdns.set_rrset("example.org", "home.example.org", "A", "192.0.2.99"));
  ASSERT_EQ(ddnsguard({"once"}).exit_code, 0);
  EXPECT_EQ(published(), "203.0.113.10");
  EXPECT_EQ(history()["updates"].size(), 2u);
}

TEST_F(LoopTest, ProviderDownIsRecordedAsTransient) {
  write_config(config());
  m_pdns.stop();
  auto r = ddnsguard({"once"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto h = history();
  ASSERT_GE(h["updates"].size(), 1u);
  EXPECT_EQ(h["updates"][0]["ok"], false);
  EXPECT_EQ(h["updates"][0]["error_class"], "transient");
}

TEST_F(LoopTest, WrongApiKeyIsAnAuthFailure) {
  write_config(config());
  auto argv =
      std::vector<std::string>{DDNSGUARD_BINARY, "-c", m_dir.path() + "/ddnsguard.json", "once"};
  auto r = run_process(argv, {{"PDNS_KEY", "not-the-key"}});
  EXPECT_EQ(r.exit_code, 1);
  auto h = history();
  ASSERT_GE(h["updates"].size(), 1u);
  EXPECT_EQ(h["updates"][0]["error_class"], "auth");
  EXPECT_EQ(published(), std::nullopt);
}

TEST_F(LoopTest, PrivateAddressIsNeverPublished) {
  auto c = config();
  c["sources"]["allow_private"] = false;
  write_config(c);
  set_address("192.168.1.20");
  auto r = ddnsguard({"once"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("private"), std::string::npos) << r.err;
  EXPECT_EQ(published(), std::nullopt);
  EXPECT_EQ(history()["updates"].size(), 0u);
}

TEST_F(LoopTest, GarbageAnswerIsNeverPublished) {
  write_config(config());
  set_address("<html><body>203.0.113.10</body></html>");
  EXPECT_EQ(ddnsguard({"once"}).exit_code, 1);
  EXPECT_EQ(published(), std::nullopt);
}

TEST_F(LoopTest, HungSourceCannotStallThePass) {
  auto c = config();
  c["sources"]["timeout"] = "300ms";
  write_config(c);
  m_echo_delay = 20000;
  // The bound is the child's kill timeout: a pass that waited on the source would be killed.
  auto r = ddnsguard({"once"}, std::chrono::seconds{8});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(published(), std::nullopt);
  m_echo_delay = 0;
}

TEST_F(LoopTest, RunFollowsChangesAndStopsOnSigterm) {
  write_config(config());
  auto run = start_run();
  ASSERT_TRUE(wait_published("203.0.113.10")) << read_file(m_dir.path() + "/run.log");
  set_address("198.51.100.8");
  ASSERT_TRUE(wait_published("198.51.100.8")) << read_file(m_dir.path() + "/run.log");
  EXPECT_EQ(run->stop(SIGTERM, std::chrono::seconds{3}), 0) << read_file(m_dir.path() + "/run.log");
  auto s = ddnsguard({"status", "--json"});
  EXPECT_EQ(s.exit_code, 0) << s.err;
  auto j = nlohmann::json::parse(s.out);
  EXPECT_EQ(j["records"][0]["desired"], "198.51.100.8");
  EXPECT_EQ(j["records"][0]["published"]["pdns"], "198.51.100.8");
  EXPECT_EQ(j["records"][0]["in_sync"], true);
  EXPECT_TRUE(j["next_check_at"].is_string());
  EXPECT_TRUE(j["next_check_reason"].is_string());
  auto d = ddnsguard({"decisions", "--json"});
  ASSERT_EQ(d.exit_code, 0) << d.err;
  auto decisions = nlohmann::json::parse(d.out);
  ASSERT_GE(decisions.size(), 2u);
  for (const auto& row : decisions) {
    EXPECT_EQ(row.size(), 5u);
    for (const auto* key : {"at", "kind", "subject", "value", "rationale"}) {
      EXPECT_TRUE(row[key].is_string()) << key;
    }
    // Polling decisions, and the flush of connections after the address change.
    EXPECT_TRUE(row["kind"] == "poll" || (row["kind"] == "heal" && row["value"] == "flush"))
        << row.dump();
  }
  nlohmann::json last_poll;
  for (const auto& row : decisions) {
    if (row["kind"] == "poll") last_poll = row;
  }
  EXPECT_EQ(last_poll["value"], j["next_check_at"]);
}

TEST_F(LoopTest, SigtermMidRequestExitsPromptly) {
  auto c = config();
  c["sources"]["timeout"] = "30s";
  write_config(c);
  m_echo_delay = 20000;
  auto run = start_run();
  ASSERT_TRUE(wait_echo_requests(1));  // inside the hung request (not still starting up)
  EXPECT_EQ(run->stop(SIGTERM, std::chrono::seconds{2}), 0) << read_file(m_dir.path() + "/run.log");
  m_echo_delay = 0;
}

TEST_F(LoopTest, StatusTellsARunningDaemonFromAStoppedOne) {
  write_config(config());
  auto run = start_run();
  ASSERT_TRUE(wait_published("203.0.113.10"));
  auto alive = nlohmann::json::parse(ddnsguard({"status", "--json"}).out);
  EXPECT_EQ(alive["daemon"]["running"], true) << alive.dump();
  EXPECT_FALSE(alive["daemon"]["stale"]) << alive.dump();
  ASSERT_EQ(run->stop(SIGTERM), 0);
  auto r = ddnsguard({"status"});
  EXPECT_NE(r.out.find("daemon       not running, last pass"), std::string::npos) << r.out;
}

TEST_F(LoopTest, SecondInstanceIsRefusedWithExitCode3) {
  write_config(config());
  auto run = start_run();
  ASSERT_TRUE(wait_published("203.0.113.10"));
  auto r = ddnsguard({"once"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("holds the state directory"), std::string::npos) << r.err;
}

TEST_F(LoopTest, SighupReloadsAndKeepsOldConfigWhenNewIsBad) {
  write_config(config());
  auto run = start_run();
  ASSERT_TRUE(wait_published("203.0.113.10"));
  // A broken file: the daemon must keep running with the old configuration.
  write_file(m_dir.path() + "/ddnsguard.json", "{ not json");
  kill(run->pid(), SIGHUP);
  set_address("198.51.100.9");
  ASSERT_TRUE(wait_published("198.51.100.9")) << read_file(m_dir.path() + "/run.log");
  EXPECT_TRUE(run->running());
  // A number out of range is a problem with its path too, not the end of the daemon.
  auto huge = config().dump();
  huge.insert(huge.size() - 1, R"(,"retry": {"base": 1e400})");
  write_file(m_dir.path() + "/ddnsguard.json", huge);
  kill(run->pid(), SIGHUP);
  set_address("198.51.100.7");
  ASSERT_TRUE(wait_published("198.51.100.7")) << read_file(m_dir.path() + "/run.log");
  EXPECT_TRUE(run->running());
  EXPECT_NE(read_file(m_dir.path() + "/run.log").find("retry.base: number out of range"),
            std::string::npos);
  // A good file with a new TTL: picked up after SIGHUP.
  auto c = config();
  c["records"][0]["ttl"] = 90;
  write_config(c);
  kill(run->pid(), SIGHUP);
  set_address("198.51.100.10");
  ASSERT_TRUE(wait_published("198.51.100.10"));
  auto log = read_file(m_dir.path() + "/run.log");
  EXPECT_NE(log.find("reload failed"), std::string::npos) << log;
  EXPECT_NE(log.find("configuration reloaded"), std::string::npos) << log;
}

TEST_F(LoopTest, SighupWithASecretFileThatIsAFifoOrADeviceKeepsTheOldConfig) {
  write_config(config());
  auto run = start_run();
  ASSERT_TRUE(wait_published("203.0.113.10"));
  auto fifo = m_dir.path() + "/key.fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::string next = "198.51.100.21";
  for (const auto& file : {fifo, std::string("/dev/zero")}) {
    auto c = config();
    c["providers"]["pdns"].erase("api_key");
    c["providers"]["pdns"]["api_key_file"] = file;
    write_config(c);
    kill(run->pid(), SIGHUP);  // must neither block on the FIFO nor read /dev/zero forever
    set_address(next);
    ASSERT_TRUE(wait_published(next)) << file << "\n" << read_file(m_dir.path() + "/run.log");
    EXPECT_TRUE(run->running());
    next = "198.51.100.22";
  }
  auto log = read_file(m_dir.path() + "/run.log");
  EXPECT_NE(log.find("api_key_file: cannot read \"" + fifo + "\": not a regular file"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("cannot read \"/dev/zero\": not a regular file"), std::string::npos) << log;
  EXPECT_EQ(run->stop(SIGTERM, std::chrono::seconds{2}), 0) << "SIGTERM still honoured";
}

TEST_F(LoopTest, SecretNeverReachesOutputLogsOrStore) {
  const std::string marker = "MARKER-SECRET-7f3a9c";
  auto c = config();
  c["providers"]["pdns"]["api_key"] = marker;  // wrong key: the failure path is exercised
  write_config(c);
  auto r = ddnsguard({"--log-level", "trace", "once"});
  EXPECT_EQ(r.exit_code, 1);
  for (const auto& args : std::vector<std::vector<std::string>>{{"check-config"},
                                                                {"status"},
                                                                {"status", "--json"},
                                                                {"history"},
                                                                {"history", "--json"}}) {
    auto out = ddnsguard(args);
    EXPECT_EQ(out.out.find(marker), std::string::npos) << args[0];
    EXPECT_EQ(out.err.find(marker), std::string::npos) << args[0];
  }
  EXPECT_EQ(r.out.find(marker), std::string::npos);
  EXPECT_EQ(r.err.find(marker), std::string::npos) << r.err;
  for (const auto* f : {"/state/history.db", "/state/history.db-wal"}) {
    EXPECT_EQ(read_file(m_dir.path() + f).find(marker), std::string::npos) << f;
  }
}

}  // namespace
}  // namespace ddnsguard::testing

namespace ddnsguard::testing {
namespace {

TEST_F(LoopTest, BrokenHistoryStoreDoesNotStopUpdates) {
  write_config(config());
  // history.db is a directory: SQLite cannot open it, the store runs in memory.
  std::filesystem::create_directories(m_dir.path() + "/state/history.db");
  auto r = ddnsguard({"once"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(published(), "203.0.113.10");
  EXPECT_NE(r.err.find("in memory"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ddnsguard::testing

namespace ddnsguard::testing {
namespace {

TEST_F(LoopTest, DualStackRecordsAreBothKept) {
  auto c = config();
  c["sources"]["ipv6"] = {{{"type", "command"}, {"argv", {"/bin/echo", "2001:db8:5::1"}}}};
  c["records"].push_back({{"name", "home.example.org"}, {"type", "AAAA"}, {"providers", {"pdns"}}});
  write_config(c);
  auto r = ddnsguard({"once"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(published(), "203.0.113.10");
  EXPECT_EQ(m_pdns.rrset_content("example.org", "home.example.org", "AAAA"), "2001:db8:5::1");
}

TEST_F(LoopTest, FailingIpv6NeverBlocksIpv4) {
  auto c = config();
  c["sources"]["ipv6"] = {{{"type", "command"}, {"argv", {"/bin/false"}}}};
  c["records"].push_back({{"name", "home.example.org"}, {"type", "AAAA"}, {"providers", {"pdns"}}});
  write_config(c);
  auto r = ddnsguard({"once"});
  EXPECT_EQ(r.exit_code, 1);  // the AAAA record is not in sync
  EXPECT_EQ(published(), "203.0.113.10");
  EXPECT_EQ(m_pdns.rrset_content("example.org", "home.example.org", "AAAA"), std::nullopt);
  auto s = nlohmann::json::parse(ddnsguard({"status", "--json"}).out);
  ASSERT_EQ(s["records"].size(), 2u);
  EXPECT_EQ(s["records"][0]["in_sync"], true);
  EXPECT_EQ(s["records"][1]["in_sync"], false);
  EXPECT_EQ(s["records"][1]["desired"], nullptr);
}

TEST_F(LoopTest, BadConfigurationExitsTwoAndNamesEveryProblem) {
  auto c = config();
  c["records"][0]["providers"] = {"cff"};
  c["sources"]["timeout"] = "soon";
  write_config(c);
  auto r = ddnsguard({"once"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(R"(records[0].providers[0]: unknown provider "cff")"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("sources.timeout: invalid duration"), std::string::npos) << r.err;
  EXPECT_EQ(published(), std::nullopt);
  EXPECT_EQ(ddnsguard({"check-config"}).exit_code, 2);
  EXPECT_EQ(ddnsguard({"bogus-command"}).exit_code, 2);
}

}  // namespace
}  // namespace ddnsguard::testing

namespace ddnsguard::testing {
namespace {

TEST_F(LoopTest, OneRecordsConfigErrorNeverBlocksTheOthers) {
  auto c = config();
  c["sources"]["ipv6"] = {{{"type", "command"}, {"argv", {"/bin/echo", "2001:db8:5::1"}}}};
  // No zone on the server holds this name: a config failure of that record alone.
  c["records"].push_back({{"name", "home.example.net"}, {"type", "AAAA"}, {"providers", {"pdns"}}});
  write_config(c);
  auto run = start_run();
  ASSERT_TRUE(wait_published("203.0.113.10")) << read_file(m_dir.path() + "/run.log");
  set_address("198.51.100.31");
  ASSERT_TRUE(wait_published("198.51.100.31")) << read_file(m_dir.path() + "/run.log");
  run->stop(SIGTERM);
  auto s = nlohmann::json::parse(ddnsguard({"status", "--json"}).out);
  EXPECT_EQ(s["records"][0]["in_sync"], true);
  EXPECT_EQ(s["records"][1]["in_sync"], false);
}

TEST_F(LoopTest, NamesAreCaseInsensitive) {
  auto c = config();
  c["records"][0]["name"] = "Home.Example.ORG";
  write_config(c);
  ASSERT_EQ(ddnsguard({"once"}).exit_code, 0);
  ASSERT_EQ(ddnsguard({"once"}).exit_code, 0);
  EXPECT_EQ(published(), "203.0.113.10");
  EXPECT_EQ(history()["updates"].size(), 1u);  // the second pass found it in sync
}

TEST_F(LoopTest, StatusIsNotInSyncWhileTheProviderFails) {
  write_config(config());
  ASSERT_EQ(ddnsguard({"once"}).exit_code, 0);
  set_address("198.51.100.44");
  m_pdns.stop();
  EXPECT_EQ(ddnsguard({"once"}).exit_code, 1);
  auto s = ddnsguard({"status", "--json"});
  EXPECT_EQ(s.exit_code, 1);
  auto j = nlohmann::json::parse(s.out);
  EXPECT_EQ(j["records"][0]["desired"], "198.51.100.44");
  EXPECT_EQ(j["records"][0]["in_sync"], false);
}

}  // namespace
}  // namespace ddnsguard::testing
