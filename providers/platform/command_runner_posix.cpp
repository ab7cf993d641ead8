#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "providers/base/command_runner.hpp"

namespace ddnsguard::providers {

namespace {

class Fd {
 public:
  explicit Fd(int fd = -1) : m_fd(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return m_fd; }
  int release() { return std::exchange(m_fd, -1); }
  void reset() {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
  }

 private:
  int m_fd;
};

// posix_spawn's attribute objects, destroyed on every path.
struct SpawnSetup {
  posix_spawn_file_actions_t actions{};
  posix_spawnattr_t attr{};
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
};

void configure(SpawnSetup& s, int stdout_fd) {
  posix_spawn_file_actions_addopen(&s.actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&s.actions, stdout_fd, 1);
  posix_spawn_file_actions_addopen(&s.actions, 2, "/dev/null", O_WRONLY, 0);
  sigset_t none;
  sigemptyset(&none);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2}) {
    sigaddset(&defaults, sig);
  }
  posix_spawnattr_setsigmask(&s.attr, &none);
  posix_spawnattr_setsigdefault(&s.attr, &defaults);
  posix_spawnattr_setpgroup(&s.attr, 0);  // its own group: killed as a whole
  posix_spawnattr_setflags(&s.attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
}

struct Child {
  pid_t pid = 0;
  int stdout_fd = -1;  // read end of the pipe; the caller owns it
};

// Starts argv in its own process group with stdout on a pipe.
Result<Child> spawn(const std::vector<std::string>& argv) {
  std::array<int, 2> fds{};
  if (pipe2(fds.data(), O_CLOEXEC) != 0) {
    return fail(ErrorClass::transient, fmt::format("pipe: {}", std::strerror(errno)));
  }
  Fd read_end{fds[0]};
  Fd write_end{fds[1]};
  SpawnSetup setup;
  configure(setup, write_end.get());
  std::vector<char*> args;
  for (const auto& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &setup.actions, &setup.attr, args.data(), environ);
  if (rc != 0) {
    return fail(ErrorClass::config, fmt::format("cannot run {}: {}", argv[0], std::strerror(rc)));
  }
  return Child{pid, read_end.release()};
}

struct RunOutcome {
  std::string output;
  bool timed_out = false;
  bool cancelled = false;
  bool too_big = false;
  int status = 0;
};

bool has_exited(pid_t pid) {  // without reaping, so the pid and group id stay reserved
  siginfo_t info{};
  return waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
         info.si_pid == pid;
}

enum class ReadState { data, idle, closed };

// Reads what `fd` has within `wait_ms`.
ReadState read_some(int fd, int wait_ms, std::size_t max_output, RunOutcome& r) {
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, wait_ms) <= 0) return ReadState::idle;
  std::array<char, 1024> buf{};
  ssize_t n = read(fd, buf.data(), buf.size());
  if (n < 0 && errno == EINTR) return ReadState::idle;
  if (n <= 0) return ReadState::closed;
  r.output.append(buf.data(), static_cast<std::size_t>(n));
  if (r.output.size() > max_output) r.too_big = true;
  return ReadState::data;
}

RunOutcome collect(pid_t pid, int fd, std::chrono::milliseconds timeout, std::size_t max_output,
                   const std::atomic<bool>* cancel) {
  RunOutcome r;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool open = true;
  for (;;) {
    if (has_exited(pid)) {  // take what it wrote; a grandchild may hold the pipe open
      while (open && !r.too_big && read_some(fd, 0, max_output, r) == ReadState::data) {
      }
      break;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      r.timed_out = true;
      break;
    }
    if (cancel != nullptr && cancel->load()) {
      r.cancelled = true;
      break;
    }
    int wait_ms = static_cast<int>(std::min<long long>(left.count(), 20));
    if (open) {
      open = read_some(fd, wait_ms, max_output, r) != ReadState::closed;
    } else {
      poll(nullptr, 0, wait_ms);  // stdout closed; wait for the exit
    }
    if (r.too_big) break;
  }
  kill(-pid, SIGKILL);  // the timed-out command, or leftovers of its group
  waitpid(pid, &r.status, 0);
  return r;
}

}  // namespace

Result<CommandOutcome> run_command(const std::vector<std::string>& argv,
                                   std::chrono::milliseconds timeout, std::size_t max_output,
                                   const std::atomic<bool>* cancel) {
  auto child = spawn(argv);
  if (!child) return tl::unexpected(child.error());
  Fd out{child->stdout_fd};
  auto r = collect(child->pid, out.get(), timeout, max_output, cancel);
  CommandOutcome o{std::move(r.output), r.timed_out,  r.cancelled,
                   r.too_big,           std::nullopt, std::nullopt};
  if (WIFSIGNALED(r.status)) o.signal = WTERMSIG(r.status);
  if (WIFEXITED(r.status)) o.exit_code = WEXITSTATUS(r.status);
  return o;
}

}  // namespace ddnsguard::providers
