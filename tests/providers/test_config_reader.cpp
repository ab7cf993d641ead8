// The config reader: JSON paths, typed reads and the problems they raise, unknown keys,
// ${NAME} expansion of the environment, and durations longer than allowed.

#include "providers/base/config_reader.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/providers/config_reader_test_support.hpp"

namespace ddnsguard::providers {
namespace {

using namespace config_reader_testing;
using namespace std::chrono_literals;

TEST(JsonPath, BuildsDottedAndIndexedPaths) {
  JsonPath root;
  EXPECT_EQ(root.str(), "");
  EXPECT_EQ((root / "a").str(), "a");
  EXPECT_EQ((root / "a" / "b").str(), "a.b");
  EXPECT_EQ((root / "a" / "b" / 2 / "c").str(), "a.b[2].c");
  EXPECT_EQ((root / "records" / 0 / "providers" / 1).str(), "records[0].providers[1]");
}

TEST(ConfigProblem, StrJoinsPathAndMessage) {
  EXPECT_EQ((ConfigProblem{"a.b", "is required"}).str(), "a.b: is required");
  EXPECT_EQ((ConfigProblem{"", "not valid JSON"}).str(), "not valid JSON");
}

TEST(ObjectReader, ReadsTypedValues) {
  Harness h(R"({"s": "text", "i": 42, "b": true, "d": "1h30m", "n": 7,
               "l": ["x", "y"], "c": "json", "nul": null})");
  auto r = h.reader();
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.string("s"), "text");
  EXPECT_EQ(r.integer("i", 0, 100), 42);
  EXPECT_EQ(r.boolean("b"), true);
  EXPECT_EQ(r.duration("d"), std::chrono::milliseconds{90min});
  EXPECT_EQ(r.duration("n"), std::chrono::milliseconds{7s});
  EXPECT_EQ(r.string_list("l"), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(r.choice("c", {"text", "json"}), "json");
  EXPECT_EQ(r.string("nul"), std::nullopt);  // null counts as absent
  EXPECT_EQ(r.string("absent"), std::nullopt);
  EXPECT_EQ(r.string_or("absent", "dflt"), "dflt");
  EXPECT_EQ(r.string_or("s", "dflt"), "text");
  EXPECT_TRUE(r.has("s"));
  EXPECT_FALSE(r.has("absent"));
  r.finish();
  EXPECT_TRUE(h.problems.empty()) << ::testing::PrintToString(lines(h.problems));
}

TEST(ObjectReader, TypeErrorsNameThePath) {
  struct Case {
    const char* what;
    const char* doc;
    std::function<void(ObjectReader&)> read;
    const char* want;
  };
  const Case cases[] = {
      {"string got number", R"({"k": 1})", [](ObjectReader& r) { (void)r.string("k"); },
       "p.k: expected a string, got number"},
      {"string got object", R"({"k": {}})", [](ObjectReader& r) { (void)r.string("k"); },
       "p.k: expected a string, got object"},
      {"integer got string", R"({"k": "5"})", [](ObjectReader& r) { (void)r.integer("k", 0, 9); },
       "p.k: expected an integer, got string"},
      {"integer got float", R"({"k": 1.5})", [](ObjectReader& r) { (void)r.integer("k", 0, 9); },
       "p.k: expected an integer, got number"},
      {"integer above", R"({"k": 10})", [](ObjectReader& r) { (void)r.integer("k", 0, 9); },
       "p.k: must be between 0 and 9, got 10"},
      {"integer below", R"({"k": -1})", [](ObjectReader& r) { (void)r.integer("k", 0, 9); },
       "p.k: must be between 0 and 9, got -1"},
      {"integer huge", R"({"k": 18446744073709551615})",
       [](ObjectReader& r) { (void)r.integer("k", 0, 9); },
       "p.k: must be between 0 and 9, got 18446744073709551615"},
      {"boolean got string", R"({"k": "true"})", [](ObjectReader& r) { (void)r.boolean("k"); },
       "p.k: expected true or false, got string"},
      {"duration bad unit", R"({"k": "10x"})", [](ObjectReader& r) { (void)r.duration("k"); },
       R"(p.k: invalid duration "10x" (use e.g. "500ms", "10s", "5m", "2h", "1d" or integer seconds))"},
      {"duration negative", R"({"k": -5})", [](ObjectReader& r) { (void)r.duration("k"); },
       R"(p.k: invalid duration number (use e.g. "500ms", "10s", "5m", "2h", "1d" or integer seconds))"},
      {"duration bool", R"({"k": true})", [](ObjectReader& r) { (void)r.duration("k"); },
       R"(p.k: invalid duration boolean (use e.g. "500ms", "10s", "5m", "2h", "1d" or integer seconds))"},
      {"choice", R"({"k": "loud"})",
       [](ObjectReader& r) {
         (void)r.choice("k", {"info", "warn"});
       },
       R"(p.k: must be one of info, warn, got "loud")"},
      {"list not array", R"({"k": "x"})", [](ObjectReader& r) { (void)r.string_list("k"); },
       "p.k: expected an array, got string"},
      {"list element", R"({"k": ["a", 2, "c"]})", [](ObjectReader& r) { (void)r.string_list("k"); },
       "p.k[1]: expected a string, got number"},
      {"string required", R"({})", [](ObjectReader& r) { (void)r.string("k", Required::yes); },
       "p.k: is required"},
      {"integer required", R"({})",
       [](ObjectReader& r) { (void)r.integer("k", 0, 1, Required::yes); }, "p.k: is required"},
      {"duration required", R"({})", [](ObjectReader& r) { (void)r.duration("k", Required::yes); },
       "p.k: is required"},
      {"list required", R"({})", [](ObjectReader& r) { (void)r.string_list("k", Required::yes); },
       "p.k: is required"},
      {"choice required", R"({})",
       [](ObjectReader& r) { (void)r.choice("k", {"a"}, Required::yes); }, "p.k: is required"},
      {"NUL in string", "{\"k\": \"a\\u0000b\"}", [](ObjectReader& r) { (void)r.string("k"); },
       "p.k: contains a NUL character"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    Harness h(c.doc);
    auto r = h.reader();
    c.read(r);
    r.finish();
    EXPECT_EQ(lines(h.problems), std::vector<std::string>{c.want});
  }
}

TEST(ObjectReader, NonObjectIsOneProblemAndReadsYieldNothing) {
  struct Case {
    const char* doc;
    const char* want;
  };
  const Case cases[] = {{"[1]", "p: expected an object, got array"},
                        {"\"x\"", "p: expected an object, got string"},
                        {"null", "p: expected an object, got null"},
                        {"3", "p: expected an object, got number"}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.doc);
    Harness h(c.doc);
    auto r = h.reader();
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.string("k", Required::yes), std::nullopt);
    EXPECT_FALSE(r.secret("s").has_value());
    EXPECT_FALSE(r.has("k"));
    r.finish();
    EXPECT_EQ(lines(h.problems), std::vector<std::string>{c.want});
  }
}

