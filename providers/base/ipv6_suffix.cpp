#include "providers/base/ipv6_suffix.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace ddnsguard::providers {

namespace {

// Whether any of the top `length` bits of `b` is set.
bool has_bits_in_prefix(const std::array<std::uint8_t, 16>& b, int length) {
  for (int bit = 0; bit < length; ++bit) {
    if ((b[static_cast<std::size_t>(bit / 8)] >> (7 - bit % 8)) & 1) return true;
  }
  return false;
}

bool valid_length(int prefix_length, std::string& why) {
  if (prefix_length >= 1 && prefix_length <= 127) return true;
  why = fmt::format("prefix length {} is outside 1..127", prefix_length);
  return false;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<HostSuffix> parse_host_suffix(std::string_view text, int prefix_length,
                                            std::string& why) {
  if (!valid_length(prefix_length, why)) return std::nullopt;
  auto a = Address::parse(text, Family::ipv6);
  if (!a) {
    why = "is not an IPv6 address (write the host part as one, e.g. \"::11:22ff:fe33:4455\")";
    return std::nullopt;
  }
  if (*a == Address::from_bytes_v6({})) {
    why = "\"::\" is no host: the suffix must have a bit set";
    return std::nullopt;
  }
  if (has_bits_in_prefix(a->bytes(), prefix_length)) {
    why = fmt::format("{} has bits inside the /{} prefix: only the host part may be set",
                      a->to_string(), prefix_length);
    return std::nullopt;
  }
  return HostSuffix{a->bytes(), prefix_length};
}

std::optional<HostSuffix> host_suffix_from_mac(std::string_view mac, int prefix_length,
                                               std::string& why) {
  if (!valid_length(prefix_length, why)) return std::nullopt;
  if (prefix_length > 64) {
    why = fmt::format("an EUI-64 suffix needs a prefix of at most 64 bits, not {}", prefix_length);
    return std::nullopt;
  }
  std::array<std::uint8_t, 6> octets{};
  bool ok = mac.size() == 17;
  for (std::size_t i = 0; ok && i < 6; ++i) {
    const int hi = hex_digit(mac[i * 3]);
    const int lo = hex_digit(mac[i * 3 + 1]);
    const bool sep_ok = i == 5 || mac[i * 3 + 2] == ':' || mac[i * 3 + 2] == '-';
    ok = hi >= 0 && lo >= 0 && sep_ok;
    if (ok) octets[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  if (!ok) {
    why = "is not a MAC address (six hex pairs: \"00:11:22:33:44:55\")";
    return std::nullopt;
  }
  HostSuffix s;
  s.prefix_length = prefix_length;
  s.bits[8] = static_cast<std::uint8_t>(octets[0] ^ 0x02);  // the universal/local bit
  s.bits[9] = octets[1];
  s.bits[10] = octets[2];
  s.bits[11] = 0xff;
  s.bits[12] = 0xfe;
  s.bits[13] = octets[3];
  s.bits[14] = octets[4];
  s.bits[15] = octets[5];
  return s;
}

Address with_host_suffix(const Address& prefix_source, const HostSuffix& s) {
  if (prefix_source.family() != Family::ipv6) return prefix_source;
  std::array<std::uint8_t, 16> out{};
  const auto& p = prefix_source.bytes();
  for (std::size_t i = 0; i < 16; ++i) {
    const int bits_of_prefix = std::clamp(s.prefix_length - static_cast<int>(i) * 8, 0, 8);
    const auto mask = static_cast<std::uint8_t>(0xff00u >> bits_of_prefix);
    out[i] = static_cast<std::uint8_t>((p[i] & mask) | (s.bits[i] & ~mask));
  }
  return Address::from_bytes_v6(out);
}

std::string to_string(const HostSuffix& s) {
  return fmt::format("{}/{}", Address::from_bytes_v6(s.bits).to_string(), s.prefix_length);
}

}  // namespace ddnsguard::providers
