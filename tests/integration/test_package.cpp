// The Debian package built by cpack from this build tree: files, modes, control data and
// the unit it ships. (The man page is there only when help2man is installed.)

#include <gtest/gtest.h>

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
}

}  // namespace
}  // namespace ddnsguard::testing
