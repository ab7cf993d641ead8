#pragma once
// `ddnsguard import ddclient|inadyn FILE`: another client's configuration, converted, on
// stdout (docs/providers/ddclient-inadyn.md).

#include "controller/cli/cli_args.hpp"

namespace ddnsguard::controller::cli {

// Exit 0 with the configuration on stdout; 1 when the file cannot be read, is not the
// client's syntax, or holds nothing that could be converted.
int cmd_import(const Args& a);

}  // namespace ddnsguard::controller::cli
