#pragma once
// `ddnsguard notify --test`: one test message to every notify target, a line per result.

#include "controller/cli/cli_args.hpp"

namespace ddnsguard::controller::cli {

// Exit 0 when every target took its message, 1 when one did not, 2 without targets.
int cmd_notify_test(const Args& a);

}  // namespace ddnsguard::controller::cli
