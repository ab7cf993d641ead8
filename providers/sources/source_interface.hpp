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

// One IPv6 address of an interface with its flags (interface_flag).
struct InterfaceAddress {
  Address address;
  std::uint32_t flags = 0;
};

// Pure. The IPv6 address to publish: temporary, deprecated, tentative and DAD-failed
// addresses are skipped, and only global unicast (2000::/3) is kept. Stable addresses
// (permanent, manage_temp_address or stable_privacy) win over other ones; among
// equals the smallest address, so the choice does not depend on kernel order.
std::optional<Address> pick_ipv6(const std::vector<InterfaceAddress>& candidates);

// The platform half (providers/platform/source_interface_<os>.cpp). IPv4: the interface's
// first address. IPv6: pick_ipv6 over its addresses (Linux: rtnetlink RTM_GETADDR; Windows:
// GetAdaptersAddresses, by adapter name or friendly name). A missing interface is config.
Result<std::optional<Address>> interface_address(const std::string& ifname, Family family,
                                                 std::chrono::milliseconds timeout);

class InterfaceSource final : public AddressSource {
 public:
  explicit InterfaceSource(std::string ifname);

  // "interface <name>".
  std::string describe() const override;
  // interface_address; no suitable address is transient. Does not contact the network.
  Result<Address> fetch(Family family, std::chrono::milliseconds timeout) override;

 private:
  std::string m_ifname;
};

}  // namespace ddnsguard::providers
