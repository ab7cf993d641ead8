#pragma once
// Network awareness (DESIGN §3, events trump the plan): tells the daemon when the host's
// addresses or default routes change, or the machine wakes from sleep, so it checks at
// once instead of at the next planned time. Bursts (a link coming up brings a dozen
// messages) are folded into one change, and messages that change nothing (address
// lifetime refreshes) are ignored.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <spdlog/logger.h>

#include "controller/platform/resume_detector.hpp"

namespace ddnsguard::controller {

class NetworkWatch {
 public:
  virtual ~NetworkWatch() = default;
  // True once after each settled change (then false until the next one). Never blocks.
  virtual bool take_change() = 0;
  // What changed last, for the log ("address 192.0.2.7 added on ifindex 1").
  virtual std::string last_change() const = 0;
};

// How the watch notices a wake from sleep: the OS's suspended-time count, read this often
// (a sleep is reported at most `every` after the machine wakes).
struct ResumeCheck {
  std::function<std::chrono::nanoseconds()> suspended = time_suspended;
  std::chrono::milliseconds every{30'000};
};

// Starts watching on a background thread; `on_change` runs on that thread after each
// settled change or wake (e.g. to interrupt the daemon's sleep). Null when the platform
// has no watch or it cannot start (logged once); the daemon then relies on its plan alone.
std::unique_ptr<NetworkWatch> start_network_watch(std::function<void()> on_change,
                                                  std::shared_ptr<spdlog::logger> log,
                                                  ResumeCheck resume = {});

}  // namespace ddnsguard::controller
