// Anomaly severities (controller/store/severity): typed in the loop, text only at the edges,
// where `anomalies`, the log and notifications keep the documented names.

#include <gtest/gtest.h>

#include "controller/store/history_store.hpp"

namespace ddnsguard::controller {
namespace {

TEST(Severity, KeepsItsDocumentedNames) {
  struct Case {
    Severity s;
    const char* text;
  };
  for (auto c : {Case{Severity::info, "info"}, Case{Severity::warning, "warning"},
                 Case{Severity::critical, "critical"}}) {
    EXPECT_EQ(to_string(c.s), c.text);
    EXPECT_EQ(parse_severity(c.text), c.s) << c.text;
  }
  for (const char* other : {"", "Critical", "error", "warn"})
    EXPECT_EQ(parse_severity(other), std::nullopt) << other;
}

TEST(Severity, EachComesBackFromTheStoreAsItWent) {
  auto store = HistoryStore::in_memory(nullptr);
  const TimePoint t0{std::chrono::seconds{1767225600}};
  for (auto s : {Severity::info, Severity::warning, Severity::critical}) {
    Anomaly a;
    a.kind = AnomalyKind::provider_errors;
    a.subject = "provider:" + std::string(to_string(s));
    a.severity = s;
    a.opened_at = t0;
    ASSERT_GT(store->open_anomaly(a), 0);
  }
  auto rows = store->anomalies(TimePoint{}, false);
  ASSERT_EQ(rows.size(), 3u);
  for (const auto& a : rows)
    EXPECT_EQ("provider:" + std::string(to_string(a.severity)), a.subject);
}

}  // namespace
}  // namespace ddnsguard::controller
