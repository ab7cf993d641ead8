#pragma once
// The fault-injection fixture: a real PowerDNS behind a FaultProxy, three address echoes
// whose behaviour each test sets, and the controller's own runtime driven pass by pass in
// process (virtual clock for timestamps; HTTP and DNS are real, on loopback). Everything
// the controller writes to the provider goes through the proxy, so a test can check that
// no wrong address was ever sent.

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>

#include "controller/app/runtime.hpp"
#include "controller/config/config.hpp"
#include "tests/support/fake_http.hpp"
#include "tests/support/fault_proxy.hpp"
#include "tests/support/pdns_server.hpp"
#include "tests/support/process.hpp"

namespace ddnsguard::testing {

// What one echo answers.
enum class Echo { answer, lie, error, hang };

class FaultTest : public ::testing::Test {
 protected:
  static constexpr const char* k_zone = "example.org";
  static constexpr const char* k_name = "home.example.org";

  void SetUp() override {
    DDNSGUARD_REQUIRE_PDNS(m_pdns);
    ASSERT_TRUE(m_pdns.create_zone(k_zone));
    m_proxy = std::make_unique<FaultProxy>(api_port());
    for (std::size_t i = 0; i < m_echo.size(); ++i) {
      m_echo[i].server().Get(
          "/", [this, i](const httplib::Request&, httplib::Response& res) { serve_echo(i, res); });
      m_echo[i].start();
    }
  }

  void TearDown() override {
    m_releasing = true;
    for (auto& e : m_echo)
      e.stop();
    if (m_proxy) m_proxy->stop();
  }

  int api_port() const {
    auto api = m_pdns.api();  // http://127.0.0.1:<port>/api/v1
    auto colon = api.rfind(':');
    return std::stoi(api.substr(colon + 1));
  }

  void set_echo(std::size_t i, Echo mode) {
    std::lock_guard lock(m_mutex);
    m_mode[i] = mode;
  }
  // Echo answers carry a Date header this far from the real clock (nullopt: none).
  void set_echo_clock(std::optional<std::chrono::seconds> offset) {
    std::lock_guard lock(m_mutex);
    m_date_offset = offset;
  }
  void set_address(const std::string& a) {
    std::lock_guard lock(m_mutex);
    m_address = a;
  }

  nlohmann::json config_json() const {
    nlohmann::json sources = nlohmann::json::array();
    for (const auto& e : m_echo)
      sources.push_back({{"type", "http"}, {"url", e.url("/")}});
    return {{"state_dir", m_dir.path() + "/state"},
            {"log", {{"level", "debug"}}},
            {"sources", {{"ipv4", sources}, {"quorum", 2}, {"timeout", "1s"}}},
            {"providers",
             {{"pdns",
               {{"type", "powerdns"},
                {"api_key", m_pdns.api_key()},
                {"endpoint", m_proxy->url("/api/v1")}}}}},
            {"records", {{{"name", k_name}, {"type", "A"}, {"ttl", 60}, {"providers", {"pdns"}}}}},
            {"retry", {{"base", "1s"}, {"cap", "2s"}}},
            {"verify",
             {{"grace", "2m"},
              {"api_interval", m_api_interval},
              {"nameservers", {"127.0.0.1:" + std::to_string(m_pdns.dns_port())}}}}};
  }
  // verify.api_interval: how often the API is read while DNS shows the address.
  std::string m_api_interval = "1h";

  // Builds the runtime from config_json() (or `c`), as `run` would.
  void start_controller(const nlohmann::json& c) {
    std::vector<providers::ConfigProblem> problems;
    auto env = providers::ConfigEnv::system();
    auto parsed = controller::parse_config(c.dump(), env);
    ASSERT_TRUE(parsed.config) << (parsed.problems.empty() ? "" : parsed.problems[0].message);
    std::filesystem::create_directories(c["state_dir"].get<std::string>());
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(m_log);
    m_rt = controller::build_runtime(std::move(*parsed.config),
                                     {.clock = m_clock, .extra_sink = sink});
  }
  void start_controller() { start_controller(config_json()); }

  // One pass, then a minute of virtual time.
  controller::PassReport pass() {
    auto r = m_rt->reconciler->reconcile_once(controller::DryRun::no);
    m_clock.advance(std::chrono::minutes{1});
    return r;
  }

  std::vector<controller::Anomaly> anomalies(const std::string& kind) const {
    std::vector<controller::Anomaly> out;
    for (auto& a : m_rt->store->anomalies(controller::TimePoint{}, false)) {
      if (controller::to_string(a.kind) == kind) out.push_back(a);
    }
    return out;
  }
  bool open(const std::string& kind) const {
    for (const auto& a : anomalies(kind)) {
      if (!a.closed_at) return true;
    }
    return false;
  }
  int decisions(const std::string& value) const {
    int n = 0;
    for (const auto& d : m_rt->store->decisions(controller::TimePoint{}))
      n += d.value == value ? 1 : 0;
    return n;
  }
  // Every address the controller ever sent to the provider.
  std::vector<std::string> written() const {
    std::vector<std::string> out;
    for (const auto& body : m_proxy->writes()) {
      auto j = nlohmann::json::parse(body, nullptr, false);
      for (const auto& rrset : j.value("rrsets", nlohmann::json::array())) {
        for (const auto& rec : rrset.value("records", nlohmann::json::array()))
          out.push_back(rec.value("content", ""));
      }
    }
    return out;
  }
  // Every address sent to the provider was one the echoes really answered.
  void expect_no_wrong_publish() const {
    for (const auto& a : written())
      EXPECT_TRUE(a == "11.22.33.44" || a == "11.22.33.55") << "wrong publish: " << a;
  }
  std::optional<std::string> held() { return m_pdns.rrset_content(k_zone, k_name, "A"); }

  PdnsServer m_pdns;
  std::unique_ptr<FaultProxy> m_proxy;
  std::array<FakeHttp, 3> m_echo;
  TempDir m_dir;
  providers::ManualClock m_clock{providers::Clock::time_point{std::chrono::hours{24 * 20600}}};
  std::ostringstream m_log;
  std::unique_ptr<controller::Runtime> m_rt;

 private:
  void serve_echo(std::size_t i, httplib::Response& res) {
    Echo mode;
    std::string address;
    {
      std::lock_guard lock(m_mutex);
      mode = m_mode[i];
      address = m_address;
      if (m_date_offset) res.set_header("Date", http_date(*m_date_offset));
    }
    switch (mode) {
    case Echo::answer:
      res.set_content(address, "text/plain");
      return;
    case Echo::lie:
      res.set_content("11.99.99.99", "text/plain");
      return;
    case Echo::error:
      res.status = 500;
      return;
    case Echo::hang:  // accepts the connection and never answers
      while (!m_releasing.load())
        std::this_thread::sleep_for(std::chrono::milliseconds{10});
      return;
    }
  }

  static std::string http_date(std::chrono::seconds offset) {
    auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + offset);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return buf;
  }

  std::mutex m_mutex;
  std::optional<std::chrono::seconds> m_date_offset;
  std::array<Echo, 3> m_mode{Echo::answer, Echo::answer, Echo::answer};
  std::string m_address = "11.22.33.44";
  std::atomic<bool> m_releasing{false};
};

}  // namespace ddnsguard::testing
