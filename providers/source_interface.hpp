#pragma once
// Address source: an address configured on a local network interface
// (reference/providers.md §8.3).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "providers/address_source.hpp"

namespace ddnsguard::providers {

// One IPv6 address of an interface with its kernel flags (IFA_F_* from linux/if_addr.h,
// the 32-bit IFA_FLAGS value when the kernel sends it).
struct InterfaceAddress {
  Address address;
  std::uint32_t flags = 0;
};

// Pure. The IPv6 address to publish: temporary, deprecated, tentative and DAD-failed
// addresses are skipped, and only global unicast (2000::/3) is kept. Stable addresses
// (IFA_F_PERMANENT, IFA_F_MANAGETEMPADDR or IFA_F_STABLE_PRIVACY) win over other ones; among
// equals the smallest address, so the choice does not depend on kernel order.
std::optional<Address> pick_ipv6(const std::vector<InterfaceAddress>& candidates);

class InterfaceSource final : public AddressSource {
 public:
  explicit InterfaceSource(std::string ifname);

  // "interface <name>".
  std::string describe() const override;
  // IPv4: the first address getifaddrs() lists for the interface. IPv6: pick_ipv6 over the
  // interface's addresses read with rtnetlink RTM_GETADDR. A missing interface is config;
  // no suitable address is transient. Does not contact the network; blocks only briefly.
  Result<Address> fetch(Family family, std::chrono::milliseconds timeout) override;

 private:
  std::string m_ifname;
};

}  // namespace ddnsguard::providers
