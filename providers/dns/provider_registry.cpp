#include "providers/dns/provider_registry.hpp"

#include "providers/dns/provider_alidns.hpp"
#include "providers/dns/provider_cloudflare.hpp"
#include "providers/dns/provider_desec.hpp"
#include "providers/dns/provider_digitalocean.hpp"
#include "providers/dns/provider_dnspod.hpp"
#include "providers/dns/provider_duckdns.hpp"
#include "providers/dns/provider_dyndns2.hpp"
#include "providers/dns/provider_gandi.hpp"
#include "providers/dns/provider_hetzner.hpp"
#include "providers/dns/provider_namecheap.hpp"
#include "providers/dns/provider_porkbun.hpp"
#include "providers/dns/provider_powerdns.hpp"
#include "providers/dns/provider_rfc2136.hpp"
#include "providers/dns/provider_route53.hpp"
#include "providers/dns/provider_webhook.hpp"

namespace ddnsguard::providers {

namespace {

// One row per provider type, in name order (check-config and errors list them so).
// clang-format off
const ProviderType k_types[] = {
    {"alidns", &AliDnsProvider::parse},
    {"cloudflare", &CloudflareProvider::parse},
    {"desec", &DesecProvider::parse},
    {"digitalocean", &DigitalOceanProvider::parse},
    {"dnspod", &DnspodProvider::parse},
    {"duckdns", &DuckDnsProvider::parse},
    {"dyndns2", &Dyndns2Provider::parse},
    {"gandi", &GandiProvider::parse},
    {"hetzner", &HetznerProvider::parse},
    {"namecheap", &NamecheapProvider::parse},
    {"porkbun", &PorkbunProvider::parse},
    {"powerdns", &PowerDnsProvider::parse},
    {"rfc2136", &Rfc2136Provider::parse},
    {"route53", &Route53Provider::parse},
    {"webhook", &WebhookProvider::parse},
};
// clang-format on

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
