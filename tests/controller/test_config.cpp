// The configuration parsed from valid documents (every section, and the defaults), and
// duplicate keys and several problems reported in one pass.

#include "controller/config/config.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/controller/config_test_support.hpp"

namespace ddnsguard::controller {
namespace {

using namespace config_testing;
using namespace std::chrono_literals;
using providers::Family;

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
  EXPECT_EQ(c.sources.ipv6[0].description, "interface eth0");
  EXPECT_EQ(c.sources.quorum, 2);
  EXPECT_EQ(c.sources.quorum_for(Family::ipv4), 2);
  EXPECT_EQ(c.sources.quorum_for(Family::ipv6), 1);  // capped at the source count
  EXPECT_EQ(c.sources.timeout, 4s);
  EXPECT_EQ(c.sources.allow_private, providers::AllowPrivate::yes);

  ASSERT_EQ(c.providers.size(), 2u);
  ASSERT_TRUE(c.providers.contains("pdns"));
  ASSERT_TRUE(c.providers.contains("dyn"));
  auto pdns = c.providers.at("pdns").build({});  // settings only: nothing connected yet
  auto dyn = c.providers.at("dyn").build({});
  EXPECT_EQ(pdns->type(), "powerdns");
  EXPECT_EQ(dyn->type(), "dyndns2");
  EXPECT_TRUE(pdns->can_read());
  EXPECT_FALSE(dyn->can_read());

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

  EXPECT_FALSE(c.inline_secrets);  // one from ${ENV}, one from a file
  // Plus what carries them on the wire: the Basic "user:password" and the hook's path.
  std::vector<std::string> secrets;
  for (const auto& s : c.secrets)
    secrets.emplace_back(s.reveal());
  ASSERT_EQ(secrets.size(), 4u);
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), "/hook?token=abc"), secrets.end());
  EXPECT_EQ(std::count_if(secrets.begin(), secrets.end(),
                          [](const auto& s) { return s.find(':') != std::string::npos; }),
            1);
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
  EXPECT_EQ(c.verify.standby_interval, 1h);
  EXPECT_EQ(c.polling.budget_window, 24h);
  EXPECT_TRUE(c.notify.empty());
  EXPECT_TRUE(c.inline_secrets);
}

TEST(ParseConfig, BaseDocumentIsValid) {
  auto env = fake_env();
  auto out = parse_config(base_doc().dump(), env);
  EXPECT_TRUE(out.config.has_value()) << joined(out);
}

TEST(ParseConfig, DuplicateKeysAnywhereAreProblems) {
  auto text = base_doc().dump();
  text.insert(text.find("\"api_key\""), R"("api_key": "first", )");  // a secret given twice
  text.insert(text.size() - 1, R"(, "state_dir": "/a", "state_dir": "/b")");
  auto env = fake_env();
  auto out = parse_config(text, env);
  EXPECT_FALSE(out.config.has_value());
  EXPECT_EQ(lines(out), (std::vector<std::string>{
                            "providers.pdns.api_key: duplicate key (each key may be given once)",
                            "state_dir: duplicate key (each key may be given once)"}));
  EXPECT_EQ(joined(out).find("first"), std::string::npos);
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

}  // namespace
}  // namespace ddnsguard::controller
