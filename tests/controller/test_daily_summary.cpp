// The daily summary names what the sources report: an IPv6 prefix is called a prefix.

#include "controller/loop/daily_summary.hpp"

#include <gtest/gtest.h>

namespace ddnsguard::controller {
namespace {

TEST(DailySummary, NamesAnIpv6PrefixAsAPrefix) {
  auto store = HistoryStore::in_memory(nullptr);
  const TimePoint now{std::chrono::seconds{1767225600}};
  store->add_ip_change({now - std::chrono::hours{30}, providers::Family::ipv6, std::nullopt,
                        "2001:db8:41::", "quorum 1/1", std::nullopt});
  store->add_ip_change({now - std::chrono::hours{2}, providers::Family::ipv6,
                        std::string("2001:db8:41::"), "2001:db8:42::", "quorum 1/1", std::nullopt});
  auto prefix = daily_summary_text(*store, now, true, true);
  EXPECT_NE(prefix.find("Now: IPv6 prefix 2001:db8:42::;"), std::string::npos) << prefix;
  EXPECT_NE(prefix.find("1 address change;"), std::string::npos) << prefix;
  auto address = daily_summary_text(*store, now, true, false);
  EXPECT_NE(address.find("Now: IPv6 2001:db8:42::;"), std::string::npos) << address;
}

}  // namespace
}  // namespace ddnsguard::controller
