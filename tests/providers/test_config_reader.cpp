#include "providers/base/config_reader.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#ifndef _WIN32
#include <sys/stat.h>
#include <unistd.h>
#endif

#include <gtest/gtest.h>

#include "tests/support/fake_env.hpp"

namespace ddnsguard::providers {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

using ddnsguard::testing::fake_env;

std::vector<std::string> lines(const std::vector<ConfigProblem>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems)
    out.push_back(p.str());
  return out;
}

// Owns everything a reader needs for one test.
struct Harness {
  explicit Harness(const std::string& text, std::map<std::string, std::string> vars = {},
                   std::map<std::string, std::string> files = {})
      : doc(json::parse(text)), env(fake_env(std::move(vars), std::move(files))) {}
  json doc;
  ConfigEnv env;
  std::vector<ConfigProblem> problems;
  ConfigContext ctx{env, problems, false, {}};
  ObjectReader reader(JsonPath at = JsonPath{} / "p") { return ObjectReader(doc, at, ctx); }
};

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

TEST(ObjectReader, SecretSources) {
  const std::string inline_value = "INLINE-SECRET-VALUE";
  const std::string env_value = "ENV-SECRET-VALUE";
  const std::string file_value = "FILE-SECRET-VALUE";
  struct Case {
    const char* what;
    const char* doc;
    std::optional<std::string> want;
    bool inline_secret;
    std::vector<std::string> problems;
  };
  const Case cases[] = {
      {"inline", R"({"key": "INLINE-SECRET-VALUE"})", inline_value, true, {}},
      {"env", R"({"key": "${TOKEN}"})", env_value, false, {}},
      {"file", R"({"key_file": "/run/creds/key"})", file_value, false, {}},
      {"file from env path", R"({"key_file": "${CREDS}/key"})", file_value, false, {}},
      {"both",
       R"({"key": "INLINE-SECRET-VALUE", "key_file": "/run/creds/key"})",
       std::nullopt,
       false,
       {"p.key: give either key or key_file, not both"}},
      {"missing", R"({})", std::nullopt, false, {"p.key: is required (or key_file)"}},
      {"inline empty", R"({"key": ""})", std::nullopt, true, {"p.key: is empty"}},
      {"env empty", R"({"key": "${EMPTY}"})", std::nullopt, false, {"p.key: is empty"}},
      {"env unset",
       R"({"key": "${UNSET_TOKEN}"})",
       std::nullopt,
       false,
       {"p.key: environment variable UNSET_TOKEN is not set"}},
      {"file empty",
       R"({"key_file": "/run/creds/blank"})",
       std::nullopt,
       false,
       {"p.key_file: \"/run/creds/blank\" is empty"}},
      {"file missing",
       R"({"key_file": "/run/creds/none"})",
       std::nullopt,
       false,
       {"p.key_file: cannot read \"/run/creds/none\": No such file or directory"}},
      {"inline number",
       R"({"key": 12345})",
       std::nullopt,
       false,
       {"p.key: expected a string, got number"}},
      {"file path number",
       R"({"key_file": 7})",
       std::nullopt,
       false,
       {"p.key_file: expected a string, got number"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    Harness h(c.doc, {{"TOKEN", env_value}, {"EMPTY", ""}, {"CREDS", "/run/creds"}},
              {{"/run/creds/key", "  " + file_value + "\n"}, {"/run/creds/blank", " \n\t"}});
    auto r = h.reader();
    auto s = r.secret("key");
    r.finish();
    ASSERT_EQ(s.has_value(), c.want.has_value());
    if (s) {
      EXPECT_EQ(s->reveal(), *c.want);
      ASSERT_EQ(h.ctx.secrets.size(), 1u);
      EXPECT_EQ(h.ctx.secrets[0].reveal(), *c.want);
    }
    EXPECT_EQ(h.ctx.inline_secrets, c.inline_secret);
    EXPECT_EQ(lines(h.problems), c.problems);
    for (const auto& line : lines(h.problems)) {
      for (const auto& v : {inline_value, env_value, file_value}) {
        EXPECT_EQ(line.find(v), std::string::npos) << line;
      }
    }
  }
}

TEST(ObjectReader, OptionalSecretMayBeAbsent) {
  Harness h(R"({})");
  auto r = h.reader();
  EXPECT_FALSE(r.secret("key", Required::no).has_value());
  r.finish();
  EXPECT_TRUE(h.problems.empty());
  EXPECT_FALSE(h.ctx.inline_secrets);
}

TEST(ObjectReader, SecretValuesNeverAppearInProblems) {
  // Each secret-shaped value sits where a problem is raised about it or its neighbours.
  const std::string marker = "MARKER-SECRET-123";
  const std::string docs[] = {
      R"({"key": "MARKER-SECRET-123", "key_file": "/x"})",
      R"({"key": "MARKER-SECRET-123${"})",
      R"({"key": "MARKER-SECRET-123${NOT_SET}"})",
      R"({"key": "MARKER-SECRET-123${BAD-NAME}"})",
      R"({"key": ["MARKER-SECRET-123"]})",
      R"({"key": {"v": "MARKER-SECRET-123"}})",
      "{\"key\": \"MARKER-SECRET-123\\u0000\"}",
      R"({"key": "MARKER-SECRET-123", "extra": 1})",
      R"({"key_file": "/secret-file"})",
  };
  for (const auto& d : docs) {
    SCOPED_TRACE(d);
    Harness h(d, {}, {{"/secret-file", "MARKER-SECRET-123"}});
    auto r = h.reader();
    auto s = r.secret("key");
    (void)r.string("unused");
    r.finish();
    for (const auto& line : lines(h.problems)) {
      EXPECT_EQ(line.find(marker), std::string::npos) << line;
    }
  }
}

TEST(ObjectReader, InlineFlagIsStickyAcrossReaders) {
  Harness h(R"({"a": "${TOKEN}", "b": "literal"})", {{"TOKEN", "t"}});
  auto r = h.reader();
  ASSERT_TRUE(r.secret("a").has_value());
  EXPECT_FALSE(h.ctx.inline_secrets);
  ASSERT_TRUE(r.secret("b").has_value());
  EXPECT_TRUE(h.ctx.inline_secrets);
  EXPECT_EQ(h.ctx.secrets.size(), 2u);
  r.finish();
  EXPECT_TRUE(h.problems.empty());
}

TEST(ConfigEnvSystem, ReadsRealEnvironmentAndFiles) {
  auto env = ConfigEnv::system();
  ASSERT_TRUE(env.getenv);
  ASSERT_TRUE(env.read_file);
  EXPECT_EQ(env.getenv("DDNSGUARD_TEST_SURELY_UNSET_VARIABLE_4711"), std::nullopt);
  std::string error;
  EXPECT_EQ(env.read_file("/nonexistent-ddnsguard-dir/file", error), std::nullopt);
  EXPECT_FALSE(error.empty());
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

TEST(ObjectReader, SecretFilesLargerThan64KiBAreRefused) {
  Harness h(R"({"key_file": "/run/big"})", {}, {{"/run/big", std::string(70000, 'k')}});
  auto r = h.reader();
  EXPECT_EQ(r.secret("key"), std::nullopt);
  ASSERT_EQ(h.problems.size(), 1u);
  EXPECT_EQ(h.problems[0].str(),
            "p.key_file: \"/run/big\" is larger than 64 KiB, too large for a secret");
}

#ifndef _WIN32
TEST(ConfigEnvSystem, ReadsRegularFilesOnlyAndBoundsThem) {
  auto env = ConfigEnv::system();
  auto dir = std::filesystem::temp_directory_path() /
             ("ddnsguard-config-reader-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string error;
  // A FIFO with no writer would block the reader forever; a device never ends.
  auto fifo = (dir / "key.fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const auto& path : {fifo, std::string("/dev/zero"), dir.string()}) {
    error.clear();
    EXPECT_EQ(env.read_file(path, error), std::nullopt) << path;
    EXPECT_EQ(error, "not a regular file") << path;
  }
  auto big = (dir / "big").string();
  std::filesystem::resize_file((std::ofstream(big).close(), big),
                               k_longest_file + 1);  // sparse: costs no disk
  error.clear();
  EXPECT_EQ(env.read_file(big, error), std::nullopt);
  EXPECT_EQ(error, "larger than 64 MiB");
  std::ofstream(dir / "ok") << "token\n";
  EXPECT_EQ(env.read_file((dir / "ok").string(), error), "token\n");
  std::filesystem::remove_all(dir);
}
#endif

}  // namespace
}  // namespace ddnsguard::providers
