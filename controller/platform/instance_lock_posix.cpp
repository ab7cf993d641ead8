#include "controller/platform/instance_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
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

// Opens and locks `path` without waiting: the descriptor, or why not. `flags` adds
// O_NOFOLLOW for a shared directory such as /tmp.
tl::expected<int, InstanceLock::Error> lock_file(const std::string& path,
                                                 const std::string& state_dir, int flags) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | flags, 0600);
  if (fd < 0) {
    return failure(Failure::unavailable,
                   fmt::format("cannot open lock file \"{}\": {}", path, std::strerror(errno)));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char buf[32] = {};
    auto n = ::pread(fd, buf, sizeof buf - 1, 0);
    ::close(fd);
    std::string pid = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "unknown";
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' '))
      pid.pop_back();
    return failure(
        Failure::held,
        fmt::format("another ddnsguard (pid {}) holds the state directory \"{}\"", pid, state_dir));
  }
  auto text = fmt::format("{}\n", ::getpid());
  if (::ftruncate(fd, 0) == 0) {  // a full disk may refuse the PID: the lock holds anyway
    [[maybe_unused]] auto w = ::pwrite(fd, text.data(), text.size(), 0);
  }
  return fd;
}

// Whether `path` is locked by someone now; false when it does not exist.
std::optional<bool> probe(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return errno == ENOENT ? std::optional(false) : std::nullopt;
  std::optional<bool> out;
  if (::flock(fd, LOCK_SH | LOCK_NB) == 0) {
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
  auto in_state =
      ec ? failure(Failure::unavailable,
                   fmt::format("cannot create state directory \"{}\": {}", state_dir, ec.message()))
         : lock_file(state_lock_path(state_dir), state_dir, 0);
  if (in_state) return InstanceLock(*in_state);
  if (in_state.error().kind == Failure::held || fallback_dir.empty()) {
    return tl::unexpected(in_state.error());
  }
  auto elsewhere = lock_file(fallback_lock_path(state_dir, fallback_dir), state_dir, O_NOFOLLOW);
  if (elsewhere) return InstanceLock(*elsewhere, in_state.error().message);
  if (elsewhere.error().kind == Failure::held) return tl::unexpected(elsewhere.error());
  return failure(Failure::unavailable, in_state.error().message + "; " + elsewhere.error().message);
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
  for (const char* name : {"RUNTIME_DIRECTORY", "XDG_RUNTIME_DIR"}) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') continue;
    std::string dir = v;
    return dir.substr(0, dir.find(':'));  // systemd lists several, colon-separated
  }
  return "/tmp";
}

}  // namespace ddnsguard::controller
