#include "controller/loop/daily_summary.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace ddnsguard::controller {

namespace {

std::string plural(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string addresses_now(const HistoryStore& store, bool ipv6_prefix) {
  std::vector<std::string> parts;
  for (auto family : {providers::Family::ipv4, providers::Family::ipv6}) {
    if (auto last = store.last_ip_change(family)) {
      const char* name = family == providers::Family::ipv4 ? "IPv4"
                         : ipv6_prefix                     ? "IPv6 prefix"
                                                           : "IPv6";
      parts.push_back(fmt::format("{} {}", name, last->new_address));
    }
  }
  return parts.empty() ? "no address known yet" : fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

std::string daily_summary_text(const HistoryStore& store, TimePoint now, bool all_in_sync,
                               bool ipv6_prefix) {
  auto since = now - k_daily_summary_every;
  auto changes = store.ip_changes(since);  // the first address ever seen is no change
  std::erase_if(changes, [](const IpChange& c) { return !c.old_address; });
  auto updates = store.updates(since);  // writes, and failed calls of any kind
  std::erase_if(updates, [](const UpdateAttempt& u) { return u.call != CallKind::update; });
  auto failed =
      std::count_if(updates.begin(), updates.end(), [](const UpdateAttempt& u) { return !u.ok; });
  auto opened = store.anomalies(since, false);
  std::erase_if(opened, [&](const Anomaly& a) { return a.opened_at < since; });
  auto open_now = store.anomalies(TimePoint{}, true);
  std::vector<std::string_view> kinds;
  for (const auto& a : open_now) {
    auto kind = to_string(a.kind);
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) kinds.push_back(kind);
  }
  return fmt::format("Last 24 hours: {}; {} ({} failed); {}.\nNow: {}; {}; {}.",
                     plural(changes.size(), "address change", "address changes"),
                     plural(updates.size(), "update", "updates"), failed,
                     plural(opened.size(), "anomaly opened", "anomalies opened"),
                     addresses_now(store, ipv6_prefix),
                     all_in_sync ? "every record in sync" : "some records out of sync",
                     open_now.empty() ? std::string("no open anomaly")
                                      : fmt::format("{} open ({})",
                                                    plural(open_now.size(), "anomaly", "anomalies"),
                                                    fmt::join(kinds, ", ")));
}

}  // namespace ddnsguard::controller
