// The anomalies report (DESIGN §6): stable JSON keys, --open, readable text, and the open
// anomalies in `status`.

#include <gtest/gtest.h>

#include "controller/cli/reports.hpp"
#include "providers/base/safe_text.hpp"

namespace ddnsguard::controller {
namespace {

using namespace std::chrono_literals;
const TimePoint k_t0{std::chrono::seconds{1767225600}};  // 2026-01-01T00:00:00Z

class AnomaliesReport : public ::testing::Test {
 protected:
  void SetUp() override {
    auto id = m_store->open_anomaly({0, AnomalyKind::auth_failure, "cf", Severity::critical, k_t0,
                                     std::nullopt, 1.0, "cf auth for home.example.com/A: 403",
                                     R"({"error_class": "auth"})", "provider stopped"});
    m_store->close_anomaly(id, k_t0 + 90min);
    m_store->open_anomaly({0, AnomalyKind::provider_errors, "ali", Severity::warning, k_t0 + 1h,
                           std::nullopt, 0.5, "ali invalid replies", "not json",
                           "retried with backoff"});
  }
  std::unique_ptr<HistoryStore> m_store = HistoryStore::in_memory(nullptr);
};

TEST_F(AnomaliesReport, JsonHasTheStableKeys) {
  auto j = anomalies_json(*m_store, TimePoint{}, false);
  ASSERT_EQ(j.size(), 2u);
  std::set<std::string> keys;
  for (const auto& [k, v] : j[0].items())
    keys.insert(k);
  EXPECT_EQ(keys, (std::set<std::string>{"id", "kind", "subject", "severity", "opened_at",
                                         "closed_at", "score", "summary", "evidence", "action"}));
  EXPECT_EQ(j[0]["kind"], "auth_failure");
  EXPECT_EQ(j[0]["opened_at"], "2026-01-01T00:00:00Z");
  EXPECT_EQ(j[0]["closed_at"], "2026-01-01T01:30:00Z");
  EXPECT_EQ(j[0]["evidence"]["error_class"], "auth");  // an object, not a string
  EXPECT_TRUE(j[1]["closed_at"].is_null());
  EXPECT_EQ(j[1]["evidence"], "not json");  // kept as text when it is not JSON
}

TEST_F(AnomaliesReport, InvalidUtf8FromAProviderNeverBreaksTheJson) {
  // A summary and evidence stored before replies were made valid UTF-8 where they enter.
  m_store->open_anomaly({0, AnomalyKind::provider_errors, "dyn", Severity::warning, k_t0 + 2h,
                         std::nullopt, 1.0, "dyn: HTTP 500: \xFF\xFE<html>", R"({"message": "x"})",
                         "retried"});
  std::string text;
  ASSERT_NO_THROW(text = providers::dump_json(anomalies_json(*m_store, TimePoint{}, false), 2));
  auto back = nlohmann::json::parse(text);
  ASSERT_EQ(back.size(), 3u);
  EXPECT_NE(text.find("dyn: HTTP 500: \ufffd\ufffd<html>"), std::string::npos) << text;
}

TEST_F(AnomaliesReport, OpenOnlyLeavesOutTheClosedOnes) {
  auto j = anomalies_json(*m_store, TimePoint{}, true);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["subject"], "ali");
}

TEST_F(AnomaliesReport, TextShowsKindSubjectDurationAndAction) {
  auto text = anomalies_text(*m_store, TimePoint{}, false, k_t0 + 3h);
  EXPECT_NE(text.find("auth_failure  cf"), std::string::npos) << text;
  EXPECT_NE(text.find("lasted 1h30m"), std::string::npos) << text;
  EXPECT_NE(text.find("open for 2h"), std::string::npos) << text;
  EXPECT_NE(text.find("action: provider stopped"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(evidence: {"error_class": "auth"})"), std::string::npos) << text;
  auto none = HistoryStore::in_memory(nullptr);
  EXPECT_EQ(anomalies_text(*none, TimePoint{}, true, k_t0), "(no open anomalies)\n");
}

TEST_F(AnomaliesReport, StatusListsTheOpenOnes) {
  Config config;
  auto s = status_json(*m_store, config, k_t0 + 3h);
  ASSERT_EQ(s["open_anomalies"].size(), 1u);
  EXPECT_EQ(s["open_anomalies"][0]["kind"], "provider_errors");
  EXPECT_NE(status_text(s).find("ANOMALY      provider_errors ali"), std::string::npos);
  EXPECT_TRUE(s["demoted_sources"].empty());
}

TEST_F(AnomaliesReport, StatusShowsDemotedSources) {
  m_store->open_anomaly({0, AnomalyKind::source_disagreement, "source:1/ipv4", Severity::warning,
                         k_t0, std::nullopt, 1.0, "source:1 answers 198.51.100.9", "{}",
                         "demoted"});
  Config config;
  auto s = status_json(*m_store, config, k_t0 + 3h);
  ASSERT_EQ(s["demoted_sources"].size(), 1u);
  EXPECT_EQ(s["demoted_sources"][0]["source"], "source:1/ipv4");
  EXPECT_NE(status_text(s).find("DEMOTED      source:1/ipv4 (source_disagreement)"),
            std::string::npos)
      << status_text(s);
}

TEST_F(AnomaliesReport, StatusSaysWhetherTheDaemonIsAliveAndWhenItLastPassed) {
  Config config;
  config.polling.max_interval = 30min;
  auto none = status_json(*m_store, config, k_t0, false);
  EXPECT_EQ(none["daemon"]["running"], false);
  EXPECT_TRUE(none["daemon"]["last_pass_at"].is_null());
  EXPECT_TRUE(none["daemon"]["stale"]) << "never passed";
  m_store->add_observation({k_t0, providers::Family::ipv4, "quorum", "203.0.113.7", "ok", ""});
  auto fresh = status_json(*m_store, config, k_t0 + 59min, true);
  EXPECT_EQ(fresh["daemon"]["running"], true);
  EXPECT_EQ(fresh["daemon"]["last_pass_age_s"], 59 * 60);
  EXPECT_FALSE(fresh["daemon"]["stale"]);
  EXPECT_NE(status_text(fresh).find("daemon       running, last pass"), std::string::npos)
      << status_text(fresh);
  auto old = status_json(*m_store, config, k_t0 + 61min);
  EXPECT_TRUE(old["daemon"]["running"].is_null());
  EXPECT_TRUE(old["daemon"]["stale"]) << "older than twice max_interval";
  EXPECT_NE(status_text(old).find("STALE"), std::string::npos) << status_text(old);
  EXPECT_TRUE(old["daemon"]["writes_history"].is_null()) << "nobody known to be running";
  EXPECT_TRUE(old["store"]["ok"]);
  EXPECT_EQ(status_text(old).find("store "), std::string::npos) << "a sound store is not news";
}

TEST_F(AnomaliesReport, StatusSaysWhenARunningDaemonWritesNoPassesHere) {
  Config config;
  config.polling.max_interval = 30min;
  m_store->add_observation({k_t0, providers::Family::ipv4, "quorum", "203.0.113.7", "ok", ""});
  auto silent = status_json(*m_store, config, k_t0 + 2h, true);
  EXPECT_FALSE(silent["daemon"]["writes_history"]) << silent.dump();
  EXPECT_NE(status_text(silent).find("its history is in memory (store_degraded"), std::string::npos)
      << status_text(silent);
}

}  // namespace
}  // namespace ddnsguard::controller
