#include "controller/import/ddclient_syntax.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

namespace ddnsguard::controller::import {

namespace {

// Lines longer than this are not ddclient configuration (and would make the regex slow).
constexpr std::size_t k_longest_line = 8192;

struct LogicalLine {
  std::string text;
  int line = 0;
  std::map<std::string, std::string> passwords;  // "<key>" -> value taken from the raw line
};

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// ddclient's first step: `...password = value` is taken from the raw line, before '#' is a
// comment, and the line goes on with `<key>=dummy`.
std::string take_password(const std::string& raw, std::map<std::string, std::string>& out) {
  static const std::regex re(R"(^([^#]*\s)?([^#]*?password)\s*=\s*('.*'|[^']\S*)(.*)$)");
  std::smatch m;
  if (raw.size() > k_longest_line || !std::regex_match(raw, m, re)) return raw;
  std::string value = m[3].str();
  if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'') {
    value = value.substr(1, value.size() - 2);
  }
  out[m[2].str()] = value;
  return m[1].str() + m[2].str() + "=dummy" + m[4].str();
}

std::string without_comment(std::string s) {
  if (auto hash = s.find('#'); hash != std::string::npos) s.erase(hash);
  return s;
}

// Continues when the text ends in '\' and optional spaces; removes them.
bool strip_continuation(std::string& s) {
  auto end = s.find_last_not_of(" \t\r");
  if (end == std::string::npos || s[end] != '\\') return false;
  s.erase(end);
  return true;
}

std::string squeezed(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (is_space(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<LogicalLine> logical_lines(std::string_view text) {
  std::vector<LogicalLine> out;
  LogicalLine pending;
  bool continuing = false;
  int number = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    std::string raw(text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos));
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    if (!continuing) pending = LogicalLine{{}, number, {}};
    auto part = without_comment(take_password(raw, pending.passwords));
    continuing = strip_continuation(part);
    pending.text += part;
    if (!continuing) out.push_back(pending);
  }
  if (continuing) out.push_back(pending);
  for (auto& l : out)
    l.text = squeezed(l.text);
  return out;
}

// One value: ends at unquoted space or comma; quotes group, '\' escapes.
std::string read_value(const std::string& s, std::size_t& i) {
  std::string out;
  char quote = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size()) {
      out += s[++i];
    } else if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        out += c;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == ' ' || c == ',') {
      break;
    } else {
      out += c;
    }
  }
  return out;
}

// `name=` at i (a letter, then letters, digits, '_' or '-'): the lower-case name, i past '='.
bool read_name(const std::string& s, std::size_t& i, std::string& name) {
  std::size_t j = i;
  if (j >= s.size() || std::isalpha(static_cast<unsigned char>(s[j])) == 0) return false;
  while (j < s.size() &&
         (std::isalnum(static_cast<unsigned char>(s[j])) != 0 || s[j] == '_' || s[j] == '-'))
    ++j;
  if (j >= s.size() || s[j] != '=') return false;
  name.clear();
  for (std::size_t k = i; k < j; ++k)
    name += static_cast<char>(std::tolower(static_cast<unsigned char>(s[k])));
  i = j + 1;
  return true;
}

void skip_separators(const std::string& s, std::size_t& i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == ','))
    ++i;
}

// The options of a line; `i` ends where the host part begins.
DdclientOptions read_options(const LogicalLine& l, std::size_t& i) {
  DdclientOptions out;
  std::string name;
  for (skip_separators(l.text, i); read_name(l.text, i, name); skip_separators(l.text, i)) {
    std::string value = read_value(l.text, i);
    if (value == "dummy" && l.passwords.contains(name)) value = l.passwords.at(name);
    if (name.size() > 4 && name.ends_with("_env")) {  // name_env=VAR: from the environment
      name.resize(name.size() - 4);
      value = "${" + value + "}";
    }
    out[name] = {value, l.line};
  }
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      if (i > start) out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

// `hosts [login [password]]`, hosts separated by commas (spaces around them allowed).
void read_host_part(const std::string& rest, int line, DdclientOptions& locals,
                    std::vector<std::string>& hosts) {
  static const std::regex comma(R"(\s*,\s*)");
  auto fields = split(std::regex_replace(rest, comma, ","), ' ');
  if (fields.empty()) return;
  hosts = split(fields[0], ',');
  if (fields.size() > 1) locals["login"] = {fields[1], line};
  if (fields.size() > 2) locals["password"] = {fields[2], line};
}

void fill_missing(DdclientOptions& into, const DdclientOptions& from) {
  for (const auto& [k, v] : from)
    into.emplace(k, v);
}

}  // namespace

DdclientFile parse_ddclient(std::string_view text) {
  DdclientFile out;
  for (const auto& l : logical_lines(text)) {
    std::size_t i = 0;
    auto locals = read_options(l, i);
    std::vector<std::string> hosts;
    read_host_part(l.text.substr(i), l.line, locals, hosts);
    if (hosts.empty()) {
      for (auto& [k, v] : locals)
        out.globals[k] = v;
      continue;
    }
    fill_missing(locals, out.globals);
    for (const auto& h : hosts) {
      auto known = std::find_if(out.hosts.begin(), out.hosts.end(),
                                [&](const DdclientHost& x) { return x.name == h; });
      if (known != out.hosts.end()) {
        fill_missing(known->options, locals);  // the earlier definition wins
      } else {
        out.hosts.push_back({h, l.line, locals});
      }
    }
  }
  for (auto& h : out.hosts)
    fill_missing(h.options, out.globals);
  return out;
}

}  // namespace ddnsguard::controller::import
