// What `doctor` says when the local resolver disagrees with the authoritative servers, and
// when the address the sources agree on is not public (sources.allow_private let it in).

#include <gtest/gtest.h>

#include "controller/cli/doctor.hpp"

namespace ddnsguard::controller {
namespace {

using Answer = providers::Result<std::vector<std::string>>;

TEST(DoctorHints, AResolverThatDoesNotKnowTheNamePointsAtTheDelegation) {
  auto hint = resolver_mismatch_hint(Answer{std::vector<std::string>{}}, true);
  EXPECT_NE(hint.find("delegated"), std::string::npos) << hint;
  EXPECT_NE(hint.find("typo"), std::string::npos) << hint;
  EXPECT_EQ(hint.find("expires with the TTL"), std::string::npos) << hint;
}

TEST(DoctorHints, AnOlderAddressIsACache) {
  auto hint = resolver_mismatch_hint(Answer{std::vector<std::string>{"192.0.2.1"}}, true);
  EXPECT_NE(hint.find("expires with the TTL"), std::string::npos) << hint;
}

TEST(DoctorHints, NoAnswerIsTheResolversProblem) {
  auto hint = resolver_mismatch_hint(
      Answer{providers::fail(providers::ErrorClass::transient, "DNS x: timeout")}, true);
  EXPECT_NE(hint.find("did not answer"), std::string::npos) << hint;
}

TEST(DoctorHints, ServfailPointsAtTheDelegationOrDnssec) {
  auto hint = resolver_mismatch_hint(
      Answer{providers::fail(providers::ErrorClass::transient, "DNS x: SERVFAIL")}, true);
  EXPECT_NE(hint.find("lame delegation"), std::string::npos) << hint;
  EXPECT_NE(hint.find("DNSSEC"), std::string::npos) << hint;
}

TEST(DoctorHints, WithoutAnAuthoritativeAnswerNoCacheIsBlamed) {
  auto hint = resolver_mismatch_hint(Answer{std::vector<std::string>{"192.0.2.1"}}, false);
  EXPECT_EQ(hint.find("cache"), std::string::npos) << hint;
  EXPECT_NE(hint.find("authoritative"), std::string::npos) << hint;
}

TEST(DoctorHints, OnlyAGlobalAddressIsCalledPublic) {
  auto global = public_address_check(*providers::Address::parse("8.8.8.8"), "ipv4");
  EXPECT_EQ(global.status, CheckStatus::ok);
  EXPECT_EQ(global.detail, "public address");
  for (const char* text : {"192.0.2.200", "10.1.2.3", "100.64.0.9", "2001:db8::5", "fd00::1"}) {
    auto c = public_address_check(*providers::Address::parse(text), "ip");
    EXPECT_EQ(c.status, CheckStatus::warn) << text;
    EXPECT_NE(c.detail.find(text), std::string::npos) << c.detail;
    EXPECT_NE(c.detail.find("allow_private"), std::string::npos) << c.detail;
    EXPECT_FALSE(c.fix.empty()) << text;
  }
  EXPECT_NE(public_address_check(*providers::Address::parse("192.0.2.200"), "ipv4")
                .detail.find("documentation"),
            std::string::npos);
}

}  // namespace
}  // namespace ddnsguard::controller
