#include "providers/net/dns_name.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace ddnsguard::providers {

std::string dns_lower(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!name.empty() && name.back() == '.')
    name.pop_back();
  return name;
}

std::string dns_absolute(std::string name) {
  return dns_lower(std::move(name)) + ".";
}

Result<ZoneSplit> split_zone(const std::string& name, const std::optional<std::string>& zone) {
  auto n = dns_lower(name);
  std::string z;
  if (zone) {
    z = dns_lower(*zone);
  } else {
    auto last = n.rfind('.');
    auto second =
        last == std::string::npos || last == 0 ? std::string::npos : n.rfind('.', last - 1);
    z = second == std::string::npos ? n : n.substr(second + 1);
  }
  if (z.empty() || z.find('.') == std::string::npos) {
    return fail(ErrorClass::config, fmt::format("cannot tell the zone of {}: set zone", name));
  }
  if (n == z) return ZoneSplit{z, "@"};
  if (n.size() > z.size() + 1 && n.ends_with("." + z))
    return ZoneSplit{z, n.substr(0, n.size() - z.size() - 1)};
  return fail(ErrorClass::config, fmt::format("{} is not in zone {}", name, z));
}

}  // namespace ddnsguard::providers
