#pragma once
// What the runtime and controller tests share: a parsed configuration that logs to stderr
// only, and a metrics sink that counts what it hears.

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "controller/config/config.hpp"
#include "controller/loop/metrics_sink.hpp"
#include "tests/controller/config_test_support.hpp"

namespace ddnsguard::controller::runtime_testing {

inline Config parsed(const nlohmann::json& doc) {
  auto outcome = parse_config(doc.dump(), config_testing::default_env());
  EXPECT_TRUE(outcome.config) << (outcome.problems.empty() ? "" : outcome.problems[0].str());
  auto c = outcome.config ? std::move(*outcome.config) : Config{};
  c.log.file = std::nullopt;  // stderr only: nothing written outside the test's folder
  return c;
}

class CountingMetrics final : public MetricsSink {
 public:
  void pass_done(const PassReport&, TimePoint) override { ++passes; }
  void provider_call(const std::string& provider, const std::string& call,
                     const std::string& result, std::chrono::milliseconds) override {
    calls.push_back(provider + " " + call + " " + result);
  }
  void address_change(providers::Family) override { ++changes; }
  void next_check(TimePoint at) override { next = at; }
  void open_anomalies(const std::map<std::string, int>&) override {}
  std::vector<std::string> calls;
  int changes = 0;
  int passes = 0;
  TimePoint next{};
};

}  // namespace ddnsguard::controller::runtime_testing
