#include <time.h>

#include "controller/platform/resume_detector.hpp"

namespace ddnsguard::controller {

namespace {

std::chrono::nanoseconds read(clockid_t id) {
  timespec ts{};
  clock_gettime(id, &ts);
  return std::chrono::seconds{ts.tv_sec} + std::chrono::nanoseconds{ts.tv_nsec};
}

}  // namespace

std::chrono::nanoseconds time_suspended() {
  auto awake = read(CLOCK_MONOTONIC);  // first: the difference never goes below zero
  return read(CLOCK_BOOTTIME) - awake;
}

}  // namespace ddnsguard::controller
