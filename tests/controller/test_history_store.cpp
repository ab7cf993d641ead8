// The history store's rows: every table written and read back, the latest per family and
// kind, reads since a time, pruning by retention, secrets kept out, the in-memory store.

#include "controller/store/history_store.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "controller/store/history_rows.hpp"
#include "controller/store/schema.hpp"
#include "providers/base/secret.hpp"
#include "tests/controller/history_store_test_support.hpp"

using namespace std::chrono_literals;
using namespace ddnsguard::controller::history_store_testing;
using ddnsguard::controller::AnomalyKind;
using ddnsguard::controller::DecisionKind;
using ddnsguard::controller::HistoryStore;
using ddnsguard::controller::Retention;
using ddnsguard::controller::schema_migrations;
using ddnsguard::controller::history_rows::parse_error_class;
using ddnsguard::providers::ErrorClass;
using ddnsguard::providers::Family;
namespace fs = std::filesystem;

TEST_F(HistoryStoreTest, EveryTableRoundTrips) {
  auto store = HistoryStore::open(m_path, nullptr);
  ASSERT_FALSE(store->degraded()) << store->degraded_reason();

  store->add_observation({at_ms(1), Family::ipv6, "source:0 http x", std::nullopt, "error", "503"});
  const auto obs = store->observations(k_epoch);
  ASSERT_EQ(obs.size(), 1u);
  EXPECT_EQ(obs[0].at, at_ms(1));
  EXPECT_EQ(obs[0].family, Family::ipv6);
  EXPECT_EQ(obs[0].source, "source:0 http x");
  EXPECT_EQ(obs[0].address, std::nullopt);
  EXPECT_EQ(obs[0].status, "error");
  EXPECT_EQ(obs[0].detail, "503");

  store->add_ip_change({at_ms(2), Family::ipv4, std::nullopt, "198.51.100.1", "quorum 2/3", {}});
  store->add_ip_change(
      {at_ms(3), Family::ipv6, "2001:db8::1", "2001:db8::2", "quorum 1/1", at_ms(2)});
  const auto changes = store->ip_changes(k_epoch);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].old_address, std::nullopt);
  EXPECT_EQ(changes[0].last_seen_old, std::nullopt);
  EXPECT_EQ(changes[1].family, Family::ipv6);
  EXPECT_EQ(changes[1].old_address, "2001:db8::1");
  EXPECT_EQ(changes[1].new_address, "2001:db8::2");
  EXPECT_EQ(changes[1].source, "quorum 1/1");
  EXPECT_EQ(changes[1].last_seen_old, at_ms(2));
  EXPECT_EQ(store->last_ip_change(Family::ipv4)->new_address, "198.51.100.1");
  EXPECT_EQ(store->last_ip_change(Family::ipv6)->new_address, "2001:db8::2");

  auto failed = update(4);
  failed.ok = false;
  failed.error_class = ErrorClass::rate_limited;
  failed.latency_ms = 987;
  failed.message = "429 too many requests";
  store->add_update(update(3));
  store->add_update(failed);
  const auto ups = store->updates(k_epoch);
  ASSERT_EQ(ups.size(), 2u);
  EXPECT_TRUE(ups[0].ok);
  EXPECT_EQ(ups[0].error_class, std::nullopt);
  EXPECT_EQ(ups[1].record, "home.example.com");
  EXPECT_EQ(ups[1].type, "A");
  EXPECT_EQ(ups[1].provider, "cf");
  EXPECT_EQ(ups[1].address, "203.0.113.7");
  EXPECT_FALSE(ups[1].ok);
  EXPECT_EQ(ups[1].error_class, ErrorClass::rate_limited);
  EXPECT_EQ(ups[1].latency_ms, 987);
  EXPECT_EQ(ups[1].message, "429 too many requests");

  store->add_verification({at_ms(5), "home.example.com", "A", "ns1.example.net", "203.0.113.7",
                           std::nullopt, false, 33});
  const auto ver = store->verifications(k_epoch);
  ASSERT_EQ(ver.size(), 1u);
  EXPECT_EQ(ver[0].provider, "ns1.example.net");
  EXPECT_EQ(ver[0].expected, "203.0.113.7");
  EXPECT_EQ(ver[0].answer, std::nullopt);
  EXPECT_FALSE(ver[0].ok);
  EXPECT_EQ(ver[0].latency_ms, 33);

  store->add_decision({at_ms(6), DecisionKind::poll, "ipv4", "10s", "hazard peak at 03:00"});
  const auto dec = store->decisions(k_epoch);
  ASSERT_EQ(dec.size(), 1u);
  EXPECT_EQ(dec[0].kind, DecisionKind::poll);
  EXPECT_EQ(dec[0].subject, "ipv4");
  EXPECT_EQ(dec[0].value, "10s");
  EXPECT_EQ(dec[0].rationale, "hazard peak at 03:00");

  const auto first = store->open_anomaly(anomaly(7));
  const auto second = store->open_anomaly(anomaly(8, AnomalyKind::ip_flapping));
  EXPECT_GT(first, 0);
  EXPECT_NE(first, second);
  store->close_anomaly(first, at_ms(9));
  const auto all = store->anomalies(k_epoch, false);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, first);
  EXPECT_EQ(all[0].kind, AnomalyKind::provider_errors);
  EXPECT_EQ(all[0].subject, "provider:cf");
  EXPECT_EQ(all[0].severity, ddnsguard::controller::Severity::warning);
  EXPECT_EQ(all[0].opened_at, at_ms(7));
  EXPECT_EQ(all[0].closed_at, at_ms(9));
  EXPECT_DOUBLE_EQ(all[0].score, 0.75);
  EXPECT_EQ(all[0].summary, "5 of 6 updates failed");
  EXPECT_EQ(all[0].evidence, R"({"failures":5})");
  EXPECT_EQ(all[0].action, "failover to ali");
  const auto open = store->anomalies(k_epoch, true);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].id, second);

  store->set_published({"home.example.com", "A", "cf", "203.0.113.1", at_ms(10), false});
  store->set_published({"home.example.com", "A", "cf", "203.0.113.7", at_ms(11), true});
  store->set_published({"home.example.com", "AAAA", "cf", std::nullopt, at_ms(12), false});
  const auto pub = store->published();
  ASSERT_EQ(pub.size(), 2u);
  EXPECT_EQ(pub[0].type, "A");
  EXPECT_EQ(pub[0].address, "203.0.113.7");
  EXPECT_EQ(pub[0].at, at_ms(11));
  EXPECT_TRUE(pub[0].in_sync);
  EXPECT_EQ(pub[1].type, "AAAA");
  EXPECT_EQ(pub[1].address, std::nullopt);
  EXPECT_FALSE(store->degraded());
}

