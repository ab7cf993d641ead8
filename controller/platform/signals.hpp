#pragma once
// Stop and reload requests. POSIX: SIGTERM/SIGINT (stop) and SIGHUP (reload), received by
// a dedicated thread asleep in sigwaitinfo, so no work happens in a signal handler; construct
// before any other thread starts, as the constructor blocks these signals for the whole
// process. Windows: Ctrl+C, Ctrl+Break, console close, logoff and shutdown (stop), and the
// service control handler through request_stop/request_reload. One implementation per OS
// in controller/platform/signals_<os>.cpp.

#include <atomic>
#include <thread>

#include "providers/base/clock.hpp"

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

  // As a stop signal or SIGHUP would, for the watcher alive in this process (if any).
  static void request_stop();
  static void request_reload();

 private:
  void watch();
  void on_stop();
  void on_reload();
  providers::Clock& m_clock;
  std::atomic<bool>& m_cancel;
  std::atomic<bool> m_stop{false};
  std::atomic<bool> m_reload{false};
  std::atomic<bool> m_quit{false};
  std::thread m_thread;
};

}  // namespace ddnsguard::controller
