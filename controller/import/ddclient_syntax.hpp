#pragma once
// ddclient.conf as ddclient's own reader understands it (docs/providers/ddclient-inadyn.md
// §1): a password value is taken from the raw line first (it may hold '#'), then '#' starts
// a comment, a trailing '\' continues the line, `name=value` pairs separated by commas or
// spaces come first and the rest is `hosts[,hosts] [login [password]]`. A line without hosts
// sets globals; a host gets its line's options, then the globals so far, then the globals
// set later. Pure.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ddnsguard::controller::import {

struct DdclientValue {
  std::string text;
  int line = 0;  // the first physical line of the logical line it was on
};

using DdclientOptions = std::map<std::string, DdclientValue>;

// One host with every option that applies to it.
struct DdclientHost {
  std::string name;
  int line = 0;
  DdclientOptions options;
};

// The most hosts a file may name (a larger one is not a ddclient configuration).
inline constexpr std::size_t k_most_hosts = 1000;

struct DdclientFile {
  std::vector<DdclientHost> hosts;  // in file order; a host named twice keeps its first line
  DdclientOptions globals;          // as at the end of the file
  std::string error;                // "line 3: longer than 8192 characters"; then nothing else
};

DdclientFile parse_ddclient(std::string_view text);

}  // namespace ddnsguard::controller::import
