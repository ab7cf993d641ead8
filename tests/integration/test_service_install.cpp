// `ddnsguard service install|uninstall|status` against a temporary root (no systemd
// needed): the unit and its enable link are written, installing twice is harmless,
// uninstall removes only what install created, and a refused install leaves nothing.

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <regex>

#include <nlohmann/json.hpp>

#include "tests/support/offline_config.hpp"
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
  auto first = ddnsguard({"install", "--force", "--root", root()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ASSERT_TRUE(fs::exists(unit()));
  auto text = read_file(unit());
  EXPECT_NE(text.find("Type=notify"), std::string::npos);
  EXPECT_NE(text.find("-c \"" + m_dir.path() + "/c.json\""), std::string::npos) << text;
  EXPECT_TRUE(fs::is_symlink(wants()));
  EXPECT_EQ(fs::read_symlink(wants()), fs::path("../ddnsguard.service"));
  auto again = ddnsguard({"install", "--force", "--root", root()});
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
  ASSERT_EQ(ddnsguard({"install", "--force", "--root", root()}).exit_code, 0);
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
  EXPECT_EQ(ddnsguard({"install", "--force", "--root", root()}).exit_code, 1);
  EXPECT_EQ(ddnsguard({"uninstall", "--root", root()}).exit_code, 1);
  EXPECT_EQ(read_file(unit()), "[Service]\nExecStart=/bin/true\n");
}

TEST_F(ServiceInstall, WithoutRightsNothingIsWritten) {
  fs::create_directories(root());
  chmod(root().c_str(), 0555);
  chmod(m_dir.path().c_str(), 0755);  // nobody must reach the root to be refused by it
  auto r =
      run_unprivileged({DDNSGUARD_BINARY, "service", "install", "--force", "--root", root()}, 30s);
  chmod(root().c_str(), 0755);
  if (!r) GTEST_SKIP() << "running as root without setpriv";
  EXPECT_EQ(r->exit_code, 1);
  EXPECT_NE(r->err.find("needs root"), std::string::npos) << r->err;
  EXPECT_FALSE(fs::exists(root() + "/etc"));
}

TEST_F(ServiceInstall, GeneratedUnitPassesSystemdAnalyze) {
  auto analyze = find_program("systemd-analyze");
  if (!analyze) GTEST_SKIP() << "systemd-analyze not installed";
  ASSERT_EQ(ddnsguard({"install", "--force", "--root", root()}).exit_code, 0);
  auto r = run_process({*analyze, "verify", unit()}, {}, 30s);
  // Only complaints about this unit matter; a container without systemd as PID 1 adds
  // unrelated noise about the host.
  EXPECT_EQ(r.err.find("ddnsguard.service:"), std::string::npos) << r.err << r.out;
}

// A system unit cannot start a program or read a configuration that its sandbox hides
// (ProtectHome=, PrivateTmp=): refused with what to do, and nothing written, unless --force.
TEST_F(ServiceInstall, TheSystemUnitIsRefusedWhereItsSandboxCannotReach) {
  const std::string binary = DDNSGUARD_BINARY;
  bool binary_hidden = false;
  for (const char* dir : {"/tmp/", "/var/tmp/", "/home/", "/root/", "/run/user/"})
    binary_hidden = binary_hidden || binary.rfind(dir, 0) == 0;
  auto config = ddnsguard({"install", "--root", root()});
  EXPECT_EQ(config.exit_code, 2) << config.out << config.err;
  EXPECT_NE(config.err.find(binary_hidden ? binary : m_dir.path() + "/c.json"), std::string::npos)
      << config.err;
  EXPECT_NE(config.err.find("--force"), std::string::npos) << config.err;
  EXPECT_FALSE(fs::exists(root())) << "nothing is written";

  // The program itself in a temporary folder (a build tree), the configuration in /etc.
  auto copy = m_dir.path() + "/build/ddnsguard";
  fs::create_directories(m_dir.path() + "/build");
  fs::copy_file(binary, copy);
  auto exe = run_process(
      {copy, "-c", "/etc/ddnsguard/config.json", "service", "install", "--root", root()}, {}, 30s);
  EXPECT_EQ(exe.exit_code, 2) << exe.out << exe.err;
  EXPECT_NE(exe.err.find("could not start " + copy), std::string::npos) << exe.err;
  EXPECT_NE(exe.err.find("203/EXEC"), std::string::npos) << exe.err;
  EXPECT_NE(exe.err.find("sudo install -m755 " + copy + " /usr/local/bin/"), std::string::npos)
      << exe.err;
  EXPECT_FALSE(fs::exists(root()));

  auto forced = run_process(
      {copy, "-c", "/etc/ddnsguard/config.json", "service", "install", "--force", "--root", root()},
      {}, 30s);
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_TRUE(fs::exists(unit()));
  EXPECT_EQ(run_process({copy, "service", "uninstall", "--force", "--root", root()}).exit_code, 2)
      << "--force belongs to install only";
}

// A state_dir named in the configuration is honoured by the unit (made writable), never
// overridden by the unit's own default.
TEST_F(ServiceInstall, TheConfiguredStateDirectoryIsTheServices) {
  auto c = offline_config();
  c["state_dir"] = "/srv/ddns state";
  write_file(m_dir.path() + "/c.json", c.dump());
  ASSERT_EQ(ddnsguard({"install", "--force", "--root", root()}).exit_code, 0);
  auto text = read_file(unit());
  EXPECT_NE(text.find("ReadWritePaths=-\"/srv/ddns state\"\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("--state-dir"), std::string::npos) << text;
}

// After `service install --user`, `status` in the same user's shell reads the history the
// user unit writes: both use the per-user state directory (~/.local/state/ddnsguard).
TEST_F(ServiceInstall, UserModeStatusFindsWhatTheUserServiceWrote) {
  auto home = m_dir.path() + "/home";
  std::map<std::string, std::string> env{
      {"HOME", home}, {"XDG_CONFIG_HOME", ""}, {"XDG_STATE_HOME", ""}, {"DDNSGUARD_CONFIG", ""}};
  auto c = offline_config();
  auto config = home + "/.config/ddnsguard/config.json";
  fs::create_directories(home + "/.config/ddnsguard");
  write_file(config, c.dump());
  ::chmod(config.c_str(), 0600);
  auto install =
      run_process({DDNSGUARD_BINARY, "service", "install", "--user", "--root", root()}, env, 30s);
  ASSERT_EQ(install.exit_code, 0) << install.err;

  // Run the unit's ExecStart= as systemd --user would (%S is ~/.local/state), once.
  auto text = read_file(root() + home + "/.config/systemd/user/ddnsguard.service");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(text, m, std::regex("\nExecStart=(.*)\n"))) << text;
  std::vector<std::string> argv;
  std::string line = m[1];
  const std::regex word_re(R"re("([^"]*)"|(\S+))re");
  for (std::sregex_iterator it(line.begin(), line.end(), word_re), end; it != end; ++it) {
    std::string word = (*it)[1].matched ? (*it)[1].str() : (*it)[2].str();
    word = std::regex_replace(word, std::regex("%S"), home + "/.local/state");
    argv.push_back(std::regex_replace(word, std::regex("%%"), "%"));
  }
  ASSERT_EQ(argv.back(), "run") << line;
  // Never let this test write the machine's /var/lib/ddnsguard: the unit's command line must
  // resolve to the user's own state directory before anything runs.
  auto check = argv;
  check.back() = "check-config";
  auto checked = run_process(check, env, 30s);
  ASSERT_NE(checked.out.find("state_dir    " + home + "/.local/state/ddnsguard "),
            std::string::npos)
      << checked.out << checked.err;
  ASSERT_FALSE(fs::exists("./ddnsguard.json")) << "a stray ./ddnsguard.json would win";
  argv.back() = "once";
  run_process(argv, env, 60s);
  EXPECT_TRUE(fs::exists(home + "/.local/state/ddnsguard/history.db"));

  auto status = run_process({DDNSGUARD_BINARY, "status"}, env, 30s);
  EXPECT_NE(status.out.find("home.example.net"), std::string::npos) << status.out << status.err;
  EXPECT_EQ(status.err.find("history.db"), std::string::npos) << status.err;
}

// The Debian package ships its unit in /usr/lib/systemd/system and `systemctl enable` links
// it: `service status` (and doctor) see it, and uninstall leaves the package's file alone.
TEST_F(ServiceInstall, ThePackagesUnitIsSeen) {
  auto vendor = root() + "/usr/lib/systemd/system/ddnsguard.service";
  fs::create_directories(fs::path(vendor).parent_path());
  write_file(vendor,
             read_file(std::string(DDNSGUARD_SOURCE_DIR) + "/data/service/ddnsguard.service"));
  fs::create_directories(fs::path(wants()).parent_path());
  fs::create_symlink("/usr/lib/systemd/system/ddnsguard.service", wants());
  auto status = ddnsguard({"status", "--root", root()});
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find(vendor), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("installed  yes"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("enabled    yes"), std::string::npos) << status.out;
  auto gone = ddnsguard({"uninstall", "--root", root()});
  EXPECT_EQ(gone.exit_code, 0) << gone.err;
  EXPECT_NE(gone.out.find("apt remove ddnsguard"), std::string::npos) << gone.out;
  EXPECT_TRUE(fs::exists(vendor));
}

// Where the sandbox reaches everything, no --force is needed. (/dev/shm is neither hidden
// nor a system path; the build tree may be under /tmp or /home.)
TEST_F(ServiceInstall, AReachableProgramInstallsWithoutForce) {
  char dir_template[] = "/dev/shm/ddnsguard-test.XXXXXX";
  if (::mkdtemp(dir_template) == nullptr) GTEST_SKIP() << "no /dev/shm here";
  const std::string dir = dir_template;
  auto copy = dir + "/ddnsguard";
  std::error_code ec;
  fs::copy_file(DDNSGUARD_BINARY, copy, ec);
  auto r = run_process(
      {copy, "-c", "/etc/ddnsguard/config.json", "service", "install", "--root", root()}, {}, 30s);
  fs::remove_all(dir, ec);
  if (r.exit_code == -1 || r.err.find("Permission denied") != std::string::npos)
    GTEST_SKIP() << "/dev/shm is mounted noexec here";
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(
      read_file(unit()).find("ExecStart=\"" + copy + "\" -c \"/etc/ddnsguard/config.json\" run"),
      std::string::npos)
      << read_file(unit());
}

// A user unit must be able to write the state_dir its configuration names.
TEST_F(ServiceInstall, AUserUnitIsRefusedAStateDirectoryItCannotWrite) {
  auto c = offline_config();
  c["state_dir"] = "/proc/ddnsguard-state";  // nobody, not even root, creates files there
  write_file(m_dir.path() + "/c.json", c.dump());
  auto r = ddnsguard({"install", "--user", "--root", root()});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("could not write its state_dir /proc/ddnsguard-state"), std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(root()));
  EXPECT_EQ(ddnsguard({"install", "--user", "--force", "--root", root()}).exit_code, 0);
}

}  // namespace
}  // namespace ddnsguard::testing
