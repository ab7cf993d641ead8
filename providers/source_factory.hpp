#pragma once
// Builds an address source from its configuration object (DESIGN §5 "sources").

#include "providers/address_source.hpp"
#include "providers/config_reader.hpp"

namespace ddnsguard::providers {

// Reads `type` and that type's keys from `r` (http: url, format; dns: server, name, qtype,
// class; interface: name; command: argv), reporting problems through `r`. Returns nullptr
// when the object has a problem. Pure: opens no socket, runs nothing. Does not call
// r.finish(); the caller does.
SourcePtr parse_source(ObjectReader& r, Family family);

}  // namespace ddnsguard::providers
