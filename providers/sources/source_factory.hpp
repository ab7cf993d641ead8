#pragma once
// Builds an address source from its configuration object (DESIGN §5 "sources").

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "providers/base/config_reader.hpp"
#include "providers/net/http_client.hpp"
#include "providers/sources/address_source.hpp"

namespace ddnsguard::providers {

// What a source needs at run time, given when it is built (build_runtime).
struct SourceDeps {
  std::shared_ptr<HttpClient> http;  // http sources share its pool; null: each its own client
  // Once true, a running command is killed (shutdown); null: never. (HTTP transfers see
  // the flag the client was made with.)
  const std::atomic<bool>* cancel = nullptr;
};

// A source as configured: what validation and check-config need to know of it, and how to
// build it once what it needs exists. Plain data (copyable, holds no connection).
struct SourceSpec {
  std::string description;  // AddressSource::describe() of what it builds
  bool reports_prefix = false;
  std::optional<int> prefix_length;
  std::function<SourcePtr(const SourceDeps&)> build;
};

// Reads `type` and that type's keys from `r` (http: url, format; dns: server, name, qtype,
// class; interface: name; command: argv), reporting problems through `r` with their JSON
// paths ("sources.ipv4[0].url: is required"). `family` is the list the source sits in: it
// picks the dns qtype default (A / AAAA) and rejects a qtype or server literal of the other
// family. Returns nullopt when the object has a problem. Pure: opens no socket, runs
// nothing. Does not call r.finish(); the caller does.
std::optional<SourceSpec> parse_source(ObjectReader& r, Family family);

// The sources `specs` describe, built with `deps`.
std::vector<SourcePtr> build_sources(const std::vector<SourceSpec>& specs, const SourceDeps& deps);

}  // namespace ddnsguard::providers
