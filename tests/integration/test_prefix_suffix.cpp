// LAN hosts behind the machine that runs ddnsguard: one IPv6 observation, several AAAA
// records (the agreed address; a fixed suffix; an EUI-64 from a MAC), all moved to the new
// prefix in the pass that sees it rotate, against a real PowerDNS.

#include <filesystem>

#include "tests/integration/loop_fixture.hpp"

namespace ddnsguard::testing {
namespace {

TEST_F(LoopTest, APrefixRotationMovesEveryHostInOnePass) {
  const auto prefix_file = m_dir.path() + "/v6";
  write_file(prefix_file, "2001:db8:5:1::1\n");
  auto c = config();
  c["sources"]["ipv6"] = {{{"type", "command"}, {"argv", {"/bin/cat", prefix_file}}}};
  c["records"].push_back({{"name", "gw.example.org"}, {"type", "AAAA"}, {"providers", {"pdns"}}});
  c["records"].push_back({{"name", "nas.example.org"},
                          {"type", "AAAA"},
                          {"ipv6_suffix", "::11:22ff:fe33:4455"},
                          {"providers", {"pdns"}}});
  c["records"].push_back({{"name", "tv.example.org"},
                          {"type", "AAAA"},
                          {"mac", "00:11:22:33:44:66"},
                          {"prefix_length", 56},
                          {"providers", {"pdns"}}});
  write_config(c);
  auto aaaa = [this](const char* name) {
    return m_pdns.rrset_content("example.org", name, "AAAA").value_or("none");
  };
  auto first = ddnsguard({"once"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(aaaa("gw.example.org"), "2001:db8:5:1::1");
  EXPECT_EQ(aaaa("nas.example.org"), "2001:db8:5:1:11:22ff:fe33:4455");
  EXPECT_EQ(aaaa("tv.example.org"), "2001:db8:5:0:211:22ff:fe33:4466");

  write_file(prefix_file, "2001:db8:6:1::1\n");  // the ISP delegates a new prefix
  auto second = ddnsguard({"once"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(aaaa("gw.example.org"), "2001:db8:6:1::1");
  EXPECT_EQ(aaaa("nas.example.org"), "2001:db8:6:1:11:22ff:fe33:4455");
  EXPECT_EQ(aaaa("tv.example.org"), "2001:db8:6:0:211:22ff:fe33:4466");

  auto status = nlohmann::json::parse(ddnsguard({"status", "--json"}).out);
  bool seen = false;
  for (const auto& r : status["records"]) {
    if (r["name"] != "nas.example.org") continue;
    seen = true;
    EXPECT_EQ(r["desired"], "2001:db8:6:1:11:22ff:fe33:4455") << r.dump();
    EXPECT_EQ(r["suffix"], "::11:22ff:fe33:4455/64") << r.dump();
    EXPECT_EQ(r["prefix_of"], "2001:db8:6:1::1") << r.dump();
    EXPECT_TRUE(r["in_sync"]) << r.dump();
  }
  EXPECT_TRUE(seen) << status.dump();
}

}  // namespace
}  // namespace ddnsguard::testing
