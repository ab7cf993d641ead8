#include "controller/cli/cli.hpp"

int main(int argc, char** argv) {
  return ddnsguard::controller::run_cli(argc, argv);
}
