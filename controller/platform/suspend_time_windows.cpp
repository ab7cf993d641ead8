#include <windows.h>

#include "controller/platform/resume_detector.hpp"

namespace ddnsguard::controller {

std::chrono::nanoseconds time_suspended() {
  // GetTickCount64 counts sleep too; the unbiased interrupt time (100 ns units) does not.
  ULONGLONG unbiased = 0;
  QueryUnbiasedInterruptTime(&unbiased);
  auto awake = std::chrono::nanoseconds{static_cast<long long>(unbiased) * 100};
  return std::chrono::milliseconds{static_cast<long long>(GetTickCount64())} - awake;
}

}  // namespace ddnsguard::controller
