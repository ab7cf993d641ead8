#include "providers/dns_query.hpp"

#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "providers/c_free.hpp"
#include <ldns/ldns.h>

namespace ddnsguard::providers {

namespace {

using LdnsResolver = std::unique_ptr<ldns_resolver, CFree<ldns_resolver_deep_free>>;
using LdnsRdf = std::unique_ptr<ldns_rdf, CFree<ldns_rdf_deep_free>>;
using LdnsPkt = std::unique_ptr<ldns_pkt, CFree<ldns_pkt_free>>;
using AddrInfo = std::unique_ptr<addrinfo, CFree<freeaddrinfo>>;
using CString = std::unique_ptr<char, CFree<std::free>>;

std::optional<std::uint16_t> parse_port(std::string_view s) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size() || value == 0 || value > 65535) {
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(value);
}

Result<Address> resolve_server(const DnsQuery& q) {
  if (auto literal = Address::parse(q.server.host)) {
    if (q.transport && literal->family() != *q.transport) {
      return fail(ErrorClass::config, fmt::format("DNS server {} is not an {} address",
                                                  q.server.host, to_string(*q.transport)));
    }
    return *literal;
  }
  addrinfo hints{};
  hints.ai_socktype = SOCK_DGRAM;
  hints.ai_family = !q.transport ? AF_UNSPEC : *q.transport == Family::ipv4 ? AF_INET : AF_INET6;
  addrinfo* raw = nullptr;
  int rc = getaddrinfo(q.server.host.c_str(), nullptr, &hints, &raw);
  AddrInfo found{raw};
  if (rc != 0 || !found) {
    return fail(ErrorClass::transient,
                fmt::format("cannot resolve DNS server {}: {}", q.server.host, gai_strerror(rc)));
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

Result<LdnsResolver> make_resolver(const Address& server, const DnsQuery& q) {
  LdnsResolver res{ldns_resolver_new()};
  bool v4 = server.family() == Family::ipv4;
  LdnsRdf ns{ldns_rdf_new_frm_data(v4 ? LDNS_RDF_TYPE_A : LDNS_RDF_TYPE_AAAA, v4 ? 4 : 16,
                                   server.bytes().data())};
  if (!res || !ns || ldns_resolver_push_nameserver(res.get(), ns.get()) != LDNS_STATUS_OK) {
    return fail(ErrorClass::transient, "cannot set up the DNS resolver");
  }
  auto ms = std::max<long long>(q.timeout.count(), 1);
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms % 1000) * 1000);
  ldns_resolver_set_timeout(res.get(), tv);
  ldns_resolver_set_retry(res.get(), 1);
  ldns_resolver_set_retrans(res.get(), 0);
  ldns_resolver_set_port(res.get(), q.server.port);
  ldns_resolver_set_random(res.get(), false);
  ldns_resolver_set_fallback(res.get(), true);
  return res;
}

std::string rdata_text(const ldns_rr* rr) {
  std::string out;
  bool txt = ldns_rr_get_type(rr) == LDNS_RR_TYPE_TXT;
  for (std::size_t i = 0; i < ldns_rr_rd_count(rr); ++i) {
    const ldns_rdf* f = ldns_rr_rdf(rr, i);
    if (txt && ldns_rdf_get_type(f) == LDNS_RDF_TYPE_STR && ldns_rdf_size(f) >= 1) {
      const auto* d = ldns_rdf_data(f);
      out.append(reinterpret_cast<const char*>(d + 1),
                 std::min<std::size_t>(d[0], ldns_rdf_size(f) - 1));
      continue;
    }
    CString s{ldns_rdf2str(f)};
    if (!out.empty()) out += ' ';
    if (s) out += s.get();
  }
  return out;
}

std::string where(const DnsQuery& q) {
  return fmt::format("DNS {} {} {} at {}:{}", q.name, q.cls, q.type, q.server.host, q.server.port);
}

Result<std::vector<std::string>> read_reply(const ldns_pkt* query, const ldns_pkt* reply,
                                            const DnsQuery& q, ldns_rr_type t, ldns_rr_class c) {
  if (ldns_pkt_id(reply) != ldns_pkt_id(query) || !ldns_pkt_qr(reply)) {
    return fail(ErrorClass::invalid_response, where(q) + ": reply does not match the query");
  }
  switch (ldns_pkt_get_rcode(reply)) {
  case LDNS_RCODE_NOERROR:
    break;
  case LDNS_RCODE_NXDOMAIN:
    return std::vector<std::string>{};
  case LDNS_RCODE_SERVFAIL:
    return fail(ErrorClass::transient, where(q) + ": SERVFAIL");
  case LDNS_RCODE_REFUSED:
    return fail(ErrorClass::transient, where(q) + ": REFUSED");
  default:
    return fail(ErrorClass::invalid_response,
                fmt::format("{}: rcode {}", where(q), static_cast<int>(ldns_pkt_get_rcode(reply))));
  }
  std::vector<std::string> out;
  const ldns_rr_list* answers = ldns_pkt_answer(reply);
  for (std::size_t i = 0; answers != nullptr && i < ldns_rr_list_rr_count(answers); ++i) {
    const ldns_rr* rr = ldns_rr_list_rr(answers, i);
    if (ldns_rr_get_type(rr) == t && ldns_rr_get_class(rr) == c) out.push_back(rdata_text(rr));
  }
  return out;
}

}  // namespace

