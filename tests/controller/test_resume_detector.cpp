// Waking from sleep: the pure detector, the OS's suspended-time count, and the network
// watch reporting a wake as a change (with a stand-in count, read every 20 ms).

#include "controller/platform/resume_detector.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <spdlog/sinks/null_sink.h>

#include "controller/platform/network_watch.hpp"

namespace ddnsguard::controller {
namespace {

using namespace std::chrono_literals;

TEST(ResumeDetector, ReportsEachSleepOnceWithItsLength) {
  ResumeDetector d(10s);
  EXPECT_FALSE(d.look(10s));
  EXPECT_EQ(d.look(10s + 8h + 3min), std::chrono::seconds(8h + 3min));
  EXPECT_FALSE(d.look(10s + 8h + 3min)) << "the same sleep is not reported twice";
  EXPECT_EQ(d.look(10s + 8h + 3min + 5s), 5s) << "the threshold itself counts";
}

TEST(ResumeDetector, JitterNeverAddsUpToASleep) {
  ResumeDetector d(0s);
  auto count = 0ns;
  for (int i = 0; i < 100; ++i) {
    count += (i % 2 == 0) ? 900ms : -20ms;  // two clocks drifting apart, then back a little
    EXPECT_FALSE(d.look(count)) << i;
  }
}

TEST(ResumeDetector, TheSystemCountIsSane) {
  auto first = time_suspended();
  auto second = time_suspended();
  EXPECT_GT(first, -1s);  // Windows' tick count is coarse: a few ms below zero at most
  EXPECT_LT(first, std::chrono::hours(24 * 365 * 10));
  EXPECT_LT(second - first, 1s) << "nothing slept between two reads";
}

TEST(ResumeDetector, DescribesTheSleep) {
  EXPECT_EQ(describe_resume(8h + 3min), "resumed after 8h3m asleep");
}

bool wait_until(const std::function<bool()>& done) {
  for (int i = 0; i < 250 && !done(); ++i)
    std::this_thread::sleep_for(20ms);
  return done();
}

TEST(ResumeCheck, TheNetworkWatchReportsAWake) {
  std::atomic<std::int64_t> suspended_ns{0};
  std::atomic<int> looks{0};
  ResumeCheck check{[&] {
                      ++looks;
                      return std::chrono::nanoseconds{suspended_ns.load()};
                    },
                    20ms};
  std::atomic<int> changes{0};
  auto log = std::make_shared<spdlog::logger>("t", std::make_shared<spdlog::sinks::null_sink_mt>());
  auto watch = start_network_watch([&] { ++changes; }, log, check);
  ASSERT_NE(watch, nullptr);

  suspended_ns = std::chrono::nanoseconds(2s).count();  // below the threshold: jitter
  auto seen = looks.load();
  ASSERT_TRUE(wait_until([&] { return looks.load() >= seen + 2; }));  // it looked at 2 s
  EXPECT_EQ(watch->last_change().find("resumed"), std::string::npos) << watch->last_change();

  suspended_ns = std::chrono::nanoseconds(2s + 2h).count();
  ASSERT_TRUE(wait_until([&] { return watch->last_change() == "resumed after 2h asleep"; }))
      << watch->last_change();
  EXPECT_GE(changes.load(), 1);
  EXPECT_TRUE(watch->take_change());
}

}  // namespace
}  // namespace ddnsguard::controller
