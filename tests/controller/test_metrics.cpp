// Metrics: the Prometheus text carries every family, and health follows the records.

#include <gtest/gtest.h>

#include "controller/loop/reconciler.hpp"
#include "controller/telemetry/metrics.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/process.hpp"

namespace ddnsguard::controller {
namespace {

using namespace std::chrono_literals;
const TimePoint k_t0{std::chrono::seconds{1767225600}};

PassReport report(bool in_sync) {
  PassReport r;
  RecordOutcome o;
  o.subject = "home.example.com/A";
  o.in_sync = in_sync;
  r.records.push_back(o);
  return r;
}

TEST(Metrics, RendersEveryFamily) {
  Metrics m(2min);
  m.pass_done(report(true), k_t0);
  m.provider_call("cf", "read", "ok", 120ms);
  m.provider_call("cf", "update", "transient", 3s);
  m.address_change(providers::Family::ipv4);
  m.next_check(k_t0 + 5min);
  m.open_anomalies({{"provider_errors", 1}});
  auto text = m.render();
  for (const char* want :
       {"ddnsguard_checks_total 1", "ddnsguard_address_changes_total{family=\"ipv4\"} 1",
        "ddnsguard_provider_calls_total{call=\"update\",provider=\"cf\",result=\"transient\"} 1",
        "ddnsguard_provider_call_seconds_count{provider=\"cf\"} 2",
        "ddnsguard_open_anomalies{kind=\"provider_errors\"} 1",
        "ddnsguard_next_check_timestamp_seconds 1767225900",
        "ddnsguard_record_in_sync{record=\"home.example.com/A\"} 1",
        "ddnsguard_record_last_in_sync_timestamp_seconds{record=\"home.example.com/A\"} "
        "1767225600"}) {
    EXPECT_NE(text.find(want), std::string::npos) << want << "\n" << text;
  }
  m.open_anomalies({});
  EXPECT_NE(m.render().find("ddnsguard_open_anomalies{kind=\"provider_errors\"} 0"),
            std::string::npos)
      << "a closed kind drops to zero";
}

TEST(Metrics, HealthyWhileInSyncOrWithinGrace) {
  Metrics m(2min);
  std::string why;
  EXPECT_FALSE(m.healthy(k_t0, &why)) << "before the first pass";
  m.pass_done(report(true), k_t0);
  EXPECT_TRUE(m.healthy(k_t0));
  m.pass_done(report(false), k_t0 + 1min);
  EXPECT_TRUE(m.healthy(k_t0 + 2min)) << "an update may be on its way";
  m.pass_done(report(false), k_t0 + 3min);
  EXPECT_FALSE(m.healthy(k_t0 + 3min, &why));
  EXPECT_EQ(why, "home.example.com/A not in sync");
  m.pass_done(report(true), k_t0 + 4min);
  EXPECT_TRUE(m.healthy(k_t0 + 4min));
}

// Connections on 127.0.0.1:`port` that wait for accept(): the listening socket's rx_queue in
// /proc/net/tcp (its accept backlog). -1 when the socket is not found.
long accept_backlog(int port) {
  std::ifstream in("/proc/net/tcp");
  std::string line;
  std::getline(in, line);  // header
  // The address as the kernel prints it: the raw (network-order) value in hex.
  const auto local = fmt::format("{:08X}:{:04X}", htonl(INADDR_LOOPBACK), port);
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string slot, local_addr, remote, state, queues;
    fields >> slot >> local_addr >> remote >> state >> queues;
    if (local_addr != local || state != "0A") continue;  // 0A: LISTEN
    return std::stol(queues.substr(queues.find(':') + 1), nullptr, 16);
  }
  return -1;
}

TEST(MetricsServer, HealthzAnswersWhileSlowClientsHoldEveryWorker) {
  Metrics m(2min);
  m.pass_done(report(true), k_t0);
  MetricsServer server(m);
  auto port = ddnsguard::testing::free_port();
  std::string error;
  ASSERT_TRUE(server.start("127.0.0.1", port, error)) << error;
  // As many clients as workers (and one more) connect and send nothing.
  std::vector<int> idle;
  for (int i = 0; i <= MetricsServer::k_workers; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<std::uint16_t>(port));
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to), 0);
    idle.push_back(fd);
  }
  // Wait until the server has accepted them all: they are queued to its workers ahead of
  // the request below.
  auto until = std::chrono::steady_clock::now() + 10s;
  while (accept_backlog(port) != 0 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(5ms);
  ASSERT_EQ(accept_backlog(port), 0) << "the server did not accept the idle clients";
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(3s);
  auto r = client.Get("/healthz");
  ASSERT_TRUE(r) << "no answer while idle clients hold the workers: "
                 << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  for (int fd : idle)
    ::close(fd);
  server.stop();
}

}  // namespace
}  // namespace ddnsguard::controller
