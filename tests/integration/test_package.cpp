// The Debian package built by cpack from this build tree: files, modes, control data, the
// unit it ships, lintian's verdict, and its maintainer scripts run in a scratch root
// (DPKG_ROOT) with stub tools: install, upgrade, remove and purge.

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/process.hpp"

namespace ddnsguard::testing {
namespace {

using namespace std::chrono_literals;

TEST(Package, DebHoldsTheBinaryUnitManPageAndAPrivateExampleConfig) {
  auto cpack = find_program("cpack");
  auto dpkg_deb = find_program("dpkg-deb");
  if (!cpack || !dpkg_deb) GTEST_SKIP() << "cpack or dpkg-deb not installed";
  TempDir dir;
  auto built =
      run_process({*cpack, "-G", "DEB", "--config",
                   std::string(DDNSGUARD_BUILD_DIR) + "/CPackConfig.cmake", "-B", dir.path()},
                  {}, 300s);
  ASSERT_EQ(built.exit_code, 0) << built.out << built.err;
  auto ls = run_process({"/bin/sh", "-c", "ls " + dir.path() + "/*.deb"}, {}, 10s);
  auto deb = ls.out.substr(0, ls.out.find('\n'));
  ASSERT_FALSE(deb.empty()) << built.out;

  auto contents = run_process({*dpkg_deb, "-c", deb}, {}, 30s).out;
  for (const char* want :
       {"-rwxr-xr-x root/root", "./usr/bin/ddnsguard", "./usr/lib/systemd/system/ddnsguard.service",
        "-rw------- root/root", "./etc/ddnsguard/config.json"}) {
    EXPECT_NE(contents.find(want), std::string::npos) << want << "\n" << contents;
  }
  for (const char* want :
       {"./usr/share/man/man1/ddnsguard.1.gz", "./usr/share/man/man5/ddnsguard.json.5.gz",
        "./usr/share/doc/ddnsguard/copyright", "./usr/share/doc/ddnsguard/changelog.gz",
        "./usr/share/doc/ddnsguard/README.md",
        "./usr/share/doc/ddnsguard/examples/cloudflare-duckdns-webhook.json"}) {
    EXPECT_NE(contents.find(want), std::string::npos) << want << "\n" << contents;
  }
  auto info = run_process({*dpkg_deb, "-I", deb}, {}, 30s).out;
  EXPECT_NE(info.find("Package: ddnsguard"), std::string::npos) << info;
  EXPECT_NE(info.find("Depends:"), std::string::npos) << info;
  EXPECT_NE(info.find("libcurl"), std::string::npos) << "shared library dependencies: " << info;
  auto conffiles = run_process({*dpkg_deb, "-I", deb, "conffiles"}, {}, 30s).out;
  EXPECT_NE(conffiles.find("/etc/ddnsguard/config.json"), std::string::npos) << conffiles;

  // The unit shipped is the one `service install` writes, and it is not enabled.
  ASSERT_EQ(run_process({*dpkg_deb, "-x", deb, dir.path() + "/x"}, {}, 30s).exit_code, 0);
  EXPECT_EQ(read_file(dir.path() + "/x/usr/lib/systemd/system/ddnsguard.service"),
            read_file(std::string(DDNSGUARD_SOURCE_DIR) + "/data/service/ddnsguard.service"));
  EXPECT_EQ(contents.find("multi-user.target.wants"), std::string::npos);
  EXPECT_NE(info.find("adduser"), std::string::npos) << info;
  EXPECT_NE(info.find("\n  ddnsguard keeps DNS names pointing at the changing public address"),
            std::string::npos)
      << "a long description";
  for (const char* script : {"postinst", "prerm", "postrm"}) {
    EXPECT_NE(info.find(std::string(script)), std::string::npos) << script << "\n" << info;
  }

  // Debian's own checker finds no error (warnings are allowed; one is overridden).
  if (auto lintian = find_program("lintian")) {
    auto checked = run_process({*lintian, "--tag-display-limit", "0", deb}, {}, 300s);
    EXPECT_EQ(checked.out.find("E: "), std::string::npos) << checked.out << checked.err;
  } else {
    ADD_FAILURE() << "tools/setup.sh installs lintian";
  }

  // Its postinst makes the system user the unit runs as: run with stub tools that log.
  ASSERT_EQ(run_process({*dpkg_deb, "-e", deb, dir.path() + "/ctrl"}, {}, 30s).exit_code, 0);
  auto stubs = dir.path() + "/stubs";
  std::filesystem::create_directories(stubs);
  for (const char* tool :
       {"getent", "adduser", "chown", "chmod", "systemctl", "deb-systemd-invoke"}) {
    write_file(stubs + "/" + tool, std::string("#!/bin/sh\necho \"") + tool +
                                       " $*\" >>\"$STUB_LOG\"\n" +
                                       (std::string(tool) == "getent" ? "exit 2\n" : "exit 0\n"));
    std::filesystem::permissions(stubs + "/" + tool, std::filesystem::perms::owner_all);
  }
  auto log = dir.path() + "/stub.log";
  auto post = run_process({"/bin/sh", dir.path() + "/ctrl/postinst", "configure"},
                          {{"PATH", stubs + ":/usr/bin:/bin"},
                           {"STUB_LOG", log},
                           {"DPKG_ROOT", dir.path() + "/scratch"}},
                          30s);
  ASSERT_EQ(post.exit_code, 0) << post.out << post.err;
  auto calls = read_file(log);
  EXPECT_NE(calls.find("getent passwd ddnsguard"), std::string::npos) << calls;
  EXPECT_NE(calls.find("adduser --system --group --quiet --home /var/lib/ddnsguard "
                       "--no-create-home --shell /usr/sbin/nologin ddnsguard"),
            std::string::npos)
      << calls;
}

// The maintainer scripts (data/package/, the ones the .deb carries) in a scratch root
// (dpkg's DPKG_ROOT) with stub tools that log what they were asked: configure restarts a
// running service on an upgrade; remove stops and disables it and reloads systemd; purge
// removes the history and the unit `service install` wrote, and nothing else.
class PackageScripts : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(m_stubs);
    for (const char* tool :
         {"getent", "adduser", "chown", "chmod", "systemctl", "deb-systemd-invoke"}) {
      write_file(m_stubs + "/" + tool,
                 std::string("#!/bin/sh\necho \"") + tool + " $*\" >>\"$STUB_LOG\"\nexit 0\n");
      std::filesystem::permissions(m_stubs + "/" + tool, std::filesystem::perms::owner_all);
    }
    for (const char* dir : {"/run/systemd/system", "/etc/ddnsguard", "/var/lib/ddnsguard",
                            "/etc/systemd/system/multi-user.target.wants"}) {
      std::filesystem::create_directories(root() + dir);
    }
    write_file(root() + "/etc/ddnsguard/config.json", "{}");
    write_file(root() + "/var/lib/ddnsguard/history.db", "rows");
  }
  std::string root() const { return m_dir.path() + "/root"; }
  std::string unit() const { return root() + "/etc/systemd/system/ddnsguard.service"; }
  // Runs data/package/<script> <args...>; returns the stub calls it made.
  std::string run_script(const std::string& script, const std::string& arg) {
    std::filesystem::remove(m_log);
    auto r = run_process(
        {"/bin/sh", std::string(DDNSGUARD_SOURCE_DIR) + "/data/package/" + script, arg},
        {{"PATH", m_stubs + ":/usr/bin:/bin"}, {"STUB_LOG", m_log}, {"DPKG_ROOT", root()}}, 30s);
    EXPECT_EQ(r.exit_code, 0) << script << " " << arg << r.out << r.err;
    return std::filesystem::exists(m_log) ? read_file(m_log) : "";
  }
  TempDir m_dir;
  std::string m_stubs = m_dir.path() + "/stubs";
  std::string m_log = m_dir.path() + "/stub.log";
};

