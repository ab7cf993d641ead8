#include "providers/net/url_check.hpp"

#include <memory>

#include <curl/curl.h>
#include <fmt/format.h>

#include "providers/base/c_free.hpp"

namespace ddnsguard::providers {

std::optional<std::string> http_url_problem(const std::string& url) {
  if (!url.starts_with("http://") && !url.starts_with("https://")) {
    return std::string("must start with http:// or https://");
  }
  std::unique_ptr<CURLU, CFree<curl_url_cleanup>> h(curl_url());
  if (!h) return std::string("cannot be checked (out of memory)");
  auto rc = curl_url_set(h.get(), CURLUPART_URL, url.c_str(), 0);
  if (rc != CURLUE_OK) {
    return fmt::format("\"{}\" is not a valid URL ({})", url, curl_url_strerror(rc));
  }
  char* host = nullptr;
  rc = curl_url_get(h.get(), CURLUPART_HOST, &host, 0);
  std::unique_ptr<char, CFree<curl_free>> owned(host);
  if (rc != CURLUE_OK || host == nullptr || *host == '\0') {
    return fmt::format("\"{}\" has no host", url);
  }
  return std::nullopt;
}

bool check_http_url(ObjectReader& r, std::string_view key, const std::string& url) {
  auto problem = http_url_problem(url);
  if (problem) r.context().problem(r.path() / key, *problem);
  return !problem;
}

}  // namespace ddnsguard::providers
