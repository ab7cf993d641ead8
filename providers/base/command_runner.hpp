#pragma once
// Runs a program without a shell and captures its stdout, within a time limit: the
// platform half of the `command` address source (one file per OS in providers/platform/).

#include <atomic>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "providers/base/result.hpp"

namespace ddnsguard::providers {

struct CommandOutcome {
  std::string output;
  bool timed_out = false;
  bool cancelled = false;        // the cancel flag was set: killed before its end
  bool too_big = false;          // more than max_output bytes: stopped reading, killed
  std::optional<int> exit_code;  // set when it exited on its own
  std::optional<int> signal;     // set when a signal ended it (POSIX)
};

// stdin is empty, stdout captured, stderr discarded, no console window. At `timeout`, or
// within about 20 ms of `cancel` (may be null) turning true, the program and everything it
// started are killed. A program that cannot be started is a config error naming argv[0].
Result<CommandOutcome> run_command(const std::vector<std::string>& argv,
                                   std::chrono::milliseconds timeout, std::size_t max_output,
                                   const std::atomic<bool>* cancel = nullptr);

}  // namespace ddnsguard::providers
