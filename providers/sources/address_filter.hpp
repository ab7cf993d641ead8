#pragma once
// Which addresses may be published (reference: IANA special-purpose registries).

#include <string_view>

#include "providers/base/address.hpp"

namespace ddnsguard::providers {

enum class AddressClass {
  global,         // publishable
  private_net,    // RFC 1918, ULA
  cgnat,          // 100.64.0.0/10
  documentation,  // TEST-NETs, 2001:db8::/32, 3fff::/20
  loopback,
  link_local,
  multicast,
  reserved,  // everything else special: this-network, benchmarking, 6to4, Teredo, ...
};

std::string_view to_string(AddressClass c);

// Pure. The class of the most specific special block holding `a`, or global.
AddressClass classify(const Address& a);

enum class AllowPrivate { no, yes };

// True when `a` may be published. AllowPrivate::yes also accepts private, CGNAT and
// documentation ranges (LAN-only names, tests); loopback, link-local, multicast and
// reserved blocks are never publishable.
bool is_publishable(const Address& a, AllowPrivate allow);

}  // namespace ddnsguard::providers
