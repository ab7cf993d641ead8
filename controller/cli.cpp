#include "controller/cli.hpp"

namespace ddnsguard::controller {

int run_cli(int, char**) { return 0; }

}  // namespace ddnsguard::controller
