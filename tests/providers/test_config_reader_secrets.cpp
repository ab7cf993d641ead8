// Secrets through the config reader (inline, ${ENV} or a file, never in a problem) and the
// system ConfigEnv that reads the real environment and regular files only.

#include "providers/base/config_reader.hpp"

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#ifndef _WIN32
#include <sys/stat.h>
#include <unistd.h>
#endif

#include <gtest/gtest.h>

#include "tests/providers/config_reader_test_support.hpp"

namespace ddnsguard::providers {
namespace {

using namespace config_reader_testing;

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
