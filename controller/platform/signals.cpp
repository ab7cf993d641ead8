#include "controller/platform/signals.hpp"

#include "controller/platform/signals_registry.hpp"

namespace ddnsguard::controller {

namespace {

std::atomic<SignalWatcher*> g_watcher{nullptr};

}  // namespace

void register_watcher(SignalWatcher* watcher) {
  g_watcher = watcher;
}

void SignalWatcher::request_stop() {
  if (auto* w = g_watcher.load()) w->on_stop();
}

void SignalWatcher::request_reload() {
  if (auto* w = g_watcher.load()) w->on_reload();
}

void SignalWatcher::on_stop() {
  m_stop = true;
  m_cancel = true;
  m_clock.interrupt();
}

void SignalWatcher::on_reload() {
  m_reload = true;
  m_clock.interrupt();
}

}  // namespace ddnsguard::controller
