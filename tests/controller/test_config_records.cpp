// records[].ipv6_suffix, mac and prefix_length (a LAN host's AAAA record), refresh, interface
// sources that report a prefix, and verify.api_interval.
#include <gtest/gtest.h>

#include "controller/cli/reports.hpp"
#include "tests/controller/config_test_support.hpp"

namespace ddnsguard::controller {
namespace {

using namespace config_testing;

json aaaa(json extra) {
  json r = {{"name", "nas.example.org"}, {"type", "AAAA"}, {"providers", {"pdns"}}};
  r.update(extra);
  return r;
}

TEST(ParseConfig, AHostSuffixMakesTheRecordsAddress) {
  auto doc = base_doc();
  doc["records"].push_back(aaaa({{"ipv6_suffix", "::11:22ff:fe33:4455"}}));
  doc["records"].push_back(
      aaaa({{"name", "tv.example.org"}, {"mac", "00:11:22:33:44:66"}, {"prefix_length", 56}}));
  auto o = parse_config(doc.dump(), default_env());
  ASSERT_TRUE(o.config) << joined(o);
  const auto& nas = o.config->records[1];
  ASSERT_TRUE(nas.suffix);
  auto agreed = *providers::Address::parse("2001:db8:1:2::9");
  EXPECT_EQ(nas.address_for(agreed).to_string(), "2001:db8:1:2:11:22ff:fe33:4455");
  ASSERT_TRUE(o.config->records[2].suffix);
  EXPECT_EQ(o.config->records[2].suffix->prefix_length, 56);
  EXPECT_FALSE(o.config->records[0].suffix);
  EXPECT_EQ(o.config->records[0].address_for(agreed), agreed);
}

TEST(ParseConfig, HostSuffixProblemsNameTheField) {
  struct Case {
    json extra;
    std::string want;
  };
  const Case cases[] = {
      {{{"ipv6_suffix", "2001:db8::1"}},
       "records[1].ipv6_suffix: \"2001:db8::1\" 2001:db8::1 has bits inside the /64 prefix"},
      {{{"ipv6_suffix", "nas"}}, "records[1].ipv6_suffix: \"nas\" is not an IPv6 address"},
      {{{"mac", "00:11:22:33:44:55"}, {"prefix_length", 72}},
       "records[1].mac: \"00:11:22:33:44:55\" an EUI-64 suffix needs a prefix of at most 64 bits"},
      {{{"ipv6_suffix", "::1"}, {"mac", "00:11:22:33:44:55"}},
       "records[1].mac: give ipv6_suffix or mac, not both"},
      {{{"prefix_length", 64}}, "records[1].prefix_length: needs ipv6_suffix or mac"},
      {{{"ipv6_suffix", "::1"}, {"prefix_length", 128}}, "records[1].prefix_length"},
      {{{"type", "A"}, {"name", "v4.example.org"}, {"ipv6_suffix", "::1"}},
       "records[1].ipv6_suffix: is only for AAAA records"},
  };
  for (const auto& c : cases) {
    auto doc = base_doc();
    doc["records"].push_back(aaaa(c.extra));
    auto o = parse_config(doc.dump(), default_env());
    EXPECT_FALSE(o.config) << c.extra.dump();
    std::string all;
    for (const auto& line : lines(o))
      all += line + "\n";
    EXPECT_NE(all.find(c.want), std::string::npos) << c.extra.dump() << "\n" << all;
  }
}

std::string all_lines(const ParseOutcome& o) {
  std::string all;
  for (const auto& line : lines(o))
    all += line + "\n";
  return all;
}

TEST(ParseConfig, AnInterfaceMayReportItsPrefixForRecordsWithAHostPart) {
  auto doc = base_doc();
  doc["sources"]["ipv6"] = {
      {{"type", "interface"}, {"name", "eth0"}, {"use", "prefix"}, {"prefix_length", 56}},
      {{"type", "interface"}, {"name", "eth1"}, {"use", "prefix"}, {"prefix_length", 56}}};
  doc["records"].push_back(
      aaaa({{"ipv6_suffix", "0:0:0:1:11:22ff:fe33:4455"}, {"prefix_length", 56}}));
  auto o = parse_config(doc.dump(), default_env());
  ASSERT_TRUE(o.config) << joined(o);
  EXPECT_EQ(o.config->sources.ipv6[0].description, "interface eth0 prefix/56");
  EXPECT_TRUE(o.config->sources.ipv6[1].reports_prefix);
  EXPECT_EQ(o.config->sources.ipv6[1].prefix_length, 56);
  doc["sources"]["ipv6"] = {{{"type", "interface"}, {"name", "eth0"}, {"use", "prefix"}}};
  o = parse_config(doc.dump(), default_env());
  ASSERT_TRUE(o.config) << joined(o);
  EXPECT_EQ(o.config->sources.ipv6[0].description, "interface eth0 prefix");
}

TEST(ParseConfig, PrefixSourcesAreCheckedAgainstTheirUse) {
  struct Case {
    json sources_v6;
    json record_extra;
    std::string want;
  };
  const json prefix = {{"type", "interface"}, {"name", "eth0"}, {"use", "prefix"}};
  const json suffix = {{"ipv6_suffix", "::1"}};
  const Case cases[] = {
      {{prefix},
       json::object(),
       "records[1]: sources.ipv6 report a network prefix (\"use\": \"prefix\"): give this "
       "record its host part, ipv6_suffix or mac"},
      {{prefix, {{"type", "http"}, {"url", "http://127.0.0.1:9/ip"}}},
       suffix,
       "sources.ipv6: mixes network prefixes (\"use\": \"prefix\") with addresses"},
      {{{{"type", "interface"}, {"name", "eth0"}, {"use", "subnet"}}},
       suffix,
       "sources.ipv6[0].use"},
      {{{{"type", "interface"}, {"name", "eth0"}, {"prefix_length", 56}}},
       suffix,
       "sources.ipv6[0].prefix_length: needs \"use\": \"prefix\""},
      {{{{"type", "interface"}, {"name", "eth0"}, {"use", "prefix"}, {"prefix_length", 8}}},
       suffix,
       "sources.ipv6[0].prefix_length"},
      {{prefix,
        {{"type", "interface"}, {"name", "eth1"}, {"use", "prefix"}, {"prefix_length", 56}}},
       suffix,
       "sources.ipv6: prefix sources with different prefix_length can never agree"},
      {{{{"type", "interface"}, {"name", "eth0"}, {"use", "prefix"}, {"prefix_length", 56}}},
       suffix,
       "records[1].prefix_length: 64 is longer than the /56 prefix the sources report: bits 56 "
       "to 63 would always be zero; write the subnet into the suffix with prefix_length 56"},
  };
  for (const auto& c : cases) {
    auto doc = base_doc();
    doc["sources"]["ipv6"] = c.sources_v6;
    doc["records"].push_back(aaaa(c.record_extra));
    auto o = parse_config(doc.dump(), default_env());
    EXPECT_FALSE(o.config) << c.sources_v6.dump();
    EXPECT_NE(all_lines(o).find(c.want), std::string::npos) << joined(o);
  }
  auto doc = base_doc();
  doc["sources"]["ipv4"] = {{{"type", "interface"}, {"name", "eth0"}, {"use", "prefix"}}};
  auto o = parse_config(doc.dump(), default_env());
  EXPECT_NE(all_lines(o).find("sources.ipv4[0].use: \"prefix\" is for IPv6 sources"),
            std::string::npos)
      << joined(o);
}

TEST(ParseConfig, VerifyApiIntervalIsOffOrOneMinuteToThirtyDays) {
  auto with = [](const char* interval) {
    auto doc = base_doc();
    doc["verify"] = {{"api_interval", interval}};
    return parse_config(doc.dump(), default_env());
  };
  EXPECT_EQ(parse_config(base_doc().dump(), default_env()).config->verify.api_interval, 1h);
  EXPECT_EQ(with("0s").config->verify.api_interval, 0s);
  EXPECT_EQ(with("6h").config->verify.api_interval, 6h);
  for (const char* bad : {"30s", "31d"}) {
    auto o = with(bad);
    ASSERT_FALSE(o.config) << bad;
    EXPECT_EQ(o.problems.at(0).str(), "verify.api_interval: must be 0s (off) or from 1m to 30d");
  }
}

TEST(ParseConfig, CommentsAreAllowedAndParseErrorsSpeakPlainly) {
  auto text = "// ddnsguard for the NAS\n" + base_doc().dump(2);
  text.insert(text.find("\"records\""), "/* the one record */ ");
  auto o = parse_config(text, default_env());
  EXPECT_TRUE(o.config) << joined(o);
  auto bad = parse_config("{\"records\": }", default_env());
  ASSERT_FALSE(bad.problems.empty());
  EXPECT_EQ(bad.problems[0].str().find("json.exception"), std::string::npos)
      << bad.problems[0].str();
  EXPECT_NE(bad.problems[0].str().find(
                "not valid JSON: byte 13: parse error at line 1, column 13: syntax error"),
            std::string::npos)
      << bad.problems[0].str();
}

TEST(ParseConfig, RefreshIsADurationOfAtLeastAnHour) {
  auto doc = base_doc();
  doc["records"][0]["refresh"] = "25d";
  auto o = parse_config(doc.dump(), default_env());
  ASSERT_TRUE(o.config) << joined(o);
  EXPECT_EQ(o.config->records[0].refresh, std::chrono::milliseconds{std::chrono::hours{24 * 25}});
  for (const char* bad : {"10m", "400d", "soon"}) {
    doc["records"][0]["refresh"] = bad;
    auto b = parse_config(doc.dump(), default_env());
    EXPECT_FALSE(b.config) << bad;
    EXPECT_NE(joined(b).find("records[0].refresh"), std::string::npos) << joined(b);
  }
}

// An internationalized name is kept as its A-label (what DNS and every API carry) and shown
// in both forms.
TEST(ParseConfig, AnInternationalizedNameIsKeptAsItsALabel) {
  auto doc = base_doc();
  doc["records"][0]["name"] = "B\u00fccher.Example.org.";
  auto o = parse_config(doc.dump(), default_env());
  ASSERT_TRUE(o.config) << joined(o);
  EXPECT_EQ(o.config->records[0].record.name, "xn--bcher-kva.example.org");
  auto plan = describe_config(*o.config);
  EXPECT_NE(plan.find("xn--bcher-kva.example.org/A (b\u00fccher.example.org)"), std::string::npos)
      << plan;
}

}  // namespace
}  // namespace ddnsguard::controller
