#pragma once
// Request signing for the cloud DNS APIs (reference/providers.md §2.3 and §3.2), on
// OpenSSL. Pure functions of their inputs (time and nonce are parameters), so the
// published test vectors pin them byte for byte.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace ddnsguard::providers {

std::string hmac_sha1(std::string_view key, std::string_view data);    // raw bytes
std::string hmac_sha256(std::string_view key, std::string_view data);  // raw bytes
std::string sha256_hex(std::string_view data);                         // lower-case hex
std::string to_hex(std::string_view raw);                              // lower-case hex
std::string base64(std::string_view raw);

// Alibaba Cloud RPC signature v1 (HMAC-SHA1). Percent-encoding keeps A-Z a-z 0-9 - _ . ~
// and writes every other byte as upper-case %XY.
std::string aliyun_percent_encode(std::string_view text);
// "GET&%2F&<encoded canonical query>" over `params` (Signature excluded by the caller).
std::string aliyun_string_to_sign(std::string_view method,
                                  const std::map<std::string, std::string>& params);
// Base64(HMAC-SHA1(secret + "&", string to sign)).
std::string aliyun_signature(std::string_view method,
                             const std::map<std::string, std::string>& params,
                             std::string_view secret);

// Tencent Cloud API 3.0 TC3-HMAC-SHA256 for a POST to "/" with a JSON body.
struct Tc3Request {
  std::string secret_id;
  std::string secret_key;
  std::string service;       // "dnspod"
  std::string host;          // "dnspod.tencentcloudapi.com"
  std::string content_type;  // signed byte for byte: send exactly this
  std::string action;        // also signed as x-tc-action when non-empty
  std::string payload;
  std::int64_t timestamp = 0;  // UNIX seconds; its UTC date enters the scope
};

struct Tc3Signature {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;      // lower-case hex
  std::string authorization;  // the Authorization header value
};

Tc3Signature tc3_sign(const Tc3Request& req);

// AWS Signature Version 4 (AWS4-HMAC-SHA256), checked against AWS's published test suite.
struct SigV4Request {
  std::string method;                          // "GET"
  std::string canonical_uri;                   // the path, already percent-encoded: "/"
  std::map<std::string, std::string> query;    // decoded names and values; sorted and encoded here
  std::map<std::string, std::string> headers;  // lower-case names, host and x-amz-date included
  std::string payload;
  std::string access_key_id;
  std::string secret_access_key;
  std::string region;    // "us-east-1"
  std::string service;   // "route53"
  std::string amz_date;  // "20150830T123600Z"
};

struct SigV4Signature {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;      // lower-case hex
  std::string authorization;  // the Authorization header value
};

SigV4Signature sigv4_sign(const SigV4Request& req);

// AWS's percent-encoding (RFC 3986 unreserved kept, upper-case hex), for query strings.
std::string aws_percent_encode(std::string_view text);

}  // namespace ddnsguard::providers
