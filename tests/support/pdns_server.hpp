#pragma once
// A real PowerDNS Authoritative (gsqlite3) on loopback, on free ports, in a temp dir,
// stopped by PID. Skips the test when pdns_server is missing, but fails under CI.

#include <memory>
#include <optional>
#include <string>

#include "tests/support/process.hpp"

namespace ddnsguard::testing {

class PdnsServer {
 public:
  // Starts the server; empty error() on success.
  PdnsServer();
  ~PdnsServer() = default;
  const std::string& error() const { return m_error; }
  bool missing() const { return m_missing; }

  std::string api() const;  // http://127.0.0.1:<port>/api/v1
  const std::string& api_key() const { return m_key; }
  int dns_port() const { return m_dns_port; }
  pid_t pid() const { return m_proc ? m_proc->pid() : -1; }
  void stop() { m_proc.reset(); }

  // POST a Native zone (SOA-EDIT-API DEFAULT); false on failure.
  bool create_zone(const std::string& zone);
  // The A/AAAA content of `name` straight from the API (not cached), or nullopt.
  std::optional<std::string> rrset_content(const std::string& zone, const std::string& name,
                                           const std::string& type);
  // Replace the rrset behind ddnsguard's back.
  bool set_rrset(const std::string& zone, const std::string& name, const std::string& type,
                 const std::string& content);

 private:
  bool start();
  TempDir m_dir;
  std::unique_ptr<Background> m_proc;
  std::string m_key = "pdns-test-key-5e1f";
  int m_api_port = 0;
  int m_dns_port = 0;
  std::string m_error;
  bool m_missing = false;
};

// Use at the top of a test: skips (or fails under CI) when pdns_server is missing.
#define DDNSGUARD_REQUIRE_PDNS(server)                                                             \
  do {                                                                                             \
    if ((server).missing()) {                                                                      \
      if (std::getenv("CI")) FAIL() << "pdns_server missing: fix tools/setup.sh";                  \
      GTEST_SKIP() << "pdns_server not installed; run tools/setup.sh";                             \
    }                                                                                              \
    ASSERT_TRUE((server).error().empty()) << (server).error();                                     \
  } while (0)

}  // namespace ddnsguard::testing
