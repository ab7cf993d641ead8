#pragma once
// DNS name helpers shared by the providers that address a record as zone + host part.

#include <optional>
#include <string>

#include "providers/base/result.hpp"

namespace ddnsguard::providers {

// Lower case, without a trailing dot: "Home.Example.com." -> "home.example.com".
std::string dns_lower(std::string name);
// Lower case with one trailing dot, as DNS messages and PowerDNS write names.
std::string dns_absolute(std::string name);

struct ZoneSplit {
  std::string zone;  // "example.com"
  std::string host;  // "home", or "@" for the apex
};

// Splits `name` into `zone` and the host part below it. Without a zone, the last two
// labels are taken (what AliDNS and DNSPod guess themselves; set the zone for suffixes
// such as example.com.cn). A name outside the zone is a config error.
Result<ZoneSplit> split_zone(const std::string& name, const std::optional<std::string>& zone);

}  // namespace ddnsguard::providers
