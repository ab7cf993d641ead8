#pragma once
// Injectable time. Only SystemClock reads the system clock; tests and the simulator use
// ManualClock, whose sleep_until jumps instead of waiting.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace ddnsguard::providers {

class Clock {
 public:
  using duration = std::chrono::milliseconds;
  using time_point = std::chrono::sys_time<duration>;
  virtual ~Clock() = default;
  virtual time_point now() const = 0;
  // Blocks until t or until interrupt() is called; returns false when interrupted.
  virtual bool sleep_until(time_point t) = 0;
  // Wakes every sleeper now and makes later sleeps return at once until reset().
  virtual void interrupt() = 0;
  virtual void reset() = 0;
};

class SystemClock final : public Clock {
 public:
  time_point now() const override;
  bool sleep_until(time_point t) override;
  void interrupt() override;
  void reset() override;

 private:
  std::mutex m_mutex;
  std::condition_variable m_cv;
  bool m_interrupted = false;
};

// Virtual time: starts at `start`, moves only by advance() or sleep_until().
class ManualClock final : public Clock {
 public:
  explicit ManualClock(time_point start) : m_now(start.time_since_epoch().count()) {}
  time_point now() const override { return time_point{duration{m_now.load()}}; }
  bool sleep_until(time_point t) override;
  void interrupt() override { m_interrupted = true; }
  void reset() override { m_interrupted = false; }
  void advance(duration d) { m_now += d.count(); }

 private:
  std::atomic<duration::rep> m_now;
  std::atomic<bool> m_interrupted{false};
};

// RFC 3339 UTC with second precision: "2026-11-25T21:32:07Z".
std::string format_rfc3339(Clock::time_point t);

}  // namespace ddnsguard::providers
