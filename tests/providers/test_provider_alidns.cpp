// AliDNS against a fake RPC endpoint on loopback that verifies every request's HMAC-SHA1
// signature with the shared secret, as the real service does (reference/providers.md §2).

#include "providers/dns/provider_alidns.hpp"

#include <map>
#include <mutex>
#include <set>

#include <gtest/gtest.h>

#include "providers/net/signing.hpp"
#include "tests/providers/provider_test_support.hpp"
#include "tests/support/fake_http.hpp"

namespace ddnsguard::providers {
namespace {

using namespace std::chrono_literals;
using Json = nlohmann::json;

const std::string k_id = "LTAI5tTESTID";
const std::string k_secret = "alidns-secret-MARKER";

Address addr(const char* text) {
  return *Address::parse(text);
}

class FakeAliDns {
 public:
  FakeAliDns() {
    m_http.server().Get("/", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex);
      handle(req, res);
    });
    m_http.start();
  }
  std::string endpoint() const { return m_http.url("/"); }

  std::mutex mutex;
  std::map<std::string, Json> records;  // RecordId -> record
  std::vector<std::map<std::string, std::string>> calls;
  std::set<std::string> nonces;
  std::optional<std::pair<int, Json>> canned;

 private:
  void error(httplib::Response& res, int status, const std::string& code) {
    res.status = status;
    res.set_content(Json{{"RequestId", "r"}, {"Code", code}, {"Message", code + " (fake)"}}.dump(),
                    "application/json");
  }
  void handle(const httplib::Request& req, httplib::Response& res) {
    std::map<std::string, std::string> p;
    for (const auto& [k, v] : req.params)
      p[k] = v;
    calls.push_back(p);
    if (canned) {
      res.status = canned->first;
      res.set_content(canned->second.dump(), "application/json");
      canned.reset();
      return;
    }
    auto sig = p["Signature"];
    p.erase("Signature");
    if (p["AccessKeyId"] != k_id) return error(res, 404, "InvalidAccessKeyId.NotFound");
    if (sig != aliyun_signature("GET", p, k_secret))
      return error(res, 403, "SignatureDoesNotMatch");
    if (!nonces.insert(p["SignatureNonce"]).second) return error(res, 400, "SignatureNonceUsed");
    if (p["Format"] != "JSON" || p["Version"] != "2015-01-09" || p["SignatureVersion"] != "1.0")
      return error(res, 400, "InvalidParameter");
    if (p["DomainName"] != "" && p["DomainName"] != "example.com")
      return error(res, 400, "IncorrectDomainUser");
    const auto& action = p["Action"];
    if (action == "DescribeSubDomainRecords") {
      Json list = Json::array();
      for (const auto& [id, r] : records) {
        auto full = r["RR"] == "@" ? std::string("example.com")
                                   : r["RR"].get<std::string>() + ".example.com";
        if (full == p["SubDomain"] && r["Type"] == p["Type"]) list.push_back(r);
      }
      res.set_content(Json{{"RequestId", "r"},
                           {"TotalCount", list.size()},
                           {"DomainRecords", {{"Record", list}}}}
                          .dump(),
                      "application/json");
    } else if (action == "AddDomainRecord" || action == "UpdateDomainRecord") {
      auto id = action == "AddDomainRecord" ? std::to_string(1000 + records.size()) : p["RecordId"];
      if (action == "UpdateDomainRecord" && !records.contains(id))
        return error(res, 400, "InvalidRR.NoExist");
      if (action == "UpdateDomainRecord" && records[id]["Value"] == p["Value"])
        return error(res, 400, "DomainRecordDuplicate");
      records[id] = {{"RecordId", id},
                     {"RR", p["RR"]},
                     {"Type", p["Type"]},
                     {"Value", p["Value"]},
                     {"TTL", std::stoi(p["TTL"])},
                     {"Line", p["Line"]},
                     {"Status", "ENABLE"}};
      res.set_content(Json{{"RequestId", "r"}, {"RecordId", id}}.dump(), "application/json");
    } else {
      error(res, 400, "InvalidParameter");
    }
  }
  ddnsguard::testing::FakeHttp m_http;
};

class AliDnsTest : public ::testing::Test {
 protected:
  ProviderPtr make(const std::string& secret = k_secret) {
    auto p = testing::parse_provider(&AliDnsProvider::parse, "ali",
                                     {{"access_key_id", k_id},
                                      {"access_key_secret", secret},
                                      {"zone", "example.com"},
                                      {"endpoint", m_fake.endpoint()}},
                                     nullptr, testing::test_deps(2s, &m_clock));
    return p;
  }
  providers::ManualClock m_clock{providers::Clock::time_point{std::chrono::seconds{1767225600}}};
  FakeAliDns m_fake;
};

