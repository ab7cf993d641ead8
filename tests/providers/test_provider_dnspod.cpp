// DNSPod against a fake API 3.0 endpoint on loopback that recomputes every request's
// TC3-HMAC-SHA256 signature from what it received (reference/providers.md §3).

#include "providers/dns/provider_dnspod.hpp"

#include <map>
#include <mutex>

#include <gtest/gtest.h>

#include "providers/net/signing.hpp"
#include "tests/providers/provider_test_support.hpp"
#include "tests/support/fake_http.hpp"

namespace ddnsguard::providers {
namespace {

using namespace std::chrono_literals;
using Json = nlohmann::json;

const std::string k_id = "AKIDtestid";
const std::string k_key = "dnspod-key-MARKER";

Address addr(const char* text) {
  return *Address::parse(text);
}

Json failure(const std::string& code) {
  return {{"Response", {{"Error", {{"Code", code}, {"Message", "fake"}}}, {"RequestId", "r"}}}};
}

class FakeDnspod {
 public:
  FakeDnspod() {
    m_http.server().Post("/", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex);
      res.set_content(handle(req).dump(), "application/json");  // HTTP 200, even on failure
    });
    m_http.start();
  }
  std::string endpoint() const { return m_http.url(""); }

  std::mutex mutex;
  std::map<long long, Json> records;
  std::vector<std::pair<std::string, Json>> calls;  // action, body
  std::optional<std::string> fail_with;

 private:
  Json handle(const httplib::Request& req) {
    auto action = req.get_header_value("X-TC-Action");
    auto body = Json::parse(req.body, nullptr, false);
    calls.emplace_back(action, body);
    if (fail_with) {
      auto code = *fail_with;
      fail_with.reset();
      return failure(code);
    }
    Tc3Request t{k_id,
                 k_key,
                 "dnspod",
                 req.get_header_value("Host"),
                 req.get_header_value("Content-Type"),
                 action,
                 req.body,
                 std::stoll("0" + req.get_header_value("X-TC-Timestamp"))};
    if (req.get_header_value("Authorization") != tc3_sign(t).authorization)
      return failure("AuthFailure.SignatureFailure");
    if (req.get_header_value("X-TC-Version") != "2021-03-23") return failure("InvalidParameter");
    if (body.value("Domain", "") != "example.com")
      return failure("InvalidParameterValue.DomainNotExists");
    if (action == "DescribeRecordList") {
      if (!body.contains("Subdomain")) return failure("InvalidParameter");
      Json list = Json::array();
      for (const auto& [id, r] : records)
        if (r["Name"] == body["Subdomain"] && r["Type"] == body["RecordType"]) list.push_back(r);
      if (list.empty()) return failure("ResourceNotFound.NoDataOfRecord");
      return {{"Response", {{"RecordList", list}, {"RequestId", "r"}}}};
    }
    if (action == "CreateRecord" || action == "ModifyRecord") {
      if (!body.contains("SubDomain")) return failure("InvalidParameter.SubdomainInvalid");
      long long id = action == "CreateRecord" ? 100 + static_cast<long long>(records.size())
                                              : body.value("RecordId", -1LL);
      if (action == "ModifyRecord" && !records.contains(id)) return failure("InvalidParameter");
      records[id] = {
          {"RecordId", id},         {"Name", body["SubDomain"]}, {"Type", body["RecordType"]},
          {"Value", body["Value"]}, {"TTL", body["TTL"]},        {"Line", body["RecordLine"]},
          {"Status", "ENABLE"}};
      return {{"Response", {{"RecordId", id}, {"RequestId", "r"}}}};
    }
    return failure("InvalidAction");
  }
  ddnsguard::testing::FakeHttp m_http;
};

