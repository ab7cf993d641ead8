#include "controller/import/import_common.hpp"

#include <regex>

#include <fmt/format.h>

namespace ddnsguard::controller::import {

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

std::optional<TsigKeyInfo> read_tsig_key_file(std::string_view text) {
  static const std::regex key(R"re(key\s+"?([A-Za-z0-9._-]+)"?\s*\{)re");
  static const std::regex algorithm(R"re(algorithm\s+"?([A-Za-z0-9-]+)"?\s*;)re");
  std::string s(text.substr(0, 65536));
  std::smatch k;
  std::smatch a;
  if (!std::regex_search(s, k, key)) return std::nullopt;
  TsigKeyInfo info{k[1].str(), "hmac-sha256"};
  if (std::regex_search(s, a, algorithm)) info.algorithm = a[1].str();
  return info;
}

}  // namespace ddnsguard::controller::import
