#pragma once
// What a provider's list of the records of one name and type means, for the APIs that
// list them (Cloudflare, AliDNS, DNSPod): ddnsguard manages exactly one record there.

#include <optional>
#include <string_view>

#include "providers/base/record.hpp"
#include "providers/base/result.hpp"

namespace ddnsguard::providers {

// The config error for `count` (> 1) records of `rec`'s name and type.
Error several_records(std::size_t count, const Record& rec);

// `count` records listed, the first holding `first_value`: none is absent, one is its
// address (invalid_response when it is not an address of `rec`'s family), several are
// several_records(). `what` names the call for messages.
Result<std::optional<Address>> sole_address(std::size_t count, std::string_view first_value,
                                            const Record& rec, std::string_view what);

}  // namespace ddnsguard::providers
