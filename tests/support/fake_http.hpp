#pragma once
// A cpp-httplib server on an OS-chosen loopback port, run on its own thread.

#include <string>
#include <thread>

#include <httplib.h>

namespace ddnsguard::testing {

class FakeHttp {
 public:
  FakeHttp() = default;
  ~FakeHttp() { stop(); }
  FakeHttp(const FakeHttp&) = delete;
  FakeHttp& operator=(const FakeHttp&) = delete;

  httplib::Server& server() { return m_server; }
  // Binds 127.0.0.1 on a free port and serves in the background. Add routes first.
  void start();
  void stop();
  int port() const { return m_port; }
  std::string url(const std::string& path = "") const;

 private:
  httplib::Server m_server;
  std::thread m_thread;
  int m_port = 0;
};

}  // namespace ddnsguard::testing
