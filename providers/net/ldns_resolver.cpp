#include "providers/net/ldns_resolver.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include <fmt/format.h>

#include "providers/base/socket_api.hpp"

namespace ddnsguard::providers {

namespace {

using AddrInfo = std::unique_ptr<addrinfo, CFree<freeaddrinfo>>;

}  // namespace

Result<Address> resolve_dns_server(const ServerSpec& server, std::optional<Family> transport) {
  start_sockets();
  if (auto literal = Address::parse(server.host)) {
    if (transport && literal->family() != *transport) {
      return fail(ErrorClass::config, fmt::format("DNS server {} is not an {} address", server.host,
                                                  to_string(*transport)));
    }
    return *literal;
  }
  addrinfo hints{};
  hints.ai_socktype = SOCK_DGRAM;
  hints.ai_family = !transport ? AF_UNSPEC : *transport == Family::ipv4 ? AF_INET : AF_INET6;
  addrinfo* raw = nullptr;
  int rc = getaddrinfo(server.host.c_str(), nullptr, &hints, &raw);
  AddrInfo found{raw};
  if (rc != 0 || !found) {
    return fail(ErrorClass::transient,
                fmt::format("cannot resolve DNS server {}: {}", server.host, gai_strerror(rc)));
  }
  const auto* sa = found->ai_addr;
  if (sa->sa_family == AF_INET) {
    std::array<std::uint8_t, 4> b{};
    std::memcpy(b.data(), &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, 4);
    return Address::from_bytes_v4(b);
  }
  std::array<std::uint8_t, 16> b{};
  std::memcpy(b.data(), &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, 16);
  return Address::from_bytes_v6(b);
}

Result<LdnsResolver> open_resolver(const ServerSpec& spec, std::optional<Family> transport,
                                   std::chrono::milliseconds timeout) {
  auto found = resolve_dns_server(spec, transport);
  if (!found) return tl::unexpected(found.error());
  const Address& server = *found;
  LdnsResolver res{ldns_resolver_new()};
  bool v4 = server.family() == Family::ipv4;
  LdnsRdf ns{ldns_rdf_new_frm_data(v4 ? LDNS_RDF_TYPE_A : LDNS_RDF_TYPE_AAAA, v4 ? 4 : 16,
                                   server.bytes().data())};
  if (!res || !ns || ldns_resolver_push_nameserver(res.get(), ns.get()) != LDNS_STATUS_OK) {
    return fail(ErrorClass::transient, "cannot set up the DNS resolver");
  }
  auto ms = std::max<long long>(timeout.count(), 1);
  timeval tv{};
  tv.tv_sec = static_cast<decltype(tv.tv_sec)>(ms / 1000);
  tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms % 1000) * 1000);
  ldns_resolver_set_timeout(res.get(), tv);
  ldns_resolver_set_retry(res.get(), 1);
  ldns_resolver_set_retrans(res.get(), 0);
  ldns_resolver_set_port(res.get(), spec.port);
  ldns_resolver_set_random(res.get(), false);
  ldns_resolver_set_fallback(res.get(), true);
  return res;
}

}  // namespace ddnsguard::providers
