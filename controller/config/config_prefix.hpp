#pragma once
// The rules for IPv6 sources that report a network prefix ("use": "prefix"): all of a
// family's sources or none, one prefix length among them, and records with a host part that
// fits the prefix they are given.

#include <vector>

#include "controller/config/config.hpp"
#include "providers/base/config_reader.hpp"

namespace ddnsguard::controller {

// Problems at `r`'s path / "ipv6" for sources that cannot form a quorum of prefixes.
void check_prefix_sources(providers::ObjectReader& r,
                          const std::vector<providers::SourceSpec>& sources);
// Problems at `r`'s path for a record whose family's `sources` report a prefix.
void check_prefix_record(providers::ObjectReader& r, const RecordConfig& rc,
                         const std::vector<providers::SourceSpec>& sources);

}  // namespace ddnsguard::controller
