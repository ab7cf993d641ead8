#pragma once
// One owned thread that runs one task at a time: started by the first task, asleep between
// tasks (no wakeups), joined when the Worker ends. A task still running then is waited for,
// so every task must honour its own timeout or cancellation.

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace ddnsguard::providers {

class Worker {
 public:
  Worker() = default;
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;
  ~Worker();  // waits for the running task, then joins

  // Hands `task` to the worker's thread and returns; when the previous task has not returned
  // yet, first waits for it (callers that cannot wait must know it has ended, as Observer
  // does from its answer board).
  // `task` must not throw (an escaping exception ends the process, as with std::thread).
  // Throws std::system_error when the thread cannot start (then nothing runs).
  void start(std::function<void()> task);

  // True while a task runs (or waits to run).
  bool busy() const;

 private:
  void loop();

  mutable std::mutex m_mutex;
  std::condition_variable m_wake;  // a task or the stop for the thread
  std::condition_variable m_idle;  // the running task returned
  std::function<void()> m_task;
  bool m_busy = false;
  bool m_stop = false;
  std::thread m_thread;  // last: starts after everything it uses
};

}  // namespace ddnsguard::providers
