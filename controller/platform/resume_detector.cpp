#include "controller/platform/resume_detector.hpp"

#include <fmt/format.h>

#include "providers/base/duration.hpp"

namespace ddnsguard::controller {

ResumeDetector::ResumeDetector(std::chrono::nanoseconds suspended, std::chrono::seconds threshold)
    : m_seen(suspended), m_threshold(threshold) {}

std::optional<std::chrono::seconds> ResumeDetector::look(std::chrono::nanoseconds suspended) {
  auto grown = suspended - m_seen;
  m_seen = suspended;  // jitter never accumulates into a sleep
  if (grown < m_threshold) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::seconds>(grown);
}

std::string describe_resume(std::chrono::seconds slept) {
  return fmt::format("resumed after {} asleep", providers::format_duration(slept));
}

}  // namespace ddnsguard::controller
