// The launchctl conversation of `service install|uninstall|status --launchd`, against a
// stand-in launchd that records each call (the files go under a temporary root).

#include "controller/service/service_launchd.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "tests/support/process.hpp"

namespace ddnsguard::controller {
namespace {

namespace fs = std::filesystem;

constexpr const char* k_daemon = "/Library/LaunchDaemons/org.ddnsguard.ddnsguard.plist";

// Answers each launchctl verb from a table (exit 0 with no output when not listed).
class FakeLaunchd {
 public:
  LaunchdHost host() {
    return {[this](const std::vector<std::string>& args) {
              std::string line;
              for (const auto& a : args)
                line += (line.empty() ? "" : " ") + a;
              calls.push_back(line);
              auto it = replies.find(args.front());
              return it == replies.end() ? LaunchctlReply{0, ""} : it->second;
            },
            "501"};
  }
  std::vector<std::string> calls;
  std::map<std::string, LaunchctlReply> replies;
};

class LaunchdCommands : public ::testing::Test {
 protected:
  ServiceRequest request(bool user = false) {
    ServiceRequest r;
    r.launchd = true;
    r.user = user;
    r.root = m_dir.path() + "/root";
    r.exe = "/usr/local/bin/ddnsguard";
    r.home = "/Users/ann";
    r.config = m_dir.path() + "/config.json";
    return r;
  }
  ServiceResult install(const ServiceRequest& r) {
    auto host = m_launchd.host();
    return launchd_install(r, &host);
  }
  ServiceState state(const ServiceRequest& r) {
    auto host = m_launchd.host();
    return launchd_state(r, &host);
  }
  testing::TempDir m_dir;
  FakeLaunchd m_launchd;
};

TEST_F(LaunchdCommands, InstallEnablesAndBootstrapsWhenTheConfigExists) {
  testing::write_file(request().config, "{}");
  auto res = install(request());
  ASSERT_EQ(res.exit_code, 0) << res.lines.back();
  EXPECT_EQ(m_launchd.calls,
            (std::vector<std::string>{"bootout system/org.ddnsguard.ddnsguard",
                                      "enable system/org.ddnsguard.ddnsguard",
                                      std::string("bootstrap system ") + k_daemon}));
  EXPECT_EQ(res.lines.back(), "started");

  m_launchd.calls.clear();  // unchanged: loaded again, never booted out (no restart)
  m_launchd.replies["bootstrap"] = {5, ""};  // "already loaded" on a real Mac
  res = install(request());
  EXPECT_EQ(res.exit_code, 0);
  EXPECT_EQ(m_launchd.calls.front(), "enable system/org.ddnsguard.ddnsguard");
  EXPECT_EQ(m_launchd.calls.back(), "print system/org.ddnsguard.ddnsguard");
}

TEST_F(LaunchdCommands, WithoutConfigItIsEnabledButNotStarted) {
  auto res = install(request(true));
  ASSERT_EQ(res.exit_code, 0);
  EXPECT_EQ(m_launchd.calls.back(), "enable gui/501/org.ddnsguard.ddnsguard");
  EXPECT_NE(res.lines.back().find("not started: write " + request().config +
                                  " first, then launchctl bootstrap gui/501 "
                                  "/Users/ann/Library/LaunchAgents/org.ddnsguard.ddnsguard.plist"),
            std::string::npos)
      << res.lines.back();
}

TEST_F(LaunchdCommands, AFailedBootstrapIsAnError) {
  testing::write_file(request().config, "{}");
  m_launchd.replies["bootstrap"] = {5, ""};
  m_launchd.replies["print"] = {113, ""};  // not loaded after all
  auto res = install(request());
  EXPECT_EQ(res.exit_code, 1);
  EXPECT_EQ(res.lines.back(), "error: launchctl bootstrap system failed (exit 5)");
  EXPECT_TRUE(fs::exists(request().root + k_daemon)) << "the job is in place for the next boot";
}

TEST_F(LaunchdCommands, StatusReadsPrintAndPrintDisabled) {
  testing::write_file(request().config, "{}");
  ASSERT_EQ(install(request()).exit_code, 0);
  m_launchd.replies["print"] = {0, "system/org.ddnsguard.ddnsguard = {\n\tstate = running\n"};
  m_launchd.replies["print-disabled"] = {0, "\t\"com.apple.ftpd\" => disabled\n"};
  auto st = state(request());
  EXPECT_TRUE(st.installed);
  EXPECT_TRUE(st.enabled);
  EXPECT_EQ(st.active, "active");
  EXPECT_EQ(m_launchd.calls.back(), "print system/org.ddnsguard.ddnsguard");

  m_launchd.replies["print"] = {0, "\tstate = not running\n"};
  for (const char* listing :
       {"\t\"org.ddnsguard.ddnsguard\" => disabled\n", "\t\"org.ddnsguard.ddnsguard\" => true\n"}) {
    m_launchd.replies["print-disabled"] = {0, listing};
    st = state(request());
    EXPECT_FALSE(st.enabled) << listing;
    EXPECT_EQ(st.active, "loaded, not running");
  }
  m_launchd.replies["print"] = {113, "Could not find service"};
  EXPECT_EQ(state(request()).active, "inactive");
}

TEST_F(LaunchdCommands, UninstallBootsOutThenRemoves) {
  ASSERT_EQ(install(request(true)).exit_code, 0);
  m_launchd.calls.clear();
  auto host = m_launchd.host();
  auto res = launchd_uninstall(request(true), &host);
  EXPECT_EQ(res.exit_code, 0);
  EXPECT_EQ(m_launchd.calls, std::vector<std::string>{"bootout gui/501/org.ddnsguard.ddnsguard"});
  EXPECT_FALSE(
      fs::exists(request().root + "/Users/ann/Library/LaunchAgents/org.ddnsguard.ddnsguard.plist"));
}

}  // namespace
}  // namespace ddnsguard::controller
