#include "controller/config/config.hpp"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "controller/cli/reports.hpp"
#include "tests/controller/config_test_support.hpp"

// Hostile documents, secrets in problem lines, files on disk and the search order.

namespace ddnsguard::controller {
namespace {

using namespace config_testing;
using namespace std::chrono_literals;
using nlohmann::json;
using providers::ConfigEnv;
using providers::Family;
namespace fs = std::filesystem;

TEST(ParseConfig, HostileDocumentsGiveOneCleanProblem) {
  struct Case {
    const char* what;
    std::string text;
    std::string want_substring;
  };
  const Case cases[] = {
      {"syntax error", R"({"a": })", "not valid JSON: byte 7"},
      {"trailing garbage", R"({} x)", "not valid JSON: byte 4"},
      {"empty text", "", "not valid JSON"},
      {"whitespace only", " \n\t ", "not valid JSON"},
      {"unterminated comment", "/* c\n{}", "not valid JSON"},
      {"null", "null", "expected an object, got null"},
      {"array", "[]", "expected an object, got array"},
      {"string", R"("config")", "expected an object, got string"},
      {"number", "42", "expected an object, got number"},
      {"deep arrays", std::string(100000, '['), "nesting deeper than 64 levels"},
      {"deep objects", std::string(10000, '{'), "nesting deeper than 64 levels"},
      {"deep inside a value", R"({"records": )" + std::string(65, '[') + std::string(65, ']') + "}",
       "nesting deeper than 64 levels"},
      {"NUL byte", std::string("{\"a\":\0 1}", 9), "configuration contains a NUL byte"},
      {"NUL inside a string", std::string("{\"a\": \"x\0y\"}", 12),
       "configuration contains a NUL byte"},
      {"invalid UTF-8 in a string", "{\"state_dir\": \"/var/\xff\xfe\"}", "not valid JSON"},
      {"truncated UTF-8", "{\"state_dir\": \"\xe2\x82\"}", "not valid JSON"},
      {"BOM only", "\xEF\xBB\xBF", "not valid JSON"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto env = fake_env();
    auto out = parse_config(c.text, env);
    EXPECT_FALSE(out.config.has_value());
    ASSERT_EQ(out.problems.size(), 1u) << joined(out);
    EXPECT_EQ(out.problems[0].path, "");
    EXPECT_NE(out.problems[0].str().find(c.want_substring), std::string::npos)
        << out.problems[0].str();
    EXPECT_EQ(out.problems[0].str().find('\n'), std::string::npos);
  }
}

TEST(ParseConfig, NumbersOutOfRangeNameTheirPath) {
  struct Case {
    const char* what;
    std::string text;
    std::string want;
  };
  const Case cases[] = {
      {"huge exponent", R"({"polling": {"daily_budget": 1e400}})",
       "polling.daily_budget: number out of range"},
      {"500 digits", R"({"polling": {"daily_budget": 1)" + std::string(500, '0') + "}}",
       "polling.daily_budget: number out of range"},
      {"negative", R"({"sources": {"quorum": -1e999}})", "sources.quorum: number out of range"},
      {"in an array", R"({"records": [{"ttl": 60}, {"name": "a", "ttl": 1e999}]})",
       "records[1].ttl: number out of range"},
      {"as an array element", R"({"verify": {"nameservers": ["a", 1e999]}})",
       "verify.nameservers[1]: number out of range"},
      {"after a nested array", R"({"records": [[1, 2], [3], 1e999]})",
       "records[2]: number out of range"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto env = fake_env();
    auto out = parse_config(c.text, env);
    EXPECT_FALSE(out.config.has_value());
    ASSERT_EQ(out.problems.size(), 1u) << joined(out);
    EXPECT_EQ(out.problems[0].str(), c.want);
  }
}

TEST(ParseConfig, DeepNestingInsideStringsIsNotCounted) {
  auto doc = base_doc();
  doc["state_dir"] = std::string(500, '[') + std::string(500, '{');
  auto env = fake_env();
  auto out = parse_config(doc.dump(), env);
  ASSERT_TRUE(out.config.has_value()) << joined(out);
  EXPECT_EQ(out.config->state_dir, std::string(500, '[') + std::string(500, '{'));
}

TEST(ParseConfig, Utf8BomIsAccepted) {
  auto env = fake_env();
  auto out = parse_config("\xEF\xBB\xBF" + base_doc().dump(), env);
  EXPECT_TRUE(out.config.has_value()) << joined(out);
}

TEST(ParseConfig, ValidUtf8InStringsIsKept) {
  auto doc = base_doc();
  doc["state_dir"] = "/srv/zürich/ddnsguard";
  auto env = fake_env();
  auto out = parse_config(doc.dump(), env);
  ASSERT_TRUE(out.config.has_value()) << joined(out);
  EXPECT_EQ(out.config->state_dir, "/srv/zürich/ddnsguard");
}

TEST(ParseConfig, EnvironmentReferencesAreExpanded) {
  auto doc = base_doc();
  doc["state_dir"] = "${STATE}/ddnsguard";
  auto env = fake_env({{"STATE", "/srv/state"}});
  auto out = parse_config(doc.dump(), env);
  ASSERT_TRUE(out.config.has_value()) << joined(out);
  EXPECT_EQ(out.config->state_dir, "/srv/state/ddnsguard");
}

TEST(ParseConfig, InlineSecretBookkeeping) {
  struct Case {
    const char* what;
    std::function<void(json&)> edit;
    bool inline_secrets;
  };
  const Case cases[] = {
      {"inline in the base document", [](json&) {}, true},
      {"all from env and files",
       [](json& d) {
         d["providers"]["pdns"]["api_key"] = "${PDNS_KEY}";
         d["providers"]["dyn"].erase("password");
         d["providers"]["dyn"]["password_file"] = "/run/creds/dyn";
       },
       false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto doc = base_doc();
    c.edit(doc);
    auto env = default_env();
    auto out = parse_config(doc.dump(), env);
    ASSERT_TRUE(out.config.has_value()) << joined(out);
    EXPECT_EQ(out.config->inline_secrets, c.inline_secrets);
    EXPECT_EQ(out.config->secrets.size(), 3u);  // and dyndns2's "user:password"
  }
}

TEST(ParseConfig, SecretsNeverReachDescribeConfig) {
  auto doc = json::parse(k_full_config);
  doc["providers"]["pdns"]["api_key"] = k_marker;
  auto env = default_env();
  auto out = parse_config(doc.dump(), env);
  ASSERT_TRUE(out.config.has_value()) << joined(out);
  EXPECT_TRUE(out.config->inline_secrets);
  auto text = describe_config(*out.config);
  EXPECT_NE(text.find("pdns"), std::string::npos) << text;
  EXPECT_NE(text.find("dyn"), std::string::npos) << text;
  EXPECT_NE(text.find("home.example.org/A"), std::string::npos) << text;
  EXPECT_NE(text.find("***"), std::string::npos) << text;
  for (const auto& m : {k_marker, k_file_marker, k_env_marker}) {
    EXPECT_EQ(text.find(m), std::string::npos) << m << " in:\n" << text;
  }
  // The notify URL's query may hold a token too.
  EXPECT_EQ(text.find("token=abc"), std::string::npos) << text;
}

TEST(ParseConfig, SecretsNeverReachProblemLines) {
  struct Case {
    const char* what;
    std::function<void(json&)> edit;
  };
  const Case cases[] = {
      {"inline secret plus unknown key",
       [](json& d) {
         d["providers"]["pdns"]["api_key"] = k_marker;
         d["providers"]["pdns"]["zone_id"] = 1;
         d["colour"] = 1;
       }},
      {"inline secret and file",
       [](json& d) {
         d["providers"]["dyn"]["password"] = k_marker;
         d["providers"]["dyn"]["password_file"] = "/run/creds/dyn";
       }},
      {"secret with a bad reference",
       [](json& d) { d["providers"]["dyn"]["password"] = k_marker + "${"; }},
      {"secret with an unset reference",
       [](json& d) { d["providers"]["dyn"]["password"] = k_marker + "${UNSET}"; }},
      {"secret plus broken endpoint",
       [](json& d) {
         d["providers"]["dyn"]["password"] = k_marker;
         d["providers"]["dyn"]["endpoint"] = "nic/update";
         d["records"][0]["providers"] = {"dyn", "nope"};
       }},
      {"secret of a wrong-typed provider section",
       [](json& d) {
         d["providers"]["pdns"]["api_key"] = k_marker;
         d["providers"]["pdns"]["type"] = "powerdnz";
       }},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto doc = base_doc();
    c.edit(doc);
    auto env = default_env();
    auto out = parse_config(doc.dump(), env);
    EXPECT_FALSE(out.config.has_value());
    EXPECT_FALSE(out.problems.empty());
    for (const auto& line : lines(out)) {
      EXPECT_EQ(line.find(k_marker), std::string::npos) << line;
    }
  }
}

TEST(ParseConfig, SyntaxErrorsNeverEchoSecretBytes) {
  // A token pasted with a raw newline or control byte, or a missing closing quote: the
  // JSON parser stops inside the secret's string token.
  const std::string docs[] = {
      R"({"providers": {"p": {"type": "powerdns", "api_key": ")" + k_marker + "\n\"}}}",
      R"({"providers": {"p": {"type": "powerdns", "api_key": ")" + k_marker + "\x01\"}}}",
      R"({"providers": {"p": {"type": "powerdns", "api_key": ")" + k_marker,
      R"({"providers": {"p": {"type": "powerdns", "api_key": ")" + k_marker + "\xff\"}}}",
      R"({"providers": {"p": {"type": "powerdns", "api_key": ")" + k_marker + R"(\q"}}})",
  };
  for (const auto& d : docs) {
    SCOPED_TRACE(d);
    auto env = fake_env();
    auto out = parse_config(d, env);
    ASSERT_EQ(out.problems.size(), 1u) << joined(out);
    EXPECT_NE(out.problems[0].message.find("not valid JSON"), std::string::npos);
    EXPECT_EQ(out.problems[0].str().find(k_marker), std::string::npos) << out.problems[0].str();
    EXPECT_EQ(out.problems[0].str().find("MARKER"), std::string::npos) << out.problems[0].str();
  }
}

TEST(LoadConfig, RefusesOversizedFiles) {
  TempDir dir;
  std::string big = "{\"state_dir\": \"" + std::string(2 * 1024 * 1024, 'a') + "\"}";
  auto path = dir.write("big.json", big);
  auto env = ConfigEnv::system();
  std::vector<std::string> warnings;
  auto out = load_config(path, env, warnings);
  EXPECT_FALSE(out.config.has_value());
  EXPECT_EQ(lines(out),
            std::vector<std::string>{"config \"" + path + "\" is " + std::to_string(big.size()) +
                                     " bytes, more than the 1048576 allowed"});
}

TEST(LoadConfig, MissingFileIsAProblem) {
  TempDir dir;
  auto path = (dir.path() / "absent.json").string();
  auto env = ConfigEnv::system();
  std::vector<std::string> warnings;
  auto out = load_config(path, env, warnings);
  EXPECT_FALSE(out.config.has_value());
  ASSERT_EQ(out.problems.size(), 1u);
  EXPECT_EQ(out.problems[0].str().rfind("cannot read config \"" + path + "\": ", 0), 0u)
      << out.problems[0].str();
  EXPECT_TRUE(warnings.empty());
}

TEST(LoadConfig, ProblemsOfTheFileAreReported) {
  TempDir dir;
  auto doc = base_doc();
  doc["colour"] = 1;
  auto path = dir.write("bad.json", doc.dump());
  auto env = ConfigEnv::system();
  std::vector<std::string> warnings;
  auto out = load_config(path, env, warnings);
  EXPECT_FALSE(out.config.has_value());
  EXPECT_EQ(lines(out), std::vector<std::string>{"colour: unknown key"});
}

TEST(LoadConfig, WarnsAboutReadableInlineSecrets) {
  auto env_doc = base_doc();
  env_doc["providers"]["pdns"]["api_key"] = "${PDNS_KEY}";
  env_doc["providers"]["dyn"]["password"] = "${PDNS_KEY}";
  struct Case {
    const char* what;
    std::string text;
    mode_t mode;
    bool warn;
  };
  const Case cases[] = {
      {"inline, 0644", base_doc().dump(), 0644, true},
      {"inline, 0640", base_doc().dump(), 0640, true},
      {"inline, 0604", base_doc().dump(), 0604, true},
      {"inline, 0600", base_doc().dump(), 0600, false},
      {"inline, 0400", base_doc().dump(), 0400, false},
      {"env only, 0644", env_doc.dump(), 0644, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    TempDir dir;
    auto path = dir.write("config.json", c.text, c.mode);
    auto env = ConfigEnv::system();
    env.getenv = [](std::string_view name) -> std::optional<std::string> {
      if (name == "PDNS_KEY") return k_env_marker;
      return std::nullopt;
    };
    std::vector<std::string> warnings;
    auto out = load_config(path, env, warnings);
    ASSERT_TRUE(out.config.has_value()) << joined(out);
    EXPECT_EQ(out.config->source_path, path);
    if (c.warn) {
      ASSERT_EQ(warnings.size(), 1u);
      EXPECT_NE(warnings[0].find(path), std::string::npos) << warnings[0];
      EXPECT_NE(warnings[0].find("inline secrets"), std::string::npos) << warnings[0];
      EXPECT_EQ(warnings[0].find("k-1"), std::string::npos) << warnings[0];
      EXPECT_EQ(warnings[0].find("p-1"), std::string::npos) << warnings[0];
    } else {
      EXPECT_TRUE(warnings.empty()) << ::testing::PrintToString(warnings);
    }
  }
}

TEST(FindConfigFile, SearchOrder) {
  TempDir dir;
  auto xdg_file = dir.write("xdg/ddnsguard/config.json", "{}");
  auto home_file = dir.write("home/.config/ddnsguard/config.json", "{}");
  ASSERT_FALSE(fs::exists("./ddnsguard.json")) << "a stray ./ddnsguard.json would win";
  const bool etc_exists = fs::exists("/etc/ddnsguard/config.json");

  struct Case {
    const char* what;
    std::optional<std::string> explicit_path;
    std::map<std::string, std::string> vars;
    std::optional<std::string> want;
  };
  const std::string xdg = (dir.path() / "xdg").string();
  const std::string home = (dir.path() / "home").string();
  const Case cases[] = {
      {"explicit wins over everything",
       "/nonexistent/explicit.json",
       {{"DDNSGUARD_CONFIG", xdg_file}, {"XDG_CONFIG_HOME", xdg}},
       "/nonexistent/explicit.json"},
      {"DDNSGUARD_CONFIG next",
       std::nullopt,
       {{"DDNSGUARD_CONFIG", "/elsewhere/c.json"}, {"XDG_CONFIG_HOME", xdg}},
       "/elsewhere/c.json"},
      {"empty DDNSGUARD_CONFIG is ignored",
       std::nullopt,
       {{"DDNSGUARD_CONFIG", ""}, {"XDG_CONFIG_HOME", xdg}},
       xdg_file},
      {"XDG_CONFIG_HOME", std::nullopt, {{"XDG_CONFIG_HOME", xdg}, {"HOME", home}}, xdg_file},
      {"HOME/.config without XDG", std::nullopt, {{"HOME", home}}, home_file},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto env = fake_env(c.vars);
    EXPECT_EQ(find_config_file(c.explicit_path, env), c.want);
  }
  // Nothing found anywhere: only /etc remains.
  auto env = fake_env({{"XDG_CONFIG_HOME", (dir.path() / "empty").string()}});
  auto got = find_config_file(std::nullopt, env);
  if (etc_exists) {
    EXPECT_EQ(got, "/etc/ddnsguard/config.json");
  } else {
    EXPECT_EQ(got, std::nullopt);
  }
}

}  // namespace
}  // namespace ddnsguard::controller
