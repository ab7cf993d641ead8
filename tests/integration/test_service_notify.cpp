// `ddnsguard run` under a service manager: READY=1 after the first pass, WATCHDOG=1 at
// least every half watchdog period even while it sleeps, STOPPING=1 on SIGTERM. The test
// plays systemd: a datagram socket named in NOTIFY_SOCKET.

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <functional>
#include <memory>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/fake_dns.hpp"
#include "tests/support/fake_http.hpp"
#include "tests/support/offline_config.hpp"
#include "tests/support/process.hpp"

namespace ddnsguard::testing {
namespace {

using namespace std::chrono_literals;

// Datagrams with the time they arrived, until `stop` says enough or `limit` passes.
struct Received {
  std::chrono::steady_clock::time_point at;
  std::string text;
};
std::vector<Received> collect_until(int fd, std::chrono::milliseconds limit,
                                    const std::function<bool(const std::vector<Received>&)>& stop) {
  std::vector<Received> out;
  auto until = std::chrono::steady_clock::now() + limit;
  std::array<char, 4096> buf{};
  while (std::chrono::steady_clock::now() < until && !stop(out)) {
    timeval tv{0, 50000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    auto n = recv(fd, buf.data(), buf.size(), 0);
    if (n > 0) out.push_back({std::chrono::steady_clock::now(), std::string(buf.data(), n)});
  }
  return out;
}

std::vector<std::string> texts_of(const std::vector<Received>& msgs) {
  std::vector<std::string> out;
  for (const auto& m : msgs)
    out.push_back(m.text);
  return out;
}

// Every datagram received within `total`.
std::vector<std::string> collect(int fd, std::chrono::milliseconds total) {
  return texts_of(collect_until(fd, total, [](const std::vector<Received>&) { return false; }));
}

// The socket systemd would listen on (NOTIFY_SOCKET), bound at `path`; -1 on failure.
int bind_notify_socket(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) return -1;
  std::copy(path.begin(), path.end(), addr.sun_path);
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    fd = -1;
  }
  return fd;
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
  int fd = bind_notify_socket(sock_path);
  ASSERT_GE(fd, 0);

  auto c = offline_config();
  c["state_dir"] = dir.path() + "/state";
  c["polling"] = {{"mode", "fixed"}, {"min_interval", "1h"}, {"max_interval", "1h"}};
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

// 60 records whose four name servers never reply: verification used to ask them one record
// and one server after another (3 s each: 12 min per pass) with no watchdog ping meanwhile.
// Now a dead server costs one timeout per pass and the pass itself feeds the watchdog.
TEST(ServiceNotify, ALongPassWithDeadNameServersKeepsTheWatchdogFed) {
  TempDir dir;
  auto sock_path = dir.path() + "/notify.sock";
  int fd = bind_notify_socket(sock_path);
  ASSERT_GE(fd, 0);
  FakeHttp dyndns;
  dyndns.server().Get("/nic/update", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content("good " + req.get_param_value("myip"), "text/plain");
  });
  dyndns.start();
  std::vector<std::unique_ptr<FakeDns>> dead;
  nlohmann::json servers = nlohmann::json::array();
  for (int i = 0; i < 4; ++i) {
    dead.push_back(std::make_unique<FakeDns>([](const std::string&) { return false; }));
    servers.push_back("127.0.0.1:" + std::to_string(dead.back()->port()));
  }
  nlohmann::json records = nlohmann::json::array();
  for (int i = 0; i < 60; ++i) {
    records.push_back({{"name", "r" + std::to_string(i) + ".example.net"},
                       {"type", "A"},
                       {"providers", {"dyn"}}});
  }
  auto c = offline_config();
  c["state_dir"] = dir.path() + "/state";
  c["providers"]["dyn"]["endpoint"] = dyndns.url("/nic/update");
  c["polling"] = {{"mode", "fixed"}, {"min_interval", "1h"}, {"max_interval", "1h"}};
  c["verify"] = {{"nameservers", servers}};
  c["records"] = records;
  write_file(dir.path() + "/c.json", c.dump());
  const auto started = std::chrono::steady_clock::now();
  Background run({DDNSGUARD_BINARY, "-c", dir.path() + "/c.json", "run"}, dir.path() + "/run.log",
                 {{"NOTIFY_SOCKET", sock_path}, {"WATCHDOG_USEC", "10000000"}});
  // Until the first pass is over, and one ping after it.
  auto msgs = collect_until(fd, 60s, [](const std::vector<Received>& got) {
    return count_with(texts_of(got), "READY=1") == 1 &&
           got.back().text.find("WATCHDOG=1") != std::string::npos;
  });
  const auto texts = texts_of(msgs);
  ASSERT_EQ(count_with(texts, "READY=1"), 1) << read_file(dir.path() + "/run.log");
  EXPECT_GE(count_with(texts, "STATUS=60 of 60 records in sync"), 1);
  // Half of WATCHDOG_USEC (5 s) is the most a service may stay silent.
  auto last = started;
  for (const auto& m : msgs) {
    EXPECT_LE(m.at - last, 5s) << "a gap before: " << m.text;
    last = m.at;
  }
  // And every record was looked at in DNS (the dead servers answered nothing, in time).
  const auto log = read_file(dir.path() + "/run.log");
  for (const auto* r : {"r0.example.net/A", "r59.example.net/A"}) {
    EXPECT_NE(log.find(std::string("verification impossible record=") + r), std::string::npos) << r;
  }
  EXPECT_EQ(run.stop(SIGTERM), 0);
  close(fd);
}

}  // namespace
}  // namespace ddnsguard::testing
