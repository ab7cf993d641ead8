// The Debian package built by cpack from this build tree: files, modes, control data and
// the unit it ships. (The man page is there only when help2man is installed.)

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
  if (find_program("help2man")) {
    EXPECT_NE(contents.find("./usr/share/man/man1/ddnsguard.1.gz"), std::string::npos) << contents;
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

  // Its postinst makes the system user the unit runs as: run with stub tools that log.
  ASSERT_EQ(run_process({*dpkg_deb, "-e", deb, dir.path() + "/ctrl"}, {}, 30s).exit_code, 0);
  auto stubs = dir.path() + "/stubs";
  std::filesystem::create_directories(stubs);
  for (const char* tool : {"getent", "adduser", "chown", "chmod"}) {
    write_file(stubs + "/" + tool, std::string("#!/bin/sh\necho \"") + tool +
                                       " $*\" >>\"$STUB_LOG\"\n" +
                                       (std::string(tool) == "getent" ? "exit 2\n" : "exit 0\n"));
    std::filesystem::permissions(stubs + "/" + tool, std::filesystem::perms::owner_all);
  }
  auto log = dir.path() + "/stub.log";
  auto post = run_process({"/bin/sh", dir.path() + "/ctrl/postinst", "configure"},
                          {{"PATH", stubs + ":/usr/bin:/bin"}, {"STUB_LOG", log}}, 30s);
  ASSERT_EQ(post.exit_code, 0) << post.out << post.err;
  auto calls = read_file(log);
  EXPECT_NE(calls.find("getent passwd ddnsguard"), std::string::npos) << calls;
  EXPECT_NE(calls.find("adduser --system --group --quiet --home /var/lib/ddnsguard "
                       "--no-create-home --shell /usr/sbin/nologin ddnsguard"),
            std::string::npos)
      << calls;
}

}  // namespace
}  // namespace ddnsguard::testing
