// The history report (DESIGN §6): an update attempt that carried no address (a failed read
// of an absent record) shows "address": null in JSON, as every other missing value does,
// and "-" in the text.

#include <gtest/gtest.h>

#include "controller/cli/reports.hpp"

namespace ddnsguard::controller {
namespace {

using namespace std::chrono_literals;
const TimePoint k_t0{std::chrono::seconds{1767225600}};  // 2026-01-01T00:00:00Z

TEST(HistoryReport, AMissingAddressIsNullNotEmpty) {
  auto store = HistoryStore::in_memory(nullptr);
  store->add_update({k_t0, "home.example.com", "A", "cf", "", false,
                     providers::ErrorClass::transient, 12, "timeout"});
  store->add_update(
      {k_t0 + 1min, "home.example.com", "A", "cf", "203.0.113.7", true, std::nullopt, 80, ""});
  auto j = history_json(*store, TimePoint{});
  ASSERT_EQ(j["updates"].size(), 2u) << j.dump(2);
  EXPECT_TRUE(j["updates"][0]["address"].is_null()) << j.dump(2);
  EXPECT_EQ(j["updates"][1]["address"], "203.0.113.7");
  EXPECT_TRUE(j["ip_changes"].is_array());
  auto text = history_text(*store, TimePoint{});
  EXPECT_NE(text.find("203.0.113.7"), std::string::npos) << text;
}

}  // namespace
}  // namespace ddnsguard::controller
