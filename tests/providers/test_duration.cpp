#include "providers/base/duration.hpp"

#include <chrono>
#include <string>

#include <gtest/gtest.h>

namespace ddnsguard::providers {
namespace {

using namespace std::chrono_literals;

TEST(ParseDuration, AcceptsUnitsCompoundsAndBareSeconds) {
  struct Case {
    const char* text;
    std::chrono::milliseconds want;
  };
  const Case cases[] = {
      {"500ms", 500ms},
      {"10s", 10s},
      {"5m", 5min},
      {"2h", 2h},
      {"1d", 24h},
      {"1h30m", 90min},
      {"1d2h3m4s5ms", 24h + 2h + 3min + 4s + 5ms},
      {"0", 0ms},
      {"0s", 0ms},
      {"42", 42s},
      {"90s", 90s},
      {"1000ms", 1s},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto d = parse_duration(c.text);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(*d, c.want);
  }
}

TEST(ParseDuration, RejectsMalformedInput) {
  const std::string cases[] = {
      "",
      "-1s",
      "1.5s",
      "10x",
      "s",
      "1s2",
      "99999999999999999d",
      "99999999999999999999999999",
      " 5s",
      "5s ",
      "5 s",
      "5S",
      "1h-30m",
      "ms",
      "+5s",
      "1e3",
      std::string("5s\0", 3),
      std::string(65, '1'),
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("\"" + c + "\"");
    EXPECT_FALSE(parse_duration(c).has_value());
  }
}

TEST(FormatDuration, ShortestExactSpelling) {
  struct Case {
    std::chrono::milliseconds d;
    const char* want;
  };
  const Case cases[] = {
      {0ms, "0s"},        {500ms, "500ms"},     {10s, "10s"},        {90s, "1m30s"},
      {90000ms, "1m30s"}, {5min, "5m"},         {2h, "2h"},          {24h, "1d"},
      {90min, "1h30m"},   {24h + 1ms, "1d1ms"}, {1500ms, "1s500ms"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.want);
    EXPECT_EQ(format_duration(c.d), c.want);
  }
}

TEST(FormatDuration, RoundTripsThroughParse) {
  const std::chrono::milliseconds cases[] = {0ms, 1ms,   999ms, 1s,        59s,
                                             61s, 90min, 25h,   400 * 24h, 1234567890ms};
  for (auto d : cases) {
    SCOPED_TRACE(d.count());
    auto text = format_duration(d);
    auto back = parse_duration(text);
    ASSERT_TRUE(back.has_value()) << text;
    EXPECT_EQ(*back, d) << text;
  }
}

}  // namespace
}  // namespace ddnsguard::providers
