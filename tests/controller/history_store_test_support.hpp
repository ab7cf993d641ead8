#pragma once
// For the history store tests: a fixture with a private directory for the database file, and
// rows (observation, update attempt, anomaly) at a given millisecond.

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <utility>

#include <gtest/gtest.h>

#include "controller/store/history_store.hpp"

namespace ddnsguard::controller::history_store_testing {

using namespace std::chrono_literals;
using providers::Family;

inline TimePoint at_ms(std::int64_t ms) {
  return TimePoint{std::chrono::milliseconds{ms}};
}
inline constexpr TimePoint k_epoch{};

inline std::string file_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class HistoryStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/ddnsguard_history_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    m_dir = tmpl;
    m_path = (m_dir / "history.db").string();
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
  }
  std::filesystem::path m_dir;
  std::string m_path;
};

inline Observation observation(std::int64_t ms, std::string source = "quorum") {
  return {at_ms(ms), Family::ipv4, std::move(source), "203.0.113.7", "ok", ""};
}

inline UpdateAttempt update(std::int64_t ms) {
  return UpdateAttempt::succeeded(ddnsguard::controller::CallKind::update, at_ms(ms),
                                  {"home.example.com", Family::ipv4}, "cf", "203.0.113.7", 120ms);
}

inline Anomaly anomaly(std::int64_t opened_ms, AnomalyKind kind = AnomalyKind::provider_errors) {
  Anomaly a;
  a.kind = kind;
  a.subject = "provider:cf";
  a.severity = ddnsguard::controller::Severity::warning;
  a.opened_at = at_ms(opened_ms);
  a.score = 0.75;
  a.summary = "5 of 6 updates failed";
  a.evidence = R"({"failures":5})";
  a.action = "failover to ali";
  return a;
}

}  // namespace ddnsguard::controller::history_store_testing