TEST_F(HistoryStoreTest, LatestQuorumAndDecisionAreFoundPerFamilyAndKind) {
  auto store = HistoryStore::open(m_path, nullptr);
  EXPECT_FALSE(store->last_quorum(Family::ipv4));
  EXPECT_FALSE(store->last_decision(DecisionKind::poll));
  store->add_observation({at_ms(1), Family::ipv4, "quorum", "203.0.113.1", "ok", ""});
  store->add_observation({at_ms(2), Family::ipv4, "source:0 http x", "203.0.113.9", "ok", ""});
  store->add_observation({at_ms(3), Family::ipv6, "quorum", "2001:db8::1", "ok", ""});
  store->add_observation({at_ms(4), Family::ipv4, "quorum", std::nullopt, "no_quorum", "tie"});
  auto v4 = store->last_quorum(Family::ipv4);
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->at, at_ms(4));
  EXPECT_EQ(v4->status, "no_quorum");
  EXPECT_EQ(store->last_quorum(Family::ipv6)->address, "2001:db8::1");
  store->add_decision({at_ms(5), DecisionKind::poll, "all", "t1", "first"});
  store->add_decision({at_ms(6), DecisionKind::heal, "all", "x", "other kind"});
  store->add_decision({at_ms(7), DecisionKind::poll, "all", "t2", "second"});
  EXPECT_EQ(store->last_decision(DecisionKind::poll)->rationale, "second");
  EXPECT_EQ(store->last_decision(DecisionKind::heal)->value, "x");
}

TEST_F(HistoryStoreTest, ReadsKeepRowsAtOrAfterSinceOldestFirst) {
  auto store = HistoryStore::open(m_path, nullptr);
  for (const std::int64_t ms : {3000, 1000, 2000}) {
    store->add_observation(observation(ms));
    store->add_update(update(ms));
    store->add_decision({at_ms(ms), DecisionKind::poll, "ipv4", "10s", "why"});
  }
  const auto obs = store->observations(at_ms(2000));
  ASSERT_EQ(obs.size(), 2u);
  EXPECT_EQ(obs[0].at, at_ms(2000));
  EXPECT_EQ(obs[1].at, at_ms(3000));
  EXPECT_EQ(store->updates(at_ms(2001)).size(), 1u);
  EXPECT_EQ(store->decisions(at_ms(3001)).size(), 0u);
  EXPECT_EQ(store->decisions(k_epoch).front().at, at_ms(1000));
  EXPECT_EQ(store->last_ip_change(Family::ipv4), std::nullopt);
}

