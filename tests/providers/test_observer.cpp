#include "providers/sources/observer.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

namespace ddnsguard::providers {
namespace {

using namespace std::chrono_literals;

class FixedSource : public AddressSource {
 public:
  explicit FixedSource(Result<Address> answer) : m_answer(std::move(answer)) {}
  std::string describe() const override { return "fixed"; }
  Result<Address> fetch(Family, std::chrono::milliseconds) override { return m_answer; }

 private:
  Result<Address> m_answer;
};

// Blocks until released (or 5 s), ignoring its timeout: the worst-behaved source.
class HangingSource : public AddressSource {
 public:
  std::string describe() const override { return "hanging"; }
  Result<Address> fetch(Family, std::chrono::milliseconds) override {
    std::unique_lock lock(m_mutex);
    m_cv.wait_for(lock, 5s, [&] { return m_released; });
    return *Address::parse("192.0.2.99");
  }
  void release() {
    std::lock_guard lock(m_mutex);
    m_released = true;
    m_cv.notify_all();
  }

 private:
  std::mutex m_mutex;
  std::condition_variable m_cv;
  bool m_released = false;
};

class ThrowingSource : public AddressSource {
 public:
  std::string describe() const override { return "throwing"; }
  Result<Address> fetch(Family, std::chrono::milliseconds) override {
    throw std::runtime_error("boom");
  }
};

SourcePtr answers(const char* text) {
  return std::make_shared<FixedSource>(*Address::parse(text));
}
SourcePtr fails(ErrorClass cls, const char* message) {
  return std::make_shared<FixedSource>(fail(cls, message));
}

TEST(Observe, AgreeingSourcesGiveTheQuorumAddress) {
  auto r = Observer({answers("1.1.1.1"), answers("1.1.1.1"), answers("8.8.8.8")})
               .observe(Family::ipv4, 2, 1s, AllowPrivate::no);
  ASSERT_TRUE(r.address);
  EXPECT_EQ(r.address->to_string(), "1.1.1.1");
  EXPECT_EQ(r.votes, 2);
  ASSERT_EQ(r.sources.size(), 3u);
  EXPECT_EQ(r.sources[0].label, "source:0 fixed");
  EXPECT_EQ(r.sources[0].status, SourceStatus::ok);
  EXPECT_EQ(r.sources[2].status, SourceStatus::disagree);
  EXPECT_EQ(r.reason, "quorum 2/3 for 1.1.1.1");
}

TEST(Observe, HangingSourceCannotStallTheCall) {
  auto hanging = std::make_shared<HangingSource>();
  Observer observer({answers("1.1.1.1"), hanging, answers("1.1.1.1")});
  auto start = std::chrono::steady_clock::now();
  auto r = observer.observe(Family::ipv4, 2, 200ms, AllowPrivate::no);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, 3s);  // generous: only "not 5 s" matters
  ASSERT_TRUE(r.address);
  EXPECT_EQ(r.address->to_string(), "1.1.1.1");
  EXPECT_EQ(r.sources[1].status, SourceStatus::error);
  EXPECT_EQ(r.sources[1].detail, "timed out");
  EXPECT_EQ(r.sources[1].error_class, ErrorClass::transient);
  hanging->release();  // its late answer goes to the worker's board, unseen
}

TEST(Observe, PrivateAnswerRejectedUnlessAllowed) {
  std::vector<SourcePtr> sources{answers("192.168.1.5"), answers("1.1.1.1")};
  auto strict = Observer(sources).observe(Family::ipv4, 1, 1s, AllowPrivate::no);
  ASSERT_TRUE(strict.address);
  EXPECT_EQ(strict.address->to_string(), "1.1.1.1");
  EXPECT_EQ(strict.sources[0].status, SourceStatus::rejected);
  EXPECT_EQ(strict.sources[0].detail, "private");
  ASSERT_TRUE(strict.sources[0].address);

  auto lax = Observer({answers("192.168.1.5")}).observe(Family::ipv4, 1, 1s, AllowPrivate::yes);
  ASSERT_TRUE(lax.address);
  EXPECT_EQ(lax.address->to_string(), "192.168.1.5");
  EXPECT_EQ(lax.sources[0].status, SourceStatus::ok);
}

TEST(Observe, LoopbackRejectedEvenWhenPrivateAllowed) {
  auto r = Observer({answers("127.0.0.1")}).observe(Family::ipv4, 1, 1s, AllowPrivate::yes);
  EXPECT_FALSE(r.address);
  EXPECT_EQ(r.sources[0].status, SourceStatus::rejected);
  EXPECT_EQ(r.sources[0].detail, "loopback");
}

TEST(Observe, ErrorsAndGarbageAreNoVotes) {
  auto r = Observer({fails(ErrorClass::invalid_response, "not an address: \"<html>\""),
                     std::make_shared<ThrowingSource>(), answers("1.1.1.1")})
               .observe(Family::ipv4, 2, 1s, AllowPrivate::no);
  EXPECT_FALSE(r.address);
  EXPECT_EQ(r.sources[0].status, SourceStatus::error);
  EXPECT_EQ(r.sources[0].error_class, ErrorClass::invalid_response);
  EXPECT_EQ(r.sources[1].status, SourceStatus::error);
  EXPECT_NE(r.sources[1].detail.find("boom"), std::string::npos);
  EXPECT_EQ(r.sources[2].status, SourceStatus::ok);  // no winner, so nobody disagrees
  EXPECT_EQ(r.reason, "no quorum: 1 of 2 needed answers agree on 1.1.1.1");
}

TEST(Observe, NoSourcesNoAddress) {
  auto r = Observer({}).observe(Family::ipv6, 1, 1s, AllowPrivate::no);
  EXPECT_FALSE(r.address);
  EXPECT_TRUE(r.sources.empty());
  EXPECT_FALSE(r.reason.empty());
}

TEST(SourceStatus, Names) {
  EXPECT_EQ(to_string(SourceStatus::ok), "ok");
  EXPECT_EQ(to_string(SourceStatus::rejected), "rejected");
  EXPECT_EQ(to_string(SourceStatus::error), "error");
  EXPECT_EQ(to_string(SourceStatus::disagree), "disagree");
}

}  // namespace
}  // namespace ddnsguard::providers

