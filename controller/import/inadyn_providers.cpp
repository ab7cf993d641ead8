#include "controller/import/inadyn_providers.hpp"

#include <array>
#include <string>

#include "controller/import/import_common.hpp"

namespace ddnsguard::controller::import {

namespace {

// inadyn 2.13's plugins (plugins/*.c) in registration order, as far as ddnsguard speaks them.
constexpr std::array<InadynPlugin, 29> k_plugins = {{
    {"dyndns.org", "dyndns2", "members.dyndns.org/nic/update"},
    {"no-ip.com", "dyndns2", "dynupdate.no-ip.com/nic/update"},
    {"noip.com", "dyndns2", "dynupdate.noip.com/nic/update"},
    {"dnsomatic.com", "dyndns2", "updates.dnsomatic.com/nic/update"},
    {"selfhost.de", "dyndns2", "carol.selfhost.de/nic/update"},
    {"3322.org", "dyndns2", "members.3322.org/dyndns/update"},
    {"he.net", "dyndns2", "dyn.dns.he.net/nic/update"},
    {"tunnelbroker.net", "dyndns2", "ipv4.tunnelbroker.net/nic/update"},
    {"spdyn.de", "dyndns2", "update.spdyn.de/nic/update"},
    {"loopia.com", "dyndns2", "dns.loopia.se/XDynDNSServer/XDynDNS.php"},
    {"dynu.com", "dyndns2", "api.dynu.com/nic/update"},
    {"dy.fi", "dyndns2", "www.dy.fi/nic/update"},
    {"do.de", "dyndns2", "ddns.do.de/nic/update"},
    {"domopoli", "dyndns2", "dyndns.domopoli.de/nic/update"},
    {"inwx.com", "dyndns2", "dyndns.inwx.com/nic/update"},
    {"opendns.com", "dyndns2", "updates.opendns.com/nic/update"},
    {"joker.com", "dyndns2", "svc.joker.com/nic/update"},
    {"schokokeks.org", "dyndns2", "dyndns.schokokeks.org/nic/update"},
    {"variomedia.de", "dyndns2", "dyndns.variomedia.de/nic/update"},
    {"udmedia.de", "dyndns2", "www.udmedia.de/nic/update"},
    {"dyndns.it", "dyndns2", "update.dyndns.it/nic/update"},
    {"infomaniak.com", "dyndns2", "infomaniak.com/nic/update"},
    {"simply.com", "dyndns2", "ddns.simply.com/nic/update"},
    {"nsupdate.info", "dyndns2", "ipv4.nsupdate.info/nic/update"},
    {"cloudflare.com", "cloudflare", ""},
    {"duckdns.org", "duckdns", ""},
    {"namecheap.com", "namecheap", ""},
    {"porkbun.com", "porkbun", ""},
    {"desec.io", "desec", ""},
}};

std::string_view without_instance(std::string_view title) {
  auto colon = title.find(':');
  return colon == std::string_view::npos ? title : title.substr(0, colon);
}

}  // namespace

std::string_view inadyn_plugin_family(std::string_view title) {
  title = without_instance(title);
  auto at = title.find('@');
  return at == std::string_view::npos ? "default" : title.substr(0, at);
}

std::optional<InadynPlugin> find_inadyn_plugin(std::string_view title_text) {
  const auto title = lower(without_instance(title_text));
  auto at = title.find('@');
  auto family = at == std::string::npos ? std::string("default") : title.substr(0, at);
  auto domain = at == std::string::npos ? title : title.substr(at + 1);
  // Other prefixes name other plugins (ipv6tb@he.net); ipv6@he.net is the tunnel broker's.
  if (family != "default" && family != "ipv4" && family != "ipv6" && family != "dyndns")
    return std::nullopt;
  if (family == "ipv6" && domain == "he.net") return std::nullopt;
  for (const auto& p : k_plugins) {
    if (p.domain == domain) return p;
  }
  if (domain.size() < 3) return std::nullopt;
  for (const auto& p : k_plugins) {
    if (p.domain.find(domain) != std::string_view::npos) return p;
  }
  return std::nullopt;
}

}  // namespace ddnsguard::controller::import
