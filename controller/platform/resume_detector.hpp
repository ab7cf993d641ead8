#pragma once
// Notices that the machine slept (DESIGN §3, events trump the plan): the OS counts the time
// spent suspended, and when that count grew since the last look the machine has just woken
// and its public address may have changed meanwhile. Pure: the caller reads the count
// (time_suspended(), platform) and decides how often to look.

#include <chrono>
#include <optional>
#include <string>

namespace ddnsguard::controller {

class ResumeDetector {
 public:
  // `suspended`: the count at start. Growth below `threshold` between two looks is taken
  // for jitter between the two OS clocks behind the count, not for a sleep.
  explicit ResumeDetector(std::chrono::nanoseconds suspended,
                          std::chrono::seconds threshold = std::chrono::seconds{5});
  // How long the machine slept since the last look, when at least the threshold.
  std::optional<std::chrono::seconds> look(std::chrono::nanoseconds suspended);

 private:
  std::chrono::nanoseconds m_seen;
  std::chrono::seconds m_threshold;
};

// The change line for a wake: "resumed after 8h3m asleep".
std::string describe_resume(std::chrono::seconds slept);

// Time this machine has spent suspended since boot (Linux: CLOCK_BOOTTIME minus
// CLOCK_MONOTONIC; Windows: tick count minus unbiased interrupt time). One file per OS in
// controller/platform/suspend_time_<os>.cpp. Never blocks.
std::chrono::nanoseconds time_suspended();

}  // namespace ddnsguard::controller
