// The real ddnsguard.exe and ddnsguardw.exe under wine: check-config, one pass against a
// fake dyndns2 provider on loopback, the single-instance mutex, the HKCU Run value, and
// the Windows service (create, start, status, stop, delete).

#include <winsock2.h>
// after winsock2.h
#include <windows.h>

#include <gtest/gtest.h>

#include <mutex>

#include <nlohmann/json.hpp>

#include "tests/support/fake_http.hpp"
#include "tests/windows/windows_test_support.hpp"

namespace ddnsguard::testing {
namespace {

constexpr const wchar_t* k_run_key = L"Software\\Microsoft\\Windows\\CurrentVersion\\Run";

class WindowsSmoke : public ::testing::Test {
 protected:
  void SetUp() override {
    m_server.server().Get("/ip", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("198.51.100.7", "text/plain");
    });
    m_server.server().Get(
        "/nic/update", [this](const httplib::Request& req, httplib::Response& res) {
          std::lock_guard lock(m_mutex);
          m_updates.push_back(req.get_param_value("hostname") + " " + req.get_param_value("myip"));
          res.set_content("good " + req.get_param_value("myip"), "text/plain");
        });
    m_server.start();
    write_file(m_dir.path() + "\\pw", "s3cret-dyn-pw\n");
    write_config(nlohmann::json::object());
  }

  void write_config(const nlohmann::json& extra) {
    nlohmann::json c = {
        {"state_dir", m_dir.path() + "\\state"},
        {"log", {{"file", m_dir.path() + "\\ddnsguard.log"}}},
        {"sources",
         {{"ipv4", {{{"type", "http"}, {"url", m_server.url("/ip")}}}}, {"allow_private", true}}},
        {"providers",
         {{"dyn",
           {{"type", "dyndns2"},
            {"username", "alice"},
            {"password_file", m_dir.path() + "\\pw"},
            {"endpoint", m_server.url("/nic/update")}}}}},
        {"verify", {{"enabled", false}}},
        {"records", {{{"name", "home.example.net"}, {"type", "A"}, {"providers", {"dyn"}}}}}};
    c.update(extra);
    write_file(config(), c.dump());
  }

  std::string config() const { return m_dir.path() + "\\c.json"; }

