#include "providers/base/worker.hpp"

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

namespace ddnsguard::providers {
namespace {

// A gate a task waits at until the test opens it.
class Gate {
 public:
  void wait() {
    std::unique_lock lock(m_mutex);
    m_cv.wait(lock, [&] { return m_open; });
  }
  void open() {
    std::lock_guard lock(m_mutex);
    m_open = true;
    m_cv.notify_all();
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_cv;
  bool m_open = false;
};

TEST(Worker, RunsEveryTaskOnItsOneThread) {
  Worker worker;
  std::thread::id first;
  for (int i = 0; i < 3; ++i) {
    std::promise<std::thread::id> ran;
    auto id = ran.get_future();
    worker.start([&ran] { ran.set_value(std::this_thread::get_id()); });
    auto got = id.get();
    EXPECT_NE(got, std::this_thread::get_id());
    if (i == 0) first = got;
    EXPECT_EQ(got, first);
  }
}

TEST(Worker, ANewTaskWaitsForTheRunningOne) {
  Worker worker;
  Gate gate;
  std::promise<void> started;
  std::atomic<bool> first_done{false};
  worker.start([&] {
    started.set_value();
    gate.wait();
    first_done = true;
  });
  started.get_future().wait();
  EXPECT_TRUE(worker.busy());
  std::thread opener([&gate] { gate.open(); });
  bool saw_first_done = false;
  worker.start([&] { saw_first_done = first_done; });  // returns once the first has ended
  EXPECT_TRUE(first_done);
  opener.join();
  while (worker.busy())
    std::this_thread::yield();
  EXPECT_TRUE(saw_first_done);
}

TEST(Worker, EndingWaitsForTheRunningTask) {
  std::atomic<bool> finished{false};
  Gate gate;
  std::promise<void> started;
  std::thread opener;
  {
    Worker worker;
    worker.start([&] {
      started.set_value();
      gate.wait();
      finished = true;
    });
    started.get_future().wait();
    opener = std::thread([&gate] { gate.open(); });
  }  // the destructor returns only after the task
  EXPECT_TRUE(finished);
  opener.join();
}

}  // namespace
}  // namespace ddnsguard::providers
