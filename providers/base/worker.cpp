#include "providers/base/worker.hpp"

#include <utility>

namespace ddnsguard::providers {

Worker::~Worker() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

void Worker::start(std::function<void()> task) {
  {
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return !m_busy; });
    if (!m_thread.joinable()) m_thread = std::thread([this] { loop(); });
    m_task = std::move(task);
    m_busy = true;
  }
  m_wake.notify_all();
}

bool Worker::busy() const {
  std::lock_guard lock(m_mutex);
  return m_busy;
}

void Worker::loop() {
  std::unique_lock lock(m_mutex);
  for (;;) {
    m_wake.wait(lock, [this] { return m_stop || m_task; });
    if (!m_task) return;  // stopping, nothing left to run
    auto task = std::exchange(m_task, nullptr);
    lock.unlock();
    task();
    task = nullptr;  // whatever it holds ends on this thread, before the next task
    lock.lock();
    m_busy = false;
    m_idle.notify_all();
  }
}

}  // namespace ddnsguard::providers
