// A state directory that cannot be written (read-only, full, a file-size limit) must not stop
// DNS updates: the lock moves to the runtime directory or is done without, history goes to
// memory, and `status` says what it can see.
#include <sys/stat.h>

#include <csignal>
#include <filesystem>

#include "tests/integration/loop_fixture.hpp"

namespace ddnsguard::testing {
namespace {

namespace fs = std::filesystem;

class DegradedState : public LoopTest {
 protected:
  // The environment of every command, with the runtime directory the lock falls back to.
  std::map<std::string, std::string> env_with_runtime(const std::string& runtime_dir) const {
    auto e = env();
    e["RUNTIME_DIRECTORY"] = runtime_dir;
    return e;
  }

  std::unique_ptr<Background> start(const std::vector<std::string>& argv,
                                    const std::string& runtime_dir) {
    return std::make_unique<Background>(argv, m_dir.path() + "/run.log",
                                        env_with_runtime(runtime_dir));
  }

  std::vector<std::string> run_argv() const {
    return {DDNSGUARD_BINARY, "-c", m_dir.path() + "/ddnsguard.json", "run"};
  }

  // Waits up to ~10 s for `text` in the run log.
  bool wait_logged(const std::string& text) {
    for (int i = 0; i < 200; ++i) {
      if (read_file(m_dir.path() + "/run.log").find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds{50});
    }
    return false;
  }

  std::string state() const { return m_dir.path() + "/state"; }
};

TEST_F(DegradedState, TheLockMovesToTheRuntimeDirectoryAndStatusStillSeesTheDaemon) {
  write_config(config());
  fs::create_directories(state() + "/ddnsguard.lock");  // the state directory cannot hold it
  const auto runtime = m_dir.path() + "/runtime";
  fs::create_directories(runtime);
  auto run = start(run_argv(), runtime);
  ASSERT_TRUE(wait_published("203.0.113.10")) << read_file(m_dir.path() + "/run.log");
  EXPECT_TRUE(wait_logged("instance lock kept in " + runtime));
  auto status =
      run_process({DDNSGUARD_BINARY, "-c", m_dir.path() + "/ddnsguard.json", "status", "--json"},
                  env_with_runtime(runtime));
  auto s = nlohmann::json::parse(status.out, nullptr, false);
  ASSERT_FALSE(s.is_discarded()) << status.out << status.err;
  EXPECT_EQ(s["daemon"]["running"], true) << s.dump();
  auto second = run_process({DDNSGUARD_BINARY, "-c", m_dir.path() + "/ddnsguard.json", "once"},
                            env_with_runtime(runtime));
  EXPECT_EQ(second.exit_code, 3) << second.err;
  EXPECT_EQ(run->stop(SIGTERM), 0);
}

TEST_F(DegradedState, WithNoPlaceForALockUpdatesGoOnUnlockedAndHistoryInMemory) {
  write_config(config());
  fs::create_directories(state() + "/ddnsguard.lock");
  auto run = start(run_argv(), m_dir.path() + "/no-such-runtime-dir");
  ASSERT_TRUE(wait_published("203.0.113.10")) << read_file(m_dir.path() + "/run.log");
  EXPECT_TRUE(wait_logged("running without an instance lock"));
  EXPECT_TRUE(wait_logged("store_degraded"));
  set_address("203.0.113.11");
  EXPECT_TRUE(wait_published("203.0.113.11"));
  EXPECT_TRUE(run->running());
  EXPECT_EQ(run->stop(SIGTERM), 0);
  // Nothing was written to the file while unlocked: another instance may have owned it.
  auto ro = ddnsguard({"decisions", "--json"});
  EXPECT_EQ(ro.exit_code, 0) << ro.err;
  EXPECT_EQ(nlohmann::json::parse(ro.out, nullptr, false).size(), 0u) << ro.out;
}

TEST_F(DegradedState, AFileSizeLimitNeverEndsTheDaemon) {
  write_config(config());
  // ulimit -f 4 (dash counts 512-byte blocks): the first database page is already too big,
  // which is SIGXFSZ unless the daemon ignores it.
  std::vector<std::string> argv{"/bin/sh", "-c", "ulimit -f 4 && exec \"$@\"", "sh"};
  auto rest = run_argv();
  argv.insert(argv.end(), rest.begin(), rest.end());
  auto run = start(argv, m_dir.path() + "/runtime");
  ASSERT_TRUE(wait_published("203.0.113.10")) << read_file(m_dir.path() + "/run.log");
  EXPECT_TRUE(wait_logged("store_degraded"));
  set_address("203.0.113.12");
  EXPECT_TRUE(wait_published("203.0.113.12"));
  EXPECT_TRUE(run->running());
  EXPECT_EQ(run->stop(SIGTERM), 0) << read_file(m_dir.path() + "/run.log");
}

// A state directory this user may not write (root's, 0555; the test runs ddnsguard as
// nobody when it is root itself): the lock goes to the runtime directory, history to
// memory, and the record is updated.
TEST_F(DegradedState, AReadOnlyStateDirectoryStillUpdatesTheRecord) {
  write_config(config());
  const auto runtime = m_dir.path() + "/runtime";
  fs::create_directories(state());
  fs::create_directories(runtime);
  ::chmod(state().c_str(), 0555);
  ::chmod(runtime.c_str(), 0777);
  ::chmod(m_dir.path().c_str(), 0755);  // nobody must reach the config
  ::chmod((m_dir.path() + "/ddnsguard.json").c_str(), 0644);
  auto r = run_unprivileged({"/usr/bin/env", "PDNS_KEY=" + m_pdns.api_key(),
                             "RUNTIME_DIRECTORY=" + runtime, DDNSGUARD_BINARY, "-c",
                             m_dir.path() + "/ddnsguard.json", "once"},
                            std::chrono::seconds{30});
  ::chmod(state().c_str(), 0700);
  ASSERT_TRUE(r.has_value()) << "setpriv is missing";
  EXPECT_EQ(r->exit_code, 0) << r->err;
  EXPECT_EQ(published(), "203.0.113.10");
  EXPECT_NE(r->err.find("instance lock kept in " + runtime), std::string::npos) << r->err;
  EXPECT_NE(r->err.find("continuing in memory"), std::string::npos) << r->err;
  EXPECT_FALSE(fs::exists(state() + "/history.db"));
}

TEST_F(DegradedState, StatusSaysWhenTheStoreIsADirectory) {
  write_config(config());
  fs::create_directories(state() + "/history.db");
  auto r = ddnsguard({"status"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("history.db: is a directory"), std::string::npos) << r.err;
}

TEST_F(DegradedState, StateFilesAreTheOwnersOnlyWhenTheDirectoryAlreadyExists) {
  auto c = config();
  c["log"]["file"] = state() + "/ddnsguard.log";
  write_config(c);
  fs::create_directories(state());
  ::chmod(state().c_str(), 0755);
  ASSERT_EQ(ddnsguard({"once"}).exit_code, 0);
  for (const auto* name : {"history.db", "ddnsguard.log", "ddnsguard.lock"}) {
    struct stat st {};
    ASSERT_EQ(::stat((state() + "/" + name).c_str(), &st), 0) << name;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << name;
  }
}

}  // namespace
}  // namespace ddnsguard::testing
