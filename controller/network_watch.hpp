#pragma once
// Network awareness (DESIGN §3, events trump the plan): tells the daemon when the host's
// addresses or default routes change, so it checks at once instead of at the next planned
// time. Bursts (a link coming up brings a dozen messages) are folded into one change, and
// messages that change nothing (address lifetime refreshes) are ignored.

#include <functional>
#include <memory>
#include <string>

#include <spdlog/logger.h>

namespace ddnsguard::controller {

class NetworkWatch {
 public:
  virtual ~NetworkWatch() = default;
  // True once after each settled change (then false until the next one). Never blocks.
  virtual bool take_change() = 0;
  // What changed last, for the log ("address 192.0.2.7 added on ifindex 1").
  virtual std::string last_change() const = 0;
};

// Starts watching on a background thread; `on_change` runs on that thread after each
// settled change (e.g. to interrupt the daemon's sleep). Null when the platform has no
// watch or it cannot start (logged once); the daemon then relies on its plan alone.
std::unique_ptr<NetworkWatch> start_network_watch(std::function<void()> on_change,
                                                  std::shared_ptr<spdlog::logger> log);

}  // namespace ddnsguard::controller
