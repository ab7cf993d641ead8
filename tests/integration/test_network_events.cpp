// `ddnsguard run` checks at once when the network changes: the real binary inside a
// network namespace this test creates (unshare -rn), where an address is added to lo.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/offline_config.hpp"
#include "tests/support/process.hpp"

namespace ddnsguard::testing {
namespace {

TEST(NetworkEvents, AnAddressChangeTriggersACheckAtOnce) {
  if (auto why = network_namespace_unavailable()) GTEST_SKIP() << *why;
  const auto unshare = find_program("unshare");
  TempDir dir;
  auto c = offline_config();
  c["state_dir"] = dir.path() + "/state";
  c["polling"] = {{"min_interval", "1s"}};
  // The provider (nothing listens) fails: its retries must not race the event's check.
  c["retry"] = {{"base", "1h"}, {"cap", "1h"}};
  write_file(dir.path() + "/c.json", c.dump());
  const std::string log = dir.path() + "/run.log";
  // The first pass, then a new address on lo: the next check must follow within the
  // settle time plus a pass, long before the planned one (minutes away).
  const std::string script = "set -e; ip link set lo up; \"$BIN\" -c \"$CFG\" --log-level info "
                             "run >\"$LOG\" 2>&1 & pid=$!; sleep 1.5; "
                             "ip addr add 192.0.2.9/32 dev lo; sleep 1.5; "
                             "kill -TERM $pid; wait $pid";
  auto r = run_process({*unshare, "-rn", "/bin/sh", "-c", script},
                       {{"BIN", DDNSGUARD_BINARY},
                        {"CFG", dir.path() + "/c.json"},
                        {"LOG", log},
                        {"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}});
  auto text = read_file(log);
  EXPECT_EQ(r.exit_code, 0) << r.err << text;
  EXPECT_NE(text.find("event: network change (address 192.0.2.9/32 on ifindex 1 added): "
                      "checking now"),
            std::string::npos)
      << text;
  // The pass it brought forward ends with the next plan, within a second.
  auto event = text.find("event: network change");
  auto after = text.find("planner: next check", event + 1);
  ASSERT_NE(after, std::string::npos) << text;
  auto seconds_at = [&](std::size_t pos) {  // "2026-11-26T02:13:46.823Z" at line start
    auto line = text.rfind('\n', pos) + 1;
    return std::stod(text.substr(line + 11, 2)) * 3600 + std::stod(text.substr(line + 14, 2)) * 60 +
           std::stod(text.substr(line + 17, 6));
  };
  EXPECT_LT(seconds_at(after) - seconds_at(event), 1.0) << text;

  auto decisions =
      run_process({DDNSGUARD_BINARY, "--state-dir", dir.path() + "/state", "decisions", "--json"});
  EXPECT_NE(decisions.out.find("event: network change"), std::string::npos) << decisions.out;
}

}  // namespace
}  // namespace ddnsguard::testing
