// return_free_heap hands freed heap pages back: memory a start-up pass freed in the middle
// of the heap (which free() alone keeps) leaves the resident set.

#include "controller/platform/heap.hpp"

#include <fstream>
#include <memory>
#include <vector>

#include <gtest/gtest.h>

namespace ddnsguard::controller {
namespace {

[[maybe_unused]] long resident_kib() {
  std::ifstream status("/proc/self/status");
  std::string key;
  long value = 0;
  while (status >> key) {
    if (key == "VmRSS:") {
      status >> value;
      return value;
    }
    status.ignore(1 << 12, '\n');
  }
  return -1;
}

TEST(Heap, FreedPagesInTheMiddleOfTheHeapLeaveTheResidentSet) {
#if !defined(__GLIBC__) || defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "glibc's malloc_trim only (AddressSanitizer brings its own malloc)";
#else
  constexpr std::size_t k_blocks = 40'000, k_size = 1024;  // ~40 MiB of small blocks
  std::vector<std::unique_ptr<char[]>> blocks;
  blocks.reserve(k_blocks);
  for (std::size_t i = 0; i < k_blocks; ++i) {
    blocks.emplace_back(new char[k_size]);
    std::fill_n(blocks.back().get(), k_size, static_cast<char>(i));
  }
  for (std::size_t i = 0; i + 1 < k_blocks; ++i) {
    if (i % 256 != 0) blocks[i].reset();  // a few live blocks pin the heap's pages in place
  }
  const auto before = resident_kib();
  return_free_heap();
  const auto after = resident_kib();
  ASSERT_GT(before, 0);
  EXPECT_LT(after, before - 20 * 1024) << "before " << before << " KiB, after " << after << " KiB";
#endif
}

}  // namespace
}  // namespace ddnsguard::controller
