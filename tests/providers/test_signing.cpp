// The signers against the published test vectors of reference/providers.md §2.3 and §3.2.

#include "providers/net/signing.hpp"

#include <gtest/gtest.h>

namespace ddnsguard::providers {
namespace {

TEST(AliyunPercentEncode, KeepsTheUnreservedSetOnly) {
  EXPECT_EQ(aliyun_percent_encode("a b*c~d/\xc3\xa9+="), "a%20b%2Ac~d%2F%C3%A9%2B%3D");
  EXPECT_EQ(aliyun_percent_encode("2016-03-24T16:41:54Z"), "2016-03-24T16%3A41%3A54Z");
}

TEST(AliyunSignature, VectorA1DescribeDomainRecords) {
  std::map<std::string, std::string> p = {
      {"AccessKeyId", "testid"},        {"Action", "DescribeDomainRecords"},
      {"DomainName", "example.com"},    {"Format", "XML"},
      {"SignatureMethod", "HMAC-SHA1"}, {"SignatureNonce", "f59ed6a9-83fc-473b-9cc6-99c95df3856e"},
      {"SignatureVersion", "1.0"},      {"Timestamp", "2016-03-24T16:41:54Z"},
      {"Version", "2015-01-09"}};
  EXPECT_EQ(aliyun_string_to_sign("GET", p),
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeDomainRecords%26DomainName%3Dexample."
            "com%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Df59ed6a9-83fc-"
            "473b-9cc6-99c95df3856e%26SignatureVersion%3D1.0%26Timestamp%3D2016-03-24T16%253A41%"
            "253A54Z%26Version%3D2015-01-09");
  auto sig = aliyun_signature("GET", p, "testsecret");
  EXPECT_EQ(sig, "uRpHwaSEt3J+6KQD//svCh/x+pI=");
  EXPECT_EQ(aliyun_percent_encode(sig), "uRpHwaSEt3J%2B6KQD%2F%2FsvCh%2Fx%2BpI%3D");
}

TEST(AliyunSignature, VectorA2DescribeRegionsGetAndPost) {
  std::map<std::string, std::string> p = {
      {"AccessKeyId", "testid"},
      {"Action", "DescribeRegions"},
      {"Format", "XML"},
      {"SignatureMethod", "HMAC-SHA1"},
      {"SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"},
      {"SignatureVersion", "1.0"},
      {"Timestamp", "2016-02-23T12:46:24Z"},
      {"Version", "2014-05-26"}};
  EXPECT_EQ(aliyun_signature("GET", p, "testsecret"), "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  EXPECT_EQ(aliyun_signature("POST", p, "testsecret"), "MxbnVAM4w6sft9xjVpe/GCKueuk=");
}

TEST(Tc3Sign, VectorT1PublishedCvmExample) {
  Tc3Request r;
  r.secret_id = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
  r.secret_key = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
  r.service = "cvm";
  r.host = "cvm.tencentcloudapi.com";
  r.content_type = "application/json; charset=utf-8";
  r.payload =
      R"({"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]})";
  r.timestamp = 1551113065;
  auto s = tc3_sign(r);
  EXPECT_EQ(sha256_hex(r.payload),
            "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
  EXPECT_EQ(s.canonical_request,
            "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com"
            "\n\ncontent-type;host\n"
            "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
  EXPECT_EQ(sha256_hex(s.canonical_request),
            "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031");
  EXPECT_EQ(s.string_to_sign, "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n"
                              "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031");
  EXPECT_EQ(s.signature, "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
  EXPECT_EQ(s.authorization,
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/"
            "tc3_request, SignedHeaders=content-type;host, "
            "Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
  auto k_date = hmac_sha256("TC3" + r.secret_key, "2019-02-25");
  EXPECT_EQ(to_hex(k_date), "d1308c81fe71cfd4e06437bbc067b2b8a3d2d8c0e375d547f15c41d5214b395a");
}

TEST(Tc3Sign, VectorT2DnspodWithTheActionSigned) {
  Tc3Request r;
  r.secret_id = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
  r.secret_key = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
  r.service = "dnspod";
  r.host = "dnspod.tencentcloudapi.com";
  r.content_type = "application/json";
  r.action = "DescribeRecordList";
  r.payload = R"({"Domain":"example.com","Subdomain":"home","RecordType":"A","Limit":100})";
  r.timestamp = 1551113065;
  auto s = tc3_sign(r);
  EXPECT_EQ(sha256_hex(s.canonical_request),
            "c24cc9a83bec522e98377b69f17d5c077f70f8c6de33446458dd6bd5c0b4113a");
  EXPECT_EQ(s.signature, "554931ac95f2cb2eb803a283e81ba174d79bf5464c300d9f26edd4beef39cbad");
}

TEST(Tc3Sign, TheScopeDateIsUtcAroundMidnight) {
  Tc3Request r;
  r.service = "dnspod";
  r.host = "h";
  r.content_type = "application/json";
  r.timestamp = 1551139199;  // 2019-02-25T23:59:59Z
  EXPECT_NE(tc3_sign(r).string_to_sign.find("\n2019-02-25/dnspod/"), std::string::npos);
  r.timestamp = 1551139200;  // 2019-02-26T00:00:00Z
  EXPECT_NE(tc3_sign(r).string_to_sign.find("\n2019-02-26/dnspod/"), std::string::npos);
}

// AWS's Signature Version 4 test suite (aws-sig-v4-test-suite): the example key, region,
// service and date of every case, and the published signatures.
SigV4Request aws_suite(std::string method, std::map<std::string, std::string> query = {}) {
  SigV4Request r;
  r.method = std::move(method);
  r.canonical_uri = "/";
  r.query = std::move(query);
  r.headers = {{"host", "example.amazonaws.com"}, {"x-amz-date", "20150830T123600Z"}};
  r.access_key_id = "AKIDEXAMPLE";
  r.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  r.region = "us-east-1";
  r.service = "service";
  r.amz_date = "20150830T123600Z";
  return r;
}

TEST(SigV4, GetVanilla) {
  auto s = sigv4_sign(aws_suite("GET"));
  EXPECT_EQ(s.canonical_request,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            "host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(s.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  EXPECT_EQ(s.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4, QueryOrderPostAndPostQuery) {
  EXPECT_EQ(sigv4_sign(aws_suite("GET", {{"Param2", "value2"}, {"Param1", "value1"}})).signature,
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
  EXPECT_EQ(sigv4_sign(aws_suite("POST")).signature,
            "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
  EXPECT_EQ(sigv4_sign(aws_suite("POST", {{"Param1", "value1"}})).signature,
            "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11");
  EXPECT_EQ(aws_percent_encode("a b/*~"), "a%20b%2F%2A~");
}

}  // namespace
}  // namespace ddnsguard::providers
