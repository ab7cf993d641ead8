#pragma once
// One controller per state directory, released when the process ends (even by a crash):
// an exclusive flock on <state_dir>/ddnsguard.lock (POSIX), a named mutex derived from the
// state directory (Windows). One implementation per OS in controller/platform/.
//
// A state directory that cannot hold the lock (read-only, full, inodes exhausted) must not
// stop DNS updates: an existing lock file is locked read-only; else the lock is taken in a
// fallback directory (POSIX: <fallback_dir>/ddnsguard-<hash of the state directory>.lock),
// and when that fails too the caller runs unlocked and says so loudly. A lock held in the
// fallback directory also keeps a later instance out of the state directory.

#include <cstdint>
#include <optional>
#include <string>

#include <tl/expected.hpp>

namespace ddnsguard::controller {

class InstanceLock {
 public:
  // held: another process has it (exit 3). refused: this user may not use the state
  // directory (exit 1). unavailable: the directory cannot hold a lock (read-only, full) and
  // neither can the fallback: the caller goes on unlocked.
  enum class Failure { held, refused, unavailable };
  struct Error {
    Failure kind;
    std::string message;  // names the directory, and the holder's PID when known
  };
  // Creates `state_dir` (mode 0700) when missing and takes the lock without waiting, in
  // `fallback_dir` when the state directory cannot hold it ("" = no fallback).
  static tl::expected<InstanceLock, Error> acquire(const std::string& state_dir,
                                                   const std::string& fallback_dir = {});
  // Whether a process holds the lock of `state_dir` now, in either place, without creating
  // anything (nullopt: cannot tell, e.g. no permission).
  static std::optional<bool> held(const std::string& state_dir,
                                  const std::string& fallback_dir = {});
  // Why the lock is in the fallback directory; empty when it is in the state directory.
  const std::string& fallback_reason() const { return m_fallback_reason; }

  InstanceLock(InstanceLock&& other) noexcept
      : m_handle(other.m_handle), m_fallback_reason(std::move(other.m_fallback_reason)) {
    other.m_handle = -1;
  }
  InstanceLock& operator=(InstanceLock&&) = delete;
  InstanceLock(const InstanceLock&) = delete;
  ~InstanceLock();

 private:
  explicit InstanceLock(std::intptr_t handle, std::string fallback_reason = {})
      : m_handle(handle), m_fallback_reason(std::move(fallback_reason)) {}
  std::intptr_t m_handle = -1;  // file descriptor or HANDLE
  std::string m_fallback_reason;
};

// Where a lock goes when the state directory cannot hold it: POSIX $RUNTIME_DIRECTORY
// (systemd's RuntimeDirectory=), else /run/ddnsguard when it exists (the service's, for
// commands run beside it), else $XDG_RUNTIME_DIR; "" when none (never /tmp: anyone could
// plant a file there). Windows "" (its lock is a named mutex).
std::string fallback_lock_dir();

}  // namespace ddnsguard::controller
