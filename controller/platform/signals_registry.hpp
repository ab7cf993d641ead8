#pragma once
// The SignalWatcher alive in this process, for request_stop/request_reload (signals.cpp).

namespace ddnsguard::controller {

class SignalWatcher;
void register_watcher(SignalWatcher* watcher);  // nullptr when it goes away

}  // namespace ddnsguard::controller
