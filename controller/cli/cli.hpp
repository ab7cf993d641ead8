#pragma once
// The command line (DESIGN §4). main() only calls run_cli.

namespace ddnsguard::controller {

// Parses argv, runs the subcommand, returns the process exit code (0/1/2/3). Catches every
// exception; never throws.
int run_cli(int argc, char** argv);

}  // namespace ddnsguard::controller
