#include "tests/support/fake_env.hpp"

namespace ddnsguard::testing {

providers::ConfigEnv fake_env(std::map<std::string, std::string> vars,
                              std::map<std::string, std::string> files) {
  providers::ConfigEnv env;
  env.getenv = [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
  env.read_file = [files = std::move(files)](const std::string& path,
                                             std::string& error) -> std::optional<std::string> {
    auto it = files.find(path);
    if (it == files.end()) {
      error = "No such file or directory";
      return std::nullopt;
    }
    return it->second;
  };
  return env;
}

}  // namespace ddnsguard::testing