TEST(ObjectReader, FinishReportsEveryUnknownKeyWithItsPath) {
  Harness h(R"({"a": {"b": [{"c": 1, "keep": 2}, {}, {"c": 3, "d": 4, "keep": 5}]}, "z": 0})");
  auto top = h.reader(JsonPath{});
  auto* a = top.raw("a");
  ASSERT_NE(a, nullptr);
  ObjectReader ra(*a, top.path() / "a", h.ctx);
  const auto& list = *ra.raw("b");
  for (std::size_t i = 0; i < list.size(); ++i) {
    ObjectReader ri(list[i], ra.path() / "b" / i, h.ctx);
    (void)ri.integer("keep", 0, 10);
    ri.finish();
  }
  ra.finish();
  top.finish();
  EXPECT_EQ(lines(h.problems),
            (std::vector<std::string>{"a.b[0].c: unknown key", "a.b[2].c: unknown key",
                                      "a.b[2].d: unknown key", "z: unknown key"}));
}

TEST(ObjectReader, AskingMarksKeysKnownEvenWhenAbsentOrBad) {
  Harness h(R"({"k": 1, "gone": null})");
  auto r = h.reader();
  (void)r.string("k");  // wrong type: one problem, but not also "unknown key"
  (void)r.raw("gone");
  r.finish();
  EXPECT_EQ(lines(h.problems), std::vector<std::string>{"p.k: expected a string, got number"});
}

