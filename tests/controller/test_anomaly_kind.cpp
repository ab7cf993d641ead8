// Anomaly kinds (controller/store/anomaly_kind): typed in the loop, text only at the edges,
// where the names documented in README's anomaly table stay.

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "controller/store/history_store.hpp"

namespace ddnsguard::controller {
namespace {

TEST(AnomalyKind, KeepsItsDocumentedNames) {
  const std::set<std::string> documented{
      "auth_failure",          "provider_errors", "provider_unreachable", "provider_latency",
      "silent_update_failure", "record_drift",    "source_failing",       "source_disagreement",
      "ip_flapping",           "private_address", "store_degraded",       "clock_skew",
      "notify_failed"};
  std::set<std::string> named;
  for (auto name : anomaly_kind_names()) {
    auto kind = parse_anomaly_kind(name);
    ASSERT_TRUE(kind) << name;
    EXPECT_EQ(to_string(*kind), name);
    named.insert(std::string(name));
  }
  EXPECT_EQ(named, documented);
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
