#include "controller/platform/signals.hpp"
#include "controller/platform/signals_registry.hpp"

#include <signal.h>

#include <pthread.h>

namespace ddnsguard::controller {

namespace {

sigset_t watched() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

SignalWatcher::SignalWatcher(providers::Clock& clock, std::atomic<bool>& cancel)
    : m_clock(clock), m_cancel(cancel) {
  auto set = watched();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  register_watcher(this);
  m_thread = std::thread([this] { watch(); });
}

SignalWatcher::~SignalWatcher() {
  register_watcher(nullptr);
  m_quit = true;
  // The watcher sleeps in sigwaitinfo (no wakeups while idle): a signal sent to it alone
  // wakes it to see m_quit.
  if (m_thread.joinable()) {
    pthread_kill(m_thread.native_handle(), SIGHUP);
    m_thread.join();
  }
}

void SignalWatcher::watch() {
  auto set = watched();
  for (;;) {
    int sig = sigwaitinfo(&set, nullptr);
    if (m_quit) return;
    if (sig == SIGTERM || sig == SIGINT) {
      on_stop();
    } else if (sig == SIGHUP) {
      on_reload();
    }
  }
}

}  // namespace ddnsguard::controller
