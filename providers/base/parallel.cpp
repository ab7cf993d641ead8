#include "providers/base/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <system_error>
#include <thread>
#include <vector>

namespace ddnsguard::providers {

void run_parallel(std::size_t count, std::size_t threads,
                  const std::function<void(std::size_t)>& job) {
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < count; i = next++)
      job(i);
  };
  std::vector<std::thread> helpers;
  const auto extra = std::min(count, std::max<std::size_t>(threads, 1)) - (count > 0 ? 1 : 0);
  for (std::size_t t = 0; t < extra; ++t) {
    try {
      helpers.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // no more threads: the others share the rest
    }
  }
  work();
  for (auto& h : helpers)
    h.join();
}

}  // namespace ddnsguard::providers
