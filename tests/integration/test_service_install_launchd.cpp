// `ddnsguard service install|uninstall|status --launchd` laid out under a temporary root
// (no Mac needed): the property list is where launchd looks, valid (python's plistlib
// reads it as a Mac would), the state and log directories exist, installing twice is
// harmless, uninstall removes only the plist, and without --root on a system with no
// launchctl nothing is written.

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>

#include "tests/support/process.hpp"

namespace ddnsguard::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* k_plist_name = "org.ddnsguard.ddnsguard.plist";

class ServiceLaunchd : public ::testing::Test {
 protected:
  // `service <args> --launchd`, with HOME in the temporary directory and no -c: the
  // default configuration path goes into the plist.
  ProcessResult ddnsguard(std::vector<std::string> args) {
    std::vector<std::string> argv{DDNSGUARD_BINARY, "service"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back("--launchd");
    return run_process(argv, {{"HOME", home()}, {"XDG_CONFIG_HOME", ""}}, 30s);
  }
  std::string home() const { return m_dir.path() + "/Users/ann"; }
  std::string root() const { return m_dir.path() + "/root"; }
  std::string daemon() const { return root() + "/Library/LaunchDaemons/" + k_plist_name; }
  std::string agent() const { return root() + home() + "/Library/LaunchAgents/" + k_plist_name; }
  // The plist as python's plistlib reads it, printed as key=value lines.
  std::string parsed(const std::string& plist) {
    auto python = find_program("python3");
    if (!python) return "python3 missing";
    auto r = run_process({*python, "-c",
                          "import plistlib,sys\n"
                          "p=plistlib.load(open(sys.argv[1],'rb'))\n"
                          "for k in sorted(p): print(f'{k}={p[k]!r}')\n",
                          plist},
                         {}, 30s);
    return r.exit_code == 0 ? r.out : "invalid: " + r.err;
  }
  TempDir m_dir;
};

int mode_of(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 07777) : -1;
}

TEST_F(ServiceLaunchd, DaemonInstallTwiceStatusUninstall) {
  auto first = ddnsguard({"install", "--root", root()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ASSERT_TRUE(fs::exists(daemon())) << first.out;
  EXPECT_EQ(mode_of(daemon()), 0644) << "launchd refuses group- or world-writable jobs";
  auto state = root() + "/Library/Application Support/ddnsguard";
  EXPECT_EQ(mode_of(state), 0700);
  EXPECT_TRUE(fs::is_directory(root() + "/Library/Logs/ddnsguard"));
  auto p = parsed(daemon());
  EXPECT_NE(p.find("Label='org.ddnsguard.ddnsguard'"), std::string::npos) << p;
  EXPECT_NE(p.find("ProgramArguments=['" + std::string(DDNSGUARD_BINARY) +
                   "', '-c', '/etc/ddnsguard/config.json', '--state-dir', "
                   "'/Library/Application Support/ddnsguard', 'run']"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find("RunAtLoad=True"), std::string::npos) << p;
  EXPECT_NE(p.find("KeepAlive={'SuccessfulExit': False}"), std::string::npos) << p;
  EXPECT_NE(p.find("StandardErrorPath='/Library/Logs/ddnsguard/ddnsguard.log'"), std::string::npos)
      << p;

  auto again = ddnsguard({"install", "--root", root()});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("already installed"), std::string::npos) << again.out;
  auto status = ddnsguard({"status", "--root", root()});
  EXPECT_EQ(status.exit_code, 0);
  EXPECT_NE(status.out.find("plist      " + daemon()), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("installed  yes"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("enabled    yes"), std::string::npos) << status.out;

  auto gone = ddnsguard({"uninstall", "--root", root()});
  EXPECT_EQ(gone.exit_code, 0) << gone.err;
  EXPECT_FALSE(fs::exists(daemon()));
  EXPECT_TRUE(fs::is_directory(state)) << "the history is kept";
  EXPECT_NE(ddnsguard({"uninstall", "--root", root()}).out.find("not installed"),
            std::string::npos);
  EXPECT_EQ(ddnsguard({"status", "--root", root()}).exit_code, 1);
}

TEST_F(ServiceLaunchd, AgentLivesInTheUsersLibrary) {
  auto r = ddnsguard({"install", "--user", "--root", root()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(fs::exists(agent())) << r.out;
  EXPECT_EQ(mode_of(root() + home() + "/Library/Application Support/ddnsguard"), 0700);
  auto p = parsed(agent());
  EXPECT_NE(p.find("'-c', '" + home() + "/.config/ddnsguard/config.json'"), std::string::npos) << p;
  EXPECT_NE(p.find("StandardOutPath='" + home() + "/Library/Logs/ddnsguard/ddnsguard.log'"),
            std::string::npos)
      << p;
  EXPECT_FALSE(fs::exists(daemon())) << "a user install touches no system directory";
  EXPECT_EQ(ddnsguard({"uninstall", "--user", "--root", root()}).exit_code, 0);
  EXPECT_FALSE(fs::exists(agent()));
}

TEST_F(ServiceLaunchd, AChangedInstallRewritesOnlyOurPlist) {
  ASSERT_EQ(ddnsguard({"install", "--root", root()}).exit_code, 0);
  auto moved = run_process(
      {DDNSGUARD_BINARY, "-c", "/srv/dd.json", "service", "install", "--launchd", "--root", root()},
      {}, 30s);
  EXPECT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_NE(moved.out.find("wrote"), std::string::npos) << moved.out;
  EXPECT_NE(read_file(daemon()).find("<string>/srv/dd.json</string>"), std::string::npos);

  write_file(daemon(), "<plist><dict/></plist>\n");  // somebody else's job by that name
  auto refused = ddnsguard({"install", "--root", root()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("not written by ddnsguard"), std::string::npos) << refused.err;
  EXPECT_EQ(ddnsguard({"uninstall", "--root", root()}).exit_code, 1);
  EXPECT_EQ(read_file(daemon()), "<plist><dict/></plist>\n");
}

TEST_F(ServiceLaunchd, WithoutRightsNothingIsWritten) {
  fs::create_directories(root());
  chmod(root().c_str(), 0555);
  chmod(m_dir.path().c_str(), 0755);
  auto r = run_unprivileged({DDNSGUARD_BINARY, "service", "install", "--launchd", "--root", root()},
                            30s);
  chmod(root().c_str(), 0755);
  if (!r) GTEST_SKIP() << "running as root without setpriv";
  EXPECT_EQ(r->exit_code, 1);
  EXPECT_NE(r->err.find("a LaunchDaemon needs root"), std::string::npos) << r->err;
  EXPECT_FALSE(fs::exists(root() + "/Library"));
}

TEST_F(ServiceLaunchd, WithoutLaunchctlOnlyRootIsAccepted) {
  if (fs::exists("/bin/launchctl")) GTEST_SKIP() << "this machine has launchd";
  bool had_library = fs::exists("/Library");
  for (const char* action : {"install", "uninstall", "status"}) {
    auto r = ddnsguard({action});
    EXPECT_EQ(r.exit_code, 2) << action;
    EXPECT_NE(r.err.find("--launchd needs macOS"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--root DIR"), std::string::npos) << r.err;
  }
  EXPECT_EQ(fs::exists("/Library"), had_library) << "nothing was written";
}

}  // namespace
}  // namespace ddnsguard::testing
