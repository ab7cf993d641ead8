#pragma once
// Tells the service manager how the daemon is doing (systemd Type=notify, DESIGN §4):
// ready after the first pass, alive at least every half watchdog period while sleeping and
// as a pass makes progress (a hung pass stops the pings and gets restarted), stopping on the
// way out. Without a service manager
// (NOTIFY_SOCKET unset) every call is a no-op.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

namespace ddnsguard::controller {

class ServiceNotifier {
 public:
  virtual ~ServiceNotifier() = default;
  virtual void ready(std::string_view status) = 0;
  virtual void status(std::string_view status) = 0;
  virtual void alive() = 0;
  virtual void stopping() = 0;
  // How often alive() must be called; nullopt when no watchdog is armed.
  virtual std::optional<std::chrono::milliseconds> alive_every() const = 0;
};

// The platform's notifier, configured from the environment the service manager set.
std::unique_ptr<ServiceNotifier> service_notifier_from_environment();

// `run --service`: runs `body` (the daemon) as the service manager expects. Windows: through
// the service control dispatcher, reporting start, running and stopped to the SCM, with
// stop and shutdown controls turned into a stop request (SignalWatcher::request_stop) and
// "paramchange" into a reload; fails with exit code 1 when the SCM did not start us.
// Elsewhere: `body()` itself (systemd needs nothing more than the notifier).
int run_as_service(const std::function<int()>& body);

}  // namespace ddnsguard::controller
