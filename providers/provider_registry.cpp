#include "providers/provider_registry.hpp"

#include "providers/provider_dyndns2.hpp"
#include "providers/provider_powerdns.hpp"

namespace ddnsguard::providers {

namespace {

const ProviderType k_types[] = {
    {"dyndns2", &Dyndns2Provider::parse},
    {"powerdns", &PowerDnsProvider::parse},
};

}  // namespace

std::span<const ProviderType> provider_types() {
  return k_types;
}

const ProviderType* find_provider_type(std::string_view type) {
  for (const auto& t : k_types) {
    if (t.type == type) return &t;
  }
  return nullptr;
}

}  // namespace ddnsguard::providers
