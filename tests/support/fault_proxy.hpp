#pragma once
// An HTTP proxy on loopback in front of a real API (PowerDNS in the tests) that injects
// provider faults: 5xx bursts, slow answers, revoked credentials, silent writes (accepted
// with 204 and dropped) and hangs (the connection is accepted, no answer comes).

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "tests/support/fake_http.hpp"

namespace ddnsguard::testing {

class FaultProxy {
 public:
  enum class Mode { pass, error, slow, unauthorized, silent, hang_writes };

  // Forwards to http://127.0.0.1:<upstream_port>.
  explicit FaultProxy(int upstream_port);
  ~FaultProxy();

  void set(Mode mode, std::chrono::milliseconds delay = std::chrono::milliseconds{0});
  // Base URL with `path` appended (e.g. "/api/v1").
  std::string url(const std::string& path) const { return m_http.url(path); }
  // Bodies of every write (PATCH) that reached the proxy, in order.
  std::vector<std::string> writes() const;
  // Blocks until a write is being held by hang_writes (true) or `timeout` passes.
  bool wait_for_hung_write(std::chrono::milliseconds timeout) const;
  void stop();

 private:
  void handle(const httplib::Request& req, httplib::Response& res);
  void forward(const httplib::Request& req, httplib::Response& res);
  int m_upstream;
  FakeHttp m_http;
  std::atomic<Mode> m_mode{Mode::pass};
  std::atomic<long> m_delay_ms{0};
  std::atomic<bool> m_stopping{false};
  std::atomic<int> m_hung{0};
  mutable std::mutex m_mutex;
  std::vector<std::string> m_writes;
};

}  // namespace ddnsguard::testing
