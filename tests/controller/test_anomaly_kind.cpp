// Anomaly kinds (controller/store/anomaly_kind): typed in the loop, text only at the edges,
// where the names documented in README's anomaly table stay.

#include <string>

#include <gtest/gtest.h>

#include "controller/store/history_store.hpp"

namespace ddnsguard::controller {
namespace {

TEST(AnomalyKind, KeepsItsDocumentedNames) {
  struct Case {
    AnomalyKind kind;
    const char* text;
  };
  const Case cases[] = {{AnomalyKind::auth_failure, "auth_failure"},
                        {AnomalyKind::provider_errors, "provider_errors"},
                        {AnomalyKind::provider_unreachable, "provider_unreachable"},
                        {AnomalyKind::provider_latency, "provider_latency"},
                        {AnomalyKind::silent_update_failure, "silent_update_failure"},
                        {AnomalyKind::record_drift, "record_drift"},
                        {AnomalyKind::source_failing, "source_failing"},
                        {AnomalyKind::source_disagreement, "source_disagreement"},
                        {AnomalyKind::ip_flapping, "ip_flapping"},
                        {AnomalyKind::private_address, "private_address"},
                        {AnomalyKind::store_degraded, "store_degraded"},
                        {AnomalyKind::clock_skew, "clock_skew"},
                        {AnomalyKind::notify_failed, "notify_failed"}};
  ASSERT_EQ(anomaly_kind_names().size(), std::size(cases));
  for (std::size_t i = 0; i < std::size(cases); ++i) {
    EXPECT_EQ(to_string(cases[i].kind), cases[i].text);
    EXPECT_EQ(parse_anomaly_kind(cases[i].text), cases[i].kind) << cases[i].text;
    EXPECT_EQ(anomaly_kind_names()[i], cases[i].text);
  }
  for (const char* other : {"", "Auth_failure", "drift", "auth_failure "})
    EXPECT_EQ(parse_anomaly_kind(other), std::nullopt) << other;
}

TEST(AnomalyKind, EachComesBackFromTheStoreAsItWent) {
  auto store = HistoryStore::in_memory(nullptr);
  const TimePoint t0{std::chrono::seconds{1767225600}};
  for (auto name : anomaly_kind_names()) {
    Anomaly a;
    a.kind = *parse_anomaly_kind(name);
    a.subject = std::string(name);
    a.opened_at = t0;
    ASSERT_GT(store->open_anomaly(a), 0);
  }
  auto rows = store->anomalies(TimePoint{}, true);
  ASSERT_EQ(rows.size(), anomaly_kind_names().size());
  for (const auto& a : rows)
    EXPECT_EQ(to_string(a.kind), a.subject);
}

}  // namespace
}  // namespace ddnsguard::controller
