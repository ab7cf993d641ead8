#include "controller/config.hpp"

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

#include "tests/support/fake_env.hpp"
#include <nlohmann/json.hpp>

#include "controller/reports.hpp"

namespace ddnsguard::controller {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using providers::ConfigEnv;
using providers::Family;

namespace fs = std::filesystem;

const std::string k_marker = "MARKER-SECRET-123";
const std::string k_file_marker = "MARKER-FILE-SECRET-456";
const std::string k_env_marker = "MARKER-ENV-SECRET-789";

using ddnsguard::testing::fake_env;

ConfigEnv default_env() {
  return fake_env({{"PDNS_KEY", k_env_marker}}, {{"/run/creds/dyn", k_file_marker + "\n"}});
}

std::vector<std::string> lines(const ParseOutcome& o) {
  std::vector<std::string> out;
  for (const auto& p : o.problems)
    out.push_back(p.str());
  return out;
}

std::string joined(const ParseOutcome& o) {
  return ::testing::PrintToString(lines(o));
}

// A directory of this test's own, removed at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::path(::testing::TempDir()) / "ddnsguard-config-XXXXXX").string();
    char* made = ::mkdtemp(pattern.data());
    if (made == nullptr) throw std::runtime_error("mkdtemp failed");
    m_path = made;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return m_path; }
  std::string write(const std::string& name, const std::string& text, mode_t mode = 0600) const {
    auto p = m_path / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    if (::chmod(p.c_str(), mode) != 0) throw std::runtime_error("chmod failed");
    return p.string();
  }

 private:
  fs::path m_path;
};

const char* const k_full_config = R"({
  "state_dir": "/var/lib/ddnsguard-test",
  "log": {"level": "debug", "format": "json", "file": "/var/log/ddnsguard.log",
          "max_size": 1048576, "max_files": 5},
  "sources": {
    "ipv4": [
      {"type": "http", "url": "https://api.ipify.org"},
      {"type": "http", "url": "https://1.1.1.1/cdn-cgi/trace", "format": "trace"},
      {"type": "dns", "server": "208.67.222.222", "name": "myip.opendns.com", "qtype": "A"},
      {"type": "command", "argv": ["/bin/echo", "203.0.113.5"]}
    ],
    "ipv6": [ {"type": "interface", "name": "eth0"} ],
    "quorum": 2,
    "timeout": "4s",
    "allow_private": true
  },
  "providers": {
    "pdns": {"type": "powerdns", "api_key": "${PDNS_KEY}",
             "endpoint": "http://127.0.0.1:8081/api/v1/", "zone": "example.org",
             "server_id": "localhost"},
    "dyn": {"type": "dyndns2", "username": "user1", "password_file": "/run/creds/dyn",
            "endpoint": "https://members.dyndns.org/nic/update"}
  },
  "records": [
    {"name": "home.example.org", "type": "A", "ttl": 120, "providers": ["pdns", "dyn"],
     "mode": "failover"},
    {"name": "home.example.org.", "type": "AAAA", "providers": ["pdns"]}
  ],
  "polling": {"mode": "fixed", "min_interval": "30s", "max_interval": "1h",
              "daily_budget": 100, "timezone": "Europe/Berlin"},
  "verify": {"enabled": false, "grace": "90s", "nameservers": ["127.0.0.1:5300"]},
  "retention": {"changes": "365d", "observations": "7d"},
  "notify": [ {"type": "webhook", "url": "https://example.net/hook?token=abc",
               "events": ["ip_change"]} ]
})";