class DnspodTest : public ::testing::Test {
 protected:
  ProviderPtr make(const std::string& key = k_key) {
    auto p = testing::parse_provider(&DnspodProvider::parse, "pod",
                                     {{"secret_id", k_id},
                                      {"secret_key", key},
                                      {"zone", "example.com"},
                                      {"endpoint", m_fake.endpoint()}},
                                     nullptr, testing::test_deps(2s, &m_clock));
    return p;
  }
  providers::ManualClock m_clock{providers::Clock::time_point{std::chrono::seconds{1767225600}}};
  FakeDnspod m_fake;
};

TEST_F(DnspodTest, CreatesThenModifiesAndReadsBack) {
  auto p = make();
  Record rec{"home.example.com", Family::ipv4, 600};
  auto r0 = p->read(rec);
  ASSERT_TRUE(r0.value) << r0.value.error().message;
  EXPECT_FALSE(*r0.value);  // NoDataOfRecord means "none"
  ASSERT_TRUE(p->update(rec, addr("203.0.113.10")).value);
  auto up = p->update(rec, addr("203.0.113.11"));
  ASSERT_TRUE(up.value) << up.value.error().message;
  auto r1 = p->read(rec);
  ASSERT_TRUE(r1.value && *r1.value);
  EXPECT_EQ(**r1.value, addr("203.0.113.11"));
  std::lock_guard lock(m_fake.mutex);
  ASSERT_EQ(m_fake.records.size(), 1u);
  EXPECT_EQ(m_fake.records.begin()->second["Name"], "home");
  std::vector<std::string> actions;
  for (const auto& [a, b] : m_fake.calls)
    actions.push_back(a);
  EXPECT_EQ(actions,
            (std::vector<std::string>{"DescribeRecordList", "DescribeRecordList", "CreateRecord",
                                      "DescribeRecordList", "ModifyRecord", "DescribeRecordList"}));
  const auto& modify = m_fake.calls[4].second;
  EXPECT_EQ(modify["SubDomain"], "home");  // always sent: it defaults to "@"
  EXPECT_EQ(modify["RecordLineId"], "0");
}

TEST_F(DnspodTest, AWrongKeyFailsTheSignatureAsAuth) {
  auto p = make("wrong-key");
  auto r = p->read({"home.example.com", Family::ipv4, 600});
  ASSERT_FALSE(r.value);
  EXPECT_EQ(r.value.error().cls, ErrorClass::auth);
  EXPECT_EQ(r.value.error().message.find(k_key), std::string::npos);
  EXPECT_EQ(p->describe().find(k_key), std::string::npos);
}

TEST_F(DnspodTest, ErrorCodesMapToClasses) {
  struct Case {
    const char* code;
    ErrorClass want;
  };
  const Case cases[] = {
      {"RequestLimitExceeded", ErrorClass::rate_limited},
      {"AuthFailure.SecretIdNotFound", ErrorClass::auth},
      {"UnauthorizedOperation", ErrorClass::auth},
      {"AuthFailure.SignatureExpire", ErrorClass::transient},
      {"FailedOperation.NotDomainOwner", ErrorClass::config},
      {"InvalidParameter.RecordValueInvalid", ErrorClass::config},
      {"InternalError", ErrorClass::transient},
      {"Brand.NewCode", ErrorClass::invalid_response},
  };
  auto p = make();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.code);
    {
      std::lock_guard lock(m_fake.mutex);
      m_fake.fail_with = c.code;
    }
    auto r = p->read({"home.example.com", Family::ipv4, 600});
    ASSERT_FALSE(r.value);
    EXPECT_EQ(r.value.error().cls, c.want) << r.value.error().message;
  }
}

TEST(InterpretDnspodReply, GarbageAndServerErrors) {
  EXPECT_EQ(interpret_dnspod_reply({200, "nope", {}, {}}, "x").error().error.cls,
            ErrorClass::invalid_response);
  EXPECT_EQ(interpret_dnspod_reply({502, "<html>", {}, {}}, "x").error().error.cls,
            ErrorClass::transient);
  EXPECT_TRUE(interpret_dnspod_reply({200, R"({"Response": {"RequestId": "r"}})", {}, {}}, "x"));
}

}  // namespace
}  // namespace ddnsguard::providers