std::optional<ServerSpec> parse_server_spec(std::string_view text, std::uint16_t default_port) {
  ServerSpec spec{"", default_port};
  if (text.starts_with('[')) {
    auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    spec.host = std::string(text.substr(1, close - 1));
    auto rest = text.substr(close + 1);
    if (!rest.empty()) {
      auto port = rest.starts_with(':') ? parse_port(rest.substr(1)) : std::nullopt;
      if (!port) return std::nullopt;
      spec.port = *port;
    }
  } else if (auto colon = text.find(':'); colon != std::string_view::npos &&
                                          text.find(':', colon + 1) == std::string_view::npos) {
    auto port = parse_port(text.substr(colon + 1));
    if (!port) return std::nullopt;
    spec.host = std::string(text.substr(0, colon));
    spec.port = *port;
  } else {
    spec.host = std::string(text);  // a name, IPv4 or bare IPv6 literal
  }
  if (spec.host.empty() || spec.host.find_first_of("[] \t/") != std::string::npos) {
    return std::nullopt;
  }
  return spec;
}

Result<std::vector<std::string>> dns_query(const DnsQuery& q) {
  ldns_rr_type t = ldns_get_rr_type_by_name(q.type.c_str());
  ldns_rr_class c = ldns_get_rr_class_by_name(q.cls.c_str());
  LdnsRdf name{ldns_dname_new_frm_str(q.name.c_str())};
  if (t == 0 || c == 0 || !name) {
    return fail(ErrorClass::config, where(q) + ": bad name, type or class");
  }
  auto server = resolve_server(q);
  if (!server) return tl::unexpected(server.error());
  auto res = make_resolver(*server, q);
  if (!res) return tl::unexpected(res.error());
  ldns_pkt* raw_query = nullptr;
  auto flags = static_cast<std::uint16_t>(q.recursion_desired ? LDNS_RD : 0);
  ldns_status st = ldns_resolver_prepare_query_pkt(&raw_query, res->get(), name.get(), t, c, flags);
  LdnsPkt query{raw_query};
  if (st != LDNS_STATUS_OK || !query) {
    return fail(ErrorClass::transient, where(q) + ": cannot build the query");
  }
  ldns_pkt_set_random_id(query.get());
  ldns_pkt* raw_reply = nullptr;
  st = ldns_resolver_send_pkt(&raw_reply, res->get(), query.get());
  LdnsPkt reply{raw_reply};
  if (st != LDNS_STATUS_OK || !reply) {
    return fail(ErrorClass::transient,
                fmt::format("{}: no answer ({})", where(q), ldns_get_errorstr_by_id(st)));
  }
  return read_reply(query.get(), reply.get(), q, t, c);
}

}  // namespace ddnsguard::providers
