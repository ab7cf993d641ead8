#include <winsock2.h>
#include <ws2tcpip.h>
// after winsock2.h
#include <iphlpapi.h>

#include <array>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "providers/platform/wide_text.hpp"
#include "providers/sources/source_interface.hpp"

namespace ddnsguard::providers {

namespace {

// GetAdaptersAddresses, grown until the list fits.
std::vector<unsigned char> adapter_list(ULONG family) {
  ULONG size = 16 * 1024;
  std::vector<unsigned char> buf;
  for (int tries = 0; tries < 4; ++tries) {
    buf.resize(size);
    auto* first = reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buf.data());
    ULONG rc = GetAdaptersAddresses(
        family, GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER, nullptr,
        first, &size);
    if (rc == NO_ERROR) return buf;
    if (rc != ERROR_BUFFER_OVERFLOW) break;
  }
  return {};
}

std::uint32_t flags_of(const IP_ADAPTER_UNICAST_ADDRESS& u) {
  std::uint32_t f = 0;
  if (u.SuffixOrigin == IpSuffixOriginRandom) f |= interface_flag::temporary;
  if (u.DadState == IpDadStateDeprecated) f |= interface_flag::deprecated;
  if (u.DadState == IpDadStateTentative) f |= interface_flag::tentative;
  if (u.DadState == IpDadStateDuplicate || u.DadState == IpDadStateInvalid) {
    f |= interface_flag::dad_failed;
  }
  if (u.PrefixOrigin == IpPrefixOriginManual) f |= interface_flag::permanent;
  return f;
}

std::optional<Address> to_address(const SOCKADDR* sa) {
  if (sa->sa_family == AF_INET) {
    std::array<std::uint8_t, 4> b{};
    std::memcpy(b.data(), &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, 4);
    return Address::from_bytes_v4(b);
  }
  if (sa->sa_family == AF_INET6) {
    std::array<std::uint8_t, 16> b{};
    std::memcpy(b.data(), &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, 16);
    return Address::from_bytes_v6(b);
  }
  return std::nullopt;
}

bool named(const IP_ADAPTER_ADDRESSES& a, const std::string& ifname) {
  return ifname == a.AdapterName || (a.FriendlyName != nullptr && ifname == narrow(a.FriendlyName));
}

}  // namespace

Result<std::vector<InterfaceAddress>> interface_addresses(const std::string& ifname, Family family,
                                                          std::chrono::milliseconds /*timeout*/) {
  auto buf = adapter_list(family == Family::ipv4 ? AF_INET : AF_INET6);
  const auto* a = buf.empty() ? nullptr : reinterpret_cast<const IP_ADAPTER_ADDRESSES*>(buf.data());
  for (; a != nullptr && !named(*a, ifname); a = a->Next) {
  }
  if (a == nullptr) {
    return fail(ErrorClass::config, fmt::format("no network interface named \"{}\"", ifname));
  }
  std::vector<InterfaceAddress> out;
  for (const auto* u = a->FirstUnicastAddress; u != nullptr; u = u->Next) {
    auto addr = to_address(u->Address.lpSockaddr);
    if (!addr || addr->family() != family) continue;
    out.push_back({*addr, flags_of(*u), static_cast<int>(u->OnLinkPrefixLength),
                   static_cast<std::uint32_t>(u->PreferredLifetime)});
  }
  return out;
}

}  // namespace ddnsguard::providers
