#include "providers/base/clock.hpp"

#include <string>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace ddnsguard::providers {

Clock::time_point SystemClock::now() const {
  return std::chrono::time_point_cast<duration>(std::chrono::system_clock::now());
}

bool SystemClock::sleep_until(time_point t) {
  // Waits on the monotonic clock: a wall clock stepped backwards (NTP on a router without
  // a battery) must not stretch the sleep by the size of the step.
  auto deadline = std::chrono::steady_clock::now() + (t - now());
  std::unique_lock lock(m_mutex);
  m_cv.wait_until(lock, deadline, [this] { return m_interrupted; });
  return !m_interrupted;
}

void SystemClock::interrupt() {
  {
    std::lock_guard lock(m_mutex);
    m_interrupted = true;
  }
  m_cv.notify_all();
}

void SystemClock::reset() {
  std::lock_guard lock(m_mutex);
  m_interrupted = false;
}

bool ManualClock::sleep_until(time_point t) {
  if (m_interrupted) return false;
  auto target = t.time_since_epoch().count();
  auto cur = m_now.load();
  while (cur < target && !m_now.compare_exchange_weak(cur, target)) {
  }
  return true;
}

std::string format_rfc3339(Clock::time_point t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", std::chrono::floor<std::chrono::seconds>(t));
}

}  // namespace ddnsguard::providers
