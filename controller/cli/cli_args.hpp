#pragma once
// What the command line parsed, and the exit codes (DESIGN §4), shared by the command
// implementations.

#include <string>

#include "controller/app/runtime.hpp"

namespace ddnsguard::controller::cli {

constexpr int k_exit_ok = 0;
constexpr int k_exit_runtime = 1;
constexpr int k_exit_usage = 2;
constexpr int k_exit_locked = 3;

struct Args {
  CommonOptions common;
  std::string trace;
  std::string fixed_interval;
  bool dry_run = false;
  bool json = false;
  bool open_only = false;
  std::string since;
  std::string resolver;
  bool user = false;
  bool no_secrets = false;
  bool launchd = false;
  bool force = false;     // service install: even where the service could not reach a path
  bool progress = false;  // simulate: progress on stderr (also when stderr is a terminal)
  std::string root;
  bool as_service = false;
  bool test = false;        // notify --test
  std::string html;         // report --html FILE
  std::string kind;         // decisions --kind
  int limit = 0;            // decisions --limit: the newest N (0: all)
  std::string import_from;  // import: "ddclient" or "inadyn"
  std::string import_file;  // import: the other client's configuration
};

}  // namespace ddnsguard::controller::cli
