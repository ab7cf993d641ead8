#pragma once
// Shared by the configuration test files: markers, an injected environment, problem
// listing, a private temp directory and the small valid document the cases break.

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "controller/config/config.hpp"
#include "tests/support/fake_env.hpp"

namespace ddnsguard::controller::config_testing {

using namespace std::chrono_literals;
using nlohmann::json;
using providers::ConfigEnv;
using providers::Family;

namespace fs = std::filesystem;

inline const std::string k_marker = "MARKER-SECRET-123";
inline const std::string k_file_marker = "MARKER-FILE-SECRET-456";
inline const std::string k_env_marker = "MARKER-ENV-SECRET-789";

using ddnsguard::testing::fake_env;

inline ConfigEnv default_env() {
  return fake_env({{"PDNS_KEY", k_env_marker}}, {{"/run/creds/dyn", k_file_marker + "\n"}});
}

inline std::vector<std::string> lines(const ParseOutcome& o) {
  std::vector<std::string> out;
  for (const auto& p : o.problems)
    out.push_back(p.str());
  return out;
}

inline std::string joined(const ParseOutcome& o) {
  return ::testing::PrintToString(lines(o));
}

// A directory of this test's own, removed at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::path(::testing::TempDir()) / "ddnsguard-config-XXXXXX").string();
    char* made = ::mkdtemp(pattern.data());
    if (made == nullptr) throw std::runtime_error("mkdtemp failed");
    m_path = made;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return m_path; }
  std::string write(const std::string& name, const std::string& text, mode_t mode = 0600) const {
    auto p = m_path / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    if (::chmod(p.c_str(), mode) != 0) throw std::runtime_error("chmod failed");
    return p.string();
  }

 private:
  fs::path m_path;
};

// A small valid document; each case below breaks it in one way.
inline json base_doc() {
  return json::parse(R"({
    "sources": {"ipv4": [{"type": "http", "url": "http://127.0.0.1:9/ip"}],
                "ipv6": [{"type": "interface", "name": "eth0"}]},
    "providers": {
      "pdns": {"type": "powerdns", "api_key": "k-1"},
      "dyn": {"type": "dyndns2", "username": "u", "password": "p-1",
              "endpoint": "https://example.net/nic/update"}
    },
    "records": [{"name": "home.example.org", "type": "A", "providers": ["pdns"]}]
  })");
}

// Every section and every provider and source type, valid.
inline const char* const k_full_config = R"({
  "state_dir": "/var/lib/ddnsguard-test",
  "log": {"level": "debug", "format": "json", "file": "/var/log/ddnsguard.log",
          "max_size": 1048576, "max_files": 5},
  "sources": {
    "ipv4": [
      {"type": "http", "url": "https://api.ipify.org"},
      {"type": "http", "url": "https://1.1.1.1/cdn-cgi/trace", "format": "trace"},
      {"type": "dns", "server": "208.67.222.222", "name": "myip.opendns.com", "qtype": "A"},
      {"type": "command", "argv": ["/bin/echo", "203.0.113.5"]}
    ],
    "ipv6": [ {"type": "interface", "name": "eth0"} ],
    "quorum": 2,
    "timeout": "4s",
    "allow_private": true
  },
  "providers": {
    "pdns": {"type": "powerdns", "api_key": "${PDNS_KEY}",
             "endpoint": "http://127.0.0.1:8081/api/v1/", "zone": "example.org",
             "server_id": "localhost"},
    "dyn": {"type": "dyndns2", "username": "user1", "password_file": "/run/creds/dyn",
            "endpoint": "https://members.dyndns.org/nic/update"}
  },
  "records": [
    {"name": "home.example.org", "type": "A", "ttl": 120, "providers": ["pdns", "dyn"],
     "mode": "failover"},
    {"name": "home.example.org.", "type": "AAAA", "providers": ["pdns"]}
  ],
  "polling": {"mode": "fixed", "min_interval": "30s", "max_interval": "1h",
              "daily_budget": 100, "timezone": "Europe/Berlin"},
  "verify": {"enabled": false, "grace": "90s", "nameservers": ["127.0.0.1:5300"]},
  "retention": {"changes": "365d", "observations": "7d"},
  "notify": [ {"type": "webhook", "url": "https://example.net/hook?token=abc",
               "events": ["ip_change"]} ]
})";

}  // namespace ddnsguard::controller::config_testing