TEST(ParseConfig, FullValidConfig) {
  auto env = default_env();
  auto out = parse_config(k_full_config, env);
  ASSERT_TRUE(out.problems.empty()) << joined(out);
  ASSERT_TRUE(out.config.has_value());
  const auto& c = *out.config;
  EXPECT_EQ(c.state_dir, "/var/lib/ddnsguard-test");
  EXPECT_EQ(c.log.level, "debug");
  EXPECT_EQ(c.log.format, "json");
  EXPECT_EQ(c.log.file, "/var/log/ddnsguard.log");
  EXPECT_EQ(c.log.file_max_bytes, 1048576u);
  EXPECT_EQ(c.log.file_count, 5);

  ASSERT_EQ(c.sources.ipv4.size(), 4u);
  ASSERT_EQ(c.sources.ipv6.size(), 1u);
  EXPECT_EQ(c.sources.ipv6[0]->describe(), "interface eth0");
  EXPECT_EQ(c.sources.quorum, 2);
  EXPECT_EQ(c.sources.quorum_for(Family::ipv4), 2);
  EXPECT_EQ(c.sources.quorum_for(Family::ipv6), 1);  // capped at the source count
  EXPECT_EQ(c.sources.timeout, 4s);
  EXPECT_EQ(c.sources.allow_private, providers::AllowPrivate::yes);

  ASSERT_EQ(c.providers.size(), 2u);
  ASSERT_TRUE(c.providers.contains("pdns"));
  ASSERT_TRUE(c.providers.contains("dyn"));
  EXPECT_EQ(c.providers.at("pdns")->type(), "powerdns");
  EXPECT_EQ(c.providers.at("dyn")->type(), "dyndns2");
  EXPECT_TRUE(c.providers.at("pdns")->can_read());
  EXPECT_FALSE(c.providers.at("dyn")->can_read());

  ASSERT_EQ(c.records.size(), 2u);
  EXPECT_EQ(c.records[0].record.name, "home.example.org");
  EXPECT_EQ(c.records[0].record.family, Family::ipv4);
  EXPECT_EQ(c.records[0].record.ttl, 120);
  EXPECT_EQ(c.records[0].mode, UpdateMode::failover);
  EXPECT_EQ(c.records[0].providers, (std::vector<std::string>{"pdns", "dyn"}));
  EXPECT_EQ(c.records[1].record.name, "home.example.org");  // trailing dot dropped
  EXPECT_EQ(c.records[1].record.family, Family::ipv6);
  EXPECT_EQ(c.records[1].record.ttl, 300);  // default
  EXPECT_EQ(c.records[1].mode, UpdateMode::all);

  EXPECT_EQ(c.polling.mode, PollingMode::fixed);
  EXPECT_EQ(c.polling.min_interval, 30s);
  EXPECT_EQ(c.polling.max_interval, 1h);
  EXPECT_EQ(c.polling.daily_budget, 100);
  EXPECT_EQ(c.polling.timezone, "Europe/Berlin");
  EXPECT_FALSE(c.verify.enabled);
  EXPECT_EQ(c.verify.grace, 90s);
  EXPECT_EQ(c.verify.nameservers, std::vector<std::string>{"127.0.0.1:5300"});
  EXPECT_EQ(c.retention.changes, std::chrono::hours{24 * 365});
  EXPECT_EQ(c.retention.observations, std::chrono::hours{24 * 7});
  ASSERT_EQ(c.notify.size(), 1u);
  EXPECT_EQ(c.notify[0].url, "https://example.net/hook?token=abc");
  EXPECT_EQ(c.notify[0].events, std::vector<std::string>{"ip_change"});

  EXPECT_NE(c.http, nullptr);
  EXPECT_FALSE(c.inline_secrets);  // one from ${ENV}, one from a file
  ASSERT_EQ(c.secrets.size(), 2u);
  EXPECT_FALSE(c.source_path.has_value());
}

TEST(ParseConfig, DefaultsApplyWhenSectionsAreAbsent) {
  auto env = fake_env();
  auto out = parse_config(R"({"sources": {"ipv4": [{"type": "interface", "name": "eth0"}]},
    "providers": {"p": {"type": "powerdns", "api_key": "k"}},
    "records": [{"name": "a.example.org", "type": "A", "providers": ["p"]}]})",
                          env);
  ASSERT_TRUE(out.config.has_value()) << joined(out);
  const auto& c = *out.config;
  EXPECT_EQ(c.state_dir, "/var/lib/ddnsguard");
  EXPECT_EQ(c.log.level, "info");
  EXPECT_EQ(c.sources.quorum, std::nullopt);
  EXPECT_EQ(c.sources.timeout, 5s);
  EXPECT_EQ(c.sources.allow_private, providers::AllowPrivate::no);
  EXPECT_EQ(c.polling.mode, PollingMode::adaptive);
  EXPECT_EQ(c.polling.min_interval, 10s);
  EXPECT_EQ(c.polling.max_interval, 30min);
  EXPECT_EQ(c.polling.daily_budget, 288);
  EXPECT_TRUE(c.verify.enabled);
  EXPECT_EQ(c.verify.grace, 2min);
  EXPECT_TRUE(c.notify.empty());
  EXPECT_TRUE(c.inline_secrets);
}

