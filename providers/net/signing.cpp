#include "providers/net/signing.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>

#include <date/date.h>
#include <fmt/format.h>

namespace ddnsguard::providers {

namespace {

std::string hmac(const EVP_MD* md, std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned len = 0;
  HMAC(md, key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &len);
  return std::string(reinterpret_cast<const char*>(out.data()), len);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trimmed(std::string_view s) {
  auto b = s.find_first_not_of(" \t");
  auto e = s.find_last_not_of(" \t");
  return b == std::string_view::npos ? std::string{} : std::string(s.substr(b, e - b + 1));
}

}  // namespace

std::string hmac_sha1(std::string_view key, std::string_view data) {
  return hmac(EVP_sha1(), key, data);
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  return hmac(EVP_sha256(), key, data);
}

std::string to_hex(std::string_view raw) {
  std::string out;
  out.reserve(raw.size() * 2);
  for (unsigned char c : raw)
    out += fmt::format("{:02x}", c);
  return out;
}

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> d{};
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), d.data());
  return to_hex(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
}

std::string base64(std::string_view raw) {
  std::string out(4 * ((raw.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(raw.data()),
                          static_cast<int>(raw.size()));
  out.resize(static_cast<std::size_t>(std::max(n, 0)));
  return out;
}

std::string aliyun_percent_encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string aliyun_string_to_sign(std::string_view method,
                                  const std::map<std::string, std::string>& params) {
  std::string query;  // std::map iterates in byte order of the names
  for (const auto& [k, v] : params) {
    if (!query.empty()) query += '&';
    query += aliyun_percent_encode(k) + "=" + aliyun_percent_encode(v);
  }
  return std::string(method) + "&" + aliyun_percent_encode("/") + "&" +
         aliyun_percent_encode(query);
}

std::string aliyun_signature(std::string_view method,
                             const std::map<std::string, std::string>& params,
                             std::string_view secret) {
  return base64(hmac_sha1(std::string(secret) + "&", aliyun_string_to_sign(method, params)));
}

std::string aws_percent_encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

SigV4Signature sigv4_sign(const SigV4Request& req) {
  std::string query;
  for (const auto& [k, v] : req.query)
    query += (query.empty() ? "" : "&") + aws_percent_encode(k) + "=" + aws_percent_encode(v);
  std::string canonical_headers, signed_headers;
  for (const auto& [name, value] : req.headers) {
    canonical_headers += name + ":" + trimmed(value) + "\n";
    signed_headers += (signed_headers.empty() ? "" : ";") + name;
  }
  SigV4Signature s;
  s.canonical_request = req.method + "\n" + req.canonical_uri + "\n" + query + "\n" +
                        canonical_headers + "\n" + signed_headers + "\n" + sha256_hex(req.payload);
  auto day = req.amz_date.substr(0, 8);
  auto scope = day + "/" + req.region + "/" + req.service + "/aws4_request";
  s.string_to_sign =
      "AWS4-HMAC-SHA256\n" + req.amz_date + "\n" + scope + "\n" + sha256_hex(s.canonical_request);
  auto k_date = hmac_sha256("AWS4" + req.secret_access_key, day);
  auto k_region = hmac_sha256(k_date, req.region);
  auto k_service = hmac_sha256(k_region, req.service);
  auto k_signing = hmac_sha256(k_service, "aws4_request");
  s.signature = to_hex(hmac_sha256(k_signing, s.string_to_sign));
  s.authorization = fmt::format("AWS4-HMAC-SHA256 Credential={}/{}, SignedHeaders={}, Signature={}",
                                req.access_key_id, scope, signed_headers, s.signature);
  return s;
}

Tc3Signature tc3_sign(const Tc3Request& req) {
  std::map<std::string, std::string> headers = {{"content-type", lower(trimmed(req.content_type))},
                                                {"host", lower(trimmed(req.host))}};
  if (!req.action.empty()) headers["x-tc-action"] = lower(trimmed(req.action));
  std::string canonical_headers, signed_headers;
  for (const auto& [name, value] : headers) {
    canonical_headers += name + ":" + value + "\n";
    if (!signed_headers.empty()) signed_headers += ';';
    signed_headers += name;
  }
  Tc3Signature s;
  s.canonical_request =
      "POST\n/\n\n" + canonical_headers + "\n" + signed_headers + "\n" + sha256_hex(req.payload);
  auto day = date::floor<date::days>(date::sys_seconds{std::chrono::seconds{req.timestamp}});
  auto utc_date = date::format("%F", day);
  auto scope = utc_date + "/" + req.service + "/tc3_request";
  s.string_to_sign = "TC3-HMAC-SHA256\n" + std::to_string(req.timestamp) + "\n" + scope + "\n" +
                     sha256_hex(s.canonical_request);
  auto k_date = hmac_sha256("TC3" + req.secret_key, utc_date);
  auto k_service = hmac_sha256(k_date, req.service);
  auto k_signing = hmac_sha256(k_service, "tc3_request");
  s.signature = to_hex(hmac_sha256(k_signing, s.string_to_sign));
  s.authorization = fmt::format("TC3-HMAC-SHA256 Credential={}/{}, SignedHeaders={}, Signature={}",
                                req.secret_id, scope, signed_headers, s.signature);
  return s;
}

}  // namespace ddnsguard::providers
