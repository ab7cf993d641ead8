// The command line of the real binary: options, exit codes, error messages.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <thread>

#include "tests/support/offline_config.hpp"
#include "tests/support/process.hpp"

namespace ddnsguard::testing {
namespace {

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = offline_config("${PW}");
    c["state_dir"] = m_dir.path() + "/state";
    m_config = m_dir.path() + "/c.json";
    write_file(m_config, c.dump());
  }
  ProcessResult run(const std::vector<std::string>& args) {
    std::vector<std::string> argv{DDNSGUARD_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, {{"PW", "pw-value-1234"}});
  }
  TempDir m_dir;
  std::string m_config;
};

TEST_F(Cli, GlobalOptionsGoBeforeOrAfterTheCommand) {
  auto before = run({"-c", m_config, "check-config"});
  auto after = run({"check-config", "--config", m_config});
  EXPECT_EQ(before.exit_code, 0) << before.err;
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(before.out, after.out);
  EXPECT_NE(before.out.find("home.example.net/A"), std::string::npos);
  EXPECT_EQ(before.out.find("pw-value-1234"), std::string::npos);
}

TEST_F(Cli, ConfigFromEnvironmentVariable) {
  auto r = run_process({DDNSGUARD_BINARY, "check-config"},
                       {{"PW", "x"}, {"DDNSGUARD_CONFIG", m_config}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(Cli, StateDirOptionOverridesTheConfig) {
  auto dir = m_dir.path() + "/elsewhere";
  auto r = run({"-c", m_config, "--state-dir", dir, "check-config"});
  EXPECT_NE(r.out.find("state_dir    " + dir), std::string::npos) << r.out;
}

TEST_F(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run({}).exit_code, 2);
  EXPECT_EQ(run({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(run({"-c", m_config, "once", "--no-such-flag"}).exit_code, 2);
  EXPECT_EQ(run({"-c", m_config, "--log-level", "chatty", "once"}).exit_code, 2);
  auto since = run({"-c", m_config, "history", "--since", "yesterday"});
  EXPECT_EQ(since.exit_code, 2);
  EXPECT_NE(since.err.find("--since"), std::string::npos) << since.err;
  auto missing = run({"-c", m_dir.path() + "/nope.json", "check-config"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nope.json"), std::string::npos) << missing.err;
}

TEST_F(Cli, EmptyPathsAreUsageErrorsNotTheRootDirectory) {
  // `service status` shares install's --root check; install itself is never run here.
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"-c", m_config, "--state-dir", "", "check-config"},
                                             {"-c", "", "check-config"},
                                             {"-c", m_config, "service", "status", "--root", ""},
                                             {"-c", m_config, "doctor", "--root", ""},
                                             {"-c", m_config, "simulate", "--trace", ""}}) {
    auto r = run(args);
    EXPECT_EQ(r.exit_code, 2) << ::testing::PrintToString(args) << r.out << r.err;
    EXPECT_NE(r.err.find("an empty path"), std::string::npos) << r.err;
  }
}

TEST_F(Cli, ReportsBeforeAnyRunSayThereIsNoHistoryYet) {
  auto r = run({"-c", m_config, "history"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("history.db"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Run `ddnsguard once`"), std::string::npos) << r.err;
  // With --state-dir and no configuration, one error: no complaint about the config.
  auto bare = run_process({DDNSGUARD_BINARY, "--state-dir", m_dir.path() + "/none", "history"},
                          {{"DDNSGUARD_CONFIG", m_dir.path() + "/absent.json"}});
  EXPECT_EQ(bare.exit_code, 1);
  EXPECT_EQ(bare.err.find("no configuration"), std::string::npos) << bare.err;
  EXPECT_EQ(std::count(bare.err.begin(), bare.err.end(), '\n'), 1) << bare.err;
}

TEST_F(Cli, UnknownCommandsAndOptionsAreNamed) {
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  for (const auto& c :
       std::vector<Case>{{{"frobnicate"}, "unknown command or option \"frobnicate\""},
                         {{}, "a command is required"},
                         {{"-x", "once"}, "\"-x\""},
                         {{"status", "--bogus"}, "\"--bogus\""},
                         {{"status", "extra"}, "\"extra\""},
                         {{"decisions", "--limit", "0"}, "not in range 1"},
                         {{"decisions", "--kind", "pol"}, "--kind"},
                         {{"status", "--since", "1h"}, "\"--since\""},
                         {{"run", "--service"}, "\"--service\""}}) {
    auto r = run(c.args);
    EXPECT_EQ(r.exit_code, 2) << ::testing::PrintToString(c.args);
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
  }
}

TEST_F(Cli, HelpAndVersionAreForPeople) {
  auto help = run({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Usage: ddnsguard [OPTIONS]"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("error, critical, off"), std::string::npos) << help.out;
  auto v = run({"-V"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_EQ(v.out.rfind("ddnsguard ", 0), 0u) << v.out;
  auto decisions = run({"decisions", "--help"});
  EXPECT_NE(decisions.out.find("--kind"), std::string::npos) << decisions.out;
  EXPECT_NE(decisions.out.find("--limit"), std::string::npos) << decisions.out;
}

TEST_F(Cli, ReportsNeedNoSecrets) {
  // ${PW} is unset here, as ${CREDENTIALS_DIRECTORY} is outside the service.
  auto check = run_process({DDNSGUARD_BINARY, "-c", m_config, "check-config"});
  EXPECT_EQ(check.exit_code, 2) << "running needs the secret";
  for (const char* report : {"status", "history", "decisions", "anomalies"}) {
    auto r = run_process({DDNSGUARD_BINARY, "-c", m_config, report});
    EXPECT_EQ(r.exit_code, 1) << report << ": " << r.err;  // no history yet, not a config error
    EXPECT_NE(r.err.find("history.db"), std::string::npos) << report << ": " << r.err;
  }
}

TEST_F(Cli, EveryShippedExampleChecksAsShippedWithNoSecrets) {
  int examples = 0;
  for (const auto& e :
       std::filesystem::directory_iterator(std::string(DDNSGUARD_SOURCE_DIR) + "/data/examples")) {
    ++examples;
    auto r =
        run_process({DDNSGUARD_BINARY, "-c", e.path().string(), "check-config", "--no-secrets"});
    EXPECT_EQ(r.exit_code, 0) << e.path() << ": " << r.err;
    EXPECT_NE(r.out.find("is valid"), std::string::npos) << r.out;
  }
  EXPECT_GE(examples, 4);
  // This suite's config needs ${PW}, unset here: --no-secrets checks the rest all the same.
  auto unset = run_process({DDNSGUARD_BINARY, "-c", m_config, "check-config", "--no-secrets"});
  EXPECT_EQ(unset.exit_code, 0) << unset.err;
}

TEST_F(Cli, HistorySinceFiltersOldRows) {
  ASSERT_EQ(run({"-c", m_config, "once", "--dry-run"}).exit_code, 1);  // never sent
  auto all = nlohmann::json::parse(run({"-c", m_config, "history", "--json"}).out);
  ASSERT_EQ(all["ip_changes"].size(), 1u);
  EXPECT_EQ(all["ip_changes"][0]["new"], "203.0.113.4");
  EXPECT_EQ(all["updates"].size(), 0u);
  auto recent =
      nlohmann::json::parse(run({"-c", m_config, "history", "--json", "--since", "1h"}).out);
  EXPECT_EQ(recent["ip_changes"].size(), 1u);
  auto none =
      nlohmann::json::parse(run({"-c", m_config, "history", "--json", "--since", "0s"}).out);
  EXPECT_EQ(none["ip_changes"].size(), 0u);
}

TEST_F(Cli, AnomaliesReportsAStoppedProvider) {
  // A dyndns2 server that answers badauth: the provider stops and an anomaly opens.
  httplib::Server server;
  server.Get("/nic/update", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("badauth", "text/plain");
  });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { server.listen_after_bind(); });
  auto c = nlohmann::json::parse(read_file(m_config));
  c["providers"]["dyn"]["endpoint"] = "http://127.0.0.1:" + std::to_string(port) + "/nic/update";
  write_file(m_config, c.dump());
  EXPECT_EQ(run({"-c", m_config, "once"}).exit_code, 1);
  server.stop();
  serving.join();
  auto open = run({"-c", m_config, "anomalies", "--open", "--json"});
  EXPECT_EQ(open.exit_code, 0) << open.err;
  auto j = nlohmann::json::parse(open.out);
  ASSERT_EQ(j.size(), 1u) << open.out;
  EXPECT_EQ(j[0]["kind"], "auth_failure");
  EXPECT_EQ(j[0]["subject"], "provider:dyn");
  auto text = run({"-c", m_config, "anomalies"});
  EXPECT_NE(text.out.find("auth_failure  provider:dyn"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("pw-value-1234"), std::string::npos);
  auto status = run({"-c", m_config, "status"});
  EXPECT_NE(status.out.find("ANOMALY      auth_failure provider:dyn"), std::string::npos)
      << status.out;
}

TEST_F(Cli, VersionAndHelp) {
  auto v = run({"--version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.out.find("ddnsguard"), std::string::npos);
  auto h = run({"--help"});
  EXPECT_EQ(h.exit_code, 0);
  for (const auto* cmd : {"run", "once", "check-config", "status", "history", "anomalies"}) {
    EXPECT_NE(h.out.find(cmd), std::string::npos) << cmd;
  }
}

// A long simulation tells how far it is, each tenth of the trace, on stderr: when asked or
// when stderr is a terminal (here it is a pipe), and never into the report.
TEST_F(Cli, SimulateShowsProgressWhenAsked) {
  auto trace = m_dir.path() + "/trace.jsonl";
  write_file(trace, "{\"start\": \"2026-01-05T00:00:00Z\", \"providers\": [\"primary\"]}\n"
                    "{\"t\": 0, \"ip4\": \"198.51.100.75\"}\n"
                    "{\"t\": 86400, \"ip4\": \"192.0.2.233\"}\n"
                    "{\"t\": 172800, \"ip4\": \"192.0.2.233\"}\n");
  auto quiet = run({"simulate", "--trace", trace});
  auto shown = run({"simulate", "--trace", trace, "--progress"});
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(quiet.out, shown.out);
  EXPECT_EQ(quiet.err.find("simulate:"), std::string::npos) << quiet.err;
  std::size_t at = 0;
  for (int pct = 10; pct <= 100; pct += 10) {
    at = shown.err.find("simulate: " + std::to_string(pct) + "% (", at);
    ASSERT_NE(at, std::string::npos) << pct << "\n" << shown.err;
  }
  EXPECT_EQ(std::count(shown.err.begin(), shown.err.end(), '\n'), 10) << shown.err;
}

// Under systemd, stderr is the journal's stream (JOURNAL_STREAM names its device:inode):
// each line then starts with its syslog priority, which journald keeps (journalctl -p
// warning filters on it), and carries no timestamp of its own. Elsewhere lines are stamped.
TEST_F(Cli, UnderTheJournalLinesCarryAPriorityAndNoTimestamp) {
  auto err = m_dir.path() + "/stderr";
  auto shell = [&](const std::string& stream) {
    return run_process({"/bin/sh", "-c",
                        "exec 2>\"$ERR\"; JOURNAL_STREAM=" + stream + " exec \"$@\"", "sh",
                        DDNSGUARD_BINARY, "-c", m_config, "once"},
                       {{"PW", "pw-value-1234"}, {"ERR", err}});
  };
  shell("$(stat -c %d:%i \"$ERR\")");
  auto journal = read_file(err);
  EXPECT_NE(journal.find("\n<6>reconcile: "), std::string::npos) << journal;
  EXPECT_NE(journal.find("\n<4>provider: update failed"), std::string::npos) << journal;
  for (std::size_t at = 0; at < journal.size(); at = journal.find('\n', at) + 1) {
    EXPECT_EQ(journal[at], '<') << journal.substr(at, 80);
    if (journal.find('\n', at) == std::string::npos) break;
  }
  EXPECT_EQ(journal.find("Z info "), std::string::npos) << journal;
  EXPECT_EQ(journal.find("pw-value-1234"), std::string::npos);

  shell("1:1");  // not this stderr: a shell that inherited the variable from a service
  auto plain = read_file(err);
  EXPECT_NE(plain.find("Z info reconcile: "), std::string::npos) << plain;
  EXPECT_EQ(plain.find("<6>"), std::string::npos) << plain;
}

}  // namespace
}  // namespace ddnsguard::testing
