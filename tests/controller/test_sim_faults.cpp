// Fault injection in virtual time: each injected fault opens the right anomaly, the
// healing action follows, the anomaly closes after recovery, and nothing wrong is
// published. The simulator runs the real reconcile loop, detectors and healing policy.

#include <gtest/gtest.h>

#include "controller/sim/simulator.hpp"
#include "controller/sim/trace.hpp"
#include "controller/store/history_store.hpp"

namespace ddnsguard::controller {
namespace {

using namespace std::chrono_literals;

Trace parse(const std::string& text) {
  std::vector<providers::ConfigProblem> problems;
  auto t = parse_trace(text, problems);
  EXPECT_TRUE(problems.empty());
  return t.value_or(Trace{});
}

SimReport run(const std::string& body, std::chrono::seconds every = 300s,
              std::optional<std::chrono::milliseconds> api_interval = std::nullopt) {
  auto trace = parse(R"({"start": "2026-01-05T00:00:00Z", "providers": ["primary", "backup"]}
{"t": 0, "ip4": "203.0.113.10"}
)" + body);
  SimOptions opt;
  opt.fixed_interval = every;
  opt.api_interval = api_interval;
  auto r = run_simulation(trace, opt);
  EXPECT_EQ(r.wrong_publishes, 0);
  return r;
}

TEST(SimFaults, ProviderErrorBurstIsFoundAndFailsOver) {
  auto r = run(R"({"t": 7200, "fault": {"target": "provider:primary", "kind": "error", "for": 1800}}
)");
  EXPECT_EQ(r.anomalies.true_positive, 1) << r.to_json().dump();
  EXPECT_EQ(r.anomalies.false_positive, 0) << r.to_json().dump();
  EXPECT_GE(r.actions["failover"], 2);
}

TEST(SimFaults, ProviderTimeoutsAreUnreachable) {
  auto r =
      run(R"({"t": 7200, "fault": {"target": "provider:primary", "kind": "timeout", "for": 1800}}
)");
  EXPECT_EQ(r.anomalies.true_positive, 1) << r.to_json().dump();
  EXPECT_EQ(r.anomalies.false_positive, 0);
}

TEST(SimFaults, TenfoldLatencyEpisodeIsFound) {
  // An API that is read on every pass (verify.api_interval 0s) shows an hour of slowness.
  auto r = run(
      R"({"t": 20000, "fault": {"target": "provider:primary", "kind": "latency", "value": 5000, "for": 3600}}
)",
      300s, std::chrono::milliseconds{0});
  EXPECT_EQ(r.anomalies.true_positive, 1) << r.to_json().dump();
  EXPECT_EQ(r.anomalies.false_positive, 0) << r.to_json().dump();
}

TEST(SimFaults, DnsFirstFindsALongLatencyEpisodeAtTheSafetyNetRead) {
  // DNS-first (the default): in steady state the API is read hourly; a slow read is
  // followed up on every pass, so six slow hours are found.
  auto r = run(
      R"({"t": 20000, "fault": {"target": "provider:primary", "kind": "latency", "value": 5000, "for": 21600}}
)");
  EXPECT_EQ(r.anomalies.true_positive, 1) << r.to_json().dump();
  EXPECT_EQ(r.anomalies.false_positive, 0) << r.to_json().dump();
}

TEST(SimFaults, RevokedCredentialsAreFoundAndTheBackupTakesOver) {
  auto r = run(R"({"t": 7200, "fault": {"target": "provider:primary", "kind": "auth", "for": 86400}}
{"t": 9000, "ip4": "203.0.113.11"}
)");
  EXPECT_EQ(r.anomalies.true_positive, 1) << r.to_json().dump();
  EXPECT_EQ(r.detected, 1);
  EXPECT_GE(r.actions["failover"], 1);
}

TEST(SimFaults, SilentUpdateIsRePushedThenFailedOver) {
  auto r =
      run(R"({"t": 7000, "fault": {"target": "provider:primary", "kind": "silent", "for": 7200}}
{"t": 7200, "ip4": "203.0.113.11"}
)",
          60s);
  EXPECT_EQ(r.anomalies.true_positive, 1) << r.to_json().dump();
  EXPECT_EQ(r.anomalies.false_positive, 0) << r.to_json().dump();
  EXPECT_EQ(r.actions["re-push"], 1);
  EXPECT_GE(r.actions["failover"], 1);
}

TEST(SimFaults, DriftIsRepairedWithinOneCheck) {
  auto r = run(R"({"t": 7000, "drift": {"record": "home.example.com", "value": "198.51.100.1"}}
)");
  EXPECT_EQ(r.anomalies.true_positive, 1) << r.to_json().dump();
  EXPECT_EQ(r.drift_repair_checks_max, 1);
  EXPECT_EQ(r.actions["resync"], 1);
}

TEST(SimFaults, LyingSourceIsDemotedAndPromotedBack) {
  auto r = run(
      R"({"t": 7000, "fault": {"target": "source:1", "kind": "wrong_ip", "value": "198.51.100.9", "for": 3600}}
)");
  EXPECT_EQ(r.anomalies.true_positive, 1) << r.to_json().dump();
  EXPECT_EQ(r.actions["demote"], 1);
  EXPECT_EQ(r.actions["promote"], 1);
}

TEST(SimFaults, SilentSourceIsDemoted) {
  auto r = run(R"({"t": 7000, "fault": {"target": "source:2", "kind": "timeout", "for": 3600}}
)");
  EXPECT_EQ(r.anomalies.true_positive, 1) << r.to_json().dump();
  EXPECT_EQ(r.actions["demote"], 1);
  EXPECT_EQ(r.actions["promote"], 1);
}

TEST(SimFaults, EachFamilyDemotesItsOwnSilentSource) {
  // Dual stack, 3 sources, quorum 2: the IPv4 demotion leaves IPv6 free to demote its own.
  auto r = run(R"({"t": 1, "ip4": "203.0.113.10", "ip6": "2001:db8:5::1"}
{"t": 7000, "fault": {"target": "source:2", "kind": "timeout", "for": 3600}}
)");
  EXPECT_EQ(r.actions["demote"], 2) << r.to_json().dump();
  EXPECT_EQ(r.actions["promote"], 2);
}

TEST(SimFaults, NetworkOutageIsOfflineNotAnAnomaly) {
  auto r = run(R"({"t": 7000, "network": "down"}
{"t": 9000, "ip4": "203.0.113.11"}
{"t": 10600, "network": "up"}
)");
  EXPECT_EQ(r.anomalies.false_positive, 0) << r.to_json().dump();
  EXPECT_EQ(r.actions["offline"], 1);
  EXPECT_EQ(r.actions["resync"], 1);
  EXPECT_EQ(r.detected, 1);
  EXPECT_DOUBLE_EQ(r.delay_s.max, 1600) << "seen the moment the network returned";
}

TEST(SimFaults, MultiWanFlappingIsReportedNotBlamed) {
  std::string body;
  for (int i = 1; i <= 8; ++i) {
    body += "{\"t\": " + std::to_string(3600 + i * 900) + ", \"ip4\": \"203.0.113." +
            (i % 2 == 1 ? "20" : "10") + "\"}\n";
  }
  auto r = run(body, 60s);
  EXPECT_GE(r.anomalies.informational, 1) << "ip_flapping: " << r.to_json().dump();
  EXPECT_EQ(r.anomalies.false_positive, 0);
  EXPECT_EQ(r.detected, r.changes) << "every change is still published";
}

}  // namespace
}  // namespace ddnsguard::controller
