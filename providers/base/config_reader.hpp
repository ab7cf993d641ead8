#pragma once
// Typed, path-aware reading of JSON configuration objects. Every problem is collected
// (never thrown) with the JSON path it concerns, so all of them can be printed at once.
// Values are resolved here: "${NAME}" from the environment, secrets from "<key>_file".

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "providers/base/secret.hpp"

namespace ddnsguard::providers {

struct ConfigProblem {
  std::string path;     // "records[1].providers[0]", "" for the document itself
  std::string message;  // never holds a secret value
  std::string str() const { return path.empty() ? message : path + ": " + message; }
};

class JsonPath {
 public:
  JsonPath() = default;
  JsonPath operator/(std::string_view key) const;
  JsonPath operator/(std::size_t index) const;
  const std::string& str() const { return m_text; }

 private:
  explicit JsonPath(std::string t) : m_text(std::move(t)) {}
  std::string m_text;
};

// The largest file the system ConfigEnv reads (configuration, traces, secrets), and the
// largest secret file accepted.
inline constexpr std::size_t k_longest_file = std::size_t{64} << 20;
inline constexpr std::size_t k_longest_secret = std::size_t{64} << 10;
// What stands in for a secret under ConfigEnv::skip_secrets (valid base64, like a TSIG key).
inline constexpr std::string_view k_unread_secret = "dW5yZWFk";

// How ${NAME} and <key>_file are resolved; injected so tests never touch the real ones.
// The system one reads regular files only, at most k_longest_file bytes.
struct ConfigEnv {
  std::function<std::optional<std::string>(std::string_view name)> getenv;
  // File content, or nullopt with `error` set ("No such file or directory").
  std::function<std::optional<std::string>(const std::string& path, std::string& error)> read_file;
  // Secrets are neither resolved nor read, and an unset ${NAME} anywhere (a header, a URL
  // token) is no problem: a placeholder stands in. For the report commands, which never call
  // a provider and run where the service's credentials are not, and check-config
  // --no-secrets.
  bool skip_secrets = false;
  static ConfigEnv system();
};

// Everything the reading learned besides the values: problems and secret bookkeeping.
struct ConfigContext {
  const ConfigEnv& env;
  std::vector<ConfigProblem>& problems;
  bool inline_secrets = false;    // a secret was written in the file itself
  std::vector<Secret> secrets{};  // every secret read, so logs can mask the values
  void problem(const JsonPath& at, std::string message) {
    problems.push_back({at.str(), std::move(message)});
  }
};

enum class Required { no, yes };

// The longest duration a setting accepts unless it says otherwise (365 days).
inline constexpr std::chrono::milliseconds k_longest_duration = std::chrono::hours{24 * 365};

// Reads the keys of one JSON object. Keys not asked for are reported by finish().
class ObjectReader {
 public:
  // `obj` must outlive the reader. A non-object records one problem; reads then yield nullopt.
  ObjectReader(const nlohmann::json& obj, JsonPath at, ConfigContext& ctx);

  bool ok() const { return m_obj != nullptr; }
  const JsonPath& path() const { return m_at; }
  ConfigContext& context() { return m_ctx; }
  bool has(std::string_view key) const;
  // The raw value (key marked as known), or nullptr when absent.
  const nlohmann::json* raw(std::string_view key);

  std::optional<std::string> string(std::string_view key, Required req = Required::no);
  std::string string_or(std::string_view key, std::string fallback);
  // One of `choices`; anything else is a problem listing them.
  std::optional<std::string> choice(std::string_view key, const std::vector<std::string>& choices,
                                    Required req = Required::no);
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max,
                                      Required req = Required::no);
  std::optional<bool> boolean(std::string_view key);
  // A duration no longer than `max` (longer ones are a problem naming the key, so no sleep
  // or timestamp can overflow further on).
  std::optional<std::chrono::milliseconds>
  duration(std::string_view key, Required req = Required::no,
           std::chrono::milliseconds max = k_longest_duration);
  // `key` inline (counted as an inline secret) or `<key>_file` (trimmed content), not both.
  std::optional<Secret> secret(std::string_view key, Required req = Required::yes);
  std::optional<std::vector<std::string>> string_list(std::string_view key,
                                                      Required req = Required::no);

  // Reports every key that no accessor asked for. Call once, after all reads.
  void finish();

 private:
  std::optional<std::string> resolve(const nlohmann::json& v, const JsonPath& at);
  void missing(std::string_view key);

  const nlohmann::json* m_obj = nullptr;
  JsonPath m_at;
  ConfigContext& m_ctx;
  std::set<std::string, std::less<>> m_known;
};

// Expands every "${NAME}" in `text`. An unset or malformed reference is a problem at `at`.
std::optional<std::string> expand_env(std::string_view text, const JsonPath& at,
                                      ConfigContext& ctx);

}  // namespace ddnsguard::providers
