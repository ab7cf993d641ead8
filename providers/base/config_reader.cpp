#include "providers/base/config_reader.hpp"

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "providers/base/duration.hpp"

namespace ddnsguard::providers {

JsonPath JsonPath::operator/(std::string_view key) const {
  return JsonPath(m_text.empty() ? std::string(key) : m_text + "." + std::string(key));
}

JsonPath JsonPath::operator/(std::size_t index) const {
  return JsonPath(fmt::format("{}[{}]", m_text, index));
}

ConfigEnv ConfigEnv::system() {
  ConfigEnv env;
  env.getenv = [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
  env.read_file = [](const std::string& path, std::string& error) -> std::optional<std::string> {
    // Regular files only: a FIFO would block (a reload hanging forever), a device such as
    // /dev/zero would never end.
    std::error_code ec;
    auto st = std::filesystem::status(path, ec);
    if (!ec && !std::filesystem::is_regular_file(st)) {
      error = "not a regular file";
      return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      error = std::strerror(errno);
      return std::nullopt;
    }
    std::string text;
    std::array<char, 1 << 16> chunk{};
    while (in.read(chunk.data(), chunk.size()) || in.gcount() > 0) {
      text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
      if (text.size() > k_longest_file) {
        error = fmt::format("larger than {} MiB", k_longest_file >> 20);
        return std::nullopt;
      }
    }
    return text;
  };
  return env;
}

namespace {

std::string type_name(const nlohmann::json& v) {
  return v.type_name();
}

bool valid_env_name(std::string_view n) {
  if (n.empty()) return false;
  for (char c : n) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

std::string trim(std::string s) {
  const auto* ws = " \t\r\n";
  auto b = s.find_first_not_of(ws);
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

}  // namespace

std::optional<std::string> expand_env(std::string_view text, const JsonPath& at,
                                      ConfigContext& ctx) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    auto open = text.find("${", i);
    if (open == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, open - i));
    auto close = text.find('}', open + 2);
    auto name = close == std::string_view::npos ? std::string_view{}
                                                : text.substr(open + 2, close - open - 2);
    if (!valid_env_name(name)) {
      ctx.problem(at, "malformed ${...} reference (use ${NAME} with letters, digits, _)");
      return std::nullopt;
    }
    auto value = ctx.env.getenv(name);
    if (!value && ctx.env.skip_secrets) {
      value = std::string(k_unread_secret);  // a header or URL token: not read either
    }
    if (!value) {
      ctx.problem(at, fmt::format("environment variable {} is not set", name));
      return std::nullopt;
    }
    out += *value;
    i = close + 1;
  }
  return out;
}

ObjectReader::ObjectReader(const nlohmann::json& obj, JsonPath at, ConfigContext& ctx)
    : m_at(std::move(at)), m_ctx(ctx) {
  if (obj.is_object()) {
    m_obj = &obj;
  } else {
    m_ctx.problem(m_at, fmt::format("expected an object, got {}", type_name(obj)));
  }
}

bool ObjectReader::has(std::string_view key) const {
  return m_obj != nullptr && m_obj->contains(key);
}

const nlohmann::json* ObjectReader::raw(std::string_view key) {
  m_known.emplace(key);
  if (m_obj == nullptr) return nullptr;
  auto it = m_obj->find(key);
  if (it == m_obj->end() || it->is_null()) return nullptr;
  return &*it;
}

void ObjectReader::missing(std::string_view key) {
  if (m_obj != nullptr) m_ctx.problem(m_at / key, "is required");
}

std::optional<std::string> ObjectReader::resolve(const nlohmann::json& v, const JsonPath& at) {
  if (!v.is_string()) {
    m_ctx.problem(at, fmt::format("expected a string, got {}", type_name(v)));
    return std::nullopt;
  }
  const auto& s = v.get_ref<const std::string&>();
  if (s.find('\0') != std::string::npos) {
    m_ctx.problem(at, "contains a NUL character");
    return std::nullopt;
  }
  return expand_env(s, at, m_ctx);
}

std::optional<std::string> ObjectReader::string(std::string_view key, Required req) {
  const auto* v = raw(key);
  if (v == nullptr) {
    if (req == Required::yes) missing(key);
    return std::nullopt;
  }
  return resolve(*v, m_at / key);
}

std::string ObjectReader::string_or(std::string_view key, std::string fallback) {
  return string(key).value_or(std::move(fallback));
}

std::optional<std::string>
ObjectReader::choice(std::string_view key, const std::vector<std::string>& choices, Required req) {
  auto s = string(key, req);
  if (!s) return std::nullopt;
  for (const auto& c : choices) {
    if (*s == c) return s;
  }
  m_ctx.problem(m_at / key,
                fmt::format("must be one of {}, got \"{}\"", fmt::join(choices, ", "), *s));
  return std::nullopt;
}

std::optional<std::int64_t> ObjectReader::integer(std::string_view key, std::int64_t min,
                                                  std::int64_t max, Required req) {
  const auto* v = raw(key);
  if (v == nullptr) {
    if (req == Required::yes) missing(key);
    return std::nullopt;
  }
  if (!v->is_number_integer()) {
    m_ctx.problem(m_at / key, fmt::format("expected an integer, got {}", type_name(*v)));
    return std::nullopt;
  }
  bool in_range = v->is_number_unsigned()
                      ? v->get<std::uint64_t>() <= static_cast<std::uint64_t>(max)
                      : v->get<std::int64_t>() <= max;
  auto n = v->is_number_unsigned() && !in_range ? max : v->get<std::int64_t>();
  if (!in_range || n < min) {
    m_ctx.problem(m_at / key,
                  fmt::format("must be between {} and {}, got {}", min, max, v->dump()));
    return std::nullopt;
  }
  return n;
}

std::optional<bool> ObjectReader::boolean(std::string_view key) {
  const auto* v = raw(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    m_ctx.problem(m_at / key, fmt::format("expected true or false, got {}", type_name(*v)));
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::chrono::milliseconds> ObjectReader::duration(std::string_view key, Required req,
                                                                std::chrono::milliseconds max) {
  const auto* v = raw(key);
  if (v == nullptr) {
    if (req == Required::yes) missing(key);
    return std::nullopt;
  }
  std::optional<std::chrono::milliseconds> d;
  if (v->is_number_integer() && v->get<std::int64_t>() >= 0 &&
      v->get<std::int64_t>() < (std::int64_t{1} << 40)) {
    d = std::chrono::seconds{v->get<std::int64_t>()};
  } else if (v->is_string()) {
    auto s = resolve(*v, m_at / key);
    if (!s) return std::nullopt;
    d = parse_duration(*s);
  }
  if (!d) {
    m_ctx.problem(m_at / key, fmt::format("invalid duration {} (use e.g. \"500ms\", \"10s\", "
                                          "\"5m\", \"2h\", \"1d\" or integer seconds)",
                                          v->is_string() ? v->dump() : type_name(*v)));
    return std::nullopt;
  }
  if (*d > max) {
    m_ctx.problem(m_at / key, fmt::format("{} is longer than {}, the most this setting accepts",
                                          format_duration(*d), format_duration(max)));
    return std::nullopt;
  }
  return d;
}

std::optional<Secret> ObjectReader::secret(std::string_view key, Required req) {
  std::string file_key = std::string(key) + "_file";
  const auto* inline_v = raw(key);
  const auto* file_v = raw(file_key);
  if (inline_v != nullptr && file_v != nullptr) {
    m_ctx.problem(m_at / key, fmt::format("give either {} or {}, not both", key, file_key));
    return std::nullopt;
  }
  if (m_ctx.env.skip_secrets && (inline_v != nullptr || file_v != nullptr)) {
    const auto* given = inline_v != nullptr ? inline_v : file_v;
    if (!given->is_string()) {
      m_ctx.problem(m_at / (inline_v != nullptr ? std::string(key) : file_key),
                    fmt::format("expected a string, got {}", type_name(*given)));
      return std::nullopt;
    }
    return Secret{k_unread_secret};
  }
  if (inline_v != nullptr) {
    if (!inline_v->is_string()) {
      m_ctx.problem(m_at / key, fmt::format("expected a string, got {}", type_name(*inline_v)));
      return std::nullopt;
    }
    const auto& text = inline_v->get_ref<const std::string&>();
    if (text.find("${") == std::string::npos) m_ctx.inline_secrets = true;
    auto s = resolve(*inline_v, m_at / key);
    if (!s) return std::nullopt;
    if (s->empty()) {
      m_ctx.problem(m_at / key, "is empty");
      return std::nullopt;
    }
    m_ctx.secrets.emplace_back(*s);
    return Secret{*s};
  }
  if (file_v != nullptr) {
    auto path = resolve(*file_v, m_at / file_key);
    if (!path) return std::nullopt;
    std::string error;
    auto content = m_ctx.env.read_file(*path, error);
    if (!content) {
      m_ctx.problem(m_at / file_key, fmt::format("cannot read \"{}\": {}", *path, error));
      return std::nullopt;
    }
    if (content->size() > k_longest_secret) {
      m_ctx.problem(m_at / file_key, fmt::format("\"{}\" is larger than {} KiB, too large for a "
                                                 "secret",
                                                 *path, k_longest_secret >> 10));
      return std::nullopt;
    }
    auto value = trim(std::move(*content));
    Secret out{value};
    m_ctx.secrets.emplace_back(value);
    std::fill(value.begin(), value.end(), '\0');
    if (out.empty()) {
      m_ctx.problem(m_at / file_key, fmt::format("\"{}\" is empty", *path));
      return std::nullopt;
    }
    return out;
  }
  if (req == Required::yes && m_obj != nullptr) {
    m_ctx.problem(m_at / key, fmt::format("is required (or {})", file_key));
  }
  return std::nullopt;
}

std::optional<std::vector<std::string>> ObjectReader::string_list(std::string_view key,
                                                                  Required req) {
  const auto* v = raw(key);
  if (v == nullptr) {
    if (req == Required::yes) missing(key);
    return std::nullopt;
  }
  if (!v->is_array()) {
    m_ctx.problem(m_at / key, fmt::format("expected an array, got {}", type_name(*v)));
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool good = true;
  for (std::size_t i = 0; i < v->size(); ++i) {
    auto s = resolve((*v)[i], m_at / key / i);
    if (s) {
      out.push_back(std::move(*s));
    } else {
      good = false;
    }
  }
  if (!good) return std::nullopt;
  return out;
}

void ObjectReader::finish() {
  if (m_obj == nullptr) return;
  for (const auto& [k, v] : m_obj->items()) {
    if (!m_known.contains(k)) m_ctx.problem(m_at / k, "unknown key");
  }
}

}  // namespace ddnsguard::providers
