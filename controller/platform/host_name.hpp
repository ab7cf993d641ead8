#pragma once
// This machine's name, for notifications ("nas: IPv4 address changed").

#include <string>

namespace ddnsguard::controller {

// The host name (printable ASCII, at most 64 characters), or "ddnsguard" when unknown.
std::string host_name();

}  // namespace ddnsguard::controller
