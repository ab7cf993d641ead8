#include "controller/import/import_common.hpp"

#include <cctype>
#include <charconv>

#include <fmt/format.h>

namespace ddnsguard::controller::import {

bool truthy(std::string_view text) {
  auto l = lower(text);
  return l == "y" || l == "yes" || l == "t" || l == "true" || l == "1" || l == "on";
}

std::string lower(std::string_view text) {
  std::string out;
  for (char c : text)
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<long long> small_number(std::string_view text, bool radix_prefixes) {
  int base = 10;
  if (radix_prefixes && text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  } else if (radix_prefixes && text.size() > 2 && text[0] == '0' &&
             (text[1] == 'b' || text[1] == 'B')) {
    base = 2;
    text.remove_prefix(2);
  } else if (radix_prefixes && text.size() > 1 && text[0] == '0') {
    base = 8;
  }
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (text.empty() || text.size() > 9 || ec != std::errc{} || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

Json http_source(const std::string& url) {
  return {{"type", "http"}, {"url", url}};
}

Json interface_source(const std::string& name) {
  return {{"type", "interface"}, {"name", name}};
}

Json shell_source(const std::string& command) {
  return {{"type", "command"}, {"argv", Json::array({"/bin/sh", "-c", command})}};
}

std::string stand_in_url(providers::Family family) {
  return family == providers::Family::ipv4 ? "https://api.ipify.org" : "https://api6.ipify.org";
}

std::string with_scheme(const std::string& host_and_path, bool https) {
  if (host_and_path.find("://") != std::string::npos) return host_and_path;
  return (https ? "https://" : "http://") + host_and_path;
}

std::string service_name(const std::string& endpoint) {
  auto start = endpoint.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  auto host = endpoint.substr(start, endpoint.find_first_of(":/", start) - start);
  auto last = host.rfind('.');
  if (last == std::string::npos || last == 0) return "dyndns2";
  auto before = host.rfind('.', last - 1);
  before = before == std::string::npos ? 0 : before + 1;
  auto label = host.substr(before, last - before);
  return label.empty() ? "dyndns2" : label;
}

bool is_write_only(std::string_view provider_type) {
  return provider_type == "dyndns2" || provider_type == "duckdns" || provider_type == "namecheap" ||
         provider_type == "webhook";
}

std::string refresh_text(long long seconds) {
  if (seconds < 3600) return "1h";
  if (seconds % 86400 == 0) return fmt::format("{}d", seconds / 86400);
  if (seconds % 3600 == 0) return fmt::format("{}h", seconds / 3600);
  return fmt::format("{}m", (seconds + 59) / 60);
}

namespace {

// The word after `keyword` (quotes dropped) in `text`, from `from`; "" when there is none.
std::string word_after(std::string_view text, std::string_view keyword, std::size_t& from) {
  for (auto at = text.find(keyword, from); at != std::string_view::npos;
       at = text.find(keyword, at + 1)) {
    bool starts = at == 0 || std::isspace(static_cast<unsigned char>(text[at - 1])) != 0 ||
                  text[at - 1] == '{' || text[at - 1] == ';';
    auto i = at + keyword.size();
    if (!starts || i >= text.size() || std::isspace(static_cast<unsigned char>(text[i])) == 0)
      continue;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0)
      ++i;
    if (i < text.size() && text[i] == '"') ++i;
    std::string word;
    while (i < text.size() && word.size() < 255 &&
           (std::isalnum(static_cast<unsigned char>(text[i])) != 0 || text[i] == '.' ||
            text[i] == '-' || text[i] == '_'))
      word += text[i++];
    from = i;
    return word;
  }
  return "";
}

}  // namespace

std::optional<TsigKeyInfo> read_tsig_key_file(std::string_view text) {
  text = text.substr(0, 65536);
  std::size_t at = 0;
  auto name = word_after(text, "key", at);
  if (name.empty()) return std::nullopt;
  auto algorithm = word_after(text, "algorithm", at);
  return TsigKeyInfo{name, algorithm.empty() ? "hmac-sha256" : lower(algorithm)};
}

}  // namespace ddnsguard::controller::import
