#include "controller/cli/state_lock.hpp"

#include <iostream>

#include "controller/cli/cli_args.hpp"
#include "controller/platform/file_access.hpp"
#include "controller/platform/system_log.hpp"

namespace ddnsguard::controller::cli {

std::optional<int> lock_state(const std::string& dir, StateLock& out) {
  prepare_state_writes();
  auto l = InstanceLock::acquire(dir, fallback_lock_dir());
  if (l) {
    out.lock.emplace(std::move(*l));
  } else if (l.error().kind != InstanceLock::Failure::unavailable) {
    std::cerr << journal_prefix(3) << "error: " << l.error().message << "\n";
    return l.error().kind == InstanceLock::Failure::held ? k_exit_locked : k_exit_runtime;
  } else {
    out.unlocked = l.error().message;
  }
  return std::nullopt;
}

void report_lock(const StateLock& state, spdlog::logger& log, HistoryStore& store) {
  if (state.lock && !state.lock->fallback_reason().empty()) {
    log.warn("instance lock kept in {} instead: {}", fallback_lock_dir(),
             state.lock->fallback_reason());
  }
  if (state.unlocked.empty()) return;
  log.error("running without an instance lock: {}", state.unlocked);
  store.keep_in_memory("the state directory cannot be locked: " + state.unlocked);
}

}  // namespace ddnsguard::controller::cli
