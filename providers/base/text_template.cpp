#include "providers/base/text_template.hpp"

#include <algorithm>
#include <cctype>

namespace ddnsguard::providers {

namespace {

// Calls f(start, end, word) for each "{word}" with word of [a-z_].
template <class F> void for_placeholders(std::string_view text, F&& f) {
  for (std::size_t at = text.find('{'); at != std::string_view::npos; at = text.find('{', at + 1)) {
    auto end = at + 1;
    while (end < text.size() && ((text[end] >= 'a' && text[end] <= 'z') || text[end] == '_'))
      ++end;
    if (end > at + 1 && end < text.size() && text[end] == '}')
      f(at, end + 1, text.substr(at + 1, end - at - 1));
  }
}

}  // namespace

std::string expand_template(std::string_view text, const std::map<std::string, std::string>& values,
                            std::string (*encode)(std::string_view)) {
  std::string out;
  std::size_t copied = 0;
  for_placeholders(text, [&](std::size_t start, std::size_t end, std::string_view word) {
    auto it = values.find(std::string(word));
    if (it == values.end()) return;
    out.append(text.substr(copied, start - copied));
    out += encode ? encode(it->second) : it->second;
    copied = end;
  });
  out.append(text.substr(copied));
  return out;
}

std::vector<std::string> placeholders_in(std::string_view text) {
  std::vector<std::string> out;
  for_placeholders(
      text, [&](std::size_t, std::size_t, std::string_view word) { out.emplace_back(word); });
  return out;
}

std::vector<std::string> unknown_placeholders(std::string_view text,
                                              const std::vector<std::string>& known) {
  auto out = placeholders_in(text);
  std::erase_if(out, [&](const std::string& w) {
    return std::find(known.begin(), known.end(), w) != known.end();
  });
  return out;
}

std::vector<std::string> literal_runs(std::string_view text) {
  std::vector<std::string> out;
  std::size_t copied = 0;
  auto keep = [&](std::size_t end) {
    if (end > copied) out.emplace_back(text.substr(copied, end - copied));
  };
  for_placeholders(text, [&](std::size_t start, std::size_t end, std::string_view) {
    keep(start);
    copied = end;
  });
  keep(text.size());
  return out;
}

std::string_view secret_header_value(std::string_view header) {
  auto colon = header.find(':');
  if (colon == std::string_view::npos) return {};
  std::string name(header.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (name == "content-type" || name == "accept") return {};
  auto value = header.substr(colon + 1);
  value.remove_prefix(std::min(value.find_first_not_of(' '), value.size()));
  return value;
}

}  // namespace ddnsguard::providers
