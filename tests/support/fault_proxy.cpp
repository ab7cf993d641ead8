#include "tests/support/fault_proxy.hpp"

#include <thread>

namespace ddnsguard::testing {

FaultProxy::FaultProxy(int upstream_port) : m_upstream(upstream_port) {
  auto h = [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); };
  auto& s = m_http.server();
  s.Get(".*", h);
  s.Post(".*", h);
  s.Put(".*", h);
  s.Patch(".*", h);
  s.Delete(".*", h);
  m_http.start();
}

FaultProxy::~FaultProxy() {
  stop();
}

void FaultProxy::stop() {
  m_stopping = true;
  m_http.stop();
}

void FaultProxy::set(Mode mode, std::chrono::milliseconds delay) {
  m_delay_ms = static_cast<long>(delay.count());
  m_mode = mode;
}

std::vector<std::string> FaultProxy::writes() const {
  std::lock_guard lock(m_mutex);
  return m_writes;
}

bool FaultProxy::wait_for_hung_write(std::chrono::milliseconds timeout) const {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (m_hung.load() == 0 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  return m_hung.load() > 0;
}

void FaultProxy::handle(const httplib::Request& req, httplib::Response& res) {
  bool write = req.method == "PATCH";
  if (write) {
    std::lock_guard lock(m_mutex);
    m_writes.push_back(req.body);
  }
  switch (m_mode.load()) {
  case Mode::pass:
    break;
  case Mode::error:
    res.status = 503;
    res.set_content(R"({"error": "injected: service unavailable"})", "application/json");
    return;
  case Mode::slow:
    std::this_thread::sleep_for(std::chrono::milliseconds{m_delay_ms.load()});
    break;
  case Mode::unauthorized:
    res.status = 401;
    res.set_content("Unauthorized", "text/plain");
    return;
  case Mode::silent:
    if (write) {
      res.status = 204;  // "done", and nothing is done
      return;
    }
    break;
  case Mode::hang_writes:
    if (write) {
      ++m_hung;
      while (!m_stopping.load())
        std::this_thread::sleep_for(std::chrono::milliseconds{10});
      return;
    }
    break;
  }
  forward(req, res);
}

void FaultProxy::forward(const httplib::Request& req, httplib::Response& res) {
  httplib::Client upstream("127.0.0.1", m_upstream);
  httplib::Request out;
  out.method = req.method;
  out.path = req.target;
  out.body = req.body;
  for (const auto& [k, v] : req.headers) {
    if (k == "X-API-Key" || k == "Content-Type" || k == "Accept") out.headers.emplace(k, v);
  }
  auto r = upstream.send(out);
  if (!r) {
    res.status = 502;
    return;
  }
  res.status = r->status;
  auto type = r->get_header_value("Content-Type");
  res.set_content(r->body, type.empty() ? "text/plain" : type.c_str());
}

}  // namespace ddnsguard::testing
