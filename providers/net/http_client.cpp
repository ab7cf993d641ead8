#include "providers/net/http_client.hpp"

#include <sstream>

#include <date/date.h>

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <mutex>
#include <vector>

#include <fmt/format.h>

#include "providers/base/c_free.hpp"

namespace ddnsguard::providers {

namespace {

using CurlEasy = std::unique_ptr<CURL, CFree<curl_easy_cleanup>>;
using CurlList = std::unique_ptr<curl_slist, CFree<curl_slist_free_all>>;
using CurlShare = std::unique_ptr<CURLSH, CFree<curl_share_cleanup>>;

struct GlobalInit {
  GlobalInit() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

void ensure_global_init() {
  static GlobalInit once;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

struct Transfer {
  HttpResponse response;
  bool too_big = false;
  const std::atomic<bool>* cancel = nullptr;
};

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  auto len = size * n;
  if (t->response.body.size() + len > HttpClient::k_max_body) {
    t->too_big = true;
    return 0;
  }
  t->response.body.append(data, len);
  return len;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string line(data, size * n);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    auto value = line.substr(colon + 1);
    auto b = value.find_first_not_of(" \t");
    auto e = value.find_last_not_of(" \t\r\n");
    value = b == std::string::npos ? std::string{} : value.substr(b, e - b + 1);
    t->response.headers[lower(line.substr(0, colon))] = value;
  }
  return size * n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  return (t->cancel != nullptr && t->cancel->load()) ? 1 : 0;
}

// Failures that retrying cannot fix (bad URL, certificate trouble) are configuration.
ErrorClass transport_class(CURLcode rc) {
  switch (rc) {
  case CURLE_URL_MALFORMAT:
  case CURLE_UNSUPPORTED_PROTOCOL:
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_ISSUER_ERROR:
    return ErrorClass::config;
  default:
    return ErrorClass::transient;
  }
}

}  // namespace

// A share handle pooling connections and DNS answers between the threads that use it, and
// the easy handles between transfers (a reused handle keeps its internal multi handle and
// buffers: no socketpair, no allocations per request).
struct HttpClient::Pool {
  static constexpr std::size_t k_idle_max = 8;
  CurlShare share{curl_share_init()};
  std::array<std::mutex, CURL_LOCK_DATA_LAST> locks;
  std::mutex idle_mutex;
  std::vector<CurlEasy> idle;  // after share: cleaned up before it

  // An easy handle with default options: an idle one, or a new one (null when none).
  CurlEasy take() {
    {
      std::lock_guard lock(idle_mutex);
      if (!idle.empty()) {
        auto easy = std::move(idle.back());
        idle.pop_back();
        return easy;
      }
    }
    return CurlEasy{curl_easy_init()};
  }
  // Back to the idle list, reset at once: it keeps no pointer into the finished request and
  // no copy of its URL or credentials.
  void give(CurlEasy easy) {
    if (!easy) return;
    curl_easy_reset(easy.get());
    curl_easy_setopt(easy.get(), CURLOPT_NOSIGNAL, 1L);
    std::lock_guard lock(idle_mutex);
    if (idle.size() < k_idle_max) idle.push_back(std::move(easy));
  }

