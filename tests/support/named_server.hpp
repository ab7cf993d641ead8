#pragma once
// A real BIND 9 `named` on loopback: one zone open to RFC 2136 updates signed with a TSIG
// key, on a free port, in a temp dir, stopped by PID. Skips the test when named is
// missing, but fails under CI.

#include <memory>
#include <string>

#include "tests/support/process.hpp"

namespace ddnsguard::testing {

class NamedServer {
 public:
  static constexpr const char* k_zone = "example.test";
  static constexpr const char* k_key_name = "ddns-key";
  // base64 of "secret-key-for-tests-0123456789abcdef"
  static constexpr const char* k_key_secret =
      "c2VjcmV0LWtleS1mb3ItdGVzdHMtMDEyMzQ1Njc4OWFiY2RlZg==";

  NamedServer();  // starts it; empty error() on success
  const std::string& error() const { return m_error; }
  bool missing() const { return m_missing; }
  int port() const { return m_port; }
  // `dig +short` of name/type at this server: what DNS really answers.
  std::string dig(const std::string& name, const std::string& type) const;

 private:
  bool start();
  TempDir m_dir;
  std::unique_ptr<Background> m_proc;
  int m_port = 0;
  std::string m_error;
  bool m_missing = false;
};

#define DDNSGUARD_REQUIRE_NAMED(server)                                                            \
  do {                                                                                             \
    if ((server).missing()) {                                                                      \
      if (std::getenv("CI")) FAIL() << "named missing: fix tools/setup.sh";                        \
      GTEST_SKIP() << "named (bind9) not installed; run tools/setup.sh";                           \
    }                                                                                              \
    ASSERT_TRUE((server).error().empty()) << (server).error();                                     \
  } while (0)

}  // namespace ddnsguard::testing
