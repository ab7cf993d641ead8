#pragma once
// Address source: a DNS server that echoes the query's source address
// (reference/providers.md §8.2: OpenDNS myip, Cloudflare whoami CH TXT, Google o-o.myaddr).

#include <string>

#include "providers/net/dns_query.hpp"
#include "providers/sources/address_source.hpp"

namespace ddnsguard::providers {

class DnsSource final : public AddressSource {
 public:
  // `qtype` A, AAAA or TXT; `qclass` IN or CH (the factory validates both).
  DnsSource(ServerSpec server, std::string name, std::string qtype, std::string qclass);

  // "dns <server>:<port> <name> <class> <type>".
  std::string describe() const override;
  // Asks the server directly over `family` (a server literal of the other family is a
  // config error). A/AAAA: all answers must be one address; TXT: the strings that are
  // addresses must all be the same one. No answer, several addresses or one of the wrong
  // family is invalid_response. Blocks at most about `timeout` (plus the server name lookup).
  Result<Address> fetch(Family family, std::chrono::milliseconds timeout) override;

 private:
  ServerSpec m_server;
  std::string m_name;
  std::string m_qtype;
  std::string m_qclass;
};

}  // namespace ddnsguard::providers
