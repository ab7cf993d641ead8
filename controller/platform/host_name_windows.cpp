#include <windows.h>

#include <array>

#include "controller/platform/host_name.hpp"
#include "providers/base/safe_text.hpp"

namespace ddnsguard::controller {

std::string host_name() {
  std::array<char, MAX_COMPUTERNAME_LENGTH + 1> buf{};
  DWORD size = static_cast<DWORD>(buf.size());
  if (GetComputerNameA(buf.data(), &size) == 0) return "ddnsguard";
  auto out = providers::printable_ascii(std::string_view(buf.data(), size), 64);
  return out.empty() ? "ddnsguard" : out;
}

}  // namespace ddnsguard::controller
