#pragma once
// Child processes for tests: run to completion with captured output, or start in the
// background and stop by PID. Also temporary directories and free loopback ports.

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ddnsguard::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal or timed out
  std::string out;
  std::string err;
};

// Runs argv[0] (no shell) with `env` added to the environment; kills it after `timeout`.
ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& env = {},
                          std::chrono::milliseconds timeout = std::chrono::seconds{30});

// A background child whose stdout+stderr go to `log_path`. Stopped (SIGTERM, then SIGKILL
// after 5 s) and reaped by the destructor unless stop() was called.
class Background {
 public:
  Background(const std::vector<std::string>& argv, const std::string& log_path,
             const std::map<std::string, std::string>& env = {});
  ~Background();
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
  pid_t pid() const { return m_pid; }
  bool running();
  // Sends `sig` and waits up to `wait` for the exit; returns the exit code (-1: none).
  int stop(int sig, std::chrono::milliseconds wait = std::chrono::seconds{5});

 private:
  pid_t m_pid = -1;
  std::optional<int> m_status;
};

// A fresh directory under /tmp removed (recursively) by the destructor.
// Why a test cannot run the real binary in a network namespace of its own (`unshare -rn`,
// with `ip` to set it up): nullopt when it can.
std::optional<std::string> network_namespace_unavailable();

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return m_path; }

 private:
  std::string m_path;
};

// A loopback port that was free a moment ago (TCP and UDP).
int free_port();

// Runs argv as a user without privileges: as is when we are not root, else as nobody
// through setpriv (HOME=/nonexistent). nullopt when root and setpriv is missing.
std::optional<ProcessResult> run_unprivileged(std::vector<std::string> argv,
                                              std::chrono::milliseconds timeout);

// The absolute path of `name` on PATH, /usr/sbin or /sbin.
std::optional<std::string> find_program(const std::string& name);

void write_file(const std::string& path, const std::string& text);
std::string read_file(const std::string& path);

}  // namespace ddnsguard::testing
