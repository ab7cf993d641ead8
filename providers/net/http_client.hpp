#pragma once
// A small libcurl front: one request at a time per call, connections pooled and shared
// between threads, transport failures classified. Never throws.

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "providers/base/address.hpp"
#include "providers/base/result.hpp"

namespace ddnsguard::providers {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"; may hold secrets, never logged
  std::string body;
  std::chrono::milliseconds timeout{5000};
  std::optional<Family> ip_resolve;  // force the connection's family (address sources)
  std::string basic_user;            // HTTP Basic auth when non-empty; password below
  std::string basic_password;        // secret: only ever handed to libcurl
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased; last value wins
  std::chrono::milliseconds elapsed{0};
  std::optional<std::string> header(const std::string& lower_name) const;
};

// The URL without query, fragment or user info: safe for logs and error messages.
std::string redact_url(const std::string& url);
// Scheme, host and port only, "/..." standing for any path or query: for URLs whose path may
// carry a token (webhooks, notification hooks) and for error messages, which cannot know.
std::string url_origin(const std::string& url);
// What url_origin leaves out: the path, query and fragment ("" when none, or only "/").
std::string url_after_origin(const std::string& url);
// "host[:port]" of an http(s) URL, as libcurl sends it in the Host header (signed APIs).
std::string url_authority(const std::string& url);

// Percent-encodes everything but RFC 3986 unreserved characters (query values, paths).
std::string url_encode(std::string_view text);

// Seconds from a Retry-After header (delta-seconds form only; dates give nullopt).
std::optional<std::chrono::seconds> parse_retry_after(const std::string& value);

class HttpClient {
 public:
  // `cancel`, when set and true, aborts transfers in flight within ~100 ms (shutdown).
  explicit HttpClient(const std::atomic<bool>* cancel = nullptr);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Blocks for at most request.timeout. Any HTTP status is a value; only transport
  // failures are errors: connect, timeout, cancel are transient; a malformed URL, an
  // unsupported scheme or a certificate that does not verify are config. A body over
  // 1 MiB is invalid_response.
  Result<HttpResponse> send(const HttpRequest& request);

  // Drops pooled connections and cached DNS answers (after a network change).
  void reset_pool();

  // The server clock minus ours, from the Date header of the latest response that had one
  // (whole seconds; nullopt until one came). Read and cleared: each sample is seen once.
  std::optional<std::chrono::seconds> take_clock_offset();

  static constexpr std::size_t k_max_body = 1 << 20;

 private:
  struct Pool;
  std::atomic<const std::atomic<bool>*> m_cancel;
  std::shared_ptr<Pool> m_pool;
  std::mutex m_pool_mutex;
  std::mutex m_offset_mutex;
  std::optional<std::chrono::seconds> m_clock_offset;
};

// Seconds since the epoch from an HTTP Date header (IMF-fixdate: "Sun, 06 Nov 1994
// 08:49:37 GMT"); nullopt for anything else.
std::optional<std::chrono::sys_seconds> parse_http_date(const std::string& value);

}  // namespace ddnsguard::providers
