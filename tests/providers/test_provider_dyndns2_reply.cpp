// interpret_dyndns2_reply: every reply code of reference/providers.md §4.2, the echoed
// address, and messages that name the code.

#include "providers/dns/provider_dyndns2.hpp"

#include <chrono>
#include <optional>
#include <string>

#include <gtest/gtest.h>

namespace ddnsguard::providers {
namespace {

using namespace std::chrono_literals;

Address addr(const char* text) {
  return *Address::parse(text);
}

enum class Want { ok, transient, rate_limited, auth, config, invalid_response };

Want want_of(const Result<void>& r) {
  if (r) return Want::ok;
  switch (r.error().cls) {
  case ErrorClass::transient:
    return Want::transient;
  case ErrorClass::rate_limited:
    return Want::rate_limited;
  case ErrorClass::auth:
    return Want::auth;
  case ErrorClass::config:
    return Want::config;
  case ErrorClass::invalid_response:
    return Want::invalid_response;
  }
  return Want::invalid_response;
}

const char* name_of(Want w) {
  switch (w) {
  case Want::ok:
    return "ok";
  case Want::transient:
    return "transient";
  case Want::rate_limited:
    return "rate_limited";
  case Want::auth:
    return "auth";
  case Want::config:
    return "config";
  case Want::invalid_response:
    return "invalid_response";
  }
  return "?";
}

struct ReplyCase {
  long status;
  const char* body;
  Want want;
  std::optional<std::chrono::seconds> retry_exact = std::nullopt;
  std::optional<std::chrono::seconds> retry_at_least = std::nullopt;
};

TEST(InterpretDyndns2Reply, EveryCode) {
  const auto sent = addr("203.0.113.10");
  const ReplyCase cases[] = {
      {200, "good", Want::ok},
      {200, "good 203.0.113.10", Want::ok},
      {200, "good 203.0.113.10\n", Want::ok},
      {200, "good 203.0.113.10\r\n", Want::ok},
      {200, "  good 203.0.113.10", Want::ok},
      {200, "good 2001:db8::1,203.0.113.10", Want::ok},
      {200, "good 203.0.113.10,2001:db8::1", Want::ok},
      {200, "nochg", Want::ok},
      {200, "nochg 203.0.113.10", Want::ok},
      {200, "good 203.0.113.10\ngood 203.0.113.10", Want::ok},
      {200, "good 198.51.100.1", Want::invalid_response},
      {200, "nochg 198.51.100.1", Want::invalid_response},
      {200, "good 198.51.100.1,2001:db8::1", Want::invalid_response},
      {200, "good garbage", Want::invalid_response},
      {200, "good 203.0.113.100", Want::invalid_response},
      {500, "good 203.0.113.10", Want::invalid_response},
      {200, "badauth", Want::auth},
      {200, "abuse", Want::auth},
      {200, "!donator", Want::config},
      {200, "notfqdn", Want::config},
      {200, "nohost", Want::config},
      {200, "numhost", Want::config},
      {200, "badagent", Want::config},
      {200, "badsys", Want::config},
      {200, "!yours", Want::config},
      {200, "!active", Want::config},
      {200, "nohost\n", Want::config},
      {200, "nohost\r\n", Want::config},
      {200, "badauth\r\n", Want::auth},
      {200, "nochg 203.0.113.10\r\n", Want::ok},
      {200, "w30s\r\n", Want::rate_limited, 30s},
      {200, "dnserr", Want::transient, std::nullopt, 30min},
      {200, "911", Want::transient, std::nullopt, 30min},
      {200, "w30s", Want::rate_limited, 30s},
      {200, "w5m", Want::rate_limited, 300s},
      {200, "w2h", Want::rate_limited, 7200s},
      {200, "wXs", Want::invalid_response},
      {200, "w5x", Want::invalid_response},
      {200, "whatever", Want::invalid_response},
      {200, "GOOD", Want::invalid_response},
      {200, "goodness", Want::invalid_response},
      {200, "<html>ok</html>", Want::invalid_response},
      {200, "", Want::invalid_response},
      {200, "\n", Want::invalid_response},
      {401, "", Want::auth},
      {401, "badauth", Want::auth},
      {401, "Unauthorized", Want::auth},
      {403, "Forbidden", Want::auth},
      {429, "", Want::rate_limited},
      {500, "", Want::transient},
      {502, "<html>Bad Gateway</html>", Want::transient},
      {503, "Service Unavailable", Want::transient},
      {404, "Not Found", Want::config},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(::testing::Message() << c.status << " \"" << c.body << "\"");
    auto r = interpret_dyndns2_reply(c.status, c.body, sent);
    EXPECT_STREQ(name_of(want_of(r)), name_of(c.want));
    if (r) continue;
    EXPECT_FALSE(r.error().message.empty());
    EXPECT_EQ(r.error().message.find('\n'), std::string::npos) << r.error().message;
    if (c.retry_exact) {
      EXPECT_EQ(r.error().retry_after, c.retry_exact);
    } else if (c.retry_at_least) {
      ASSERT_TRUE(r.error().retry_after.has_value());
      EXPECT_GE(*r.error().retry_after, *c.retry_at_least);
    } else if (c.want != Want::rate_limited) {
      EXPECT_EQ(r.error().retry_after, std::nullopt);
    }
  }
}

TEST(InterpretDyndns2Reply, Ipv6Echo) {
  const auto sent = addr("2001:db8::10");
  EXPECT_TRUE(interpret_dyndns2_reply(200, "good 2001:db8::10", sent));
  EXPECT_TRUE(interpret_dyndns2_reply(200, "nochg 2001:0db8:0:0::10", sent));  // same address
  auto r = interpret_dyndns2_reply(200, "good 2001:db8::11", sent);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().cls, ErrorClass::invalid_response);
}

TEST(InterpretDyndns2Reply, MessagesNameTheCode) {
  const auto sent = addr("203.0.113.10");
  for (const char* code : {"badauth", "nohost", "911", "!yours"}) {
    SCOPED_TRACE(code);
    auto r = interpret_dyndns2_reply(200, code, sent);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find(code), std::string::npos) << r.error().message;
  }
}

}  // namespace
}  // namespace ddnsguard::providers
