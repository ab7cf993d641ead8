// Provider-call rows (controller/store/provider_call): the named builders fill what a call
// site used to pass in order, and the call kind is text only in the store, where it keeps
// the names `history` and `simulate --json` show.

#include <gtest/gtest.h>

#include "controller/store/history_store.hpp"

namespace ddnsguard::controller {
namespace {

using namespace std::chrono_literals;
const TimePoint k_t0{std::chrono::seconds{1767225600}};  // 2026-01-01T00:00:00Z
const providers::Record k_v6{"home.example.com", providers::Family::ipv6};

TEST(ProviderCall, ASuccessCarriesTheRecordTheAddressAndTheLatency) {
  auto u = UpdateAttempt::succeeded(CallKind::read, k_t0, k_v6, "cf", "2001:db8::7", 42ms);
  EXPECT_EQ(u.call, CallKind::read);
  EXPECT_EQ(u.at, k_t0);
  EXPECT_EQ(u.record, "home.example.com");
  EXPECT_EQ(u.type, "AAAA");
  EXPECT_EQ(u.provider, "cf");
  EXPECT_EQ(u.address, "2001:db8::7");
  EXPECT_TRUE(u.ok);
  EXPECT_EQ(u.error_class, std::nullopt);
  EXPECT_EQ(u.latency_ms, 42);
  EXPECT_TRUE(u.message.empty());
}

TEST(ProviderCall, AFailureCarriesItsClassAndSaysWhichCallFailed) {
  providers::Error e{providers::ErrorClass::rate_limited, "HTTP 429", 30s};
  auto u = UpdateAttempt::failed(CallKind::probe, k_t0, k_v6, "backup", "", e, 900ms);
  EXPECT_FALSE(u.ok);
  EXPECT_EQ(u.error_class, providers::ErrorClass::rate_limited);
  EXPECT_EQ(u.message, "probe: HTTP 429");
  EXPECT_EQ(u.latency_ms, 900);
  EXPECT_EQ(u.call, CallKind::probe);
}

TEST(ProviderCall, KindsKeepTheirStoredNames) {
  struct Case {
    CallKind kind;
    const char* text;
  };
  for (auto c : {Case{CallKind::update, "update"}, Case{CallKind::read, "read"},
                 Case{CallKind::probe, "probe"}}) {
    EXPECT_EQ(to_string(c.kind), c.text);
    EXPECT_EQ(parse_call_kind(c.text), c.kind) << c.text;
  }
  for (const char* other : {"", "Update", "write", "read "})
    EXPECT_EQ(parse_call_kind(other), std::nullopt) << other;
}

TEST(ProviderCall, EachKindComesBackFromTheStoreAsItWent) {
  auto store = HistoryStore::in_memory(nullptr);
  auto t = k_t0;
  for (auto kind : {CallKind::update, CallKind::read, CallKind::probe}) {
    store->add_update(UpdateAttempt::succeeded(kind, t, k_v6, "cf", "2001:db8::7", 5ms));
    t += 1s;
  }
  auto rows = store->provider_calls(TimePoint{});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].call, CallKind::update);
  EXPECT_EQ(rows[1].call, CallKind::read);
  EXPECT_EQ(rows[2].call, CallKind::probe);
}

}  // namespace
}  // namespace ddnsguard::controller
