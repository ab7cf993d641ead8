// `ddnsguard service install|uninstall|status` against a temporary root (no systemd
// needed): the unit and its enable link are written, installing twice is harmless,
// uninstall removes only what install created, and a refused install leaves nothing.

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "tests/support/process.hpp"

namespace ddnsguard::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class ServiceInstall : public ::testing::Test {
 protected:
  ProcessResult ddnsguard(std::vector<std::string> args) {
    std::vector<std::string> argv{DDNSGUARD_BINARY, "-c", m_dir.path() + "/c.json", "service"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, {{"HOME", m_dir.path() + "/home"}}, 30s);
  }
  std::string root() const { return m_dir.path() + "/root"; }
  std::string unit() const { return root() + "/etc/systemd/system/ddnsguard.service"; }
  std::string wants() const {
    return root() + "/etc/systemd/system/multi-user.target.wants/ddnsguard.service";
  }
  TempDir m_dir;
};

TEST_F(ServiceInstall, InstallTwiceStatusUninstall) {
  auto first = ddnsguard({"install", "--root", root()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ASSERT_TRUE(fs::exists(unit()));
  auto text = read_file(unit());
  EXPECT_NE(text.find("Type=notify"), std::string::npos);
  EXPECT_NE(text.find("-c \"" + m_dir.path() + "/c.json\""), std::string::npos) << text;
  EXPECT_TRUE(fs::is_symlink(wants()));
  EXPECT_EQ(fs::read_symlink(wants()), fs::path("../ddnsguard.service"));
  auto again = ddnsguard({"install", "--root", root()});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("already installed"), std::string::npos) << again.out;
  auto status = ddnsguard({"status", "--root", root()});
  EXPECT_EQ(status.exit_code, 0);
  EXPECT_NE(status.out.find("installed  yes"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("enabled    yes"), std::string::npos) << status.out;
  auto gone = ddnsguard({"uninstall", "--root", root()});
  EXPECT_EQ(gone.exit_code, 0) << gone.err;
  EXPECT_FALSE(fs::exists(unit()));
  EXPECT_FALSE(fs::is_symlink(wants()));
  EXPECT_TRUE(fs::exists(root() + "/etc/systemd/system")) << "directories are left in place";
  EXPECT_NE(ddnsguard({"uninstall", "--root", root()}).out.find("not installed"),
            std::string::npos);
  EXPECT_EQ(ddnsguard({"status", "--root", root()}).exit_code, 1);
}

// systemd's own judgement of the sandbox (offline: the unit file alone), and a bad
// configuration (exit 2) never restarts in a loop. Exit 3 (another instance) may: a `once`
// holding the lock at the moment of a restart must not stop the service for good.
TEST_F(ServiceInstall, TheSystemUnitIsWellSandboxed) {
  ASSERT_EQ(ddnsguard({"install", "--root", root()}).exit_code, 0);
  auto analyze = find_program("systemd-analyze");
  ASSERT_TRUE(analyze) << "tools/setup.sh installs systemd";
  auto r = run_process({*analyze, "security", "--offline=true", "--no-pager", unit()}, {}, 60s);
  auto at = r.out.find("Overall exposure level for ddnsguard.service: ");
  ASSERT_NE(at, std::string::npos) << r.out << r.err;
  const double exposure = std::stod(r.out.substr(at + 46));
  EXPECT_LE(exposure, 2.0) << r.out;
  EXPECT_NE(read_file(unit()).find("RestartPreventExitStatus=2\n"), std::string::npos);
}

TEST_F(ServiceInstall, UserUnitGoesToTheUsersConfig) {
  auto r = ddnsguard({"install", "--user", "--root", root()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto dir = root() + m_dir.path() + "/home/.config/systemd/user";
  EXPECT_TRUE(fs::exists(dir + "/ddnsguard.service")) << r.out;
  EXPECT_TRUE(fs::is_symlink(dir + "/default.target.wants/ddnsguard.service"));
  EXPECT_EQ(read_file(dir + "/ddnsguard.service").find("CapabilityBoundingSet"), std::string::npos)
      << "a user unit cannot drop capabilities it does not have";
}

TEST_F(ServiceInstall, AForeignUnitIsLeftAlone) {
  fs::create_directories(root() + "/etc/systemd/system");
  write_file(unit(), "[Service]\nExecStart=/bin/true\n");
  EXPECT_EQ(ddnsguard({"install", "--root", root()}).exit_code, 1);
  EXPECT_EQ(ddnsguard({"uninstall", "--root", root()}).exit_code, 1);
  EXPECT_EQ(read_file(unit()), "[Service]\nExecStart=/bin/true\n");
}

TEST_F(ServiceInstall, WithoutRightsNothingIsWritten) {
  fs::create_directories(root());
  chmod(root().c_str(), 0555);
  chmod(m_dir.path().c_str(), 0755);  // nobody must reach the root to be refused by it
  auto r = run_unprivileged({DDNSGUARD_BINARY, "service", "install", "--root", root()}, 30s);
  chmod(root().c_str(), 0755);
  if (!r) GTEST_SKIP() << "running as root without setpriv";
  EXPECT_EQ(r->exit_code, 1);
  EXPECT_NE(r->err.find("needs root"), std::string::npos) << r->err;
  EXPECT_FALSE(fs::exists(root() + "/etc"));
}

TEST_F(ServiceInstall, GeneratedUnitPassesSystemdAnalyze) {
  auto analyze = find_program("systemd-analyze");
  if (!analyze) GTEST_SKIP() << "systemd-analyze not installed";
  ASSERT_EQ(ddnsguard({"install", "--root", root()}).exit_code, 0);
  auto r = run_process({*analyze, "verify", unit()}, {}, 30s);
  // Only complaints about this unit matter; a container without systemd as PID 1 adds
  // unrelated noise about the host.
  EXPECT_EQ(r.err.find("ddnsguard.service:"), std::string::npos) << r.err << r.out;
}

}  // namespace
}  // namespace ddnsguard::testing
