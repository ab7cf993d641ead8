#include "providers/net/dns_query.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "providers/base/socket_api.hpp"
#include "providers/net/dns_name.hpp"
#include "providers/net/ldns_resolver.hpp"

namespace ddnsguard::providers {

namespace {

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
  // An address (IPv6 only in brackets) or a host name: "208.67.222.300" is neither.
  auto address = Address::parse(spec.host);
  bool bracketed = text.starts_with('[');
  bool ok = bracketed ? address && address->family() == Family::ipv6
                      : address.has_value() || valid_host_name(spec.host);
  if (!ok) return std::nullopt;
  return spec;
}

Result<std::vector<std::string>> dns_query(const DnsQuery& q) {
  ldns_rr_type t = ldns_get_rr_type_by_name(q.type.c_str());
  ldns_rr_class c = ldns_get_rr_class_by_name(q.cls.c_str());
  LdnsRdf name{ldns_dname_new_frm_str(q.name.c_str())};
  if (t == 0 || c == 0 || !name) {
    return fail(ErrorClass::config, where(q) + ": bad name, type or class");
  }
  auto res = open_resolver(q.server, q.transport, q.timeout);
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
    Error e{ErrorClass::transient,
            fmt::format("{}: no answer ({})", where(q), ldns_get_errorstr_by_id(st)),
            {},
            true};
    return tl::unexpected(std::move(e));
  }
  return read_reply(query.get(), reply.get(), q, t, c);
}

}  // namespace ddnsguard::providers
