// The Linux network watch against the real kernel, inside a network namespace this test
// creates (unshare -rn re-runs this binary there), so no host interface is touched.

#include "controller/platform/network_watch.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include <spdlog/sinks/null_sink.h>

#include "tests/support/process.hpp"

namespace ddnsguard::controller {
namespace {

using namespace std::chrono_literals;
using testing::find_program;
using testing::run_process;

constexpr const char* k_inside = "DDNSGUARD_TEST_IN_NETNS";

std::string self_path() {
  std::array<char, 4096> buf{};
  auto n = readlink("/proc/self/exe", buf.data(), buf.size() - 1);
  return n > 0 ? std::string(buf.data(), static_cast<std::size_t>(n)) : std::string();
}

// Re-runs `test` in a fresh user+network namespace; false (with a skip) when impossible.
void run_in_namespace(const std::string& test) {
  auto unshare = find_program("unshare");
  if (!unshare) GTEST_SKIP() << "unshare is not installed";
  if (run_process({*unshare, "-rn", "true"}).exit_code != 0)
    GTEST_SKIP() << "user and network namespaces are not available here";
  auto r = run_process({*unshare, "-rn", self_path(), "--gtest_filter=" + test}, {{k_inside, "1"}});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("[  PASSED  ] 1 test"), std::string::npos) << r.out;
}

bool wait_for(const std::atomic<int>& n, int want, std::chrono::milliseconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (n.load() < want && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(20ms);
  return n.load() >= want;
}

void ip(const std::vector<std::string>& args) {
  auto tool = find_program("ip");
  ASSERT_TRUE(tool) << "ip (iproute2) is not installed";
  std::vector<std::string> argv{*tool};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = run_process(argv);
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

TEST(NetworkWatch, ReportsAddressAndRouteChangesOnceEach) {
  if (std::getenv(k_inside) == nullptr) return run_in_namespace("NetworkWatch.*");
  ip({"link", "set", "lo", "up"});
  auto log = std::make_shared<spdlog::logger>("t", std::make_shared<spdlog::sinks::null_sink_mt>());
  std::atomic<int> changes{0};
  // The wake check doubles as the watch's heartbeat: it runs every 20 ms between bursts.
  std::atomic<int> rounds{0};
  ResumeCheck heartbeat{[&] {
                          ++rounds;
                          return std::chrono::nanoseconds{0};
                        },
                        20ms};
  auto watch = start_network_watch([&] { ++changes; }, log, heartbeat);
  // Waits until the watch has gone round its loop after what is queued now: whatever the
  // kernel sent before this call has been judged.
  auto judged = [&] { ASSERT_TRUE(wait_for(rounds, rounds.load() + 3, 5s)); };
  ASSERT_NE(watch, nullptr);
  EXPECT_FALSE(watch->take_change());

  ip({"addr", "add", "192.0.2.7/32", "dev", "lo"});
  ASSERT_TRUE(wait_for(changes, 1, 5s));
  EXPECT_TRUE(watch->take_change());
  EXPECT_FALSE(watch->take_change());  // once per change
  EXPECT_NE(watch->last_change().find("192.0.2.7/32"), std::string::npos) << watch->last_change();
  EXPECT_NE(watch->last_change().find("added"), std::string::npos);

  // A burst (address plus default route) settles into one change.
  ip({"addr", "add", "198.51.100.2/24", "dev", "lo"});
  ip({"route", "add", "default", "via", "198.51.100.1", "dev", "lo"});
  ASSERT_TRUE(wait_for(changes, 2, 5s));
  judged();
  EXPECT_EQ(changes.load(), 2) << "the burst settled into one report";

  // Removing an address is a change too; a link-local-only event is not.
  ip({"addr", "del", "192.0.2.7/32", "dev", "lo"});
  ASSERT_TRUE(wait_for(changes, 3, 5s));
  EXPECT_NE(watch->last_change().find("removed"), std::string::npos) << watch->last_change();
  ip({"addr", "add", "fe80::7/64", "dev", "lo"});
  judged();
  EXPECT_EQ(changes.load(), 3);
}

}  // namespace
}  // namespace ddnsguard::controller