  Pool() {
    curl_share_setopt(share.get(), CURLSHOPT_LOCKFUNC, &Pool::lock);
    curl_share_setopt(share.get(), CURLSHOPT_UNLOCKFUNC, &Pool::unlock);
    curl_share_setopt(share.get(), CURLSHOPT_USERDATA, this);
    curl_share_setopt(share.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
    curl_share_setopt(share.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  }
  static void lock(CURL*, curl_lock_data d, curl_lock_access, void* p) {
    static_cast<Pool*>(p)->locks[static_cast<std::size_t>(d)].lock();
  }
  static void unlock(CURL*, curl_lock_data d, void* p) {
    static_cast<Pool*>(p)->locks[static_cast<std::size_t>(d)].unlock();
  }
};

std::optional<std::string> HttpResponse::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::string redact_url(const std::string& url) {
  auto cut = url.find_first_of("?#");
  std::string out = url.substr(0, cut);
  auto scheme = out.find("://");
  auto host_start = scheme == std::string::npos ? 0 : scheme + 3;
  auto at = out.find('@', host_start);
  auto slash = out.find('/', host_start);
  if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
    out.erase(host_start, at + 1 - host_start);
  }
  return out;
}

std::string url_authority(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  return url.substr(start, url.find_first_of("/?#", start) - start);
}

std::string url_after_origin(const std::string& url) {
  auto scheme = url.find("://");
  auto host_end = url.find_first_of("/?#", scheme == std::string::npos ? 0 : scheme + 3);
  if (host_end == std::string::npos || url.substr(host_end) == "/") return "";
  return url.substr(host_end);
}

std::string url_origin(const std::string& url) {
  auto after = url_after_origin(url);
  auto origin = redact_url(url.substr(0, url.size() - after.size()));  // without user info
  if (!origin.empty() && origin.back() == '/') origin.pop_back();
  return after.empty() ? origin : origin + "/...";
}

std::string url_encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::optional<std::chrono::seconds> parse_retry_after(const std::string& value) {
  if (value.empty() || value.size() > 9) return std::nullopt;
  long n = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return std::chrono::seconds{n};
}

HttpClient::HttpClient(const std::atomic<bool>* cancel) : m_cancel(cancel) {
  ensure_global_init();
  m_pool = std::make_shared<Pool>();
}

HttpClient::~HttpClient() = default;

void HttpClient::reset_pool() {
  std::lock_guard lock(m_pool_mutex);
  m_pool = std::make_shared<Pool>();
}

Result<HttpResponse> HttpClient::send(const HttpRequest& req) {
  std::shared_ptr<Pool> pool;
  {
    std::lock_guard lock(m_pool_mutex);
    pool = m_pool;
  }
  struct Lease {  // the handle goes back to its pool on every path
    Pool& pool;
    CurlEasy easy;
    ~Lease() { pool.give(std::move(easy)); }
  } lease{*pool, pool->take()};
  if (!lease.easy) return fail(ErrorClass::transient, "curl_easy_init failed");
  Transfer t;
  t.cancel = m_cancel;
  CurlList headers;
  for (const auto& h : req.headers) {
    auto* next = curl_slist_append(headers.get(), h.c_str());
    if (next == nullptr) return fail(ErrorClass::transient, "out of memory building headers");
    (void)headers.release();
    headers.reset(next);
  }
  CURL* e = lease.easy.get();
  curl_easy_setopt(e, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(e, CURLOPT_SHARE, pool->share.get());
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(req.timeout.count()));
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(req.timeout.count()));
  curl_easy_setopt(e, CURLOPT_USERAGENT, "ddnsguard/" DDNSGUARD_VERSION);
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, &on_progress);
  curl_easy_setopt(e, CURLOPT_XFERINFODATA, &t);
  if (req.ip_resolve) {
    curl_easy_setopt(e, CURLOPT_IPRESOLVE,
                     *req.ip_resolve == Family::ipv4 ? CURL_IPRESOLVE_V4 : CURL_IPRESOLVE_V6);
  }
  if (!req.basic_user.empty()) {
    curl_easy_setopt(e, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(e, CURLOPT_USERNAME, req.basic_user.c_str());
    curl_easy_setopt(e, CURLOPT_PASSWORD, req.basic_password.c_str());
  }
  if (req.method == "GET") {
    curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, req.body.c_str());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, static_cast<long>(req.body.size()));
  }
  auto start = std::chrono::steady_clock::now();
  CURLcode rc = curl_easy_perform(e);
  t.response.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  if (t.too_big) {
    return fail(ErrorClass::invalid_response, fmt::format("response from {} larger than {} bytes",
                                                          url_origin(req.url), k_max_body));
  }
  if (rc != CURLE_OK) {
    auto what = rc == CURLE_ABORTED_BY_CALLBACK ? std::string("cancelled")
                                                : std::string(curl_easy_strerror(rc));
    Error err{transport_class(rc), fmt::format("{} {}: {}", req.method, url_origin(req.url), what),
              std::nullopt};
    err.no_reply = true;
    return tl::unexpected(std::move(err));
  }
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &t.response.status);
  if (auto date = t.response.header("date")) {
    if (auto server = parse_http_date(*date)) {
      auto ours = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
      std::lock_guard lock(m_offset_mutex);
      m_clock_offset = *server - ours;
    }
  }
  return std::move(t.response);
}

std::optional<std::chrono::seconds> HttpClient::take_clock_offset() {
  std::lock_guard lock(m_offset_mutex);
  return std::exchange(m_clock_offset, std::nullopt);
}

std::optional<std::chrono::sys_seconds> parse_http_date(const std::string& value) {
  std::istringstream in(value);
  date::sys_seconds t;
  in >> date::parse("%a, %d %b %Y %H:%M:%S GMT", t);
  if (in.fail()) return std::nullopt;
  return t;
}

}  // namespace ddnsguard::providers