TEST_F(PackageScripts, ConfigureLetsTheServiceReadItsConfigAndRestartsIt) {
  auto calls = run_script("postinst", "configure");
  EXPECT_EQ(calls.find("adduser"), std::string::npos) << "the user exists: " << calls;
  EXPECT_NE(calls.find("chown root:ddnsguard " + root() + "/etc/ddnsguard/config.json"),
            std::string::npos)
      << calls;
  EXPECT_NE(calls.find("chmod 0640 " + root() + "/etc/ddnsguard/config.json"), std::string::npos);
  EXPECT_NE(calls.find("systemctl --system daemon-reload\n"
                       "deb-systemd-invoke try-restart ddnsguard.service"),
            std::string::npos)
      << calls;
  // Without systemd running (a container, a chroot) no systemctl is called.
  std::filesystem::remove_all(root() + "/run/systemd");
  auto bare = run_script("postinst", "configure");
  EXPECT_EQ(bare.find("systemctl"), std::string::npos) << bare;
  EXPECT_EQ(bare.find("deb-systemd-invoke"), std::string::npos) << bare;
}

TEST_F(PackageScripts, RemoveStopsTheServiceAndPurgeRemovesWhatWasMade) {
  EXPECT_EQ(run_script("prerm", "upgrade"), "") << "an upgrade keeps it running";
  EXPECT_EQ(run_script("prerm", "remove"), "deb-systemd-invoke stop ddnsguard.service\n");
  EXPECT_EQ(run_script("postrm", "remove"), "systemctl --system daemon-reload\n");
  EXPECT_TRUE(std::filesystem::exists(root() + "/var/lib/ddnsguard/history.db"))
      << "remove keeps the history";

  write_file(unit(),
             read_file(std::string(DDNSGUARD_SOURCE_DIR) + "/data/service/ddnsguard.service"));
  auto link = root() + "/etc/systemd/system/multi-user.target.wants/ddnsguard.service";
  std::filesystem::create_symlink("../ddnsguard.service", link);
  EXPECT_EQ(run_script("postrm", "purge"), "systemctl --system daemon-reload\n");
  EXPECT_FALSE(std::filesystem::exists(root() + "/var/lib/ddnsguard"));
  EXPECT_FALSE(std::filesystem::exists(unit()));
  EXPECT_FALSE(std::filesystem::is_symlink(link));
  EXPECT_TRUE(std::filesystem::exists(root() + "/etc/ddnsguard/config.json"))
      << "a conffile: dpkg purges it itself";
}

TEST_F(PackageScripts, PurgeLeavesAUnitSomeoneElseWrote) {
  write_file(unit(), "[Service]\nExecStart=/usr/local/bin/my-ddns\n");
  auto link = root() + "/etc/systemd/system/multi-user.target.wants/ddnsguard.service";
  std::filesystem::create_symlink("../ddnsguard.service", link);
  run_script("postrm", "purge");
  EXPECT_EQ(read_file(unit()), "[Service]\nExecStart=/usr/local/bin/my-ddns\n");
  EXPECT_TRUE(std::filesystem::is_symlink(link)) << "it stays enabled";
}

}  // namespace
}  // namespace ddnsguard::testing
