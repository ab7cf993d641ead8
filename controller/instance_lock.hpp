#pragma once
// One controller per state directory: an exclusive flock on <state_dir>/ddnsguard.lock,
// released when the process ends (even by a crash).

#include <optional>
#include <string>

#include <tl/expected.hpp>

namespace ddnsguard::controller {

class InstanceLock {
 public:
  enum class Failure { held, unavailable };
  struct Error {
    Failure kind;         // held: another process has it (exit 3); unavailable: exit 1
    std::string message;  // names the directory, and the holder's PID when known
  };
  // Creates `state_dir` (mode 0700) when missing and takes the lock without waiting.
  static tl::expected<InstanceLock, Error> acquire(const std::string& state_dir);
  InstanceLock(InstanceLock&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
  InstanceLock& operator=(InstanceLock&&) = delete;
  InstanceLock(const InstanceLock&) = delete;
  ~InstanceLock();

 private:
  explicit InstanceLock(int fd) : m_fd(fd) {}
  int m_fd = -1;
};

}  // namespace ddnsguard::controller
