// The loop's working copy of the `published` table (controller/loop/published_table): read
// from the store once, kept in memory, written through on every change.

#include <gtest/gtest.h>

#include "controller/loop/published_table.hpp"

namespace ddnsguard::controller {
namespace {

using providers::Family;
const TimePoint k_t0{std::chrono::seconds{1767225600}};
const providers::Record k_a{"home.example.com", Family::ipv4};
const providers::Record k_aaaa{"home.example.com", Family::ipv6};

TEST(PublishedTable, StartsFromWhatTheStoreHolds) {
  auto store = HistoryStore::in_memory(nullptr);
  store->set_published({"home.example.com", "A", "cf", "203.0.113.7", k_t0, true});
  store->set_published({"home.example.com", "AAAA", "cf", std::nullopt, k_t0, false});
  PublishedTable table(*store);
  ASSERT_TRUE(table.find(k_a, "cf"));
  EXPECT_EQ(table.find(k_a, "cf")->address, "203.0.113.7");
  ASSERT_TRUE(table.find(k_aaaa, "cf"));
  EXPECT_EQ(table.find(k_aaaa, "cf")->address, std::nullopt);
  EXPECT_FALSE(table.find(k_a, "pdns")) << "another provider";
  EXPECT_FALSE(table.find({"other.example.com", Family::ipv4}, "cf")) << "another record";
}

TEST(PublishedTable, WritesThroughAndTheNewestRowWins) {
  auto store = HistoryStore::in_memory(nullptr);
  PublishedTable table(*store);
  table.set({"home.example.com", "A", "cf", "203.0.113.1", k_t0, false});
  table.set({"home.example.com", "A", "cf", "203.0.113.7", k_t0 + std::chrono::seconds{1}, true});
  EXPECT_EQ(table.find(k_a, "cf")->address, "203.0.113.7");
  auto rows = store->published();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].address, "203.0.113.7");
  EXPECT_TRUE(rows[0].in_sync);
  PublishedTable reloaded(*store);
  EXPECT_EQ(reloaded.find(k_a, "cf")->address, "203.0.113.7") << "a restart starts from it";
}

TEST(PublishedTable, SeenHoldingNeedsTheAddressInSyncForThatRecordAndType) {
  auto store = HistoryStore::in_memory(nullptr);
  PublishedTable table(*store);
  table.set({"home.example.com", "A", "cf", "203.0.113.7", k_t0, true});
  table.set({"home.example.com", "A", "pdns", "203.0.113.7", k_t0, false});
  EXPECT_TRUE(table.seen_holding(k_a, "cf", "203.0.113.7"));
  EXPECT_FALSE(table.seen_holding(k_a, "cf", "203.0.113.8")) << "another address";
  EXPECT_FALSE(table.seen_holding(k_a, "pdns", "203.0.113.7")) << "held, but out of sync";
  EXPECT_FALSE(table.seen_holding(k_aaaa, "cf", "203.0.113.7")) << "another type";
}

}  // namespace
}  // namespace ddnsguard::controller
