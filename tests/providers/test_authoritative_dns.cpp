// The resolv.conf reading behind NS discovery and `doctor`'s local-resolver check.

#include <gtest/gtest.h>

#include "providers/net/authoritative_dns.hpp"

namespace ddnsguard::providers {
namespace {

TEST(FirstNameserver, TakesTheFirstNameserverLine) {
  auto s =
      first_nameserver("# generated\nsearch lan\nnameserver 192.168.1.1\nnameserver 9.9.9.9\n");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->host, "192.168.1.1");
  EXPECT_EQ(s->port, 53);
}

TEST(FirstNameserver, DropsAnIpv6ScopeId) {
  auto s = first_nameserver("nameserver fe80::1%eth0\n");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->host, "fe80::1");
}

TEST(FirstNameserver, NoneWithoutANameserverLine) {
  EXPECT_FALSE(first_nameserver(""));
  EXPECT_FALSE(first_nameserver("search lan\nnameserver\n# nameserver 1.2.3.4\n"));
}

}  // namespace
}  // namespace ddnsguard::providers
