#include <unistd.h>

#include <array>

#include "controller/platform/host_name.hpp"
#include "providers/base/safe_text.hpp"

namespace ddnsguard::controller {

std::string host_name() {
  std::array<char, 256> buf{};
  if (gethostname(buf.data(), buf.size() - 1) != 0) return "ddnsguard";
  auto out = providers::printable_ascii(buf.data(), 64);
  return out.empty() ? "ddnsguard" : out;
}

}  // namespace ddnsguard::controller