  ExeResult ddnsguard(std::vector<std::string> args) {
    std::vector<std::string> argv{windows_exe("ddnsguard.exe"), "-c", config()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_exe(argv);
  }

  std::vector<std::string> updates() {
    std::lock_guard lock(m_mutex);
    return m_updates;
  }

  TempDir m_dir;
  FakeHttp m_server;
  std::mutex m_mutex;
  std::vector<std::string> m_updates;
};

TEST_F(WindowsSmoke, VersionAndCheckConfig) {
  auto v = run_exe({windows_exe("ddnsguard.exe"), "--version"});
  EXPECT_EQ(v.code, 0);
  EXPECT_NE(v.out.find("ddnsguard "), std::string::npos) << v.out;
  auto c = ddnsguard({"check-config"});
  EXPECT_EQ(c.code, 0) << c.out;
  EXPECT_NE(c.out.find("home.example.net"), std::string::npos) << c.out;
  EXPECT_EQ(c.out.find("s3cret"), std::string::npos);
}

TEST_F(WindowsSmoke, CheckConfigSaysMetricsAreNotInThisBuild) {
  write_config({{"metrics", {{"listen", "127.0.0.1:9101"}}}});
  auto c = ddnsguard({"check-config"});
  EXPECT_EQ(c.code, 0) << c.out;
  EXPECT_NE(c.out.find("metrics.listen is ignored"), std::string::npos) << c.out;
}

TEST_F(WindowsSmoke, BadConfigNamesTheFieldAndExits2) {
  write_config(
      {{"records", {{{"name", "home.example.net"}, {"type", "MX"}, {"providers", {"dyn"}}}}}});
  auto c = ddnsguard({"check-config"});
  EXPECT_EQ(c.code, 2) << c.out;
}

TEST_F(WindowsSmoke, OncePublishesTheAddressThroughTheFakeProvider) {
  auto r = ddnsguard({"once"});
  EXPECT_EQ(r.code, 0) << r.out;
  ASSERT_EQ(updates().size(), 1u);
  EXPECT_EQ(updates()[0], "home.example.net 198.51.100.7");
  auto status = ddnsguard({"status"});
  EXPECT_EQ(status.code, 0) << status.out;
  EXPECT_NE(status.out.find("198.51.100.7"), std::string::npos) << status.out;
  auto log = std::ifstream(m_dir.path() + "\\ddnsguard.log");
  std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("home.example.net"), std::string::npos);
  EXPECT_EQ(text.find("s3cret"), std::string::npos);
}

TEST_F(WindowsSmoke, SecondInstanceOnTheSameStateIsRefusedWithExit3) {
  Background daemon({windows_exe("ddnsguardw.exe"), "-c", config(), "run"});
  ASSERT_TRUE(daemon.started());
  ASSERT_TRUE(wait_until([&] { return !updates().empty(); })) << "the daemon never updated";
  ASSERT_TRUE(daemon.running());
  auto second = ddnsguard({"once"});
  EXPECT_EQ(second.code, 3) << second.out;
  daemon.stop();
  EXPECT_EQ(ddnsguard({"once"}).code, 0);  // released with the holder
}

TEST_F(WindowsSmoke, RunValueInstallIsIdempotentAndUninstallRemovesIt) {
  auto first = ddnsguard({"service", "install", "--user"});
  ASSERT_EQ(first.code, 0) << first.out;
  auto value = hkcu_value(k_run_key, L"ddnsguard");
  ASSERT_TRUE(value);
  EXPECT_NE(value->find("ddnsguardw.exe\" run --config \"" + config() + "\""), std::string::npos)
      << *value;
  auto again = ddnsguard({"service", "install", "--user"});
  EXPECT_EQ(again.code, 0);
  EXPECT_NE(again.out.find("already installed"), std::string::npos) << again.out;
  auto status = ddnsguard({"service", "status", "--user"});
  EXPECT_EQ(status.code, 0);
  EXPECT_NE(status.out.find("installed  yes"), std::string::npos) << status.out;
  EXPECT_EQ(ddnsguard({"service", "uninstall", "--user"}).code, 0);
  EXPECT_FALSE(hkcu_value(k_run_key, L"ddnsguard"));
  EXPECT_EQ(ddnsguard({"service", "status", "--user"}).code, 1);
  auto twice = ddnsguard({"service", "uninstall", "--user"});
  EXPECT_EQ(twice.code, 0);
  EXPECT_NE(twice.out.find("not installed"), std::string::npos);
}

TEST_F(WindowsSmoke, RootOptionIsRefusedOnWindows) {
  EXPECT_EQ(ddnsguard({"service", "install", "--root", m_dir.path()}).code, 2);
  EXPECT_EQ(ddnsguard({"service", "status", "--root", m_dir.path()}).code, 2);
  EXPECT_EQ(ddnsguard({"service", "uninstall", "--root", m_dir.path()}).code, 2);
}

// One test, so nothing else talks to the service dispatcher meanwhile: under wine a
// `run --service` outside the SCM can take the pipe meant for the service being started.
TEST_F(WindowsSmoke, ServiceIsCreatedStartedStoppedAndDeleted) {
  ddnsguard({"service", "uninstall"});  // leftovers of an interrupted run
  auto install = ddnsguard({"service", "install"});
  ASSERT_EQ(install.code, 0) << install.out;
  EXPECT_NE(install.out.find("started"), std::string::npos) << install.out;
  EXPECT_TRUE(wait_until([&] { return !updates().empty(); })) << "the service never updated";
  EXPECT_TRUE(wait_until([&] {
    return ddnsguard({"service", "status"}).out.find("active     active") != std::string::npos;
  })) << ddnsguard({"service", "status"}).out;
  auto status = ddnsguard({"service", "status"});
  EXPECT_NE(status.out.find("enabled    yes"), std::string::npos) << status.out;
  auto again = ddnsguard({"service", "install"});
  EXPECT_EQ(again.code, 0) << again.out;
  EXPECT_NE(again.out.find("already installed"), std::string::npos) << again.out;
  auto uninstall = ddnsguard({"service", "uninstall"});
  EXPECT_EQ(uninstall.code, 0) << uninstall.out;
  EXPECT_NE(uninstall.out.find("stopped and removed"), std::string::npos) << uninstall.out;
  EXPECT_EQ(ddnsguard({"service", "status"}).code, 1);
  EXPECT_EQ(ddnsguard({"once"}).code, 0);              // the service released the state directory
  EXPECT_EQ(ddnsguard({"run", "--service"}).code, 1);  // not started by the SCM: refused
}

}  // namespace
}  // namespace ddnsguard::testing
