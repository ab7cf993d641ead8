// Guarded: the value is reached only with its lock held, by with() or a lock() handle.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <thread>
#include <vector>

#include "providers/base/guarded.hpp"

namespace ddnsguard::providers {
namespace {

TEST(Guarded, WithReturnsWhatTheCallReturnsByValue) {
  Guarded<std::map<std::string, int>> g;
  g.with([](auto& m) { m["a"] = 1; });
  int a = g.with([](const auto& m) { return m.at("a"); });
  EXPECT_EQ(a, 1);
  const auto& cg = g;
  EXPECT_EQ(cg.with([](const auto& m) { return m.size(); }), 1u);
}

TEST(Guarded, UpdatesFromManyThreadsAreNotLost) {
  struct Counts {
    long with = 0;
    long handle = 0;
  };
  Guarded<Counts> g;
  constexpr int k_threads = 4;
  constexpr int k_each = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < k_threads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < k_each; ++i) {
        g.with([](Counts& c) { ++c.with; });
        auto locked = g.lock();
        ++locked->handle;
      }
    });
  }
  for (auto& t : threads)
    t.join();
  auto c = g.with([](const Counts& v) { return v; });
  EXPECT_EQ(c.with, long{k_threads} * k_each);
  EXPECT_EQ(c.handle, long{k_threads} * k_each);
}

}  // namespace
}  // namespace ddnsguard::providers
