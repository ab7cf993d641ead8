#include "providers/base/secret.hpp"

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

namespace ddnsguard::providers {
namespace {

struct Credentials {
  std::string user;
  Secret password;
  int port = 0;
};

}  // namespace
}  // namespace ddnsguard::providers

template <>
struct fmt::formatter<ddnsguard::providers::Credentials> : fmt::formatter<std::string_view> {
  auto format(const ddnsguard::providers::Credentials& c, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "user={} password={} port={}", c.user, c.password, c.port);
  }
};

namespace ddnsguard::providers {
namespace {

static_assert(!std::is_copy_constructible_v<Secret>, "secrets are never copied implicitly");
static_assert(!std::is_copy_assignable_v<Secret>);
static_assert(std::is_nothrow_move_constructible_v<Secret>);
static_assert(!std::is_convertible_v<std::string_view, Secret>, "construction is explicit");

TEST(Secret, FormatsAsStars) {
  struct Case {
    const char* value;
    const char* pattern;
    const char* want;
  };
  const Case cases[] = {
      {"cf-1", "t={}", "t=***"},
      {"hunter2", "[{}]", "[***]"},
      {"", "{}", "***"},
      {"a-very-long-token-0123456789", "{:>6}", "   ***"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.value);
    Secret s{c.value};
    auto out = fmt::format(fmt::runtime(c.pattern), s);
    EXPECT_EQ(out, c.want);
    if (*c.value != '\0') {
      EXPECT_EQ(out.find(c.value), std::string::npos);
    }
  }
}

TEST(Secret, FormatsAsStarsInsideAStruct) {
  Credentials c{"alice", Secret{"MARKER-PW-42"}, 8245};
  auto out = fmt::format("{}", c);
  EXPECT_EQ(out, "user=alice password=*** port=8245");
  EXPECT_EQ(out.find("MARKER-PW-42"), std::string::npos);
}

TEST(Secret, FormatsAsStarsInsideAContainer) {
  std::vector<Secret> list;
  list.emplace_back("first-secret");
  list.emplace_back("second-secret");
  auto out = fmt::format("{}", fmt::join(list, ","));
  EXPECT_EQ(out, "***,***");
}

TEST(Secret, RevealReturnsTheValue) {
  Secret s{"token-123"};
  EXPECT_EQ(s.reveal(), "token-123");
  EXPECT_FALSE(s.empty());
  // Binary content survives: the value is bytes, not a C string.
  std::string raw("a\0b", 3);
  Secret b{raw};
  EXPECT_EQ(b.reveal(), raw);
  EXPECT_EQ(b.reveal().size(), 3u);
}

TEST(Secret, DefaultIsEmpty) {
  Secret s;
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.reveal(), "");
  EXPECT_EQ(fmt::format("{}", s), "***");
}

TEST(Secret, CloneIsIndependentCopy) {
  Secret a{"shared-value"};
  Secret b = a.clone();
  EXPECT_EQ(a.reveal(), "shared-value");
  EXPECT_EQ(b.reveal(), "shared-value");
  EXPECT_NE(a.reveal().data(), b.reveal().data());
  {
    Secret gone = std::move(a);
    EXPECT_EQ(gone.reveal(), "shared-value");
  }
  EXPECT_EQ(b.reveal(), "shared-value");
}

TEST(Secret, MoveTransfersTheValue) {
  Secret a{"moving-secret"};
  Secret b{std::move(a)};
  EXPECT_EQ(b.reveal(), "moving-secret");
  // Moved-from vector storage is left empty by every standard library we build with.
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(a.reveal(), "");

  Secret c{"other"};
  c = std::move(b);
  EXPECT_EQ(c.reveal(), "moving-secret");
  EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move)
}

TEST(Secret, MovedFromCanBeReassignedAndDestroyed) {
  Secret a{"x1"};
  Secret b{std::move(a)};
  a = Secret{"x2"};  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(a.reveal(), "x2");
  EXPECT_EQ(b.reveal(), "x1");
}

}  // namespace
}  // namespace ddnsguard::providers