TEST_F(HistoryStoreTest, AnomaliesSinceKeepsThoseStillOpenInTheWindow) {
  auto store = HistoryStore::open(m_path, nullptr);
  const auto closed_early = store->open_anomaly(anomaly(1000));
  store->close_anomaly(closed_early, at_ms(2000));
  const auto closed_late = store->open_anomaly(anomaly(1500));
  store->close_anomaly(closed_late, at_ms(6000));
  const auto still_open = store->open_anomaly(anomaly(1200));
  const auto got = store->anomalies(at_ms(5000), false);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].id, still_open);
  EXPECT_EQ(got[1].id, closed_late);
}

TEST_F(HistoryStoreTest, PruneDeletesOnlyRowsOlderThanRetention) {
  auto store = HistoryStore::open(m_path, nullptr);
  const auto now = at_ms(0) + std::chrono::days{100};
  const Retention keep{std::chrono::days{10}, std::chrono::days{1}};
  const auto ms = [](auto d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  };
  const auto old_obs = ms(std::chrono::days{98});  // older than 1 day, newer than 10
  const auto ancient = ms(std::chrono::days{50});  // older than both
  const auto recent = ms(std::chrono::days{100} - 1h);

  for (const auto t : {ancient, old_obs, recent}) {
    store->add_observation(observation(t));
    store->add_verification({at_ms(t), "r", "A", "cf", "x", "x", true, 1});
    store->add_ip_change({at_ms(t), Family::ipv4, "a", "b", "q", {}});
    store->add_update(update(t));
    store->add_decision({at_ms(t), DecisionKind::poll, "ipv4", "10s", "why"});
  }
  const auto closed_old = store->open_anomaly(anomaly(ancient));
  store->close_anomaly(closed_old, at_ms(ancient + 1000));
  const auto open_old = store->open_anomaly(anomaly(ancient, AnomalyKind::ip_flapping));
  const auto closed_recently = store->open_anomaly(anomaly(ancient, AnomalyKind::record_drift));
  store->close_anomaly(closed_recently, at_ms(recent));

  // 2 observations + 2 verifications + 1 each of ip_changes, updates, decisions + 1 anomaly.
  EXPECT_EQ(store->prune(now, keep), 8);
  EXPECT_EQ(store->observations(k_epoch).size(), 1u);
  EXPECT_EQ(store->verifications(k_epoch).size(), 1u);
  EXPECT_EQ(store->ip_changes(k_epoch).size(), 2u);
  EXPECT_EQ(store->updates(k_epoch).front().at, at_ms(old_obs));
  EXPECT_EQ(store->decisions(k_epoch).size(), 2u);
  const auto left = store->anomalies(k_epoch, false);
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[0].id, open_old);
  EXPECT_EQ(left[1].id, closed_recently);
  EXPECT_EQ(store->prune(now, keep), 0);
  EXPECT_FALSE(store->degraded());
}

TEST_F(HistoryStoreTest, SecretsNeverReachTheFile) {
  constexpr std::string_view k_marker = "tok-MARKER-5f0e3c9a";
  {
    auto store = HistoryStore::open(m_path, nullptr);
    const ddnsguard::providers::Secret token{k_marker};
    auto failed = update(1);
    failed.ok = false;
    failed.error_class = ErrorClass::auth;
    failed.message = fmt::format("401 unauthorized token={}", token);
    store->add_update(failed);
    store->open_anomaly(anomaly(2, AnomalyKind::auth_failure));
  }
  std::string bytes;
  for (const auto& entry : fs::directory_iterator(m_dir))
    bytes += file_bytes(entry.path());
  EXPECT_NE(bytes.find("401 unauthorized token=***"), std::string::npos);  // really the rows
  EXPECT_EQ(bytes.find(k_marker), std::string::npos);
}

TEST(HistoryStoreMemory, InMemoryStoreIsNotDegraded) {
  auto store = HistoryStore::in_memory(nullptr);
  EXPECT_FALSE(store->degraded());
  EXPECT_EQ(store->schema_version(), static_cast<int>(schema_migrations().size()));
  store->set_published({"a.example", "A", "cf", "192.0.2.1", at_ms(1), true});
  EXPECT_EQ(store->published().size(), 1u);
}

TEST(ParseErrorClass, InvertsToString) {
  for (auto c : {ErrorClass::transient, ErrorClass::rate_limited, ErrorClass::auth,
                 ErrorClass::config, ErrorClass::invalid_response}) {
    EXPECT_EQ(parse_error_class(ddnsguard::providers::to_string(c)), c);
  }
  EXPECT_EQ(parse_error_class("Auth"), std::nullopt);
  EXPECT_EQ(parse_error_class(""), std::nullopt);
}
