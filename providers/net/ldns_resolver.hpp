#pragma once
// ldns handles with owners, and a resolver aimed at exactly one server (no system
// resolver, no search list, one try): shared by DNS queries and RFC 2136 updates.

#include <chrono>
#include <memory>
#include <optional>

// ldns needs the socket types first (Winsock on Windows) and <stdbool.h>, or its
// common.h defines true and false as macros.
#include <stdbool.h>

#include "providers/base/socket_api.hpp"
// after the socket headers
#include <ldns/ldns.h>

#include "providers/base/c_free.hpp"
#include "providers/net/dns_query.hpp"

namespace ddnsguard::providers {

using LdnsResolver = std::unique_ptr<ldns_resolver, CFree<ldns_resolver_deep_free>>;
using LdnsRdf = std::unique_ptr<ldns_rdf, CFree<ldns_rdf_deep_free>>;
using LdnsPkt = std::unique_ptr<ldns_pkt, CFree<ldns_pkt_free>>;
using LdnsRr = std::unique_ptr<ldns_rr, CFree<ldns_rr_free>>;
using LdnsRrList = std::unique_ptr<ldns_rr_list, CFree<ldns_rr_list_deep_free>>;

// The server's address: the literal, or the host name resolved (transient when it does
// not resolve; config when a literal is not of the `transport` family).
Result<Address> resolve_dns_server(const ServerSpec& server, std::optional<Family> transport);

// A resolver for `server` only: `timeout` per attempt, UDP with TCP fallback on truncation.
Result<LdnsResolver> open_resolver(const ServerSpec& server, std::optional<Family> transport,
                                   std::chrono::milliseconds timeout);

}  // namespace ddnsguard::providers
