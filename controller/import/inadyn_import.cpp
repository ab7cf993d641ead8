#include "controller/import/inadyn_import.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "controller/import/inadyn_providers.hpp"
#include "controller/import/inadyn_syntax.hpp"

namespace ddnsguard::controller::import {

using providers::Family;

namespace {

// inadyn settings with nothing to convert (its own logging, TLS and user agent choices).
const std::set<std::string> k_operational = {"secure-ssl", "verify-address", "user-agent",
                                             "broken-rtc", "iterations",     "cache-dir",
                                             "ssl",        "checkip-ssl"};

// Keys a section may have that carry a secret in some plugin; never quoted in notes.
const std::set<std::string> k_secret_keys = {"username", "password"};

struct Section {
  const InadynSection& s;
  std::set<std::string> used;

  std::string get(const std::string& key, const std::string& fallback = "") {
    used.insert(key);
    auto it = s.options.find(key);
    return it == s.options.end() || it->second.items.empty() ? fallback : it->second.items.front();
  }
  std::vector<std::string> list(const std::string& key) {
    used.insert(key);
    auto it = s.options.find(key);
    return it == s.options.end() ? std::vector<std::string>{} : it->second.items;
  }
  int line(const std::string& key) const {
    auto it = s.options.find(key);
    return it == s.options.end() ? s.line : it->second.line;
  }
  SecretSetting secret(const std::string& key, const std::string& from) {
    return {key, get(from), line(from)};
  }
};

bool truthy(const std::string& v) {
  std::string l;
  for (char c : v)
    l += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return l == "true" || l == "yes" || l == "on";
}

class InadynMapper {
 public:
  InadynMapper(ImportBuilder& b, const InadynFile& f) : m_b(b), m_f(f) {}

  void section(const InadynSection& s);
  void globals();

 private:
  std::string global(const std::string& key, const std::string& fallback = "") {
    auto it = m_f.globals.find(key);
    return it == m_f.globals.end() || it->second.items.empty() ? fallback
                                                               : it->second.items.front();
  }
  void add_source(Section& sec, Family family);
  bool provider(Section& sec, Family family, std::string& type, Json& settings,
                std::vector<SecretSetting>& secrets);
  void custom(Section& sec, std::string& type, Json& settings, std::vector<SecretSetting>& secrets);
  Json record_extra(Section& sec, const std::string& type);
  void leftovers(Section& sec);

  ImportBuilder& m_b;
  const InadynFile& m_f;
};

void InadynMapper::add_source(Section& sec, Family family) {
  if (auto cmd = sec.get("checkip-command"); !cmd.empty()) {
    m_b.add_source(family, shell_source(cmd));
  } else if (auto iface = sec.get("iface", global("iface")); !iface.empty()) {
    m_b.add_source(family, interface_source(iface));
  } else if (auto server = sec.get("checkip-server"); !server.empty()) {
    bool https = truthy(sec.get("checkip-ssl", "true"));
    auto url = server == "default" ? "https://ifconfig.me/ip"
                                   : with_scheme(server + sec.get("checkip-path", "/"), https);
    m_b.add_source(family, http_source(url));
  } else {
    m_b.note(0, fmt::format("sections without checkip settings: inadyn asks the provider's own "
                            "check-ip server; {} stands in",
                            stand_in_url(family)));
    m_b.add_source(family, http_source(stand_in_url(family)));
  }
}

bool InadynMapper::provider(Section& sec, Family family, std::string& type, Json& settings,
                            std::vector<SecretSetting>& secrets) {
  auto plugin = find_inadyn_plugin(sec.s.title);
  if (!plugin) return false;
  type = std::string(plugin->type);
  if (type == "dyndns2") {
    std::string update(plugin->update);
    if (family == Family::ipv6 && update.starts_with("ipv4.")) update.replace(0, 4, "ipv6");
    bool https = truthy(sec.get("ssl", "true"));
    settings = {{"username", sec.get("username")}, {"endpoint", with_scheme(update, https)}};
    secrets = {sec.secret("password", "password")};
    if (family == Family::ipv6 && (plugin->domain == "dynu.com" || plugin->domain == "inwx.com")) {
      m_b.note(sec.s.line, fmt::format("{}: inadyn sends myipv6=; ddnsguard's dyndns2 sends the "
                                       "address in myip=",
                                       sec.s.title));
    }
  } else if (type == "cloudflare") {
    settings = {{"zone", sec.get("username")}};
    if (auto p = sec.get("proxied"); !p.empty()) settings["proxied"] = truthy(p);
    secrets = {sec.secret("api_token", "password")};
  } else if (type == "duckdns") {
    (void)sec.get("password");  // unused by inadyn's DuckDNS plugin
    secrets = {sec.secret("token", "username")};
  } else if (type == "namecheap") {
    settings = {{"domain", sec.get("username")}};
    secrets = {sec.secret("password", "password")};
  } else if (type == "porkbun") {
    secrets = {sec.secret("api_key", "username"), sec.secret("secret_api_key", "password")};
  } else if (type == "desec") {
    settings = {{"domain", sec.get("username")}};
    secrets = {sec.secret("token", "password")};
  }
  return true;
}

// A `custom` section: dyndns2 when its path is /nic/update with the usual query, else a
// webhook with inadyn's %h, %i, %u and %p put into the URL template.
void InadynMapper::custom(Section& sec, std::string& type, Json& settings,
                          std::vector<SecretSetting>& secrets) {
  bool https = truthy(sec.get("ssl", "true"));
  auto base = with_scheme(sec.get("ddns-server"), https);
  auto path = sec.get("ddns-path", "/");
  auto query = path.find('?');
  if (path.substr(0, query).ends_with("/nic/update") &&
      (query == std::string::npos || path.substr(query) == "?hostname=%h&myip=%i")) {
    type = "dyndns2";
    settings = {{"username", sec.get("username")}, {"endpoint", base + path.substr(0, query)}};
    secrets = {sec.secret("password", "password")};
    return;
  }
  type = "webhook";
  std::string url = base;
  bool any = false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '%' || i + 1 == path.size()) {
      url += path[i];
      continue;
    }
    char c = path[++i];
    any = true;
    if (c == 'h')
      url += "{name}";
    else if (c == 'i')
      url += "{address}";
    else if (c == 'u')
      url += sec.get("username");
    else if (c == 'p')
      url += secret_marker("password");
    else
      url += c;
  }
  if (!any) url += truthy(sec.get("append-myip", "false")) ? "{address}" : "{name}";
  settings = {{"url", url}};
  if (path.find("%p") != std::string::npos) {
    secrets = {sec.secret("password", "password")};
  } else if (!sec.get("password").empty()) {
    settings["headers"] = Json::array({"Authorization: Basic " + secret_marker("basic_auth")});
    secrets = {{"basic_auth", sec.get("username") + ":" + sec.get("password"), sec.line("password"),
                "base64 of username:password (inadyn sends HTTP Basic authentication)"}};
  }
  auto words = sec.list("ddns-response");
  if (words.size() == 1) settings["success_body"] = words.front();
  if (words.size() > 1)
    m_b.note(sec.line("ddns-response"), "ddns-response with several words: "
                                        "ddnsguard's webhook takes one success_body");
}

