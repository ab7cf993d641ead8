// libFuzzer's entry point for one target, chosen at build time (DDNSGUARD_FUZZ_TARGET):
// built only with -DDDNSGUARD_LIBFUZZER=ON under clang (tools/fuzz.sh).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto target = ddnsguard::fuzz::target_named(DDNSGUARD_FUZZ_TARGET);
  target(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
