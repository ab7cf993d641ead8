#pragma once
// Address source: an address configured on a local network interface
// (reference/providers.md §8.3).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "providers/sources/address_source.hpp"

namespace ddnsguard::providers {

// Address flags, with the values of Linux's IFA_F_* (linux/if_addr.h); Windows' prefix and
// suffix origins and DAD states are translated into them.
namespace interface_flag {
inline constexpr std::uint32_t temporary = 0x01;
inline constexpr std::uint32_t dad_failed = 0x08;
inline constexpr std::uint32_t deprecated = 0x20;
inline constexpr std::uint32_t tentative = 0x40;
inline constexpr std::uint32_t permanent = 0x80;
inline constexpr std::uint32_t manage_temp_address = 0x100;
inline constexpr std::uint32_t stable_privacy = 0x800;
}  // namespace interface_flag

// One address of an interface with its flags (interface_flag) and the length of its on-link
// prefix (128 when the system gives none, as for a DHCPv6 address on Linux).
struct InterfaceAddress {
  Address address;
  std::uint32_t flags = 0;
  int prefix_length = 128;
  std::uint32_t preferred_lifetime = 0xffffffff;  // seconds left; 0xffffffff: forever
};

// What an interface source reports: its address, or (IPv6) the network prefix that address
// lies in, host bits zero, for records that add their own host part (`ipv6_suffix`).
enum class InterfaceUse { address, prefix };

// Pure. The IPv6 address to publish: temporary, deprecated, tentative and DAD-failed
// addresses are skipped, and only global unicast (2000::/3) is kept. Stable addresses
// (permanent, manage_temp_address or stable_privacy) win over other ones; among
// equals the smallest address, so the choice does not depend on kernel order.
std::optional<Address> pick_ipv6(const std::vector<InterfaceAddress>& candidates);

// Pure. The network prefix for `use: prefix`: among global unicast addresses that are not
// deprecated (an old prefix after a rotation), tentative or DAD-failed, a stable one before a
// plain one before a temporary one (a temporary address still shows the prefix), then the
// longest preferred lifetime (after a rotation the new prefix has it; the old one runs out),
// then the smallest prefix; its first `length` bits (given: the configured
// prefix_length; else the address's on-link length, or 64 when that is 128), host bits zero.
std::optional<Address> pick_ipv6_prefix(const std::vector<InterfaceAddress>& candidates,
                                        std::optional<int> length);

// The platform half (providers/platform/source_interface_<os>.cpp): the interface's addresses
// of `family` in the system's order (Linux: getifaddrs for IPv4, rtnetlink RTM_GETADDR for
// IPv6; Windows: GetAdaptersAddresses, by adapter name or friendly name). A missing
// interface is config.
Result<std::vector<InterfaceAddress>> interface_addresses(const std::string& ifname, Family family,
                                                          std::chrono::milliseconds timeout);

class InterfaceSource final : public AddressSource {
 public:
  // `prefix_length` only with InterfaceUse::prefix (nullopt: the on-link length).
  std::optional<int> prefix_length() const override { return m_prefix_length; }
  explicit InterfaceSource(std::string ifname, InterfaceUse use = InterfaceUse::address,
                           std::optional<int> prefix_length = std::nullopt);

  // "interface <name>", "interface <name> prefix" or "interface <name> prefix/<length>".
  std::string describe() const override;
  // IPv4: the first address. IPv6: pick_ipv6, or pick_ipv6_prefix with `use: prefix`. No
  // suitable address is transient. Does not contact the network.
  Result<Address> fetch(Family family, std::chrono::milliseconds timeout) override;
  bool reports_prefix() const override { return m_use == InterfaceUse::prefix; }

 private:
  std::string m_ifname;
  InterfaceUse m_use;
  std::optional<int> m_prefix_length;
};

}  // namespace ddnsguard::providers
