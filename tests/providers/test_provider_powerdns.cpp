// The PowerDNS provider reading and writing rrsets against a fake API on loopback: zone
// discovery, the PATCH it sends, which records count, the masked key, its settings.

#include "providers/dns/provider_powerdns.hpp"

#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/providers/powerdns_test_support.hpp"

namespace ddnsguard::providers {
namespace {

using namespace powerdns_testing;
using nlohmann::json;

TEST_F(PowerDnsProviderTest, ReadAbsentIsNullopt) {
  auto p = make();
  ASSERT_NE(p, nullptr);
  auto r = p->read(Record{"home.example.org", Family::ipv4, 120});
  ASSERT_TRUE(r.value) << r.value.error().message;
  EXPECT_EQ(*r.value, std::nullopt);
}

TEST_F(PowerDnsProviderTest, ReadPresentAskedForTheOneRrset) {
  m_pdns.add_rrset("example.org.", rrset("home.example.org.", "A", {rec_json("203.0.113.10")}));
  m_pdns.add_rrset("example.org.", rrset("home.example.org.", "AAAA", {rec_json("2001:db8::10")}));
  auto p = make();
  ASSERT_NE(p, nullptr);
  auto r = p->read(Record{"home.example.org", Family::ipv4, 120});
  ASSERT_TRUE(r.value) << r.value.error().message;
  ASSERT_TRUE(r.value->has_value());
  EXPECT_EQ(**r.value, addr("203.0.113.10"));
  auto r6 = p->read(Record{"home.example.org", Family::ipv6, 120});
  ASSERT_TRUE(r6.value) << r6.value.error().message;
  ASSERT_TRUE(r6.value->has_value());
  EXPECT_EQ(**r6.value, addr("2001:db8::10"));

  auto calls = m_pdns.calls();
  ASSERT_EQ(calls.size(), 3u);  // zone list once (cached), then two rrset reads
  EXPECT_EQ(calls[0].path, "/api/v1/servers/localhost/zones");
  EXPECT_EQ(calls[1].method, "GET");
  EXPECT_EQ(calls[1].path, "/api/v1/servers/localhost/zones/example.org.");
  EXPECT_EQ(calls[1].rrset_name, "home.example.org.");
  EXPECT_EQ(calls[1].rrset_type, "A");
  EXPECT_EQ(calls[2].rrset_type, "AAAA");
}

TEST_F(PowerDnsProviderTest, ZoneDiscoveryPicksTheLongestMatch) {
  m_pdns.add_zone("org.");
  m_pdns.add_zone("ample.org.");
  struct Case {
    const char* record;
    const char* zone_path;
  };
  const Case cases[] = {
      {"a.sub.example.org", "/api/v1/servers/localhost/zones/sub.example.org."},
      {"sub.example.org", "/api/v1/servers/localhost/zones/sub.example.org."},
      {"b.example.org", "/api/v1/servers/localhost/zones/example.org."},
      {"notsub.example.org", "/api/v1/servers/localhost/zones/example.org."},
      {"x.y.z.sub.example.org.", "/api/v1/servers/localhost/zones/sub.example.org."},
      {"home.other.org", "/api/v1/servers/localhost/zones/org."},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.record);
    auto p = make();
    ASSERT_NE(p, nullptr);
    auto before = m_pdns.calls().size();
    auto r = p->update(Record{c.record, Family::ipv4, 60}, addr("203.0.113.10"));
    ASSERT_TRUE(r.value) << r.value.error().message;
    auto calls = m_pdns.calls();
    ASSERT_EQ(calls.size(), before + 2);
    EXPECT_EQ(calls.back().method, "PATCH");
    EXPECT_EQ(calls.back().path, c.zone_path);
  }
}

TEST_F(PowerDnsProviderTest, ConfiguredZoneSkipsDiscovery) {
  auto p = make({{"zone", "example.org"}});  // canonicalised to "example.org."
  ASSERT_NE(p, nullptr);
  auto r = p->read(Record{"a.sub.example.org", Family::ipv4, 60});
  ASSERT_TRUE(r.value) << r.value.error().message;
  auto calls = m_pdns.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].path, "/api/v1/servers/localhost/zones/example.org.");
}

