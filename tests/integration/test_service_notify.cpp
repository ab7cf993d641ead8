// `ddnsguard run` under a service manager: READY=1 after the first pass, WATCHDOG=1 at
// least every half watchdog period even while it sleeps, STOPPING=1 on SIGTERM. The test
// plays systemd: a datagram socket named in NOTIFY_SOCKET.

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/process.hpp"

namespace ddnsguard::testing {
namespace {

using namespace std::chrono_literals;

// Every datagram received within `for_ms`.
std::vector<std::string> collect(int fd, std::chrono::milliseconds total) {
  std::vector<std::string> out;
  auto until = std::chrono::steady_clock::now() + total;
  std::array<char, 4096> buf{};
  while (std::chrono::steady_clock::now() < until) {
    timeval tv{0, 50000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    auto n = recv(fd, buf.data(), buf.size(), 0);
    if (n > 0) out.emplace_back(buf.data(), static_cast<std::size_t>(n));
  }
  return out;
}

int count_with(const std::vector<std::string>& msgs, const std::string& what) {
  int n = 0;
  for (const auto& m : msgs)
    n += m.find(what) != std::string::npos ? 1 : 0;
  return n;
}

TEST(ServiceNotify, ReadyThenWatchdogWhileSleepingThenStopping) {
  TempDir dir;
  auto sock_path = dir.path() + "/notify.sock";
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  ASSERT_LT(sock_path.size(), sizeof addr.sun_path);
  std::copy(sock_path.begin(), sock_path.end(), addr.sun_path);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);

  nlohmann::json c = {
      {"state_dir", dir.path() + "/state"},
      {"sources",
       {{"ipv4", {{{"type", "command"}, {"argv", {"/bin/echo", "203.0.113.4"}}}}},
        {"allow_private", true}}},
      {"providers",
       {{"dyn",
         {{"type", "dyndns2"},
          {"username", "u"},
          {"password", "pw"},
          {"endpoint", "http://127.0.0.1:9/nic/update"}}}}},
      {"polling", {{"mode", "fixed"}, {"min_interval", "1h"}, {"max_interval", "1h"}}},
      {"verify", {{"enabled", false}}},  // no DNS server to ask
      {"records", {{{"name", "home.example.net"}, {"type", "A"}, {"providers", {"dyn"}}}}}};
  write_file(dir.path() + "/c.json", c.dump());
  Background run({DDNSGUARD_BINARY, "-c", dir.path() + "/c.json", "run"}, dir.path() + "/run.log",
                 {{"NOTIFY_SOCKET", sock_path}, {"WATCHDOG_USEC", "400000"}});
  auto first = collect(fd, 1500ms);
  EXPECT_EQ(count_with(first, "READY=1"), 1) << read_file(dir.path() + "/run.log");
  EXPECT_GE(count_with(first, "STATUS=0 of 1 records in sync; next check"), 1);
  // Half of 400 ms: about 5 pings in the second after the first pass, while it sleeps.
  EXPECT_GE(count_with(first, "WATCHDOG=1"), 4);
  EXPECT_EQ(run.stop(SIGTERM), 0);
  auto last = collect(fd, 300ms);
  EXPECT_EQ(count_with(last, "STOPPING=1"), 1);
  close(fd);
}

}  // namespace
}  // namespace ddnsguard::testing
