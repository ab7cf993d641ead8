#pragma once
// Internationalized domain names: DNS messages and every provider API carry a name's
// A-labels ("xn--bcher-kva.example.com"); people write and read its U-labels
// ("bücher.example.com"). POSIX: libidn2 (IDNA2008 with the UTS #46 mapping, which also
// lower-cases). Windows: IdnToAscii / IdnToUnicode. One half per OS in
// providers/platform/idna_<os>.cpp.

#include <string>
#include <string_view>

#include "providers/base/result.hpp"

namespace ddnsguard::providers {

// The A-label form of a UTF-8 name; ErrorClass::config with the reason when it is not a
// valid internationalized name. ASCII names come back lower-cased.
Result<std::string> idna_to_ascii(std::string_view utf8);

// The U-label form of `ascii` for display; `ascii` itself when it holds no xn-- label or
// does not decode.
std::string idna_to_unicode(std::string_view ascii);

}  // namespace ddnsguard::providers
