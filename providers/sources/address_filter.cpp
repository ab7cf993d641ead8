#include "providers/sources/address_filter.hpp"

#include <array>
#include <cstdint>

namespace ddnsguard::providers {

std::string_view to_string(AddressClass c) {
  switch (c) {
  case AddressClass::global:
    return "global";
  case AddressClass::private_net:
    return "private";
  case AddressClass::cgnat:
    return "cgnat";
  case AddressClass::documentation:
    return "documentation";
  case AddressClass::loopback:
    return "loopback";
  case AddressClass::link_local:
    return "link-local";
  case AddressClass::multicast:
    return "multicast";
  case AddressClass::reserved:
    return "reserved";
  }
  return "reserved";
}

namespace {

struct Block {
  std::array<std::uint8_t, 16> prefix;
  int bits;
  AddressClass cls;
};

bool in_block(const std::array<std::uint8_t, 16>& a, const Block& b) {
  int full = b.bits / 8;
  for (int i = 0; i < full; ++i) {
    if (a[i] != b.prefix[i]) return false;
  }
  int rest = b.bits % 8;
  if (rest == 0) return true;
  auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (a[full] & mask) == (b.prefix[full] & mask);
}

using C = AddressClass;
const Block k_v4[] = {
    {{0}, 8, C::reserved},
    {{10}, 8, C::private_net},
    {{100, 64}, 10, C::cgnat},
    {{127}, 8, C::loopback},
    {{169, 254}, 16, C::link_local},
    {{172, 16}, 12, C::private_net},
    {{192, 0, 0}, 24, C::reserved},
    {{192, 0, 2}, 24, C::documentation},
    {{192, 88, 99}, 24, C::reserved},
    {{192, 168}, 16, C::private_net},
    {{198, 18}, 15, C::reserved},
    {{198, 51, 100}, 24, C::documentation},
    {{203, 0, 113}, 24, C::documentation},
    {{224}, 4, C::multicast},
    {{240}, 4, C::reserved},
};

const Block k_v6[] = {
    {{}, 128, C::reserved},                                                // ::
    {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128, C::loopback},  // ::1
    {{0x00, 0x64, 0xff, 0x9b}, 96, C::reserved},                           // NAT64
    {{0x00, 0x64, 0xff, 0x9b, 0x00, 0x01}, 48, C::reserved},
    {{0x01, 0x00}, 64, C::reserved},  // discard-only
    {{0x20, 0x01, 0x0d, 0xb8}, 32, C::documentation},
    {{0x20, 0x01}, 23, C::reserved},  // IETF protocol assignments, Teredo
    {{0x20, 0x02}, 16, C::reserved},  // 6to4
    {{0x3f, 0xff}, 20, C::documentation},
    {{0x5f, 0x00}, 16, C::reserved},  // SRv6 SIDs
    {{0xfc}, 7, C::private_net},      // ULA
    {{0xfe, 0x80}, 10, C::link_local},
    {{0xfe, 0xc0}, 10, C::reserved},  // deprecated site-local
    {{0xff}, 8, C::multicast},
};

AddressClass classify_in(const std::array<std::uint8_t, 16>& a, const Block* begin,
                         const Block* end) {
  const Block* best = nullptr;
  for (const auto* b = begin; b != end; ++b) {
    if (in_block(a, *b) && (best == nullptr || b->bits > best->bits)) best = b;
  }
  return best ? best->cls : AddressClass::global;
}

}  // namespace

AddressClass classify(const Address& a) {
  const auto& b = a.bytes();
  if (a.family() == Family::ipv4) return classify_in(b, std::begin(k_v4), std::end(k_v4));
  auto cls = classify_in(b, std::begin(k_v6), std::end(k_v6));
  if (cls != AddressClass::global) return cls;
  // Global unicast is 2000::/3; anything else left over is not publishable.
  return (b[0] & 0xe0) == 0x20 ? AddressClass::global : AddressClass::reserved;
}

bool is_publishable(const Address& a, AllowPrivate allow) {
  switch (classify(a)) {
  case AddressClass::global:
    return true;
  case AddressClass::private_net:
  case AddressClass::cgnat:
  case AddressClass::documentation:
    return allow == AllowPrivate::yes;
  case AddressClass::loopback:
  case AddressClass::link_local:
  case AddressClass::multicast:
  case AddressClass::reserved:
    return false;
  }
  return false;
}

}  // namespace ddnsguard::providers
