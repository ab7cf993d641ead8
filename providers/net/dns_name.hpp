#pragma once
// DNS name helpers shared by the providers that address a record as zone + host part.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/base/result.hpp"

namespace ddnsguard::providers {

// Lower case, without a trailing dot: "Home.Example.com." -> "home.example.com"; an
// internationalized name (a zone in Unicode) in its A-label form.
std::string dns_lower(std::string name);
// Lower case with one trailing dot, as DNS messages and PowerDNS write names.
std::string dns_absolute(std::string name);

// Why `name` (lower case, no trailing dot) cannot be a record's name, or nullopt when it
// can: letters, digits, '-' and '_' in labels of 1-63 characters that neither start nor
// end with '-' ("*" alone as the first label), at least two labels, at most 253
// characters, ASCII only (internationalized names in their xn-- form), not an address.
std::optional<std::string> record_name_problem(std::string_view name);

// A record's name as a configuration writes it, made canonical: one trailing dot dropped,
// internationalized labels turned into A-labels ("bücher.example.com" ->
// "xn--bcher-kva.example.com", idna.hpp), lower case, then record_name_problem's checks.
// ErrorClass::config with the reason otherwise.
Result<std::string> canonical_record_name(std::string_view written);

// Whether `host` is a host name a server may have ("localhost", "ns1.example.net"): LDH
// labels of 1-63 characters, at most 253 in all, and a last label that is not all digits
// (so "208.67.222.300" is neither an address nor a name).
bool valid_host_name(std::string_view host);

struct ZoneSplit {
  std::string zone;  // "example.com"
  std::string host;  // "home", or "@" for the apex
};

// Splits `name` into `zone` and the host part below it. Without a zone, the last two
// labels are taken (what AliDNS and DNSPod guess themselves; set the zone for suffixes
// such as example.com.cn). A name outside the zone is a config error.
Result<ZoneSplit> split_zone(const std::string& name, const std::optional<std::string>& zone);

// The zones that could hold `name` (lower case), longest first: the name itself, then each
// parent down to the last two labels ("a.b.example.com": itself, "b.example.com",
// "example.com"); a bare top-level domain is no candidate. For the APIs that find a
// record's zone by asking for each in turn (the longest match wins).
std::vector<std::string> zone_candidates(const std::string& name);

}  // namespace ddnsguard::providers
