#include "controller/config/config.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "controller/config/config_document.hpp"
#include "controller/config/config_sections.hpp"
#include "controller/platform/default_paths.hpp"
#include "controller/platform/file_access.hpp"

namespace ddnsguard::controller {

using providers::ConfigContext;
using providers::ConfigProblem;
using providers::JsonPath;
using providers::ObjectReader;

int SourcesConfig::quorum_for(providers::Family f) const {
  auto n = static_cast<int>(of(f).size());
  if (n == 0) return 0;
  return quorum ? std::min(*quorum, n) : n / 2 + 1;
}

namespace {

// JSON nesting deeper than this is refused before parsing (hostile input, stack safety).
constexpr int k_max_depth = 64;

std::optional<ConfigProblem> check_text(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) {
    return ConfigProblem{"", "configuration contains a NUL byte"};
  }
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') --depth;
    if (depth > k_max_depth) {
      return ConfigProblem{"", fmt::format("nesting deeper than {} levels", k_max_depth)};
    }
  }
  return std::nullopt;
}

std::string_view strip_bom(std::string_view text) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

}  // namespace

ParseOutcome parse_config(std::string_view text, const providers::ConfigEnv& env) {
  ParseOutcome out;
  text = strip_bom(text);
  if (auto p = check_text(text)) {
    out.problems.push_back(*p);
    return out;
  }
  auto doc = parse_document(text, out.problems);
  if (!doc) return out;
  ConfigContext ctx{env, out.problems};
  Config config;
  ObjectReader top(*doc, JsonPath{}, ctx);
  read_top_level(top, config);
  top.finish();
  config.inline_secrets = ctx.inline_secrets;
  config.secrets = std::move(ctx.secrets);
  if (out.problems.empty()) out.config = std::move(config);
  return out;
}

// The system service's group, which may read its configuration (the .deb and `service
// install` make /etc/ddnsguard/config.json root:ddnsguard 0640).
constexpr const char* k_service_group = "ddnsguard";

ParseOutcome load_config(const std::string& path, const providers::ConfigEnv& env,
                         std::vector<std::string>& warnings) {
  ParseOutcome out;
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    out.problems.push_back({"", fmt::format("cannot read config \"{}\": {}", path, ec.message())});
    return out;
  }
  if (size > k_max_config_bytes) {
    out.problems.push_back({"", fmt::format("config \"{}\" is {} bytes, more than the {} allowed",
                                            path, size, k_max_config_bytes)});
    return out;
  }
  std::string error;
  auto text = env.read_file(path, error);
  if (!text) {
    out.problems.push_back({"", fmt::format("cannot read config \"{}\": {}", path, error)});
    return out;
  }
  out = parse_config(*text, env);
  if (out.config) {
    out.config->source_path = path;
    if (!out.config->state_dir_given) {
      out.config->state_dir = default_state_dir_for(path, env);
      auto moved = moved_history_warning(path, out.config->state_dir, default_state_dir());
      if (moved) warnings.push_back(*moved);
    }
    if (out.config->inline_secrets && readable_by_others(path, k_service_group)) {
      warnings.push_back(fmt::format(
          "config \"{}\" holds inline secrets and is readable by users other than its owner: "
          "chmod 600 it (or root:{} 0640 for the system service), or move the secrets to "
          "${{ENV}} or <key>_file",
          path, k_service_group));
    }
  }
  return out;
}

std::optional<std::string> moved_history_warning(const std::string& config_path,
                                                 const std::string& state_dir,
                                                 const std::string& legacy_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (state_dir == legacy_dir || fs::exists(fs::path(state_dir) / "history.db", ec) ||
      !fs::is_regular_file(fs::path(legacy_dir) / "history.db", ec)) {
    return std::nullopt;
  }
  return fmt::format(
      "config \"{}\" names no state_dir: its history now goes to {}, but an older one is in {}; "
      "add \"state_dir\": \"{}\" to the configuration to keep using that",
      config_path, state_dir, legacy_dir, legacy_dir);
}

std::optional<std::string> find_config_file(const std::optional<std::string>& explicit_path,
                                            const providers::ConfigEnv& env) {
  if (explicit_path) return explicit_path;
  if (auto p = env.getenv("DDNSGUARD_CONFIG"); p && !p->empty()) return p;
  for (const auto& c : default_config_candidates(env)) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(c, ec)) return c;
  }
  return std::nullopt;
}

}  // namespace ddnsguard::controller
