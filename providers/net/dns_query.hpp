#pragma once
// One DNS question sent straight to a chosen server (no system resolver, no cache), over
// UDP with TCP fallback on truncation. Used by the DNS address source and by verification.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/base/address.hpp"
#include "providers/base/result.hpp"

namespace ddnsguard::providers {

struct ServerSpec {
  std::string host;  // IP literal or host name, without brackets
  std::uint16_t port = 53;
};

// Pure. Parses "host", "host:port", "[v6]" or "[v6]:port"; a bare IPv6 literal ("2620:119::35")
// is a host. nullopt for an empty host, a bad port (1..65535) or stray brackets.
std::optional<ServerSpec> parse_server_spec(std::string_view text, std::uint16_t default_port = 53);

struct DnsQuery {
  ServerSpec server;
  std::string name;                 // "myip.opendns.com" (a trailing dot is optional)
  std::string type = "A";           // any RR type ldns knows: A, AAAA, TXT, NS, SOA, ...
  std::string cls = "IN";           // IN or CH (any class ldns knows)
  std::optional<Family> transport;  // reach the server over this family only
  bool recursion_desired = true;
  std::chrono::milliseconds timeout{3000};  // per attempt (UDP, then TCP on truncation)
};

// The rdata of every answer record of the asked type and class, as text: addresses
// canonical, TXT as the concatenation of its strings (unquoted), others as ldns prints
// them. NXDOMAIN or no such record gives an empty vector. Timeouts, network errors,
// SERVFAIL and REFUSED are transient; a server name that does not resolve is transient; a
// bad name/type/class or a literal of the wrong transport family is config; a reply that
// does not match the question (id, QR, FORMERR, NOTIMP) is invalid_response. Blocks for
// at most about 2 x timeout plus the server name lookup.
Result<std::vector<std::string>> dns_query(const DnsQuery& q);

}  // namespace ddnsguard::providers
