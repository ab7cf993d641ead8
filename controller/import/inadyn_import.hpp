#pragma once
// `ddnsguard import inadyn FILE`: an inadyn.conf (v2, libConfuse format) as an equivalent
// ddnsguard configuration (docs/providers/ddclient-inadyn.md §4-5). Pure.

#include <string>
#include <string_view>

#include "controller/import/import_common.hpp"

namespace ddnsguard::controller::import {

// `converted` false with the reason in `text` when the file is not inadyn's syntax.
ImportResult import_inadyn(std::string_view text, const std::string& origin);

}  // namespace ddnsguard::controller::import
