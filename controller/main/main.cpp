#include <cstdio>
#include <cstdlib>

#include "controller/cli/cli.hpp"

int main(int argc, char** argv) {
  int code = ddnsguard::controller::run_cli(argc, argv);
  // Address sources run on detached threads that may still be inside a library call:
  // end the process without running static destructors under them.
  std::fflush(nullptr);
  std::_Exit(code);
}
