#pragma once
// A ConfigEnv over in-memory maps: no real environment variables, no real files.

#include <map>
#include <string>

#include "providers/base/config_reader.hpp"

namespace ddnsguard::testing {

providers::ConfigEnv fake_env(std::map<std::string, std::string> vars = {},
                              std::map<std::string, std::string> files = {});

}  // namespace ddnsguard::testing
