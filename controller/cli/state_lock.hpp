#pragma once
// The state directory's instance lock for `run` and `once` (one writer per history store).

#include <optional>
#include <string>

#include <spdlog/logger.h>

#include "controller/platform/instance_lock.hpp"
#include "controller/store/history_store.hpp"

namespace ddnsguard::controller::cli {

// The state directory's lock, or why there is none. A directory that cannot hold the lock
// (read-only, full) must not stop DNS updates: the lock goes to the fallback directory, and
// when no place can hold it the command runs unlocked, with its history in memory.
struct StateLock {
  std::optional<InstanceLock> lock;
  std::string unlocked;  // why there is no lock; empty when there is one
};

// Takes the lock; returns the exit code when another instance holds it (the error printed).
std::optional<int> lock_state(const std::string& dir, StateLock& out);

// Logs where the lock is when not in the state directory. Unlocked, another instance may be
// writing the store, so this one keeps its history in memory (a store_degraded anomaly).
void report_lock(const StateLock& state, spdlog::logger& log, HistoryStore& store);

}  // namespace ddnsguard::controller::cli
