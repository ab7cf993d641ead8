// `ddnsguard import ddclient|inadyn FILE`, the real binary: the conversion on stdout is a
// configuration `check-config --no-secrets` accepts, no secret is printed, and bad input
// gets an error that names it.

#include <gtest/gtest.h>

#include "tests/support/process.hpp"

namespace ddnsguard::testing {
namespace {

TEST(ImportCommand, ADdclientFileBecomesAConfigurationThatChecks) {
  TempDir dir;
  const auto conf = dir.path() + "/ddclient.conf";
  write_file(conf, "use=if, if=eth0\n"
                   "protocol=dyndns2, server=dynupdate.no-ip.com, login=me, "
                   "password='Pw-in-file-42' home.example.net\n");
  auto r = run_process({DDNSGUARD_BINARY, "import", "ddclient", conf});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("Pw-in-file-42"), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find("Pw-in-file-42"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("\"password\": \"${DDNSGUARD_NO_IP_PASSWORD}\""), std::string::npos)
      << r.out;
  write_file(dir.path() + "/c.json", r.out);
  auto check =
      run_process({DDNSGUARD_BINARY, "-c", dir.path() + "/c.json", "check-config", "--no-secrets"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("home.example.net/A"), std::string::npos) << check.out;
}

TEST(ImportCommand, BadInputIsNamedAndFails) {
  TempDir dir;
  auto missing = run_process({DDNSGUARD_BINARY, "import", "inadyn", dir.path() + "/none.conf"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("error: cannot read " + dir.path() + "/none.conf"), std::string::npos)
      << missing.err;
  write_file(dir.path() + "/inadyn.conf", "provider default@no-ip.com {\n  password = \"x\n");
  auto broken = run_process({DDNSGUARD_BINARY, "import", "inadyn", dir.path() + "/inadyn.conf"});
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_NE(broken.err.find("inadyn.conf: line 2: unterminated string"), std::string::npos)
      << broken.err;
  EXPECT_TRUE(broken.out.empty()) << broken.out;
  write_file(dir.path() + "/none.conf", "protocol=changeip login=a password=b h.example.net\n");
  auto nothing = run_process({DDNSGUARD_BINARY, "import", "ddclient", dir.path() + "/none.conf"});
  EXPECT_EQ(nothing.exit_code, 1);
  EXPECT_NE(nothing.err.find("nothing in"), std::string::npos) << nothing.err;
  auto usage = run_process({DDNSGUARD_BINARY, "import", "ddns-go", dir.path() + "/none.conf"});
  EXPECT_EQ(usage.exit_code, 2) << usage.out << usage.err;
}

}  // namespace
}  // namespace ddnsguard::testing
