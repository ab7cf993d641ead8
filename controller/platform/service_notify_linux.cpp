// systemd's notify protocol through libsystemd (sd_notify, sd_watchdog_enabled).

#include <systemd/sd-daemon.h>

#include <string>

#include "controller/platform/service_notify.hpp"

namespace ddnsguard::controller {

namespace {

class SystemdNotifier final : public ServiceNotifier {
 public:
  SystemdNotifier() {
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0)
      m_every = std::chrono::milliseconds{static_cast<long long>(usec / 2000)};
  }
  void ready(std::string_view status) override { send("READY=1\nSTATUS=", status); }
  void status(std::string_view status) override { send("STATUS=", status); }
  void alive() override {
    if (m_every) sd_notify(0, "WATCHDOG=1");
  }
  void stopping() override { sd_notify(0, "STOPPING=1"); }
  std::optional<std::chrono::milliseconds> alive_every() const override { return m_every; }

 private:
  static void send(std::string_view head, std::string_view status) {
    std::string msg(head);
    msg.append(status);
    sd_notify(0, msg.c_str());
  }
  std::optional<std::chrono::milliseconds> m_every;
};

}  // namespace

std::unique_ptr<ServiceNotifier> service_notifier_from_environment() {
  return std::make_unique<SystemdNotifier>();
}

int run_as_service(const std::function<int()>& body) {
  return body();
}

}  // namespace ddnsguard::controller
