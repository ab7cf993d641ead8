#pragma once
// The pass driver (DESIGN §2): the daemon and the simulator run the controller only through
// Controller::step, the one with the system clock and the network watcher's events, the
// other with a virtual clock and a trace's.

#include <optional>
#include <string>

#include "controller/app/runtime.hpp"

namespace ddnsguard::controller {

// What reached the controller from outside since its last step.
struct StepEvents {
  // The network changed (an address or route came or went; the simulator: the network came
  // up): why, for the log and the stored decision.
  std::optional<std::string> network_change;
};

struct StepResult {
  std::optional<PassReport> pass;  // the pass this step ran; none when it had to wait
  NextCheck next;                  // when to step again, why, and whether an event set it
};

// What a controller remembers between steps; a reload hands it to the next one.
struct ControllerMemory {
  std::optional<TimePoint> last_pass;   // when the last pass started
  std::optional<TimePoint> last_prune;  // when the history was last pruned
  NextCheck next;  // when the next check is due: the last pass's plan, or an event's
};

class Controller {
 public:
  // `rt` is borrowed and must outlive it. `memory`: the previous controller's (a reload).
  explicit Controller(Runtime& rt, ControllerMemory memory = {});

  const ControllerMemory& memory() const { return m_memory; }

  // Called when the wait for the last result's `next` ended: at that time, or early for an
  // event. A network change drops pooled connections and cached answers, and brings the
  // check forward to now, but never closer than polling.min_interval to the last pass (in
  // fixed mode, where that is the interval itself, 10 s): then the step runs no pass and
  // says when to come back. Otherwise it runs one pass, prunes the
  // history once a day, plans the next check and reports to the metrics.
  StepResult step(const StepEvents& events = {});

 private:
  // The time a network change moves the check to, with the decision stored.
  TimePoint on_network_change(const std::string& why, TimePoint now);
  StepResult run_pass();

  Runtime& m_rt;
  ControllerMemory m_memory;
};

}  // namespace ddnsguard::controller
