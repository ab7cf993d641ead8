// Outside text made safe for JSON output: invalid UTF-8 is replaced, never thrown on.

#include "providers/base/safe_text.hpp"

#include <gtest/gtest.h>

#include "providers/dns/provider_http_status.hpp"

namespace ddnsguard::providers {
namespace {

const std::string k_replacement = "\xEF\xBF\xBD";  // U+FFFD

TEST(SafeText, ValidUtf8IsKeptAndInvalidBytesAreReplaced) {
  struct Case {
    const char* what;
    std::string in;
    std::string want;
  };
  const Case cases[] = {
      {"ascii", "HTTP 503 busy", "HTTP 503 busy"},
      {"two- and three-byte characters",
       "b\xC3\xBC"
       "cher \xE2\x82\xAC",
       "b\xC3\xBC"
       "cher \xE2\x82\xAC"},
      {"a stray byte", "a\xFFz", "a" + k_replacement + "z"},
      {"latin-1 text", "caf\xE9!", "caf" + k_replacement + "!"},
      {"a character cut short at the end", "x\xE2\x82", "x" + k_replacement},
      {"an overlong slash", "\xC0\xAF", k_replacement + k_replacement},
      {"a surrogate", "\xED\xA0\x80", k_replacement + k_replacement + k_replacement},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto out = valid_utf8(c.in);
    EXPECT_EQ(out, c.want);
    EXPECT_NO_THROW((void)nlohmann::json(out).dump());
  }
}

TEST(SafeText, DumpNeverThrowsOnInvalidUtf8) {
  nlohmann::json j = {{"summary", "reply \xFF\xFE from a provider"}, {"n", 1}};
  EXPECT_THROW((void)j.dump(), nlohmann::json::type_error) << "what the helper guards against";
  std::string text;
  ASSERT_NO_THROW(text = dump_json(j, 2));
  auto back = nlohmann::json::parse(text);
  EXPECT_EQ(back["summary"], "reply " + k_replacement + k_replacement + " from a provider");
  EXPECT_EQ(back["n"], 1);
}

TEST(SafeText, BodyExcerptIsValidUtf8WhereverTheCutFalls) {
  std::string body = std::string(199, 'a') + "\xE2\x82\xAC" + " and more";  // cut inside
  auto e = body_excerpt(body);
  EXPECT_NO_THROW((void)nlohmann::json(e).dump());
  EXPECT_EQ(e, std::string(199, 'a') + k_replacement);
  EXPECT_NO_THROW((void)nlohmann::json(body_excerpt("<html>\x80\x81\x82</html>")).dump());
  EXPECT_EQ(body_excerpt("ok\r\nsecond line"), "ok");
}

}  // namespace
}  // namespace ddnsguard::providers
