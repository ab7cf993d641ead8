#pragma once
// What the zone's authoritative name servers really answer for a record (DESIGN §2
// "Verify"): asked directly with recursion off, never through a recursive cache.

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "providers/base/address.hpp"
#include "providers/base/clock.hpp"
#include "providers/base/record.hpp"
#include "providers/base/result.hpp"
#include "providers/net/dns_query.hpp"

namespace ddnsguard::providers {

struct AuthoritativeAnswer {
  std::string server;                      // "192.0.2.53:53"
  Result<std::vector<Address>> addresses;  // what it holds for the record; empty: nothing
};

// Servers that did not reply (timeout, unreachable) during one pass: they are not asked
// again until the next pass, so a dead server costs one timeout per pass, not one per
// record. Thread-safe.
class SilentServers {
 public:
  bool contains(const std::string& server) const;
  void add(const std::string& server);

 private:
  mutable std::mutex m_mutex;
  std::set<std::string> m_servers;  // as AuthoritativeAnswer::server names them
};

class AuthoritativeDns {
 public:
  virtual ~AuthoritativeDns() = default;
  // Asks every authoritative server of `rec`'s zone for rec's type, all at once. Empty when
  // no server is known (discovery failed). Blocks for about one timeout at most. Servers in
  // `silent` (may be null) are skipped (an error answer with no_reply); those that do not
  // reply are added to it. Never throws.
  virtual std::vector<AuthoritativeAnswer> query(const Record& rec, SilentServers* silent) = 0;
};

// Asks one server for `rec`'s type with recursion off.
AuthoritativeAnswer ask_authoritative(const ServerSpec& server, const Record& rec,
                                      std::chrono::milliseconds timeout);
// Asks every server in `servers` at once (see AuthoritativeDns::query).
std::vector<AuthoritativeAnswer> ask_all(const std::vector<ServerSpec>& servers, const Record& rec,
                                         std::chrono::milliseconds timeout, SilentServers* silent);

// The servers given in the configuration (verify.nameservers).
class FixedAuthoritative final : public AuthoritativeDns {
 public:
  FixedAuthoritative(std::vector<ServerSpec> servers, std::chrono::milliseconds timeout)
      : m_servers(std::move(servers)), m_timeout(timeout) {}
  std::vector<AuthoritativeAnswer> query(const Record& rec, SilentServers* silent) override;

 private:
  std::vector<ServerSpec> m_servers;
  std::chrono::milliseconds m_timeout;
};

// The zone's servers found from its NS records through a recursive resolver (`recursive`;
// the first name server of /etc/resolv.conf when nullopt), remembered for an hour.
// `ns_port` is the port the found servers are asked on (53; tests change it).
class DiscoveredAuthoritative final : public AuthoritativeDns {
 public:
  DiscoveredAuthoritative(std::optional<ServerSpec> recursive, std::chrono::milliseconds timeout,
                          const Clock& clock, std::uint16_t ns_port = 53)
      : m_recursive(std::move(recursive)), m_timeout(timeout), m_clock(clock), m_ns_port(ns_port) {}
  std::vector<AuthoritativeAnswer> query(const Record& rec, SilentServers* silent) override;

  // The zone holding `name` and its servers' addresses; transient when none is found.
  Result<std::pair<std::string, std::vector<ServerSpec>>> discover(const std::string& name);

 private:
  struct Found {
    std::vector<ServerSpec> servers;
    Clock::time_point until;
  };
  std::optional<ServerSpec> m_recursive;
  std::chrono::milliseconds m_timeout;
  const Clock& m_clock;
  std::uint16_t m_ns_port;
  std::mutex m_mutex;
  std::map<std::string, Found> m_cache;  // by record name
};

// The first "nameserver" line of a resolv.conf text, if any.
std::optional<ServerSpec> first_nameserver(std::string_view resolv_conf);
// The first name server of /etc/resolv.conf, if any.
std::optional<ServerSpec> system_resolver();

}  // namespace ddnsguard::providers
