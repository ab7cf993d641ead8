#pragma once
// One controller per state directory: an exclusive flock on <state_dir>/ddnsguard.lock,
// released when the process ends (even by a crash).

#include <optional>
#include <string>

#include "providers/result.hpp"

namespace ddnsguard::controller {

class InstanceLock {
 public:
  // Creates `state_dir` (0700) when missing and takes the lock without waiting.
  // Error class config when the directory cannot be made; transient when another process
  // holds the lock (its PID in the message when known).
  static providers::Result<InstanceLock> acquire(const std::string& state_dir);
  InstanceLock(InstanceLock&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
  InstanceLock& operator=(InstanceLock&&) = delete;
  InstanceLock(const InstanceLock&) = delete;
  ~InstanceLock();

 private:
  explicit InstanceLock(int fd) : m_fd(fd) {}
  int m_fd = -1;
};

}  // namespace ddnsguard::controller
