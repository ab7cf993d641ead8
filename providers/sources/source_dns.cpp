#include "providers/sources/source_dns.hpp"

#include <fmt/format.h>

namespace ddnsguard::providers {

namespace {

// The one address among `values`; TXT answers may hold other strings too.
Result<Address> single_address(const std::vector<std::string>& values, bool txt,
                               const std::string& where) {
  std::optional<Address> found;
  for (const auto& v : values) {
    auto a = Address::parse(v);
    if (!a && txt) continue;
    if (!a) return fail(ErrorClass::invalid_response, where + ": malformed answer");
    if (found && *found != *a) {
      return fail(ErrorClass::invalid_response, fmt::format("{}: several addresses ({}, {})", where,
                                                            found->to_string(), a->to_string()));
    }
    found = a;
  }
  if (!found) return fail(ErrorClass::invalid_response, where + ": no address in the answer");
  return *found;
}

}  // namespace

DnsSource::DnsSource(ServerSpec server, std::string name, std::string qtype, std::string qclass)
    : m_server(std::move(server)), m_name(std::move(name)), m_qtype(std::move(qtype)),
      m_qclass(std::move(qclass)) {}

std::string DnsSource::describe() const {
  bool v6 = m_server.host.find(':') != std::string::npos;
  return fmt::format("dns {}{}{}:{} {} {} {}", v6 ? "[" : "", m_server.host, v6 ? "]" : "",
                     m_server.port, m_name, m_qclass, m_qtype);
}

Result<Address> DnsSource::fetch(Family family, std::chrono::milliseconds timeout) {
  DnsQuery q;
  q.server = m_server;
  q.name = m_name;
  q.type = m_qtype;
  q.cls = m_qclass;
  q.transport = family;
  q.timeout = timeout;
  auto values = dns_query(q);
  if (!values) return tl::unexpected(values.error());
  auto where = fmt::format("DNS {} {} at {}", m_name, m_qtype, m_server.host);
  auto addr = single_address(*values, m_qtype == "TXT", where);
  if (addr && addr->family() != family) {
    return fail(ErrorClass::invalid_response,
                fmt::format("{}: answered {} address {} for {}", where, to_string(addr->family()),
                            addr->to_string(), to_string(family)));
  }
  return addr;
}

}  // namespace ddnsguard::providers
