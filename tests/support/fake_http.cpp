#include "tests/support/fake_http.hpp"

#include <stdexcept>

namespace ddnsguard::testing {

void FakeHttp::start() {
  m_port = m_server.bind_to_any_port("127.0.0.1");
  if (m_port <= 0) throw std::runtime_error("fake http: cannot bind a loopback port");
  m_thread = std::thread([this] { m_server.listen_after_bind(); });
  while (!m_server.is_running())
    std::this_thread::yield();
}

void FakeHttp::stop() {
  if (m_thread.joinable()) {
    m_server.stop();
    m_thread.join();
  }
}

std::string FakeHttp::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(m_port) + path;
}

}  // namespace ddnsguard::testing