Json InadynMapper::record_extra(Section& sec, const std::string& type) {
  Json extra = Json::object();
  if (auto ttl = sec.get("ttl"); !ttl.empty() && ttl != "-1" && type != "dyndns2") {
    if (std::all_of(ttl.begin(), ttl.end(),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }) &&
        ttl.size() < 7)
      extra["ttl"] = std::stoi(ttl);
  }
  if (is_write_only(type)) {
    // inadyn resends an unchanged address after forced-update (30 days by default).
    auto forced = global("forced-update", "2592000");
    bool digits = !forced.empty() && forced.size() < 10 &&
                  std::all_of(forced.begin(), forced.end(), [](char c) {
                    return std::isdigit(static_cast<unsigned char>(c)) != 0;
                  });
    extra["refresh"] = refresh_text(digits ? std::stoll(forced) : 2592000);
  }
  return extra;
}

void InadynMapper::section(const InadynSection& s) {
  Section sec{s, {}};
  const Family family = inadyn_plugin_family(s.title) == "ipv6" ? Family::ipv6 : Family::ipv4;
  std::string type;
  Json settings = Json::object();
  std::vector<SecretSetting> secrets;
  if (s.kind == "custom") {
    custom(sec, type, settings, secrets);
  } else if (!provider(sec, family, type, settings, secrets)) {
    m_b.note(s.line,
             fmt::format("provider {}: no ddnsguard provider speaks it; not converted", s.title));
    return;
  }
  if (!s.includes.empty()) {
    m_b.note(s.line, fmt::format("{} {}: include(...) is not followed; move its settings into "
                                 "the provider",
                                 s.kind, s.title));
  }
  auto base = type == "dyndns2" ? service_name(settings.value("endpoint", std::string())) : type;
  auto name = m_b.add_provider(type, base, settings, secrets);
  add_source(sec, family);
  auto extra = record_extra(sec, type);
  for (const auto& host : sec.list("hostname")) {
    auto record =
        type == "duckdns" && !host.ends_with(".duckdns.org") ? host + ".duckdns.org" : host;
    if (type == "namecheap")
      record = host == "@" ? sec.get("username") : host + "." + sec.get("username");
    m_b.add_record(record, family, name, extra);
  }
  if (family == Family::ipv6 && !truthy(global("allow-ipv6", "false"))) {
    m_b.note(s.line, fmt::format("{}: inadyn drops IPv6 addresses without allow-ipv6 = true; "
                                 "ddnsguard publishes them",
                                 s.title));
  }
  leftovers(sec);
}

void InadynMapper::leftovers(Section& sec) {
  for (const auto& [key, v] : sec.s.options) {
    if (sec.used.contains(key) || k_operational.contains(key)) continue;
    m_b.note(v.line, k_secret_keys.contains(key)
                         ? key + " is not used"
                         : fmt::format("{} = {} is not converted", key,
                                       v.items.empty() ? "" : v.items.front()));
  }
}

void InadynMapper::globals() {
  for (const auto& [key, v] : m_f.globals) {
    if (k_operational.contains(key) || key == "forced-update" || key == "allow-ipv6" ||
        key == "iface")
      continue;
    auto value = v.items.empty() ? std::string() : v.items.front();
    if (key == "period") {
      m_b.note(v.line, fmt::format("period = {}: ddnsguard plans its own checks (adaptive "
                                   "polling within polling.daily_budget; polling.mode \"fixed\" "
                                   "checks every polling.min_interval)",
                                   value));
    } else {
      m_b.note(v.line, fmt::format("{} = {} is not converted", key, value));
    }
  }
}

}  // namespace

ImportResult import_inadyn(std::string_view text, const std::string& origin) {
  auto file = parse_inadyn(text);
  if (!file.error.empty()) return {fmt::format("{}: {}", origin, file.error), false};
  ImportBuilder b("inadyn", origin);
  InadynMapper mapper(b, file);
  mapper.globals();
  for (const auto& s : file.sections)
    mapper.section(s);
  if (!b.has_records()) b.note(0, "no provider section could be converted");
  return {b.render(), b.has_records()};
}

}  // namespace ddnsguard::controller::import
