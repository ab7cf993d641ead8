#include "providers/net/redactor.hpp"

#include <gtest/gtest.h>

namespace ddnsguard::providers {
namespace {

TEST(Redactor, MasksASecretInEveryFormItTakesOnTheWire) {
  Redactor r;
  r.add("p@ss word/+\"x");
  const char* cases[][2] = {
      {"plain p@ss word/+\"x end", "plain *** end"},
      {"base64 cEBzcyB3b3JkLysieA== end", "base64 *** end"},
      {"unpadded cEBzcyB3b3JkLysieA end", "unpadded *** end"},
      {"url p%40ss%20word%2F%2B%22x end", "url *** end"},
      {"lower p%40ss%20word%2f%2b%22x end", "lower *** end"},
      {"form p%40ss+word%2F%2B%22x end", "form *** end"},
      {R"(json "p@ss word/+\"x" end)", R"(json "***" end)"},
      {"twice p@ss word/+\"x p@ss word/+\"x", "twice *** ***"},
      {"nothing here", "nothing here"},
  };
  for (const auto& [in, want] : cases)
    EXPECT_EQ(r.mask(in), want) << in;
}

TEST(Redactor, TinyValuesAreNotMaskedAndAnEmptyRedactorChangesNothing) {
  Redactor r;
  EXPECT_TRUE(r.empty());
  r.add("abc");  // would shred ordinary text
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(r.mask("abc abc"), "abc abc");
  EXPECT_EQ(masked(nullptr, "text"), "text");
}

TEST(Redactor, ALongerSecretContainingAShorterOneIsMaskedWhole) {
  Redactor r;
  r.add("token");
  r.add("alice:token-long");
  EXPECT_EQ(r.mask("alice:token-long and token"), "*** and ***");
}

TEST(Redactor, ASecretCutShortByAnExcerptIsMaskedToo) {
  Redactor r;
  r.add("0123456789abcdefTOKEN");
  // A reply's first 200 bytes end inside the echoed token.
  EXPECT_EQ(r.mask("HTTP 401: {\"error\": \"bad token 0123456789ab"),
            "HTTP 401: {\"error\": \"bad token ***");
  EXPECT_EQ(r.mask("cut 0123456789 (then more)"), "cut *** (then more)");
  EXPECT_EQ(r.mask("seven 0123456 is no secret"), "seven 0123456 is no secret");
}

}  // namespace
}  // namespace ddnsguard::providers
