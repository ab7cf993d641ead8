#pragma once
// SIGTERM/SIGINT (stop) and SIGHUP (reload), received by a dedicated thread with
// sigtimedwait, so no work happens in a signal handler. Construct before any other thread
// starts: the constructor blocks these signals for the whole process.

#include <atomic>
#include <thread>

#include "providers/clock.hpp"

namespace ddnsguard::controller {

class SignalWatcher {
 public:
  // On a stop signal: sets `cancel` (aborts HTTP transfers) and interrupts `clock`.
  // On SIGHUP: marks a reload and interrupts `clock`.
  SignalWatcher(providers::Clock& clock, std::atomic<bool>& cancel);
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

  bool stop_requested() const { return m_stop.load(); }
  // True once per SIGHUP received.
  bool take_reload() { return m_reload.exchange(false); }

 private:
  void watch();
  providers::Clock& m_clock;
  std::atomic<bool>& m_cancel;
  std::atomic<bool> m_stop{false};
  std::atomic<bool> m_reload{false};
  std::atomic<bool> m_quit{false};
  std::thread m_thread;
};

}  // namespace ddnsguard::controller
