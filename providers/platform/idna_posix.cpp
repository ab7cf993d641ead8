#include <idn2.h>

#include <cstdlib>
#include <memory>

#include <fmt/format.h>

#include "providers/net/idna.hpp"

namespace ddnsguard::providers {

namespace {

struct FreeIdn2 {
  void operator()(char* p) const { idn2_free(p); }
};
using Idn2Text = std::unique_ptr<char, FreeIdn2>;

}  // namespace

Result<std::string> idna_to_ascii(std::string_view utf8) {
  const std::string input(utf8);
  char* out = nullptr;
  int rc = idn2_to_ascii_8z(input.c_str(), &out, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
  Idn2Text owned(out);
  if (rc != IDN2_OK || out == nullptr) {
    return fail(ErrorClass::config,
                fmt::format("is not a valid internationalized name ({})", idn2_strerror(rc)));
  }
  return std::string(out);
}

std::string idna_to_unicode(std::string_view ascii) {
  const std::string input(ascii);
  if (input.find("xn--") == std::string::npos) return input;
  char* out = nullptr;
  int rc = idn2_to_unicode_8z8z(input.c_str(), &out, 0);
  Idn2Text owned(out);
  return rc == IDN2_OK && out != nullptr ? std::string(out) : input;
}

}  // namespace ddnsguard::providers
