#include "providers/sources/source_interface.hpp"

#include <fmt/format.h>

namespace ddnsguard::providers {

namespace {

constexpr std::uint32_t k_skip = interface_flag::temporary | interface_flag::deprecated |
                                 interface_flag::tentative | interface_flag::dad_failed;
constexpr std::uint32_t k_stable = interface_flag::permanent | interface_flag::manage_temp_address |
                                   interface_flag::stable_privacy;

bool is_global_unicast(const Address& a) {
  return a.family() == Family::ipv6 && (a.bytes()[0] & 0xe0) == 0x20;
}

}  // namespace

std::optional<Address> pick_ipv6(const std::vector<InterfaceAddress>& candidates) {
  std::optional<std::pair<int, Address>> best;  // (rank, address): lower wins
  for (const auto& c : candidates) {
    if ((c.flags & k_skip) != 0 || !is_global_unicast(c.address)) continue;
    std::pair<int, Address> key{(c.flags & k_stable) != 0 ? 0 : 1, c.address};
    if (!best || key < *best) best = key;
  }
  if (!best) return std::nullopt;
  return best->second;
}

InterfaceSource::InterfaceSource(std::string ifname) : m_ifname(std::move(ifname)) {}

std::string InterfaceSource::describe() const {
  return "interface " + m_ifname;
}

Result<Address> InterfaceSource::fetch(Family family, std::chrono::milliseconds timeout) {
  auto addr = interface_address(m_ifname, family, timeout);
  if (!addr) return tl::unexpected(addr.error());
  if (!*addr) {
    return fail(ErrorClass::transient, fmt::format("interface {} has no suitable {} address",
                                                   m_ifname, to_string(family)));
  }
  return **addr;
}

}  // namespace ddnsguard::providers
