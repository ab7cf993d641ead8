#include <windows.h>

#include "controller/platform/signals.hpp"
#include "controller/platform/signals_registry.hpp"

namespace ddnsguard::controller {

namespace {

BOOL WINAPI on_console_event(DWORD event) {
  switch (event) {
  case CTRL_C_EVENT:
  case CTRL_BREAK_EVENT:
  case CTRL_CLOSE_EVENT:
  case CTRL_LOGOFF_EVENT:
  case CTRL_SHUTDOWN_EVENT:
    SignalWatcher::request_stop();
    return TRUE;
  default:
    return FALSE;
  }
}

}  // namespace

// Console events arrive on a thread Windows creates, so no watcher thread is needed.
SignalWatcher::SignalWatcher(providers::Clock& clock, std::atomic<bool>& cancel)
    : m_clock(clock), m_cancel(cancel) {
  register_watcher(this);
  SetConsoleCtrlHandler(on_console_event, TRUE);
}

SignalWatcher::~SignalWatcher() {
  SetConsoleCtrlHandler(on_console_event, FALSE);
  register_watcher(nullptr);
}

}  // namespace ddnsguard::controller
