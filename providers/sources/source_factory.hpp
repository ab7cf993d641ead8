#pragma once
// Builds an address source from its configuration object (DESIGN §5 "sources").

#include <memory>

#include "providers/base/config_reader.hpp"
#include "providers/net/http_client.hpp"
#include "providers/sources/address_source.hpp"

namespace ddnsguard::providers {

// Reads `type` and that type's keys from `r` (http: url, format; dns: server, name, qtype,
// class; interface: name; command: argv), reporting problems through `r` with their JSON
// paths ("sources.ipv4[0].url: is required"). `family` is the list the source sits in: it
// picks the dns qtype default (A / AAAA) and rejects a qtype or server literal of the other
// family. http sources share `http` (connection pool); when it is null each gets its own
// client. Returns nullptr when the object has a problem. Pure: opens no socket, runs
// nothing. Does not call r.finish(); the caller does.
SourcePtr parse_source(ObjectReader& r, Family family, std::shared_ptr<HttpClient> http = nullptr);

}  // namespace ddnsguard::providers
