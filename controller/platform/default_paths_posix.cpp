#include "controller/platform/default_paths.hpp"

#include <cstdlib>
#include <filesystem>

namespace ddnsguard::controller {

namespace fs = std::filesystem;

namespace {

// Whether `path` lies inside `dir` (both made absolute and normal; "/" contains nothing here,
// as a system user's home may be "/").
bool inside(const fs::path& path, const std::optional<std::string>& dir) {
  if (!dir || dir->empty() || dir->front() != '/') return false;
  auto base = fs::path(*dir).lexically_normal();
  if (base.relative_path().empty()) return false;
  auto rel = path.lexically_relative(base);
  return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

std::string default_state_dir() {
  return "/var/lib/ddnsguard";
}

std::string default_state_dir_for(const std::string& config_path, const providers::ConfigEnv& env) {
  std::error_code ec;
  auto config = fs::absolute(config_path, ec).lexically_normal();
  if (ec) return default_state_dir();
  auto home = env.getenv("HOME");
  if (!inside(config, home) && !inside(config, env.getenv("XDG_CONFIG_HOME")))
    return default_state_dir();
  if (auto state = env.getenv("XDG_STATE_HOME"); state && !state->empty() && state->front() == '/')
    return (fs::path(*state) / "ddnsguard").string();
  if (!home || home->empty() || home->front() != '/') return default_state_dir();
  return (fs::path(*home) / ".local/state/ddnsguard").string();
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
