#include "controller/import/ddclient_syntax.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "controller/import/import_common.hpp"

namespace ddnsguard::controller::import {

namespace {

// Lines longer than this are not ddclient configuration.
constexpr std::size_t k_longest_line = 8192;

struct TooLong {
  int line;
};

struct LogicalLine {
  std::string text;
  int line = 0;
  std::map<std::string, std::string> passwords;  // "<key>" -> value taken from the raw line
};

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// ddclient's first step (a regular expression there, written out here): the first
// `...password` not after a '#', spaces, '=', spaces, and a value: '...' up to the line's last
// quote, or a run of non-spaces. The key runs from after the last space before it; the line
// goes on as `<key>=dummy` and the rest.
std::string take_password(const std::string& raw, std::map<std::string, std::string>& out) {
  const auto hash = raw.find('#');
  for (auto at = raw.find("password"); at != std::string::npos && at < hash;
       at = raw.find("password", at + 1)) {
    auto v = at + 8;
    while (v < raw.size() && is_space(raw[v]))
      ++v;
    if (v >= raw.size() || raw[v] != '=') continue;
    ++v;
    while (v < raw.size() && is_space(raw[v]))
      ++v;
    if (v >= raw.size()) continue;
    auto end = v;
    std::string value;
    if (raw[v] == '\'') {
      auto last = raw.rfind('\'');
      if (last == v) continue;
      value = raw.substr(v + 1, last - v - 1);
      end = last + 1;
    } else {
      while (end < raw.size() && !is_space(raw[end]))
        ++end;
      value = raw.substr(v, end - v);
    }
    auto space = at == 0 ? std::string::npos : raw.find_last_of(" \t", at - 1);
    auto key_start = space == std::string::npos ? 0 : space + 1;
    out[raw.substr(key_start, at + 8 - key_start)] = value;
    return raw.substr(0, at + 8) + "=dummy" + raw.substr(end);
  }
  return raw;
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
    if (raw.size() > k_longest_line) throw TooLong{number};
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
  name = lower(std::string_view(s).substr(i, j - i));
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
  std::string joined;  // spaces around commas dropped
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] != ',') {
      joined += rest[i];
      continue;
    }
    while (!joined.empty() && joined.back() == ' ')
      joined.pop_back();
    joined += ',';
    while (i + 1 < rest.size() && rest[i + 1] == ' ')
      ++i;
  }
  auto fields = split(joined, ' ');
  if (fields.empty()) return;
  hosts = split(fields[0], ',');
  if (fields.size() > 1) locals["login"] = {fields[1], line};
  if (fields.size() > 2) locals["password"] = {fields[2], line};
}

void fill_missing(DdclientOptions& into, const DdclientOptions& from) {
  for (const auto& [k, v] : from)
    into.emplace(k, v);
}

void add_host(DdclientFile& out, const std::string& name, int line, const DdclientOptions& locals) {
  auto known = std::find_if(out.hosts.begin(), out.hosts.end(),
                            [&](const DdclientHost& x) { return x.name == name; });
  if (known != out.hosts.end()) {
    fill_missing(known->options, locals);  // the earlier definition wins
  } else {
    out.hosts.push_back({name, line, locals});
  }
}

}  // namespace

DdclientFile parse_ddclient(std::string_view text) {
  DdclientFile out;
  std::vector<LogicalLine> lines;
  try {
    lines = logical_lines(text);
  } catch (const TooLong& e) {
    out.error = fmt::format("line {}: longer than {} characters", e.line, k_longest_line);
    return out;
  }
  for (const auto& l : lines) {
    std::size_t i = 0;
    auto locals = read_options(l, i);
    std::vector<std::string> hosts;
    read_host_part(l.text.substr(i), l.line, locals, hosts);
    if (auto named = locals.find("host"); named != locals.end()) {
      hosts.insert(hosts.begin(), named->second.text);  // host=name names one too
      locals.erase(named);
    }
    if (hosts.empty()) {
      for (auto& [k, v] : locals)
        out.globals[k] = v;
      continue;
    }
    fill_missing(locals, out.globals);
    for (const auto& h : hosts)
      add_host(out, h, l.line, locals);
    if (out.hosts.size() > k_most_hosts) {
      out.error = fmt::format("line {}: more than {} hosts", l.line, k_most_hosts);
      return out;
    }
  }
  for (auto& h : out.hosts)
    fill_missing(h.options, out.globals);
  return out;
}

}  // namespace ddnsguard::controller::import
