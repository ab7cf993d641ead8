// The Route 53 provider against a fake API 2013-04-01 on loopback that checks each
// request's Signature Version 4 as AWS does (recomputed from the request with the secret),
// finds hosted zones by name, lists record sets from a name and type, applies UPSERT
// change batches and answers GetChange.

#include "providers/dns/provider_route53.hpp"

#include <map>
#include <mutex>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "providers/net/signing.hpp"
#include "tests/providers/provider_test_support.hpp"
#include "tests/support/fake_http.hpp"

namespace ddnsguard::providers {
namespace {

const std::string k_key_id = "AKIDEXAMPLE";
const std::string k_secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY-MARKER";

std::string error_xml(const std::string& code, const std::string& message) {
  return "<?xml version=\"1.0\"?><ErrorResponse "
         "xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
         "<Error><Type>Sender</Type><Code>" +
         code + "</Code><Message>" + message +
         "</Message></Error><RequestId>r-1</RequestId></ErrorResponse>";
}

class FakeRoute53 {
 public:
  FakeRoute53() {
    auto& s = m_http.server();
    s.Get("/2013-04-01/hostedzonesbyname", [this](const auto& req, auto& res) {
      if (!admit(req, res)) return;
      // Sorted by name: the list starts at dnsname and goes on with what follows.
      std::string zones;
      for (const char* z : {"example.com.", "example.net."}) {
        if (std::string(z) >= req.get_param_value("dnsname") + ".")
          zones += fmt::format("<HostedZone><Id>/hostedzone/Z{}</Id><Name>{}</Name><Config>"
                               "<PrivateZone>false</PrivateZone></Config></HostedZone>",
                               std::string(z) == "example.com." ? "COM1" : "NET1", z);
      }
      res.set_content("<ListHostedZonesByNameResponse><HostedZones>" + zones +
                          "</HostedZones></ListHostedZonesByNameResponse>",
                      "text/xml");
    });
    s.Get(R"(/2013-04-01/hostedzone/(\w+)/rrset)",
          [this](const auto& req, auto& res) { list(req, res); });
    s.Post(R"(/2013-04-01/hostedzone/(\w+)/rrset/)",
           [this](const auto& req, auto& res) { change(req, res); });
    s.Get(R"(/2013-04-01/change/(\w+))", [this](const auto& req, auto& res) {
      if (!admit(req, res)) return;
      res.set_content("<GetChangeResponse><ChangeInfo><Id>/change/" + std::string(req.matches[1]) +
                          "</Id><Status>INSYNC</Status></ChangeInfo></GetChangeResponse>",
                      "text/xml");
    });
    m_http.start();
  }
  std::string endpoint() const { return m_http.url(""); }

  std::mutex mutex;
  std::map<std::string, std::string> sets;  // "name. TYPE" -> value, in zone ZCOM1
  std::vector<std::string> calls;
  bool throttle = false;

 private:
  // Recomputes the request's signature as AWS does; false when answered already.
  bool admit(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    calls.push_back(req.method + " " + req.path);
    SigV4Request s;
    s.method = req.method;
    s.canonical_uri = req.path;
    for (const auto& [k, v] : req.params)
      s.query[k] = v;
    s.amz_date = req.get_header_value("X-Amz-Date");
    s.headers = {{"host", req.get_header_value("Host")}, {"x-amz-date", s.amz_date}};
    s.payload = req.body;
    s.access_key_id = k_key_id;
    s.secret_access_key = k_secret;
    s.region = "us-east-1";
    s.service = "route53";
    if (s.amz_date.size() != 16 ||
        req.get_header_value("Authorization") != sigv4_sign(s).authorization) {
      res.status = 403;
      res.set_content(
          error_xml(
              "SignatureDoesNotMatch",
              "The request signature we calculated does not match the signature you provided."),
          "text/xml");
      return false;
    }
    if (throttle) {
      res.status = 400;
      res.set_content(error_xml("Throttling", "Rate exceeded"), "text/xml");
      return false;
    }
    return true;
  }
  void list(const httplib::Request& req, httplib::Response& res) {
    if (!admit(req, res)) return;
    if (req.matches[1] != "ZCOM1")
      return res.set_content(error_xml("NoSuchHostedZone", "No hosted zone found"), "text/xml"),
             void(res.status = 404);
    std::lock_guard lock(mutex);
    // From name+type on, as Route 53 lists: the next set may be another name's.
    std::string out;
    for (auto it =
             sets.lower_bound(req.get_param_value("name") + " " + req.get_param_value("type"));
         it != sets.end() && out.empty(); ++it) {
      auto space = it->first.find(' ');
      out = fmt::format("<ResourceRecordSet><Name>{}</Name><Type>{}</Type><TTL>300</TTL>"
                        "<ResourceRecords><ResourceRecord><Value>{}</Value></ResourceRecord>"
                        "</ResourceRecords></ResourceRecordSet>",
                        it->first.substr(0, space), it->first.substr(space + 1), it->second);
    }
    res.set_content("<ListResourceRecordSetsResponse><ResourceRecordSets>" + out +
                        "</ResourceRecordSets></ListResourceRecordSetsResponse>",
                    "text/xml");
  }
  void change(const httplib::Request& req, httplib::Response& res) {
    if (!admit(req, res)) return;
    auto actions = xml_texts(req.body, "Action");
    auto names = xml_texts(req.body, "Name");
    auto types = xml_texts(req.body, "Type");
    auto values = xml_texts(req.body, "Value");
    auto ttls = xml_texts(req.body, "TTL");
    if (actions != std::vector<std::string>{"UPSERT"} || names.size() != 1 || types.size() != 1 ||
        values.size() != 1 || ttls.size() != 1 || names[0].back() != '.') {
      res.status = 400;
      res.set_content(error_xml("InvalidChangeBatch", "bad batch"), "text/xml");
      return;
    }
    std::lock_guard lock(mutex);
    sets[names[0] + " " + types[0]] = values[0];
    res.set_content("<ChangeResourceRecordSetsResponse><ChangeInfo><Id>/change/C2682N5HXP0BZ4</Id>"
                    "<Status>PENDING</Status></ChangeInfo></ChangeResourceRecordSetsResponse>",
                    "text/xml");
  }

