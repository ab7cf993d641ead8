#include "controller/platform/instance_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace ddnsguard::controller {

namespace {

tl::unexpected<InstanceLock::Error> failure(InstanceLock::Failure kind, std::string message) {
  return tl::unexpected(InstanceLock::Error{kind, std::move(message)});
}

}  // namespace

tl::expected<InstanceLock, InstanceLock::Error>
InstanceLock::acquire(const std::string& state_dir) {
  std::error_code ec;
  if (std::filesystem::create_directories(state_dir, ec)) {
    std::filesystem::permissions(state_dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
  }
  if (ec) {
    return failure(Failure::unavailable, fmt::format("cannot create state directory \"{}\": {}",
                                                     state_dir, ec.message()));
  }
  auto path = state_dir + "/ddnsguard.lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
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
  if (::ftruncate(fd, 0) == 0) {
    [[maybe_unused]] auto w = ::pwrite(fd, text.data(), text.size(), 0);
  }
  return InstanceLock(fd);
}

std::optional<bool> InstanceLock::held(const std::string& state_dir) {
  auto path = state_dir + "/ddnsguard.lock";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
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

InstanceLock::~InstanceLock() {
  if (m_handle >= 0) ::close(static_cast<int>(m_handle));
}

}  // namespace ddnsguard::controller
