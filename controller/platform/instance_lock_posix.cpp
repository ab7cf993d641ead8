#include "controller/platform/instance_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace ddnsguard::controller {

namespace {

using Failure = InstanceLock::Failure;

tl::unexpected<InstanceLock::Error> failure(Failure kind, std::string message) {
  return tl::unexpected(InstanceLock::Error{kind, std::move(message)});
}

std::string state_lock_path(const std::string& state_dir) {
  return state_dir + "/ddnsguard.lock";
}

// <fallback_dir>/ddnsguard-<FNV-1a of the absolute state directory>.lock: one name per
// state directory, whichever relative spelling named it.
std::string fallback_lock_path(const std::string& state_dir, const std::string& fallback_dir) {
  std::error_code ec;
  auto path = std::filesystem::absolute(state_dir, ec).lexically_normal();
  if (!path.has_filename()) path = path.parent_path();  // "state/" is "state"
  const auto dir = path.string();
  std::uint64_t h = 14695981039346656037ULL;
  for (const char c : dir) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return fmt::format("{}/ddnsguard-{:016x}.lock", fallback_dir, h);
}

// Locks the open descriptor `fd` without waiting: the descriptor, or "held" naming the PID
// the holder wrote (digits only: the file is outside text).
tl::expected<int, InstanceLock::Error> lock_fd(int fd, const std::string& state_dir) {
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char buf[32] = {};
    auto n = ::pread(fd, buf, sizeof buf - 1, 0);
    ::close(fd);
    std::string pid;
    for (ssize_t i = 0; i < n && buf[i] >= '0' && buf[i] <= '9'; ++i)
      pid += buf[i];
    return failure(Failure::held,
                   fmt::format("another ddnsguard (pid {}) holds the state directory \"{}\"",
                               pid.empty() ? "unknown" : pid, state_dir));
  }
  auto text = fmt::format("{}\n", ::getpid());
  if (::ftruncate(fd, 0) == 0) {  // a read-only or full file keeps the lock all the same
    [[maybe_unused]] auto w = ::pwrite(fd, text.data(), text.size(), 0);
  }
  return fd;
}

// Why a lock file could not be opened: errno, and whether the directory cannot hold one (a
// read-only or full file system, a directory this user may enter but not write while the
// file is absent, something that is not a file in its place), as opposed to refusing this
// user (a directory it may not enter: another user's state, not a degraded one).
struct OpenFailure {
  int error = 0;
  bool cannot_hold = false;
};

// Opens `path` for locking: read-write (created 0600), or read-only when it exists in a
// directory or file system this process may not write (flock works on either). Never
// follows a symbolic link, never blocks on a FIFO, refuses what is not a regular file.
int open_lock_file(const std::string& path, OpenFailure& why) {
  const int common = O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK;
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | common, 0600);
  why = {errno, errno == EROFS || errno == ENOSPC || errno == EDQUOT || errno == EISDIR};
  if (fd < 0 && (errno == EROFS || errno == EACCES || errno == EPERM)) {
    fd = ::open(path.c_str(), O_RDONLY | common);
    if (fd < 0 && errno == ENOENT) why.cannot_hold = true;  // absent and not creatable here
  }
  struct stat st {};
  if (fd >= 0 && (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
    ::close(fd);
    why = {EISDIR, true};  // whatever it is, it cannot hold a lock
    return -1;
  }
  if (fd >= 0) why = {};
  return fd;
}

// Whether `path` is locked by someone now; false when it does not exist.
std::optional<bool> probe(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return errno == ENOENT ? std::optional(false) : std::nullopt;
  std::optional<bool> out;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    out = false;  // not a file: no instance can hold a lock in it
  } else if (::flock(fd, LOCK_SH | LOCK_NB) == 0) {
    out = false;
  } else if (errno == EWOULDBLOCK) {
    out = true;
  }
  ::close(fd);  // also releases the shared lock
  return out;
}

}  // namespace

tl::expected<InstanceLock, InstanceLock::Error>
InstanceLock::acquire(const std::string& state_dir, const std::string& fallback_dir) {
  std::error_code ec;
  if (std::filesystem::create_directories(state_dir, ec)) {
    std::filesystem::permissions(state_dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
  }
  const auto path = state_lock_path(state_dir);
  OpenFailure failed{ec.value(),
                     ec == std::errc::read_only_file_system || ec == std::errc::no_space_on_device};
  const int fd = ec ? -1 : open_lock_file(path, failed);
  const auto elsewhere =
      fallback_dir.empty() ? std::string() : fallback_lock_path(state_dir, fallback_dir);
  if (fd >= 0) {
    auto locked = lock_fd(fd, state_dir);
    if (!locked) return tl::unexpected(locked.error());
    // An instance that started while this directory could not hold the lock has it there.
    if (!elsewhere.empty() && probe(elsewhere) == true) {
      ::close(*locked);
      return failure(Failure::held, fmt::format("another ddnsguard holds the state directory "
                                                "\"{}\" (its lock is in {})",
                                                state_dir, fallback_dir));
    }
    return InstanceLock(*locked);
  }
  auto why = ec ? fmt::format("cannot create state directory \"{}\": {}", state_dir, ec.message())
                : fmt::format("cannot open lock file \"{}\": {}", path,
                              failed.error == EISDIR ? "not a file" : std::strerror(failed.error));
  if (!failed.cannot_hold) return failure(Failure::refused, why);  // not ours to use
  if (elsewhere.empty()) return failure(Failure::unavailable, why);
  OpenFailure other_failed;
  const int other = open_lock_file(elsewhere, other_failed);
  if (other < 0) {
    return failure(Failure::unavailable, fmt::format("{}; cannot open lock file \"{}\": {}", why,
                                                     elsewhere, std::strerror(other_failed.error)));
  }
  auto locked = lock_fd(other, state_dir);
  if (!locked) return tl::unexpected(locked.error());
  return InstanceLock(*locked, why);
}

std::optional<bool> InstanceLock::held(const std::string& state_dir,
                                       const std::string& fallback_dir) {
  auto here = probe(state_lock_path(state_dir));
  if (here == true || fallback_dir.empty()) return here;
  auto there = probe(fallback_lock_path(state_dir, fallback_dir));
  if (there == true) return true;
  return here == false && there == false ? std::optional(false) : std::nullopt;
}

InstanceLock::~InstanceLock() {
  if (m_handle >= 0) ::close(static_cast<int>(m_handle));
}

std::string fallback_lock_dir() {
  // Only directories that their owner alone may write: never /tmp, where anyone could
  // plant a file under the predictable name.
  if (const char* v = std::getenv("RUNTIME_DIRECTORY"); v != nullptr && *v != '\0') {
    std::string dir = v;
    return dir.substr(0, dir.find(':'));  // systemd lists several, colon-separated
  }
  std::error_code ec;
  if (std::filesystem::is_directory("/run/ddnsguard", ec)) return "/run/ddnsguard";
  if (const char* v = std::getenv("XDG_RUNTIME_DIR"); v != nullptr && *v != '\0') return v;
  return {};
}

}  // namespace ddnsguard::controller