  ddnsguard::testing::FakeHttp m_http;  // last: stops before the state goes
};

class Route53Test : public ::testing::Test {
 protected:
  ProviderPtr make(nlohmann::json extra = nlohmann::json::object()) {
    nlohmann::json settings = {{"access_key_id", k_key_id},
                               {"secret_access_key", k_secret},
                               {"endpoint", m_fake.endpoint()}};
    settings.update(extra);
    return testing::parse_provider(&Route53Provider::parse, "r53", settings);
  }
  FakeRoute53 m_fake;
};

TEST_F(Route53Test, FindsTheZoneUpsertsAndReadsBack) {
  {
    std::lock_guard lock(m_fake.mutex);
    m_fake.sets["mail.example.com. A"] = "203.0.113.99";  // listed after home.example.com.
  }
  auto p = make();
  testing::expect_created_then_changed(*p, {"home.example.com", Family::ipv4, 300}, "203.0.113.10",
                                       "203.0.113.11");
  testing::expect_created_then_changed(*p, {"home.example.com", Family::ipv6, 300}, "2001:db8::1",
                                       "2001:db8::2");
  std::lock_guard lock(m_fake.mutex);
  EXPECT_EQ(m_fake.sets.at("home.example.com. A"), "203.0.113.11");
  EXPECT_EQ(
      std::count(m_fake.calls.begin(), m_fake.calls.end(), "GET /2013-04-01/change/C2682N5HXP0BZ4"),
      4);
}

TEST_F(Route53Test, FailuresHaveTheirClass) {
  auto wrong = testing::parse_provider(&Route53Provider::parse, "r53",
                                       {{"access_key_id", k_key_id},
                                        {"secret_access_key", "not-the-secret"},
                                        {"endpoint", m_fake.endpoint()}});
  auto refused = wrong->read({"home.example.com", Family::ipv4, 300});
  ASSERT_FALSE(refused.value);
  EXPECT_EQ(refused.value.error().cls, ErrorClass::auth);
  EXPECT_NE(refused.value.error().message.find("SignatureDoesNotMatch"), std::string::npos);
  auto none =
      make({{"zone_id", "/hostedzone/ZNONE"}})->read({"home.example.com", Family::ipv4, 300});
  ASSERT_FALSE(none.value);
  EXPECT_EQ(none.value.error().cls, ErrorClass::config);
  auto outside = make()->read({"home.example.org", Family::ipv4, 300});
  ASSERT_FALSE(outside.value);
  EXPECT_EQ(outside.value.error().cls, ErrorClass::config) << "example.net. follows; no match";
  {
    std::lock_guard lock(m_fake.mutex);
    m_fake.throttle = true;
  }
  auto slow = make()->read({"home.example.com", Family::ipv4, 300});
  ASSERT_FALSE(slow.value);
  EXPECT_EQ(slow.value.error().cls, ErrorClass::rate_limited);
}

TEST(Route53Xml, TextsOfEachElementInOrder) {
  EXPECT_EQ(xml_texts("<a><b>1</b><b>2</b></a><b>3", "b"), (std::vector<std::string>{"1", "2"}));
  EXPECT_TRUE(xml_texts("<a></a>", "b").empty());
  std::vector<std::string> problems;
  EXPECT_FALSE(testing::parse_provider(
      &Route53Provider::parse, "r53",
      {{"access_key_id", "K"}, {"secret_access_key", "S"}, {"zone_id", "Z1/../x"}}, &problems));
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0], "providers.r53.zone_id: is not a hosted zone id (e.g. Z1D633PJN98FT9)");
}

}  // namespace
}  // namespace ddnsguard::providers
