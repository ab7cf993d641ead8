#include <windows.h>

#include <fmt/format.h>

#include "providers/net/idna.hpp"
#include "providers/platform/wide_text.hpp"

namespace ddnsguard::providers {

namespace {

constexpr int k_longest_name = 1024;  // wide characters; DNS names stop at 253

}  // namespace

Result<std::string> idna_to_ascii(std::string_view utf8) {
  auto wide = widen(utf8);
  std::wstring out(k_longest_name, L'\0');
  int n = IdnToAscii(0, wide.c_str(), static_cast<int>(wide.size()), out.data(), k_longest_name);
  if (n <= 0) {
    return fail(ErrorClass::config,
                fmt::format("is not a valid internationalized name (IdnToAscii error {})",
                            static_cast<unsigned long>(GetLastError())));
  }
  out.resize(static_cast<std::size_t>(n));
  return narrow(out);
}

std::string idna_to_unicode(std::string_view ascii) {
  const std::string input(ascii);
  if (input.find("xn--") == std::string::npos) return input;
  auto wide = widen(input);
  std::wstring out(k_longest_name, L'\0');
  int n = IdnToUnicode(0, wide.c_str(), static_cast<int>(wide.size()), out.data(), k_longest_name);
  if (n <= 0) return input;
  out.resize(static_cast<std::size_t>(n));
  return narrow(out);
}

}  // namespace ddnsguard::providers
