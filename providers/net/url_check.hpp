#pragma once
// Validation of the http(s) URLs a configuration gives (provider endpoints, source URLs,
// webhook and notify URLs), by libcurl's own URL parser, so what passes here is what the
// client can request: a scheme of http or https, a host, a valid port and IPv6 literal.

#include <optional>
#include <string>
#include <string_view>

#include "providers/base/config_reader.hpp"

namespace ddnsguard::providers {

// Why `url` is not a usable http(s) URL, or nullopt when it is.
std::optional<std::string> http_url_problem(const std::string& url);

// Records a problem at `key` of `r` when `url` is not usable; true when it is.
bool check_http_url(ObjectReader& r, std::string_view key, const std::string& url);

}  // namespace ddnsguard::providers
