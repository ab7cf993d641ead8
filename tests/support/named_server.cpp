#include "tests/support/named_server.hpp"

#include <thread>

#include <fmt/format.h>

#include "providers/net/dns_query.hpp"

namespace ddnsguard::testing {

NamedServer::NamedServer() {
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (start() || m_missing) return;
  }
}

bool NamedServer::start() {
  m_proc.reset();
  auto exe = find_program("named");
  if (!exe) {
    m_missing = true;
    return false;
  }
  const auto& d = m_dir.path();
  m_port = free_port();
  write_file(d + "/example.test.zone",
             "$TTL 300\n"
             "@ IN SOA ns1.example.test. admin.example.test. 1 3600 600 86400 300\n"
             "@ IN NS ns1.example.test.\n"
             "ns1 IN A 127.0.0.1\n");
  write_file(d + "/named.conf",
             fmt::format("key \"{key}\" {{ algorithm hmac-sha256; secret \"{secret}\"; }};\n"
                         "options {{ directory \"{d}\"; pid-file \"{d}/named.pid\";\n"
                         "  session-keyfile \"{d}/session.key\"; managed-keys-directory \"{d}\";\n"
                         "  listen-on port {port} {{ 127.0.0.1; }}; listen-on-v6 {{ none; }};\n"
                         "  recursion no; dnssec-validation no; notify no; }};\n"
                         "controls {{ }};\n"
                         "zone \"{zone}\" {{ type primary; file \"{d}/example.test.zone\";\n"
                         "  allow-update {{ key \"{key}\"; }}; }};\n",
                         fmt::arg("key", k_key_name), fmt::arg("secret", k_key_secret),
                         fmt::arg("d", d), fmt::arg("port", m_port), fmt::arg("zone", k_zone)));
  m_proc = std::make_unique<Background>(
      std::vector<std::string>{*exe, "-g", "-n", "1", "-c", d + "/named.conf"}, d + "/named.log");
  providers::DnsQuery q;
  q.server = {"127.0.0.1", static_cast<std::uint16_t>(m_port)};
  q.name = k_zone;
  q.type = "SOA";
  q.recursion_desired = false;
  q.timeout = std::chrono::milliseconds{200};
  for (int i = 0; i < 50; ++i) {
    if (!m_proc->running()) break;
    if (auto r = providers::dns_query(q); r && !r->empty()) {
      m_error.clear();
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
  m_error = "named did not answer: " + read_file(d + "/named.log");
  m_proc.reset();
  return false;
}

std::string NamedServer::dig(const std::string& name, const std::string& type) const {
  auto dig = find_program("dig");
  if (!dig) return "dig missing";
  auto r = run_process(
      {*dig, "@127.0.0.1", "-p", std::to_string(m_port), "+short", "+norecurse", name, type});
  return r.out;
}

}  // namespace ddnsguard::testing