TEST_F(PowerDnsProviderTest, NoMatchingZoneIsConfig) {
  auto p = make();
  ASSERT_NE(p, nullptr);
  for (const char* name : {"home.example.net", "example.com", "org"}) {
    SCOPED_TRACE(name);
    auto r = p->read(Record{name, Family::ipv4, 60});
    ASSERT_FALSE(r.value);
    remember(r.value.error());
    EXPECT_EQ(r.value.error().cls, ErrorClass::config) << r.value.error().message;
    auto u = p->update(Record{name, Family::ipv4, 60}, addr("203.0.113.10"));
    ASSERT_FALSE(u.value);
    remember(u.value.error());
    EXPECT_EQ(u.value.error().cls, ErrorClass::config) << u.value.error().message;
  }
  EXPECT_TRUE(m_pdns.patches().empty());
}

TEST_F(PowerDnsProviderTest, UpdatePatchesWithReplace) {
  m_pdns.add_rrset("sub.example.org.",
                   rrset("a.sub.example.org.", "A", {rec_json("198.51.100.1")}));
  auto p = make();
  ASSERT_NE(p, nullptr);
  Record rec{"a.sub.example.org", Family::ipv4, 120};
  auto u = p->update(rec, addr("203.0.113.10"));
  ASSERT_TRUE(u.value) << u.value.error().message;

  auto patches = m_pdns.patches();
  ASSERT_EQ(patches.size(), 1u);
  auto body = json::parse(patches[0]);
  ASSERT_TRUE(body["rrsets"].is_array());
  ASSERT_EQ(body["rrsets"].size(), 1u);
  const auto& set = body["rrsets"][0];
  EXPECT_EQ(set["name"], "a.sub.example.org.");
  EXPECT_EQ(set["type"], "A");
  EXPECT_EQ(set["ttl"], 120);
  EXPECT_EQ(set["changetype"], "REPLACE");
  ASSERT_EQ(set["records"].size(), 1u);
  EXPECT_EQ(set["records"][0]["content"], "203.0.113.10");
  EXPECT_EQ(set["records"][0]["disabled"], false);
  auto calls = m_pdns.calls();
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls.back().method, "PATCH");
  EXPECT_EQ(calls.back().content_type, "application/json");

  // Read-back sees the new value.
  auto r = p->read(rec);
  ASSERT_TRUE(r.value) << r.value.error().message;
  ASSERT_TRUE(r.value->has_value());
  EXPECT_EQ(**r.value, addr("203.0.113.10"));
}

TEST_F(PowerDnsProviderTest, UpdateAaaaUsesCanonicalAddress) {
  auto p = make();
  ASSERT_NE(p, nullptr);
  auto u = p->update(Record{"home.example.org.", Family::ipv6, 300}, addr("2001:0db8:0000::0010"));
  ASSERT_TRUE(u.value) << u.value.error().message;
  auto patches = m_pdns.patches();
  ASSERT_EQ(patches.size(), 1u);
  auto set = json::parse(patches[0])["rrsets"][0];
  EXPECT_EQ(set["name"], "home.example.org.");
  EXPECT_EQ(set["type"], "AAAA");
  EXPECT_EQ(set["ttl"], 300);
  EXPECT_EQ(set["records"][0]["content"], "2001:db8::10");
}

