#pragma once
// A month of history written through the store's own API, for the status page's tests:
// an address change every day at 03:10 UTC, a check every 30 min, provider calls with
// latency, a failed update, a failover switch, a closed and an open anomaly.

#include "controller/store/history_store.hpp"

namespace ddnsguard::testing {

struct SeededHistory {
  int changes = 0;       // address changes (the first address seen is not one)
  int checks = 0;        // poll decisions
  int failed_calls = 0;  // provider calls that failed
  std::string last_address;
};

// Writes 30 days before `now` into `store`; record home.example.net/A on providers
// "cf" and "pdns".
SeededHistory seed_month(controller::HistoryStore& store, controller::TimePoint now);

}  // namespace ddnsguard::testing
