#include "providers/sources/source_interface.hpp"

#include <tuple>

#include <fmt/format.h>

#include "providers/base/ipv6_suffix.hpp"

namespace ddnsguard::providers {

namespace {

constexpr std::uint32_t k_skip = interface_flag::temporary | interface_flag::deprecated |
                                 interface_flag::tentative | interface_flag::dad_failed;
constexpr std::uint32_t k_stable = interface_flag::permanent | interface_flag::manage_temp_address |
                                   interface_flag::stable_privacy;

bool is_global_unicast(const Address& a) {
  return a.family() == Family::ipv6 && (a.bytes()[0] & 0xe0) == 0x20;
}

// The address's first `length` bits, the rest zero.
Address network_of(const Address& a, int length) {
  return with_host_suffix(a, HostSuffix{{}, length});
}

int rank_for_prefix(std::uint32_t flags) {
  if ((flags & interface_flag::temporary) != 0) return 2;
  return (flags & k_stable) != 0 ? 0 : 1;
}

}  // namespace

std::optional<Address> pick_ipv6_prefix(const std::vector<InterfaceAddress>& candidates,
                                        std::optional<int> length) {
  constexpr std::uint32_t skip = k_skip & ~interface_flag::temporary;
  // (rank, lifetime left, prefix): lower wins, so the lifetime is negated.
  std::optional<std::tuple<int, std::int64_t, Address>> best;
  for (const auto& c : candidates) {
    if ((c.flags & skip) != 0 || !is_global_unicast(c.address)) continue;
    int bits =
        length.value_or(c.prefix_length >= 1 && c.prefix_length < 128 ? c.prefix_length : 64);
    std::tuple<int, std::int64_t, Address> key{rank_for_prefix(c.flags),
                                               -static_cast<std::int64_t>(c.preferred_lifetime),
                                               network_of(c.address, bits)};
    if (!best || key < *best) best = key;
  }
  if (!best) return std::nullopt;
  return std::get<2>(*best);
}

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

InterfaceSource::InterfaceSource(std::string ifname, InterfaceUse use,
                                 std::optional<int> prefix_length)
    : m_ifname(std::move(ifname)), m_use(use), m_prefix_length(prefix_length) {}

std::string InterfaceSource::describe() const {
  if (m_use == InterfaceUse::address) return "interface " + m_ifname;
  if (!m_prefix_length) return fmt::format("interface {} prefix", m_ifname);
  return fmt::format("interface {} prefix/{}", m_ifname, *m_prefix_length);
}

Result<Address> InterfaceSource::fetch(Family family, std::chrono::milliseconds timeout) {
  auto all = interface_addresses(m_ifname, family, timeout);
  if (!all) return tl::unexpected(all.error());
  std::optional<Address> picked;
  if (family == Family::ipv4) {
    if (!all->empty()) picked = all->front().address;
  } else {
    picked =
        m_use == InterfaceUse::prefix ? pick_ipv6_prefix(*all, m_prefix_length) : pick_ipv6(*all);
  }
  if (!picked) {
    return fail(ErrorClass::transient,
                fmt::format("interface {} has no suitable {} {}", m_ifname, to_string(family),
                            m_use == InterfaceUse::prefix ? "prefix" : "address"));
  }
  return *picked;
}

}  // namespace ddnsguard::providers
