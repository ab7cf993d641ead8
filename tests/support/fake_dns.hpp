#pragma once
// A UDP DNS responder on 127.0.0.1 (OS-chosen port) for tests. By question name:
//   a.test A -> 198.51.100.7; two.test A -> two addresses; whoami.cloudflare CH TXT ->
//   "203.0.113.5"; refused.test -> REFUSED; servfail.test -> SERVFAIL; nx.test -> NXDOMAIN;
//   v6.test AAAA -> 2001:db8::5; silent.test -> no reply at all; any other name: no record.
// A gate, when set, runs before each reply (on the server's thread) and may hold it or drop
// it (false): a dead server, or one that answers only once others have been asked.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace ddnsguard::testing {

class FakeDns {
 public:
  using Gate = std::function<bool(const std::string& name)>;  // name with a trailing dot
  explicit FakeDns(Gate gate = nullptr);
  ~FakeDns();
  FakeDns(const FakeDns&) = delete;
  FakeDns& operator=(const FakeDns&) = delete;
  std::uint16_t port() const { return m_port; }
  // Datagrams received so far (answered or not).
  int queries() const { return m_queries.load(); }
  // Answers `name` (with a trailing dot) type A with `address` from now on.
  void set_a(const std::string& name, const std::string& address);

 private:
  void serve();
  std::string a_for(const std::string& name);

  Gate m_gate;
  int m_fd = -1;
  std::uint16_t m_port = 0;
  std::atomic<int> m_queries{0};
  std::atomic<bool> m_stop{false};
  std::mutex m_mutex;
  std::map<std::string, std::string> m_a;  // set_a's answers
  std::thread m_thread;
};

}  // namespace ddnsguard::testing
