#pragma once
// The table of provider types. Adding a provider: its file, one row in provider_registry.cpp,
// its test and its README row.

#include <span>
#include <string>
#include <string_view>

#include "providers/base/config_reader.hpp"
#include "providers/dns/provider.hpp"

namespace ddnsguard::providers {

// Reads the provider's keys (all but "type") from `settings`; problems go through it.
// Returns nullopt when a problem was found. Pure: no I/O but reading `<key>_file` secrets.
using ProviderParser = std::optional<ProviderSpec> (*)(const std::string& name,
                                                       ObjectReader& settings);

struct ProviderType {
  std::string_view type;
  ProviderParser parse;
};

std::span<const ProviderType> provider_types();
const ProviderType* find_provider_type(std::string_view type);

}  // namespace ddnsguard::providers
