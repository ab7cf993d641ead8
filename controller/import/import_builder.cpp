#include "controller/import/import_builder.hpp"

#include <algorithm>
#include <cctype>
#include <climits>
#include <set>

#include <fmt/format.h>

#include "providers/base/safe_text.hpp"
#include "providers/net/dns_name.hpp"

namespace ddnsguard::controller::import {

namespace {

std::string upper_word(std::string_view text) {
  std::string out;
  for (char c : text) {
    out += std::isalnum(static_cast<unsigned char>(c)) != 0
               ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
               : '_';
  }
  return out;
}

// A value that is exactly a reference to an environment variable ("${TOKEN}", inadyn's or
// ddclient's password_env) stays one. "${X:-default}" is no reference: its default is a
// secret written in the file.
bool is_reference(std::string_view value) {
  if (value.size() < 4 || !value.starts_with("${") || !value.ends_with("}")) return false;
  auto name = value.substr(2, value.size() - 3);
  if (std::isdigit(static_cast<unsigned char>(name.front())) != 0) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
  });
}

// Replaces `marker` in every string of `j`; true when one was found.
bool replace_marker(Json& j, const std::string& marker, const std::string& with) {
  bool found = false;
  if (j.is_string()) {
    auto text = j.get<std::string>();
    for (auto at = text.find(marker); at != std::string::npos; at = text.find(marker, at)) {
      text.replace(at, marker.size(), with);
      at += with.size();
      found = true;
    }
    if (found) j = text;
  } else if (j.is_structured()) {
    for (auto& child : j)
      found = replace_marker(child, marker, with) || found;
  }
  return found;
}

// Text from the file inside a `//` comment line: valid UTF-8, no line break or other control
// character (a newline in a section title must not end the comment).
std::string comment_safe(std::string_view text) {
  auto out = providers::valid_utf8(text.substr(0, 512));
  for (auto& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return out;
}

std::string dump(const Json& j) {
  return j.dump(2, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

std::string secret_marker(std::string_view key) {
  return "\x01" + std::string(key) + "\x01";
}

std::string secret_variable(std::string_view provider, std::string_view key) {
  return "DDNSGUARD_" + upper_word(provider) + "_" + upper_word(key);
}

ImportBuilder::ImportBuilder(std::string tool, std::string origin)
    : m_tool(std::move(tool)), m_origin(std::move(origin)) {}

void ImportBuilder::add_source(providers::Family family, Json source) {
  auto& list = m_sources[std::string(providers::to_string(family))];
  if (list.is_null()) list = Json::array();
  if (std::find(list.begin(), list.end(), source) == list.end()) list.push_back(std::move(source));
}

bool ImportBuilder::has_sources(providers::Family family) const {
  return m_sources.contains(std::string(providers::to_string(family)));
}

std::string ImportBuilder::add_provider(const std::string& type, const std::string& base,
                                        const Json& given,
                                        const std::vector<SecretSetting>& secrets) {
  Json settings = {{"type", type}};
  for (const auto& [key, value] : given.items())
    settings[key] = value;
  std::string identity = dump(settings);
  for (const auto& s : secrets)
    identity += "\n" + s.key + "=" + s.value;
  for (const auto& p : m_providers) {
    if (p.identity == identity) return p.name;
  }
  std::string name = base;
  for (int n = 2; m_provider_settings.contains(name); ++n)
    name = fmt::format("{}_{}", base, n);
  std::set<std::string> done;
  for (const auto& s : secrets) {
    if (!done.insert(s.key).second) continue;  // %u twice in a path: one variable
    auto variable = secret_variable(name, s.key);
    auto reference = is_reference(s.value) ? s.value : "${" + variable + "}";
    if (!replace_marker(settings, secret_marker(s.key), reference)) settings[s.key] = reference;
    if (is_reference(s.value)) continue;
    m_secret_lines.emplace_back(
        variable,
        comment_safe(fmt::format("{} of provider \"{}\"{}{}", s.key, name,
                                 s.line > 0 ? fmt::format(" (line {})", s.line) : std::string(),
                                 s.hint.empty() ? std::string() : ": " + s.hint)));
  }
  m_providers.push_back({name, std::move(identity)});
  m_provider_settings[name] = std::move(settings);
  return name;
}

void ImportBuilder::add_record(const std::string& given, providers::Family family,
                               const std::string& provider, int line, const Json& extra) {
  auto canonical = providers::canonical_record_name(given);
  if (canonical && canonical->find('.') == std::string::npos) {
    canonical = providers::fail(providers::ErrorClass::config, "is not a fully qualified name");
  }
  if (!canonical) {
    note(line, fmt::format("{} is not a DNS name ({}); left out",
                           providers::dump_json(providers::printable_ascii(given, 64)),
                           canonical.error().message));
    return;
  }
  const std::string& name = *canonical;
  const std::string type(providers::record_type_for(family));
  for (auto& r : m_records) {
    if (r["name"] != name || r["type"] != type) continue;
    auto& list = r["providers"];
    if (std::find(list.begin(), list.end(), provider) == list.end()) list.push_back(provider);
    return;
  }
  Json r = {{"name", name}, {"type", type}, {"providers", Json::array({provider})}};
  for (const auto& [key, value] : extra.items())
    r[key] = value;
  m_records.push_back(std::move(r));
}

void ImportBuilder::note(int line, std::string text) {
  std::pair<int, std::string> n{line, comment_safe(text)};
  if (std::find(m_notes.begin(), m_notes.end(), n) == m_notes.end())
    m_notes.push_back(std::move(n));
}

std::string ImportBuilder::render() const {
  std::string out = fmt::format("// Converted from {} by `ddnsguard import {}`.\n",
                                comment_safe(m_origin), m_tool);
  out += "// Check it: ddnsguard -c FILE check-config --no-secrets\n";
  if (!m_secret_lines.empty()) {
    out +=
        "//\n// Secrets are not copied. Set each variable in the service's environment, or write\n"
        "// the value to a file and use \"<key>_file\" instead:\n";
    for (const auto& [variable, from] : m_secret_lines)
      out += fmt::format("//   {}  {}\n", variable, from);
  }
  auto notes = m_notes;
  for (const auto& [family, list] : m_sources.items()) {
    if (list.size() > 1) {
      notes.emplace_back(0, fmt::format("sources.{}: ddnsguard asks every source for every record "
                                        "and publishes what most of them agree on",
                                        family));
    }
  }
  // By line, the notes tied to no line last.
  std::stable_sort(notes.begin(), notes.end(), [](const auto& x, const auto& y) {
    return (x.first == 0 ? INT_MAX : x.first) < (y.first == 0 ? INT_MAX : y.first);
  });
  if (!notes.empty()) {
    out += "//\n// Not converted, or converted differently:\n";
    for (const auto& [line, text] : notes)
      out +=
          line > 0 ? fmt::format("//   line {}: {}\n", line, text) : fmt::format("//   {}\n", text);
  }
  Json doc = Json::object();
  doc["sources"] = m_sources;
  doc["providers"] = m_provider_settings;
  doc["records"] = m_records;
  return out + dump(doc) + "\n";
}

}  // namespace ddnsguard::controller::import
