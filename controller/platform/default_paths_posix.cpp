#include "controller/platform/default_paths.hpp"

#include <cstdlib>
#include <filesystem>

namespace ddnsguard::controller {

std::string default_state_dir() {
  return "/var/lib/ddnsguard";
}

std::vector<std::string> default_config_candidates(const providers::ConfigEnv& env) {
  std::vector<std::string> candidates{"./ddnsguard.json"};
  if (auto xdg = env.getenv("XDG_CONFIG_HOME"); xdg && !xdg->empty()) {
    candidates.push_back(*xdg + "/ddnsguard/config.json");
  } else if (auto home = env.getenv("HOME"); home && !home->empty()) {
    candidates.push_back(*home + "/.config/ddnsguard/config.json");
  }
  candidates.push_back("/etc/ddnsguard/config.json");
  return candidates;
}

std::string this_executable() {
  std::error_code ec;
  return std::filesystem::read_symlink("/proc/self/exe", ec).string();
}

std::string user_home() {
  const char* home = std::getenv("HOME");
  return home != nullptr ? home : "";
}

std::optional<std::string> default_log_file() {
  return std::nullopt;
}

}  // namespace ddnsguard::controller
