#pragma once
// The daily summary notification (`notify[].events: ["daily_summary"]`): what the last
// 24 hours held, read from the history store, in a few lines a person reads on a phone.

#include <string>

#include "controller/store/history_store.hpp"

namespace ddnsguard::controller {

constexpr auto k_daily_summary_every = std::chrono::hours{24};

// The summary of (now - 24 h, now]; `all_in_sync` is how the latest pass ended;
// `ipv6_prefix`: the IPv6 sources report a delegated prefix ("IPv6 prefix ..." then).
std::string daily_summary_text(const HistoryStore& store, TimePoint now, bool all_in_sync,
                               bool ipv6_prefix = false);

}  // namespace ddnsguard::controller
