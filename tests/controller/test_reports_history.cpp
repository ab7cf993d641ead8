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
  const providers::Record rec{"home.example.com", providers::Family::ipv4};
  store->add_update(UpdateAttempt::failed(CallKind::read, k_t0, rec, "cf", "",
                                          {providers::ErrorClass::transient, "timeout", {}}, 12ms));
  store->add_update(
      UpdateAttempt::succeeded(CallKind::update, k_t0 + 1min, rec, "cf", "203.0.113.7", 80ms));
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