TEST_F(PowerDnsProviderTest, RrsetContentRules) {
  struct Case {
    const char* what;
    std::vector<json> records;
    std::optional<std::string> want;  // nullopt: treated as absent
    bool invalid = false;
  };
  const Case cases[] = {
      {"one record", {rec_json("203.0.113.10")}, "203.0.113.10"},
      {"two records: not in sync",
       {rec_json("203.0.113.10"), rec_json("203.0.113.11")},
       std::nullopt},
      {"disabled record ignored",
       {rec_json("198.51.100.1", true), rec_json("203.0.113.10")},
       "203.0.113.10"},
      {"only disabled", {rec_json("198.51.100.1", true)}, std::nullopt},
      {"empty records", {}, std::nullopt},
      {"wrong family content", {rec_json("2001:db8::1")}, std::nullopt, true},
      {"not an address", {rec_json("not-an-ip")}, std::nullopt, true},
      {"content not a string", {json{{"content", 5}, {"disabled", false}}}, std::nullopt, true},
      {"content missing", {json{{"disabled", false}}}, std::nullopt, true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    FakePowerDns pdns;
    pdns.add_zone("example.org.");
    pdns.add_rrset("example.org.", rrset("home.example.org.", "A", c.records));
    auto p = make({{"endpoint", pdns.endpoint()}});
    ASSERT_NE(p, nullptr);
    auto r = p->read(Record{"home.example.org", Family::ipv4, 60});
    if (c.invalid) {
      ASSERT_FALSE(r.value);
      remember(r.value.error());
      EXPECT_EQ(r.value.error().cls, ErrorClass::invalid_response) << r.value.error().message;
      continue;
    }
    ASSERT_TRUE(r.value) << r.value.error().message;
    if (c.want) {
      ASSERT_TRUE(r.value->has_value());
      EXPECT_EQ((*r.value)->to_string(), *c.want);
    } else {
      EXPECT_EQ(*r.value, std::nullopt);
    }
  }
}

TEST_F(PowerDnsProviderTest, OtherRrsetsInTheReplyAreIgnored) {
  // A server that ignores rrset_name/rrset_type and returns the whole zone.
  m_pdns.add_rrset("example.org.", rrset("example.org.", "A", {rec_json("198.51.100.5")}));
  m_pdns.add_rrset("example.org.", rrset("www.example.org.", "A", {rec_json("198.51.100.6")}));
  m_pdns.add_rrset("example.org.", rrset("home.example.org.", "TXT", {rec_json("\"v=1\"")}));
  m_pdns.add_rrset("example.org.", rrset("home.example.org.", "A", {rec_json("203.0.113.10")}));
  auto p = make({{"zone", "example.org."}});
  ASSERT_NE(p, nullptr);
  auto r = p->read(Record{"home.example.org", Family::ipv4, 60});
  ASSERT_TRUE(r.value) << r.value.error().message;
  ASSERT_TRUE(r.value->has_value());
  EXPECT_EQ(**r.value, addr("203.0.113.10"));
}

TEST_F(PowerDnsProviderTest, DescribeMasksTheKey) {
  auto p = make({{"zone", "example.org"}, {"server_id", "localhost"}});
  ASSERT_NE(p, nullptr);
  auto d = p->describe();
  EXPECT_EQ(d.find(k_key), std::string::npos) << d;
  EXPECT_NE(d.find("***"), std::string::npos) << d;
  EXPECT_NE(d.find("example.org."), std::string::npos) << d;
  EXPECT_EQ(p->type(), "powerdns");
  EXPECT_TRUE(p->can_read());
}

TEST(PowerDnsParse, ReportsProblems) {
  struct Case {
    const char* what;
    json settings;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"missing key", json::object(), {"providers.pdns.api_key: is required (or api_key_file)"}},
      {"endpoint without scheme",
       {{"api_key", "k"}, {"endpoint", "127.0.0.1:8081/api/v1"}},
       {"providers.pdns.endpoint: must start with http:// or https://"}},
      {"both key forms",
       {{"api_key", "k"}, {"api_key_file", "/k"}},
       {"providers.pdns.api_key: give either api_key or api_key_file, not both"}},
      {"unknown key", {{"api_key", "k"}, {"apikey", "k"}}, {"providers.pdns.apikey: unknown key"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    ConfigEnv env = no_env();
    std::vector<ConfigProblem> problems;
    ConfigContext ctx{env, problems, false, {}};
    ObjectReader r(c.settings, JsonPath{} / "providers" / "pdns", ctx);
    auto p = PowerDnsProvider::parse("pdns", r);
    r.finish();
    std::vector<std::string> got;
    for (const auto& pr : problems)
      got.push_back(pr.str());
    EXPECT_EQ(got, c.want);
  }
}

}  // namespace
}  // namespace ddnsguard::providers
