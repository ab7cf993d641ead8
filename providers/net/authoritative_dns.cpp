#include "providers/net/authoritative_dns.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "providers/base/parallel.hpp"
#include "providers/net/dns_name.hpp"

namespace ddnsguard::providers {

namespace {

constexpr auto k_discovery_ttl = std::chrono::hours{1};
constexpr std::size_t k_servers_at_once = 8;  // zones have 2 to 6 name servers

std::string server_text(const ServerSpec& s) {
  return s.host.find(':') != std::string::npos ? fmt::format("[{}]:{}", s.host, s.port)
                                               : fmt::format("{}:{}", s.host, s.port);
}

Result<std::vector<std::string>> ask(const ServerSpec& server, const std::string& name,
                                     const char* type, bool recursive,
                                     std::chrono::milliseconds timeout) {
  DnsQuery q;
  q.server = server;
  q.name = name;
  q.type = type;
  q.recursion_desired = recursive;
  q.timeout = timeout;
  return dns_query(q);
}

}  // namespace

std::optional<ServerSpec> system_resolver() {
  std::ifstream in("/etc/resolv.conf");
  std::stringstream text;
  text << in.rdbuf();
  return first_nameserver(text.str());
}

AuthoritativeAnswer ask_authoritative(const ServerSpec& server, const Record& rec,
                                      std::chrono::milliseconds timeout) {
  AuthoritativeAnswer a;
  a.server = server_text(server);
  auto texts = ask(server, rec.name, rec.family == Family::ipv4 ? "A" : "AAAA", false, timeout);
  if (!texts) {
    a.addresses = tl::unexpected(texts.error());
    return a;
  }
  std::vector<Address> out;
  for (const auto& t : *texts) {
    auto addr = Address::parse(t, rec.family);
    if (!addr) {
      a.addresses =
          fail(ErrorClass::invalid_response, fmt::format("{} answered \"{}\"", a.server, t));
      return a;
    }
    out.push_back(*addr);
  }
  a.addresses = std::move(out);
  return a;
}

bool SilentServers::contains(const std::string& server) const {
  std::lock_guard lock(m_mutex);
  return m_servers.contains(server);
}

void SilentServers::add(const std::string& server) {
  std::lock_guard lock(m_mutex);
  m_servers.insert(server);
}

std::vector<AuthoritativeAnswer> ask_all(const std::vector<ServerSpec>& servers, const Record& rec,
                                         std::chrono::milliseconds timeout, SilentServers* silent) {
  std::vector<AuthoritativeAnswer> out(servers.size());
  run_parallel(servers.size(), k_servers_at_once, [&](std::size_t i) {
    auto& a = out[i];
    a.server = server_text(servers[i]);
    if (silent != nullptr && silent->contains(a.server)) {
      Error e{ErrorClass::transient, a.server + ": did not reply earlier in this pass", {}, true};
      a.addresses = tl::unexpected(std::move(e));
      return;
    }
    a = ask_authoritative(servers[i], rec, timeout);
    if (silent != nullptr && !a.addresses && a.addresses.error().no_reply) silent->add(a.server);
  });
  return out;
}

std::vector<AuthoritativeAnswer> FixedAuthoritative::query(const Record& rec,
                                                           SilentServers* silent) {
  return ask_all(m_servers, rec, m_timeout, silent);
}

std::optional<ServerSpec> first_nameserver(std::string_view resolv_conf) {
  std::istringstream in{std::string(resolv_conf)};
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string key, value;
    if (words >> key >> value && key == "nameserver") {
      if (auto pct = value.find('%'); pct != std::string::npos) value.resize(pct);  // scope id
      ServerSpec s;
      s.host = value;
      return s;
    }
  }
  return std::nullopt;
}

Result<std::pair<std::string, std::vector<ServerSpec>>>
DiscoveredAuthoritative::discover(const std::string& name) {
  auto recursive = m_recursive ? m_recursive : system_resolver();
  if (!recursive) return fail(ErrorClass::config, "no recursive resolver to find name servers");
  // The zone cut is the longest suffix of the name that has NS records.
  std::string zone = dns_lower(name);
  while (!zone.empty() && zone.back() == '.')
    zone.pop_back();
  for (;;) {
    auto ns = ask(*recursive, zone, "NS", true, m_timeout);
    if (!ns) return tl::unexpected(ns.error());
    if (!ns->empty()) {
      std::vector<ServerSpec> servers;
      for (const auto& host : *ns) {
        for (const char* type : {"A", "AAAA"}) {
          auto addrs = ask(*recursive, host, type, true, m_timeout);
          for (const auto& a : addrs ? *addrs : std::vector<std::string>{}) {
            ServerSpec s;
            s.host = a;
            s.port = m_ns_port;
            servers.push_back(s);
          }
        }
      }
      if (servers.empty()) {
        return fail(ErrorClass::transient,
                    fmt::format("the name servers of {} have no address", zone));
      }
      return std::pair{zone, servers};
    }
    auto dot = zone.find('.');
    if (dot == std::string::npos) break;
    zone.erase(0, dot + 1);
  }
  return fail(ErrorClass::transient, fmt::format("no NS records found above {}", name));
}

std::vector<AuthoritativeAnswer> DiscoveredAuthoritative::query(const Record& rec,
                                                                SilentServers* silent) {
  std::vector<ServerSpec> servers;
  {
    std::lock_guard lock(m_mutex);
    auto it = m_cache.find(rec.name);
    if (it != m_cache.end() && m_clock.now() < it->second.until) servers = it->second.servers;
  }
  if (servers.empty()) {
    AuthoritativeAnswer a;
    a.server = "NS discovery";
    if (silent != nullptr && silent->contains(a.server)) {
      Error e{ErrorClass::transient, "the resolver did not reply earlier in this pass", {}, true};
      a.addresses = tl::unexpected(std::move(e));
      return {a};
    }
    auto found = discover(rec.name);
    if (!found) {
      if (silent != nullptr && found.error().no_reply) silent->add(a.server);
      a.addresses = tl::unexpected(found.error());
      return {a};
    }
    servers = found->second;
    std::lock_guard lock(m_mutex);
    m_cache[rec.name] = {servers, m_clock.now() + k_discovery_ttl};
  }
  return ask_all(servers, rec, m_timeout, silent);
}

}  // namespace ddnsguard::providers
