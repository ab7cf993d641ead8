#include "providers/net/dns_name.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "providers/base/address.hpp"
#include "providers/net/idna.hpp"

namespace ddnsguard::providers {

namespace {

bool has_non_ascii(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return (c & 0x80) != 0; });
}

}  // namespace

std::string dns_lower(std::string name) {
  if (has_non_ascii(name)) {
    if (auto ascii = idna_to_ascii(name)) name = std::move(*ascii);  // else: it matches nothing
  }
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!name.empty() && name.back() == '.')
    name.pop_back();
  return name;
}

std::string dns_absolute(std::string name) {
  return dns_lower(std::move(name)) + ".";
}

std::vector<std::string> zone_candidates(const std::string& name) {
  std::vector<std::string> out;
  for (auto rest = name; rest.find('.') != std::string::npos;
       rest = rest.substr(rest.find('.') + 1))
    out.push_back(rest);
  return out;
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

namespace {

// Why one of the dot-separated labels of `name` is not a letter-digit-hyphen label of
// 1-63 characters ('_' allowed; "*" alone as the first label when `wildcard`).
std::optional<std::string> labels_problem(std::string_view name, bool wildcard) {
  std::size_t start = 0;
  for (std::size_t index = 0; start <= name.size(); ++index) {
    auto end = std::min(name.find('.', start), name.size());
    auto label = name.substr(start, end - start);
    start = end + 1;
    if (label.empty()) return std::string("has an empty label");
    if (label.size() > 63) return std::string("has a label longer than 63 characters");
    if (wildcard && index == 0 && label == "*") continue;
    for (char c : label) {
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') continue;
      auto shown = std::isprint(static_cast<unsigned char>(c))
                       ? fmt::format("'{}'", c)
                       : fmt::format("byte 0x{:02x}", static_cast<unsigned char>(c));
      return fmt::format("has a character that is not a letter, digit, '-' or '_' ({})", shown);
    }
    if (label.front() == '-' || label.back() == '-') {
      return std::string("has a label that starts or ends with '-'");
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> record_name_problem(std::string_view name) {
  if (Address::parse(std::string(name))) return std::string("is an IP address, not a name");
  if (has_non_ascii(name)) {
    return std::string("has non-ASCII characters (write an internationalized name in its "
                       "xn-- form)");
  }
  if (name.size() > 253) return std::string("is longer than 253 characters");
  if (name.find('.') == std::string_view::npos) return std::string("is not a fully qualified name");
  return labels_problem(name, true);
}

Result<std::string> canonical_record_name(std::string_view written) {
  std::string name(written);
  if (!name.empty() && name.back() == '.') name.pop_back();
  if (has_non_ascii(name)) {
    const bool wildcard = name.starts_with("*.");
    auto ascii = idna_to_ascii(wildcard ? std::string_view(name).substr(2) : name);
    if (!ascii) return tl::unexpected(ascii.error());
    name = (wildcard ? "*." : "") + *ascii;
  }
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (auto why = record_name_problem(name)) return fail(ErrorClass::config, *why);
  return name;
}

bool valid_host_name(std::string_view host) {
  if (host.empty() || host.size() > 253 || labels_problem(host, false)) return false;
  auto last = host.substr(host.rfind('.') == std::string_view::npos ? 0 : host.rfind('.') + 1);
  return !std::all_of(last.begin(), last.end(),
                      [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

}  // namespace ddnsguard::providers
