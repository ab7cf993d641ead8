#pragma once
// IPv6 addresses for hosts behind the machine that runs ddnsguard: the router's delegated
// prefix rotates, each LAN host keeps its interface identifier. A record's address is then
// the agreed IPv6 address's first `prefix_length` bits followed by the host's suffix.
// Pure.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "providers/base/address.hpp"

namespace ddnsguard::providers {

struct HostSuffix {
  std::array<std::uint8_t, 16> bits{};  // the host part; the top prefix_length bits are zero
  int prefix_length = 64;

  friend bool operator==(const HostSuffix&, const HostSuffix&) = default;
};

// The suffix written as an IPv6 address ("::11:22ff:fe33:4455"); nullopt with `why` set when
// the text is not an IPv6 address, the length is outside 1..127, or the suffix has bits
// inside the prefix.
std::optional<HostSuffix> parse_host_suffix(std::string_view text, int prefix_length,
                                            std::string& why);

// The modified EUI-64 interface identifier of a MAC address ("00:11:22:33:44:55", '-' or ':'
// separated; RFC 4291 appendix A: ff:fe in the middle, the universal/local bit flipped), as a
// suffix for `prefix_length` ≤ 64. nullopt with `why` set otherwise.
std::optional<HostSuffix> host_suffix_from_mac(std::string_view mac, int prefix_length,
                                               std::string& why);

// `prefix_source`'s first s.prefix_length bits, then the suffix's. IPv6 only: an IPv4
// `prefix_source` is returned as it is.
Address with_host_suffix(const Address& prefix_source, const HostSuffix& s);

// "::11:22ff:fe33:4455/64", how the suffix is shown in check-config and status.
std::string to_string(const HostSuffix& s);

}  // namespace ddnsguard::providers
