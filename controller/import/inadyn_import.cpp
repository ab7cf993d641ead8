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
  std::string webhook_url(Section& sec, const std::string& path,
                          std::vector<SecretSetting>& secrets);
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

// Query parameters whose value is a credential when written into a custom path.
bool secret_parameter(std::string_view name) {
  auto l = lower(name);
  for (const char* word : {"pass", "pwd", "token", "key", "secret", "auth", "hash", "sig"}) {
    if (l.find(word) != std::string::npos) return true;
  }
  return false;
}

// inadyn's ddns-path as a webhook URL template: %h, %i as {name}, {address}; %u, %p and
// credentials written into the query as secret markers (their values go to the environment).
std::string InadynMapper::webhook_url(Section& sec, const std::string& path,
                                      std::vector<SecretSetting>& secrets) {
  std::string url;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '%' || i + 1 == path.size()) {
      url += path[i];
      continue;
    }
    const char c = path[++i];
    if (c == 'h' || c == 'i') {
      url += c == 'h' ? "{name}" : "{address}";
    } else if (c == 'u' || c == 'p') {
      const std::string key = c == 'u' ? "username" : "password";
      url += secret_marker(key);
      secrets.push_back(sec.secret(key, key));
    } else if (c == '%') {
      url += '%';
    } else {
      m_b.note(sec.line("ddns-path"),
               fmt::format("ddns-path: inadyn knows no %{}; kept as written", std::string(1, c)));
      url += '%';
      url += c;
    }
  }
  // A credential written into the query (token=..., key=...) goes to the environment too.
  const auto query = url.find('?');
  for (auto at = query; at != std::string::npos && at < url.size(); at = url.find('&', at + 1)) {
    auto eq = url.find('=', at + 1);
    auto end = std::min(url.find('&', at + 1), url.size());
    if (eq == std::string::npos || eq > end) continue;
    auto name = url.substr(at + 1, eq - at - 1);
    auto value = url.substr(eq + 1, end - eq - 1);
    if (!secret_parameter(name) || value.empty() || value.find('{') != std::string::npos ||
        value.find('\x01') != std::string::npos)
      continue;
    const auto key = "query_" + lower(name);
    secrets.push_back({key, value, sec.line("ddns-path")});
    url.replace(eq + 1, value.size(), secret_marker(key));
  }
  return url;
}

// A `custom` section: dyndns2 when its path is /nic/update with the usual query, else a
// webhook (webhook_url).
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
  auto url = base + webhook_url(sec, path, secrets);
  if (path.find('%') == std::string::npos)
    url += truthy(sec.get("append-myip", "false")) ? "{address}" : "{name}";
  settings = {{"url", url}};
  if (path.find("%p") == std::string::npos && !sec.get("password").empty()) {
    settings["headers"] = Json::array({"Authorization: Basic " + secret_marker("basic_auth")});
    secrets.push_back({"basic_auth", sec.get("username") + ":" + sec.get("password"),
                       sec.line("password"),
                       "base64 of username:password (inadyn sends HTTP Basic authentication)"});
  }
  auto words = sec.list("ddns-response");
  if (words.size() == 1) settings["success_body"] = words.front();
  if (words.size() > 1)
    m_b.note(sec.line("ddns-response"), "ddns-response with several words: "
                                        "ddnsguard's webhook takes one success_body");
}

Json InadynMapper::record_extra(Section& sec, const std::string& type) {
  Json extra = Json::object();
  auto ttl = small_number(sec.get("ttl"), true);
  if (ttl && *ttl >= 1 && *ttl <= 86400 && type != "dyndns2") extra["ttl"] = *ttl;
  if (is_write_only(type)) {
    // inadyn resends an unchanged address after forced-update (30 days by default).
    auto forced = small_number(global("forced-update", "2592000"), true);
    extra["refresh"] = refresh_text(forced.value_or(2592000));
  }
  return extra;
}

void InadynMapper::section(const InadynSection& s) {
  Section sec{s, {}};
  const Family family =
      lower(inadyn_plugin_family(s.title)).starts_with("ipv6") ? Family::ipv6 : Family::ipv4;
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
  auto hosts = sec.list("hostname");
  for (const auto& alias : sec.list("alias"))  // the deprecated synonym
    hosts.push_back(alias);
  for (const auto& host : hosts) {
    auto record =
        type == "duckdns" && !host.ends_with(".duckdns.org") ? host + ".duckdns.org" : host;
    if (type == "namecheap")
      record = host == "@" ? sec.get("username") : host + "." + sec.get("username");
    m_b.add_record(record, family, name, sec.line("hostname"), extra);
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
    m_b.note(v.line, fmt::format("{} is not converted", key));  // never its value
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
      m_b.note(v.line, fmt::format("{} is not converted", key));  // never its value
    }
  }
}

}  // namespace

ImportResult import_inadyn(std::string_view text, const std::string& origin) {
  auto file = parse_inadyn(text);
  if (!file.error.empty()) return {"", false, fmt::format("{}: {}", origin, file.error)};
  ImportBuilder b("inadyn", origin);
  InadynMapper mapper(b, file);
  mapper.globals();
  for (const auto& s : file.sections)
    mapper.section(s);
  if (!b.has_records()) b.note(0, "no provider section could be converted");
  return {b.render(), b.has_records(), std::nullopt};
}

}  // namespace ddnsguard::controller::import
