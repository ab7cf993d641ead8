#pragma once
// The end-to-end fixture: a real PowerDNS, a fake address echo, a config file and the real
// ddnsguard binary run as a child process.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/support/fake_http.hpp"
#include "tests/support/pdns_server.hpp"
#include "tests/support/process.hpp"

namespace ddnsguard::testing {

class LoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DDNSGUARD_REQUIRE_PDNS(m_pdns);
    ASSERT_TRUE(m_pdns.create_zone("example.org"));
    m_echo.server().Get("/", [this](const httplib::Request&, httplib::Response& res) {
      ++m_echo_requests;
      // A hung source, released early when the test ends.
      auto until =
          std::chrono::steady_clock::now() + std::chrono::milliseconds{m_echo_delay.load()};
      while (m_echo_delay.load() > 0 && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
      }
      std::lock_guard lock(m_mutex);
      res.set_content(m_address, "text/plain");
    });
    m_echo.start();
  }

  void TearDown() override {
    m_echo_delay = 0;
    m_echo.stop();
  }

  void set_address(const std::string& a) {
    std::lock_guard lock(m_mutex);
    m_address = a;
  }

  // The default configuration: one echo source, one PowerDNS provider, record
  // home.example.org A. The API key reaches ddnsguard only through ${PDNS_KEY}.
  nlohmann::json config() const {
    return {
        {"state_dir", m_dir.path() + "/state"},
        {"log", {{"level", "debug"}}},
        {"sources",
         {{"ipv4", {{{"type", "http"}, {"url", m_echo.url("/")}}}},
          {"timeout", "1s"},
          {"allow_private", true}}},
        {"providers",
         {{"pdns",
           {{"type", "powerdns"}, {"api_key", "${PDNS_KEY}"}, {"endpoint", m_pdns.api()}}}}},
        {"records",
         {{{"name", "home.example.org"}, {"type", "A"}, {"ttl", 60}, {"providers", {"pdns"}}}}},
        {"polling", {{"mode", "fixed"}, {"min_interval", "1s"}}},
        {"verify",
         {{"grace", "5s"}, {"nameservers", {"127.0.0.1:" + std::to_string(m_pdns.dns_port())}}}}};
  }

  std::string write_config(const nlohmann::json& c) {
    auto path = m_dir.path() + "/ddnsguard.json";
    write_file(path, c.dump(2));
    chmod(path.c_str(), 0600);
    return path;
  }

  std::map<std::string, std::string> env() const { return {{"PDNS_KEY", m_pdns.api_key()}}; }

  ProcessResult ddnsguard(const std::vector<std::string>& args,
                          std::chrono::milliseconds timeout = std::chrono::seconds{30}) {
    std::vector<std::string> argv{DDNSGUARD_BINARY, "-c", m_dir.path() + "/ddnsguard.json"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, env(), timeout);
  }

  std::unique_ptr<Background> start_run(const std::string& log_name = "run.log") {
    return std::make_unique<Background>(
        std::vector<std::string>{DDNSGUARD_BINARY, "-c", m_dir.path() + "/ddnsguard.json", "run"},
        m_dir.path() + "/" + log_name, env());
  }

  std::optional<std::string> published() {
    return m_pdns.rrset_content("example.org", "home.example.org", "A");
  }

  // Polls until the record holds `want` or ~10 s pass.
  bool wait_published(const std::string& want) {
    for (int i = 0; i < 200; ++i) {
      if (published() == want) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds{50});
    }
    return false;
  }

  nlohmann::json history() {
    auto r = ddnsguard({"history", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out, nullptr, false);
  }

  TempDir m_dir;
  PdnsServer m_pdns;
  FakeHttp m_echo;
  std::mutex m_mutex;
  std::string m_address = "203.0.113.10";
  std::atomic<int> m_echo_delay{0};
  std::atomic<int> m_echo_requests{0};  // requests the echo has received

  // Waits up to ~10 s until the echo has received `n` requests.
  bool wait_echo_requests(int n) {
    for (int i = 0; i < 200 && m_echo_requests.load() < n; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds{50});
    return m_echo_requests.load() >= n;
  }
};

}  // namespace ddnsguard::testing
