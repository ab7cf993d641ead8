#include "providers/base/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace ddnsguard::providers {

void run_parallel(std::size_t count, std::size_t threads,
                  const std::function<void(std::size_t)>& job) {
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::exception_ptr first_error;  // a job that throws (bad_alloc) ends the batch, not the process
  auto work = [&] {
    try {
      for (std::size_t i = next++; i < count; i = next++)
        job(i);
    } catch (...) {
      next = count;
      std::lock_guard lock(mutex);
      if (!first_error) first_error = std::current_exception();
    }
  };
  std::vector<std::thread> helpers;
  const auto extra = std::min(count, std::max<std::size_t>(threads, 1)) - (count > 0 ? 1 : 0);
  try {
    helpers.reserve(extra);
    for (std::size_t t = 0; t < extra; ++t)
      helpers.emplace_back(work);
  } catch (const std::exception&) {
    // no more threads: the others share the rest
  }
  work();
  for (auto& h : helpers)
    h.join();
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace ddnsguard::providers
