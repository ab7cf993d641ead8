// Golden-file tests of the generated systemd units and launchd property lists.

#include <gtest/gtest.h>

#include "controller/service/service_files.hpp"
#include "tests/support/process.hpp"

namespace ddnsguard::controller {
namespace {

std::string golden(const std::string& name) {
  return testing::read_file(std::string(DDNSGUARD_SOURCE_DIR) + "/tests/controller/golden/" + name);
}

ServiceSpec spec(bool user) {
  ServiceSpec s;
  s.exe = "/usr/bin/ddnsguard";
  s.config = user ? "/home/ann/.config/ddnsguard/config.json" : "/etc/ddnsguard/config.json";
  s.user = user;
  return s;
}

// The paths `service install --launchd` passes (tests/integration/test_service_install.cpp).
ServiceSpec mac_spec(bool user) {
  ServiceSpec s;
  s.exe = "/usr/local/bin/ddnsguard";
  s.config = user ? "/Users/ann/.config/ddnsguard/config.json" : "/etc/ddnsguard/config.json";
  s.user = user;
  auto lib = std::string(user ? "/Users/ann/Library" : "/Library");
  s.state_dir = lib + "/Application Support/ddnsguard";
  s.log_file = lib + "/Logs/ddnsguard/ddnsguard.log";
  return s;
}

TEST(ServiceFiles, SystemUnitMatchesGolden) {
  // The unit the Debian package ships is this very file.
  EXPECT_EQ(systemd_unit(spec(false)), testing::read_file(std::string(DDNSGUARD_SOURCE_DIR) +
                                                          "/data/service/ddnsguard.service"));
}

TEST(ServiceFiles, UserUnitMatchesGolden) {
  EXPECT_EQ(systemd_unit(spec(true)), golden("user.service"));
}

TEST(ServiceFiles, LaunchdPlistsMatchGolden) {
  EXPECT_EQ(launchd_plist(mac_spec(false)), golden("daemon.plist"));
  EXPECT_EQ(launchd_plist(mac_spec(true)), golden("agent.plist"));
}

TEST(ServiceFiles, PathsAreQuotedAndEscaped) {
  auto s = spec(false);
  s.config = "/etc/dd guard/50%$x\".json";
  auto unit = systemd_unit(s);
  EXPECT_NE(unit.find(R"(-c "/etc/dd guard/50%%$$x\".json")"), std::string::npos) << unit;
  s.config = "/a&b<c>.json";
  EXPECT_NE(launchd_plist(s).find("<string>/a&amp;b&lt;c&gt;.json</string>"), std::string::npos);
}

// A configuration's own state_dir outside StateDirectory= is made writable, not overridden.
TEST(ServiceFiles, AConfiguredStateDirectoryIsWritableAndNotOverridden) {
  EXPECT_EQ(systemd_unit(spec(false)).find("--state-dir"), std::string::npos);
  EXPECT_EQ(systemd_unit(spec(false)).find("ReadWritePaths"), std::string::npos);
  auto s = spec(false);
  s.state_dir = "/srv/dd 50%";
  auto unit = systemd_unit(s);
  EXPECT_NE(unit.find("\nReadWritePaths=-\"/srv/dd 50%%\"\n"), std::string::npos) << unit;
  EXPECT_EQ(unit.find("--state-dir"), std::string::npos) << unit;
}

TEST(ServiceFiles, WhatASystemUnitsSandboxHides) {
  for (const char* hidden :
       {"/home/ann/build/ddnsguard", "/root/ddnsguard", "/tmp/x/ddnsguard", "/var/tmp/ddnsguard",
        "/run/user/1000/dd.json", "/home/../home/a", "/tmp"}) {
    EXPECT_NE(hidden_from_system_unit(hidden), "") << hidden;
  }
  EXPECT_NE(hidden_from_system_unit("/home/a/x").find("ProtectHome=yes"), std::string::npos);
  EXPECT_NE(hidden_from_system_unit("/tmp/x").find("PrivateTmp=yes"), std::string::npos);
  for (const char* seen :
       {"/usr/bin/ddnsguard", "/usr/local/bin/ddnsguard", "/etc/ddnsguard/config.json", "/homes/x",
        "/opt/tmp/x", "/srv/root/x", "/home/../usr/bin/ddnsguard"}) {
    EXPECT_EQ(hidden_from_system_unit(seen), "") << seen;
  }
}

TEST(ServiceFiles, OnlyTheServicesOwnConfigurationIsTakenOver) {
  EXPECT_TRUE(in_service_config_dir("/etc/ddnsguard/config.json"));
  EXPECT_TRUE(in_service_config_dir("/etc/ddnsguard/site/a.json"));
  for (const char* theirs : {"/etc/ddnsguard", "/etc/ddnsguard.json", "/etc/ddnsguardx/c.json",
                             "/home/ann/dd.json", "/etc/ddnsguard/../passwd", "/srv/c.json"}) {
    EXPECT_FALSE(in_service_config_dir(theirs)) << theirs;
  }
}

}  // namespace
}  // namespace ddnsguard::controller