TEST_F(AliDnsTest, AddsAMissingRecordThenUpdatesItAndReadsItBack) {
  auto p = make();
  Record rec{"home.example.com", Family::ipv4, 600};
  auto r0 = p->read(rec);
  ASSERT_TRUE(r0.value) << r0.value.error().message;
  EXPECT_FALSE(*r0.value);
  ASSERT_TRUE(p->update(rec, addr("203.0.113.10")).value);
  auto up = p->update(rec, addr("203.0.113.11"));
  ASSERT_TRUE(up.value) << up.value.error().message;
  auto r1 = p->read(rec);
  ASSERT_TRUE(r1.value && *r1.value) << (r1.value ? "" : r1.value.error().message);
  EXPECT_EQ(**r1.value, addr("203.0.113.11"));
  std::lock_guard lock(m_fake.mutex);
  ASSERT_EQ(m_fake.records.size(), 1u);
  const auto& held = m_fake.records.begin()->second;
  EXPECT_EQ(held["RR"], "home");
  EXPECT_EQ(held["TTL"], 600);
  EXPECT_EQ(held["Line"], "default");
  EXPECT_EQ(m_fake.calls.front().at("Timestamp"), "2026-01-01T00:00:00Z");  // the injected clock
}

TEST_F(AliDnsTest, AnUnchangedAddressIsNotSentAgain) {
  auto p = make();
  Record rec{"example.com", Family::ipv6, 600};  // the apex: RR "@"
  ASSERT_TRUE(p->update(rec, addr("2001:db8::1")).value);
  auto again = p->update(rec, addr("2001:db8::1"));
  ASSERT_TRUE(again.value) << again.value.error().message;
  std::lock_guard lock(m_fake.mutex);
  EXPECT_EQ(m_fake.records.begin()->second["RR"], "@");
  int writes = 0;
  for (const auto& c : m_fake.calls)
    writes += c.at("Action") != "DescribeSubDomainRecords";
  EXPECT_EQ(writes, 1);
}

TEST_F(AliDnsTest, AWrongSecretFailsTheSignatureCheckAsAuth) {
  auto p = make("not-the-secret");
  auto r = p->read({"home.example.com", Family::ipv4, 600});
  ASSERT_FALSE(r.value);
  EXPECT_EQ(r.value.error().cls, ErrorClass::auth);
  EXPECT_NE(r.value.error().message.find("SignatureDoesNotMatch"), std::string::npos);
  EXPECT_EQ(r.value.error().message.find(k_secret), std::string::npos);
  EXPECT_EQ(p->describe().find(k_secret), std::string::npos);
}

TEST_F(AliDnsTest, ErrorCodesMapToClasses) {
  struct Case {
    int status;
    const char* code;
    ErrorClass want;
  };
  const Case cases[] = {
      {400, "Throttling.User", ErrorClass::rate_limited},
      {404, "InvalidAccessKeyId.NotFound", ErrorClass::auth},
      {403, "Forbidden.RAM", ErrorClass::auth},
      {400, "InvalidTimeStamp.Expired", ErrorClass::transient},
      {400, "IncorrectDomainUser", ErrorClass::config},
      {400, "QuotaExceeded.TTL", ErrorClass::config},
      {503, "ServiceUnavailable", ErrorClass::transient},
      {400, "SomethingNew", ErrorClass::invalid_response},
  };
  auto p = make();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.code);
    {
      std::lock_guard lock(m_fake.mutex);
      m_fake.canned = {c.status, Json{{"RequestId", "r"}, {"Code", c.code}, {"Message", "m"}}};
    }
    auto r = p->read({"home.example.com", Family::ipv4, 600});
    ASSERT_FALSE(r.value);
    EXPECT_EQ(r.value.error().cls, c.want) << r.value.error().message;
  }
  {
    std::lock_guard lock(m_fake.mutex);
    m_fake.canned = {500, Json("gateway down")};
  }
  auto r = p->read({"home.example.com", Family::ipv4, 600});
  ASSERT_FALSE(r.value);
  EXPECT_EQ(r.value.error().cls, ErrorClass::transient);
}

TEST_F(AliDnsTest, WithoutAZoneTheLastTwoLabelsAreTheDomain) {
  auto p = testing::parse_provider(
      &AliDnsProvider::parse, "ali",
      {{"access_key_id", k_id}, {"access_key_secret", k_secret}, {"endpoint", m_fake.endpoint()}},
      nullptr, testing::test_deps(2s, &m_clock));
  auto up = p->update({"a.home.example.com", Family::ipv4, 600}, addr("203.0.113.10"));
  ASSERT_TRUE(up.value) << up.value.error().message;
  std::lock_guard lock(m_fake.mutex);
  EXPECT_EQ(m_fake.records.begin()->second["RR"], "a.home");
}

TEST_F(AliDnsTest, ANameOutsideTheZoneIsAConfigError) {
  auto p = make();
  auto r = p->update({"home.example.org", Family::ipv4, 600}, addr("203.0.113.10"));
  ASSERT_FALSE(r.value);
  EXPECT_EQ(r.value.error().cls, ErrorClass::config);
}

}  // namespace
}  // namespace ddnsguard::providers
