#pragma once
// One controller per state directory, released when the process ends (even by a crash):
// an exclusive flock on <state_dir>/ddnsguard.lock (POSIX), a named mutex derived from the
// state directory (Windows). One implementation per OS in controller/platform/.

#include <cstdint>
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
  // Whether a process holds the lock of `state_dir` now, without creating anything
  // (nullopt: cannot tell, e.g. no permission).
  static std::optional<bool> held(const std::string& state_dir);
  InstanceLock(InstanceLock&& other) noexcept : m_handle(other.m_handle) { other.m_handle = -1; }
  InstanceLock& operator=(InstanceLock&&) = delete;
  InstanceLock(const InstanceLock&) = delete;
  ~InstanceLock();

 private:
  explicit InstanceLock(std::intptr_t handle) : m_handle(handle) {}
  std::intptr_t m_handle = -1;  // file descriptor or HANDLE
};

}  // namespace ddnsguard::controller
