#include "controller/sim/simulator.hpp"

#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

namespace ddnsguard::controller {
namespace {

using namespace std::chrono_literals;

Trace parse(const std::string& text) {
  std::vector<providers::ConfigProblem> problems;
  auto t = parse_trace(text, problems);
  for (const auto& p : problems)
    ADD_FAILURE() << p.str();
  return *t;
}

const char* const k_tiny =
    R"({"start": "2026-01-05T00:00:00Z", "tz": "UTC", "providers": ["primary"]}
{"t": 0, "ip4": "203.0.113.10"}
{"t": 1000, "ip4": "203.0.113.77"}
{"t": 2000, "ip4": "203.0.113.78"}
)";

TEST(Simulator, TinyTraceMatchesHandComputedDelays) {
  SimOptions opt;
  opt.fixed_interval = 300s;
  auto r = run_simulation(parse(k_tiny), opt);
  EXPECT_EQ(r.mode, "fixed 5m");
  EXPECT_EQ(r.changes, 2);
  EXPECT_EQ(r.detected, 2);
  // Checks at 0, 300, ... : 1000 is seen at 1200 (200 s), 2000 at 2100 (100 s).
  EXPECT_DOUBLE_EQ(r.delay_s.mean, 150);
  EXPECT_DOUBLE_EQ(r.delay_s.p50, 100);
  EXPECT_DOUBLE_EQ(r.delay_s.max, 200);
  EXPECT_EQ(r.updates, 3);  // the first address, then each change
  EXPECT_EQ(r.wrong_publishes, 0);
  EXPECT_EQ(r.checks, 295);  // 0 .. 88200 s, every 300 s (the trace plus one day)
  EXPECT_EQ(r.event_checks, 0);
}

TEST(Simulator, AddressesAreComparedInCanonicalForm) {
  auto trace = parse(R"({"start": "2026-01-05T00:00:00Z"}
{"t": 0, "ip6": "2001:db8:a:000::1"}
{"t": 1000, "ip6": "2001:0DB8:b:0:0:0:0:1"}
)");
  SimOptions opt;
  opt.fixed_interval = 300s;
  auto r = run_simulation(trace, opt);
  EXPECT_EQ(r.changes, 1);
  EXPECT_EQ(r.detected, 1);
  EXPECT_EQ(r.wrong_publishes, 0);
}

TEST(Simulator, IsDeterministic) {
  auto trace = parse(k_tiny);
  EXPECT_EQ(run_simulation(trace, {}).to_json(), run_simulation(trace, {}).to_json());
}

TEST(Simulator, IsDeterministicThroughRetriesWithJitter) {
  auto trace = parse(R"({"start": "2026-01-05T00:00:00Z", "providers": ["primary", "backup"]}
{"t": 0, "ip4": "203.0.113.10"}
{"t": 900, "fault": {"target": "provider:primary", "kind": "error", "for": 7200}}
{"t": 1000, "ip4": "203.0.113.77"}
{"t": 1100, "fault": {"target": "provider:backup", "kind": "timeout", "for": 3600}}
{"t": 2000, "ip4": "203.0.113.78"}
)");
  auto first = run_simulation(trace, {}).to_json();
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(run_simulation(trace, {}).to_json(), first);
}

TEST(Simulator, FaultsFailOverDriftIsRepairedWrongSourceIsOutvoted) {
  auto trace = parse(R"({"start": "2026-01-05T00:00:00Z", "providers": ["primary", "backup"]}
{"t": 0, "ip4": "203.0.113.10"}
{"t": 900, "fault": {"target": "provider:primary", "kind": "error", "for": 1800}}
{"t": 1000, "ip4": "203.0.113.77"}
{"t": 4000, "fault": {"target": "source:0", "kind": "wrong_ip", "value": "198.51.100.9", "for": 600}}
{"t": 6000, "drift": {"record": "home.example.com", "value": "198.51.100.1"}}
)");
  SimOptions opt;
  opt.fixed_interval = 300s;
  auto r = run_simulation(trace, opt);
  EXPECT_EQ(r.changes, 1);
  EXPECT_EQ(r.detected, 1);
  EXPECT_EQ(r.wrong_publishes, 0);
  // The first publish on primary; primary's API fails from 900, but DNS shows the address
  // and nothing needs the API until the change at 1000: the passes at 1200 and 1500 read
  // it and fail, the backup takes over and gets the change; primary, healthy again, gets
  // the change; the drift is put back. (Reading the API on every pass, the backup took
  // over at 1200 and got the old address first: one update more.)
  EXPECT_EQ(r.updates, 4);
  EXPECT_EQ(r.faults, 3) << "two faults and a drift";
  EXPECT_EQ(r.anomalies.true_positive, 3) << r.to_json().dump();
  EXPECT_EQ(r.anomalies.false_positive, 0) << r.to_json().dump();
  EXPECT_EQ(r.drift_repair_checks_max, 1);
  EXPECT_GE(r.actions["failover"], 2) << "over to the backup and back";
  EXPECT_EQ(r.actions["demote"], 1) << "the lying source";
}

TEST(Simulator, JsonListsEveryCheckAndEveryOpenedAnomaly) {
  auto trace = parse(R"({"start": "2026-01-05T00:00:00Z", "providers": ["primary", "backup"]}
{"t": 0, "ip4": "203.0.113.10"}
{"t": 900, "fault": {"target": "provider:primary", "kind": "error", "for": 1800}}
{"t": 1000, "ip4": "203.0.113.77"}
{"t": 3000, "network": "down"}
{"t": 3100, "network": "up"}
)");
  SimOptions opt;
  opt.fixed_interval = 300s;
  opt.api_interval = std::chrono::milliseconds{0};  // the API is read, and fails, at 900
  auto j = run_simulation(trace, opt).to_json();
  const auto& checks = j.at("check_log");
  ASSERT_EQ(checks.size(), j.at("checks").get<std::size_t>());
  EXPECT_EQ(checks[0].at("t"), 0.0);
  EXPECT_EQ(checks[1].at("t"), 300.0);
  EXPECT_EQ(checks[1].at("reason"), "budget");
  double last = -1;
  bool retry_after_failed_pass = false;
  for (const auto& c : checks) {
    auto t = c.at("t").get<double>();
    EXPECT_GT(t, last);
    last = t;
    if (t > 900 && t < 1200) {  // between two budget checks: only the provider's backoff
      EXPECT_EQ(c.at("reason"), "event") << c.dump();
      retry_after_failed_pass = true;
    }
    if (std::fmod(t, 300.0) == 0 && t != 3100) {
      EXPECT_EQ(c.at("reason"), "budget") << c.dump();
    }
  }
  EXPECT_TRUE(retry_after_failed_pass) << "the failed pass at 900 is retried on its backoff";
  auto up =
      std::find_if(checks.begin(), checks.end(), [](const auto& c) { return c.at("t") == 3100.0; });
  ASSERT_NE(up, checks.end()) << "the network coming up forces a check";
  EXPECT_EQ(up->at("reason"), "event");

  const auto& opened = j.at("opened_anomalies");
  ASSERT_FALSE(opened.empty());
  int true_positive = 0;
  for (const auto& a : opened) {
    true_positive += a.at("verdict") == "true_positive" ? 1 : 0;
    if (a.at("subject") != "provider:primary") continue;
    EXPECT_GE(a.at("opened_at").get<double>(), 900.0);
    EXPECT_LE(a.at("opened_at").get<double>(), 2700.0);
    ASSERT_TRUE(a.at("closed_at").is_number()) << a.dump();
    EXPECT_GT(a.at("closed_at").get<double>(), a.at("opened_at").get<double>());
  }
  EXPECT_GE(true_positive, 1) << opened.dump();
  EXPECT_EQ(j.at("anomalies").at("false_positive"), 0) << opened.dump();
  int informational = 0;
  for (const auto& a : opened)
    informational += a.at("verdict") == "informational" ? 1 : 0;
  EXPECT_EQ(informational, j.at("anomalies").at("informational").get<int>()) << opened.dump();
}

TEST(Simulator, NetworkUpTriggersACheckAtOnce) {
  auto trace = parse(R"({"start": "2026-01-05T00:00:00Z"}
{"t": 0, "ip4": "203.0.113.10"}
{"t": 100, "network": "down"}
{"t": 150, "ip4": "203.0.113.11"}
{"t": 170, "network": "up"}
)");
  SimOptions opt;
  opt.fixed_interval = 3600s;
  auto r = run_simulation(trace, opt);
  ASSERT_EQ(r.detected, 1);
  EXPECT_DOUBLE_EQ(r.delay_s.max, 20);  // seen when the network came back at 170
  EXPECT_EQ(r.event_checks, 1);
}

TEST(Simulator, AdaptiveStaysWithinBudget) {
  std::string text = R"({"start": "2026-01-05T00:00:00Z", "tz": "UTC"})"
                     "\n";
  for (int d = 0; d < 8; ++d) {
    text += "{\"t\": " + std::to_string(d * 86400 + 3 * 3600) + ", \"ip4\": \"203.0.113." +
            std::to_string(d + 1) + "\"}\n";
  }
  auto r = run_simulation(parse(text), {});
  EXPECT_EQ(r.changes, 7);
  EXPECT_EQ(r.detected, 7);
  EXPECT_LE(r.checks - r.event_checks, static_cast<int>(288 * r.days * 1.02) + 2);
}

TEST(Trace, ProblemsNameTheLine) {
  std::vector<providers::ConfigProblem> problems;
  auto t = parse_trace(R"({"start": "yesterday", "tz": "Mars/Base"}
{"t": 5, "ip4": "not-an-ip"}
{"t": 6, "fault": {"target": "moon", "kind": "melt", "for": 1}}
garbage
)",
                       problems);
  EXPECT_FALSE(t);
  std::vector<std::string> lines;
  for (const auto& p : problems)
    lines.push_back(p.str());
  // The Windows build adds which zones it knows after a "; ".
  for (auto& l : lines)
    if (l.starts_with("line 1.tz:")) l = l.substr(0, l.find(';'));
  EXPECT_EQ(
      lines,
      (std::vector<std::string>{
          R"(line 1.start: expected "YYYY-MM-DDThh:mm:ssZ")",
          R"(line 1.tz: unknown time zone "Mars/Base")",
          R"(line 2.ip4: "not-an-ip" is not an ipv4 address)",
          R"(line 3.fault.kind: must be one of error, latency, auth, wrong_ip, timeout, silent, got "melt")",
          R"(line 3.fault.target: must be "provider:<name>" or "source:<index>")",
          "line 4: not valid JSON"}));
}

}  // namespace
}  // namespace ddnsguard::controller