TEST(ExpandEnv, ResolvesReferences) {
  struct Case {
    const char* text;
    std::optional<std::string> want;
    std::vector<std::string> problems;
  };
  const Case cases[] = {
      {"plain", "plain", {}},
      {"${A}", "alpha", {}},
      {"x-${A}-y", "x-alpha-y", {}},
      {"${A}${B_2}", "alphabeta", {}},
      {"${EMPTY}", "", {}},
      {"$A and $", "$A and $", {}},
      {"${MISSING}", std::nullopt, {"p: environment variable MISSING is not set"}},
      {"x-${MISSING}-y", std::nullopt, {"p: environment variable MISSING is not set"}},
      {"${", std::nullopt, {"p: malformed ${...} reference (use ${NAME} with letters, digits, _)"}},
      {"${A",
       std::nullopt,
       {"p: malformed ${...} reference (use ${NAME} with letters, digits, _)"}},
      {"${}",
       std::nullopt,
       {"p: malformed ${...} reference (use ${NAME} with letters, digits, _)"}},
      {"${A-B}",
       std::nullopt,
       {"p: malformed ${...} reference (use ${NAME} with letters, digits, _)"}},
      {"${A B}",
       std::nullopt,
       {"p: malformed ${...} reference (use ${NAME} with letters, digits, _)"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    Harness h("{}", {{"A", "alpha"}, {"B_2", "beta"}, {"EMPTY", ""}});
    auto got = expand_env(c.text, JsonPath{} / "p", h.ctx);
    EXPECT_EQ(got, c.want);
    EXPECT_EQ(lines(h.problems), c.problems);
  }
}

TEST(ExpandEnv, ValuesAreNotExpandedTwice) {
  Harness h("{}", {{"A", "${B}"}, {"B", "nested"}});
  EXPECT_EQ(expand_env("${A}", JsonPath{} / "p", h.ctx), "${B}");
  EXPECT_TRUE(h.problems.empty());
}

TEST(ObjectReader, StringsAndListsExpandEnvironment) {
  Harness h(R"({"url": "https://${HOST}/x", "list": ["${A}", "b"], "d": "${D}"})",
            {{"HOST", "example.net"}, {"A", "a"}, {"D", "5m"}});
  auto r = h.reader();
  EXPECT_EQ(r.string("url"), "https://example.net/x");
  EXPECT_EQ(r.string_list("list"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r.duration("d"), std::chrono::milliseconds{5min});
  r.finish();
  EXPECT_TRUE(h.problems.empty()) << ::testing::PrintToString(lines(h.problems));
}

TEST(ObjectReader, UnsetVariableInStringIsAProblemNamingIt) {
  Harness h(R"({"url": "https://${NOPE}/x"})");
  auto r = h.reader();
  EXPECT_EQ(r.string("url"), std::nullopt);
  r.finish();
  EXPECT_EQ(lines(h.problems),
            std::vector<std::string>{"p.url: environment variable NOPE is not set"});
}

TEST(ObjectReader, DurationsLongerThanTheirMostAreProblemsNamingTheKey) {
  Harness h(R"({"min": "107000d", "year": "365d", "long": "3000d", "secs": 40000000})");
  auto r = h.reader();
  EXPECT_EQ(r.duration("min"), std::nullopt);
  EXPECT_EQ(r.duration("year"), std::chrono::hours{24 * 365});
  EXPECT_EQ(r.duration("long", Required::no, std::chrono::hours{24 * 3650}),
            std::chrono::hours{24 * 3000});
  EXPECT_EQ(r.duration("secs"), std::nullopt);  // 463 days in integer seconds
  r.finish();
  EXPECT_EQ(lines(h.problems),
            (std::vector<std::string>{"p.min: 107000d is longer than 365d, the most this setting "
                                      "accepts",
                                      "p.secs: 462d23h6m40s is longer than 365d, the most this "
                                      "setting accepts"}));
}

}  // namespace
}  // namespace ddnsguard::providers