// A small valid document; each case below breaks it in one way.
json base_doc() {
  return json::parse(R"({
    "sources": {"ipv4": [{"type": "http", "url": "http://127.0.0.1:9/ip"}],
                "ipv6": [{"type": "interface", "name": "eth0"}]},
    "providers": {
      "pdns": {"type": "powerdns", "api_key": "k-1"},
      "dyn": {"type": "dyndns2", "username": "u", "password": "p-1",
              "endpoint": "https://example.net/nic/update"}
    },
    "records": [{"name": "home.example.org", "type": "A", "providers": ["pdns"]}]
  })");
}

TEST(ParseConfig, BaseDocumentIsValid) {
  auto env = fake_env();
  auto out = parse_config(base_doc().dump(), env);
  EXPECT_TRUE(out.config.has_value()) << joined(out);
}

TEST(ParseConfig, InvalidDocumentsNameEveryProblem) {
  const std::string dur_help = R"((use e.g. "500ms", "10s", "5m", "2h", "1d" or integer seconds))";
  struct Case {
    const char* what;
    std::function<void(json&)> edit;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"unknown provider reference",
       [](json& d) {
         d["records"].push_back({{"name", "b.example.org"}, {"type", "A"}, {"providers", {"cff"}}});
       },
       {R"(records[1].providers[0]: unknown provider "cff")"}},
      {"declared but invalid provider: only its own problem",
       [](json& d) {
         d["providers"]["pdns"].erase("endpoint"), d["providers"]["pdns"]["endpoint"] = "ftp://x";
       },
       {"providers.pdns.endpoint: must start with http:// or https://"}},
      {"timezone that is no zone name",
       [](json& d) {
         d["polling"] = {{"timezone", "../../etc/passwd"}};
       },
       {R"(polling.timezone: "../../etc/passwd" is not "local" or an IANA zone name such as )"
        R"("Europe/Berlin")"}},
      {"unknown IANA zone",
       [](json& d) {
         d["polling"] = {{"timezone", "Mars/Olympus_Mons"}};
       },
       {R"(polling.timezone: unknown time zone "Mars/Olympus_Mons")"}},
      {"unknown top-level key", [](json& d) { d["colour"] = "blue"; }, {"colour: unknown key"}},
      {"unknown nested key",
       [](json& d) { d["sources"]["ipv4"][0]["uri"] = "x"; },
       {"sources.ipv4[0].uri: unknown key"}},
      {"unknown provider key",
       [](json& d) { d["providers"]["dyn"]["passwd"] = "x"; },
       {"providers.dyn.passwd: unknown key"}},
      {"unknown record key",
       [](json& d) { d["records"][0]["ttl_s"] = 5; },
       {"records[0].ttl_s: unknown key"}},
      {"state_dir wrong type",
       [](json& d) { d["state_dir"] = 5; },
       {"state_dir: expected a string, got number"}},
      {"section wrong type",
       [](json& d) { d["polling"] = "fast"; },
       {"polling: expected an object, got string"}},
      {"boolean wrong type",
       [](json& d) {
         d["verify"] = {{"enabled", "yes"}};
       },
       {"verify.enabled: expected true or false, got string"}},
      {"ttl wrong type",
       [](json& d) { d["records"][0]["ttl"] = "120"; },
       {"records[0].ttl: expected an integer, got string"}},
      {"ttl out of range",
       [](json& d) { d["records"][0]["ttl"] = 0; },
       {"records[0].ttl: must be between 1 and 86400, got 0"}},
      {"providers list wrong type",
       [](json& d) { d["records"][0]["providers"] = "pdns"; },
       {"records[0].providers: expected an array, got string"}},
      {"records wrong type",
       [](json& d) { d["records"] = json::object(); },
       {"records: is required (a non-empty array of records)"}},
      {"record not an object",
       [](json& d) { d["records"][0] = "home.example.org"; },
       {"records[0]: expected an object, got string"}},
      {"missing records",
       [](json& d) { d.erase("records"); },
       {"records: is required (a non-empty array of records)"}},
      {"empty records",
       [](json& d) { d["records"] = json::array(); },
       {"records: is required (a non-empty array of records)"}},
      {"missing providers",
       [](json& d) { d.erase("providers"); },
       {"providers: is required (at least one provider)",
        R"(records[0].providers[0]: unknown provider "pdns")"}},
      {"providers wrong type",
       [](json& d) { d["providers"] = json::array(); },
       {"providers: expected an object, got array",
        R"(records[0].providers[0]: unknown provider "pdns")"}},
      {"empty provider list in record",
       [](json& d) { d["records"][0]["providers"] = json::array(); },
       {"records[0].providers: needs at least one provider"}},
      {"missing sources",
       [](json& d) { d.erase("sources"); },
       {"sources: is required", "records[0].type: A record but sources.ipv4 is empty"}},
      {"source list wrong type",
       [](json& d) { d["sources"]["ipv6"] = json::object(); },
       {"sources.ipv6: expected an array, got object"}},
      {"source without url",
       [](json& d) {
         d["sources"]["ipv6"][0] = {{"type", "http"}};
       },
       {"sources.ipv6[0].url: is required"}},
      {"source unknown type",
       [](json& d) {
         d["sources"]["ipv6"][0] = {{"type", "ftp"}};
       },
       {R"(sources.ipv6[0].type: must be one of http, dns, interface, command, got "ftp")"}},
      {"bad duration",
       [](json& d) {
         d["polling"] = {{"min_interval", "10x"}};
       },
       {R"(polling.min_interval: invalid duration "10x" )" + dur_help}},
      {"fractional duration",
       [](json& d) {
         d["verify"] = {{"grace", "1.5s"}};
       },
       {R"(verify.grace: invalid duration "1.5s" )" + dur_help}},
      {"negative duration",
       [](json& d) {
         d["retention"] = {{"changes", -1}};
       },
       {"retention.changes: invalid duration number " + dur_help}},
      {"timeout out of range",
       [](json& d) { d["sources"]["timeout"] = "50ms"; },
       {"sources.timeout: must be between 100ms and 5m"}},
      {"min_interval zero",
       [](json& d) {
         d["polling"] = {{"min_interval", "0"}};
       },
       {"polling.min_interval: must be at least 1s"}},
      {"bad enum",
       [](json& d) {
         d["log"] = {{"level", "loud"}};
       },
       {R"(log.level: must be one of trace, debug, info, warn, error, critical, off, got "loud")"}},
      {"bad polling mode",
       [](json& d) {
         d["polling"] = {{"mode", "smart"}};
       },
       {R"(polling.mode: must be one of adaptive, fixed, got "smart")"}},
      {"bad record type",
       [](json& d) { d["records"][0]["type"] = "CNAME"; },
       {R"(records[0].type: must be one of A, AAAA, got "CNAME")"}},
      {"bad record mode",
       [](json& d) { d["records"][0]["mode"] = "any"; },
       {R"(records[0].mode: must be one of all, failover, got "any")"}},
      {"name not qualified",
       [](json& d) { d["records"][0]["name"] = "home"; },
       {R"(records[0].name: "home" is not a fully qualified name)"}},
      {"quorum zero",
       [](json& d) { d["sources"]["quorum"] = 0; },
       {"sources.quorum: must be between 1 and 16, got 0"}},
      {"quorum too big",
       [](json& d) { d["sources"]["quorum"] = 17; },
       {"sources.quorum: must be between 1 and 16, got 17"}},
      {"min above max",
       [](json& d) {
         d["polling"] = {{"min_interval", "1h"}, {"max_interval", "5m"}};
       },
       {"polling.max_interval: must not be shorter than min_interval"}},
      {"min above default max",
       [](json& d) {
         d["polling"] = {{"min_interval", "2h"}};
       },
       {"polling.max_interval: must not be shorter than min_interval"}},
      {"duplicate record",
       [](json& d) { d["records"].push_back(d["records"][0]); },
       {"records[1]: duplicate record home.example.org/A"}},
      {"duplicate record with trailing dot",
       [](json& d) {
         auto r = d["records"][0];
         r["name"] = "home.example.org.";
         d["records"].push_back(r);
       },
       {"records[1]: duplicate record home.example.org/A"}},
      {"AAAA record without ipv6 sources",
       [](json& d) {
         d["sources"].erase("ipv6");
         d["records"].push_back(
             {{"name", "home.example.org"}, {"type", "AAAA"}, {"providers", {"pdns"}}});
       },
       {"records[1].type: AAAA record but sources.ipv6 is empty"}},
      {"unknown provider type",
       [](json& d) {
         d["providers"]["cf"] = {{"type", "cloudflair"}};
       },
       {R"(providers.cf.type: unknown provider type "cloudflair" (known: dyndns2, powerdns))"}},
      {"provider without type",
       [](json& d) { d["providers"]["cf"] = json::object(); },
       {"providers.cf.type: is required"}},
      {"provider not an object",
       [](json& d) { d["providers"]["cf"] = "powerdns"; },
       {"providers.cf: expected an object, got string"}},
      {"powerdns endpoint without scheme",
       [](json& d) {
         d["providers"]["pdns"]["endpoint"] = "127.0.0.1:8081/api/v1";
         d["records"][0]["providers"] = {"dyn"};
       },
       {"providers.pdns.endpoint: must start with http:// or https://"}},
      {"powerdns without key",
       [](json& d) {
         d["providers"]["pdns"].erase("api_key");
         d["records"][0]["providers"] = {"dyn"};
       },
       {"providers.pdns.api_key: is required (or api_key_file)"}},
      {"dyndns2 missing username",
       [](json& d) { d["providers"]["dyn"].erase("username"); },
       {"providers.dyn.username: is required"}},
      {"dyndns2 missing endpoint",
       [](json& d) { d["providers"]["dyn"].erase("endpoint"); },
       {"providers.dyn.endpoint: is required"}},
      {"dyndns2 ftp endpoint",
       [](json& d) { d["providers"]["dyn"]["endpoint"] = "ftp://example.net/nic/update"; },
       {"providers.dyn.endpoint: must start with http:// or https://"}},
      {"secret inline and file",
       [](json& d) { d["providers"]["dyn"]["password_file"] = "/run/creds/dyn"; },
       {"providers.dyn.password: give either password or password_file, not both"}},
      {"secret env unset",
       [](json& d) { d["providers"]["dyn"]["password"] = "${DYN_PW}"; },
       {"providers.dyn.password: environment variable DYN_PW is not set"}},
      {"notify without url",
       [](json& d) {
         d["notify"] = json::array({json::object({{"type", "webhook"}})});
       },
       {"notify[0].url: is required"}},
      {"notify wrong type",
       [](json& d) {
         d["notify"] = {{"type", "webhook"}};
       },
       {"notify: expected an array, got object"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto doc = base_doc();
    c.edit(doc);
    auto env = fake_env();
    auto out = parse_config(doc.dump(), env);
    EXPECT_FALSE(out.config.has_value());
    EXPECT_EQ(lines(out), c.want);
  }
}

TEST(ParseConfig, CollectsAllProblemsInOnePass) {
  auto doc = base_doc();
  doc["colour"] = "blue";
  doc["log"] = {{"level", "loud"}};
  doc["sources"]["quorum"] = 0;
  auto env = fake_env();
  auto out = parse_config(doc.dump(), env);
  EXPECT_FALSE(out.config.has_value());
  EXPECT_EQ(lines(out),
            (std::vector<std::string>{
                R"(log.level: must be one of trace, debug, info, warn, error, )"
                R"(critical, off, got "loud")",
                "sources.quorum: must be between 1 and 16, got 0", "colour: unknown key"}));
}

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
      {"comment", "// c\n{}", "not valid JSON"},
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
    EXPECT_EQ(out.config->secrets.size(), 2u);
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