namespace ddnsguard::providers {
namespace {

TEST(Observe, CancelEndsTheWaitEarly) {
  auto hanging = std::make_shared<HangingSource>();
  Observer observer({hanging});
  std::atomic<bool> cancel{true};
  auto start = std::chrono::steady_clock::now();
  auto r = observer.observe(Family::ipv4, 1, std::chrono::seconds{10}, AllowPrivate::no, &cancel);
  EXPECT_FALSE(r.address);
  ASSERT_EQ(r.sources.size(), 1u);
  EXPECT_EQ(r.sources[0].detail, "timed out");
  // Bound, not a timing target: without cancel this call would wait 10 s.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds{5});
  hanging->release();
}

// Notes the thread of every fetch.
class ThreadNoting : public AddressSource {
 public:
  std::string describe() const override { return "noting"; }
  Result<Address> fetch(Family, std::chrono::milliseconds) override {
    std::lock_guard lock(m_mutex);
    m_threads.insert(std::this_thread::get_id());
    return *Address::parse("1.1.1.1");
  }
  std::set<std::thread::id> threads() {
    std::lock_guard lock(m_mutex);
    return m_threads;
  }

 private:
  std::mutex m_mutex;
  std::set<std::thread::id> m_threads;
};

TEST(Observer, EachSourceKeepsOneThreadAcrossChecks) {
  auto a = std::make_shared<ThreadNoting>();
  auto b = std::make_shared<ThreadNoting>();
  Observer observer({a, b});
  for (int i = 0; i < 5; ++i) {
    auto r = observer.observe(Family::ipv4, 2, 1s, AllowPrivate::no);
    ASSERT_TRUE(r.address);
  }
  ASSERT_EQ(a->threads().size(), 1u);
  ASSERT_EQ(b->threads().size(), 1u);
  EXPECT_NE(*a->threads().begin(), *b->threads().begin());
  EXPECT_EQ(a->threads().count(std::this_thread::get_id()), 0u);
}

TEST(Observer, ASourceStillFetchingIsNotAskedAgain) {
  auto hanging = std::make_shared<HangingSource>();
  Observer observer({answers("1.1.1.1"), hanging});
  auto first = observer.observe(Family::ipv4, 1, 500ms, AllowPrivate::no);
  EXPECT_EQ(first.sources[1].detail, "timed out");
  for (int check = 2; check <= 4; ++check) {  // never a wait for the hanging fetch
    auto start = std::chrono::steady_clock::now();
    auto later = observer.observe(Family::ipv4, 1, 500ms, AllowPrivate::no);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 3s) << "check " << check;
    EXPECT_EQ(later.sources[1].detail, "still busy with an earlier check") << "check " << check;
    EXPECT_EQ(later.sources[1].error_class, ErrorClass::transient);
    ASSERT_TRUE(later.address);
  }
  hanging->release();
}

TEST(Observer, EndingWaitsForAFetchStillRunning) {
  auto hanging = std::make_shared<HangingSource>();
  auto returned = std::make_shared<std::atomic<bool>>(false);
  class Notes final : public AddressSource {
   public:
    Notes(std::shared_ptr<HangingSource> inner, std::shared_ptr<std::atomic<bool>> done)
        : m_inner(std::move(inner)), m_done(std::move(done)) {}
    std::string describe() const override { return "notes"; }
    Result<Address> fetch(Family f, std::chrono::milliseconds t) override {
      auto r = m_inner->fetch(f, t);
      *m_done = true;
      return r;
    }

   private:
    std::shared_ptr<HangingSource> m_inner;
    std::shared_ptr<std::atomic<bool>> m_done;
  };
  {
    Observer observer({std::make_shared<Notes>(hanging, returned)});
    auto r = observer.observe(Family::ipv4, 1, 20ms, AllowPrivate::no);
    EXPECT_EQ(r.sources[0].detail, "timed out");
    EXPECT_FALSE(*returned);
    hanging->release();
  }  // joins
  EXPECT_TRUE(*returned);
}

}  // namespace
}  // namespace ddnsguard::providers
