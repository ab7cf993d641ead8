// An `interface` source with "use": "prefix": the real binary inside a network namespace this
// test creates (unshare -rn), where lo holds a global IPv6 address. Records with a host part
// take the interface's prefix; a rotation (new prefix, old one deprecated) moves them.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/offline_config.hpp"
#include "tests/support/process.hpp"

namespace ddnsguard::testing {
namespace {

nlohmann::json prefix_config(const std::string& state_dir) {
  auto c = offline_config();
  c["state_dir"] = state_dir;
  c["sources"] = {{"ipv6", {{{"type", "interface"}, {"name", "lo"}, {"use", "prefix"}}}}};
  c["records"] = {{{"name", "nas.example.net"},
                   {"type", "AAAA"},
                   {"providers", {"dyn"}},
                   {"ipv6_suffix", "::11:22ff:fe33:4455"}},
                  {{"name", "tv.example.net"},
                   {"type", "AAAA"},
                   {"providers", {"dyn"}},
                   {"mac", "00:11:22:33:44:66"},
                   {"prefix_length", 56}}};
  return c;
}

TEST(PrefixSource, RecordsFollowTheInterfacesPrefixThroughARotation) {
  if (auto why = network_namespace_unavailable()) GTEST_SKIP() << *why;
  const auto unshare = find_program("unshare");
  TempDir dir;
  write_file(dir.path() + "/c.json", prefix_config(dir.path() + "/state").dump());
  // Before: one prefix. After: the ISP delegates a new one and the old address is
  // deprecated (preferred_lft 0), as after a real rotation; the old one sorts first.
  const std::string script =
      "set -e; ip link set lo up; ip -6 addr add 2a01:4f8:c0c:12a::5/64 dev lo nodad; "
      "\"$BIN\" -c \"$CFG\" once --dry-run || true; echo ---; "
      "ip -6 addr add 2a01:4f8:c0c:3b7::5/64 dev lo nodad; "
      "ip -6 addr change 2a01:4f8:c0c:12a::5/64 dev lo preferred_lft 0; "
      "\"$BIN\" -c \"$CFG\" once --dry-run || true";
  auto r = run_process({*unshare, "-rn", "/bin/sh", "-c", script},
                       {{"BIN", DDNSGUARD_BINARY},
                        {"CFG", dir.path() + "/c.json"},
                        {"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto cut = r.out.find("---");
  ASSERT_NE(cut, std::string::npos) << r.out << r.err;
  const auto before = r.out.substr(0, cut);
  const auto after = r.out.substr(cut);
  EXPECT_NE(before.find("nas.example.net/AAAA: NOT in sync (desired "
                        "2a01:4f8:c0c:12a:11:22ff:fe33:4455)"),
            std::string::npos)
      << r.out << r.err;
  EXPECT_NE(before.find("tv.example.net/AAAA: NOT in sync (desired "
                        "2a01:4f8:c0c:100:211:22ff:fe33:4466)"),
            std::string::npos)
      << r.out << r.err;
  EXPECT_NE(after.find("(desired 2a01:4f8:c0c:3b7:11:22ff:fe33:4455)"), std::string::npos)
      << r.out << r.err;
  EXPECT_NE(after.find("(desired 2a01:4f8:c0c:300:211:22ff:fe33:4466)"), std::string::npos)
      << r.out << r.err;
  // The observation is the prefix itself, never an address of this host.
  EXPECT_NE(r.err.find("new=2a01:4f8:c0c:3b7:: "), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ddnsguard::testing
