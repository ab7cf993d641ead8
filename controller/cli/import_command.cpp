#include "controller/cli/import_command.hpp"

#include <iostream>

#include <fmt/format.h>

#include "controller/import/ddclient_import.hpp"
#include "controller/import/inadyn_import.hpp"
#include "providers/base/config_reader.hpp"
#include "providers/base/safe_text.hpp"

namespace ddnsguard::controller::cli {

int cmd_import(const Args& a) {
  const auto env = providers::ConfigEnv::system();
  std::string error;
  auto text = env.read_file(a.import_file, error);
  if (text && text->size() > import::k_longest_import) {
    error =
        fmt::format("larger than {} bytes: not a client configuration", import::k_longest_import);
    text.reset();
  }
  if (!text) {
    std::cerr << fmt::format("error: cannot read {}: {}\n", providers::valid_utf8(a.import_file),
                             error);
    return k_exit_runtime;
  }
  auto read_key_file = [&env](const std::string& path) {
    std::string ignored;
    return env.read_file(path, ignored);
  };
  auto result = a.import_from == "ddclient"
                    ? import::import_ddclient(*text, a.import_file, read_key_file)
                    : import::import_inadyn(*text, a.import_file);
  if (result.error) {
    std::cerr << "error: " << providers::valid_utf8(*result.error) << "\n";
    return k_exit_runtime;
  }
  std::cout << providers::valid_utf8(result.text);
  if (result.converted) return k_exit_ok;
  std::cerr << fmt::format("error: nothing in {} could be converted (see the comments above)\n",
                           providers::valid_utf8(a.import_file));
  return k_exit_runtime;
}

}  // namespace ddnsguard::controller::cli
