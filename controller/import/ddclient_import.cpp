#include "controller/import/ddclient_import.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "controller/import/ddclient_sources.hpp"
#include "controller/import/ddclient_syntax.hpp"

namespace ddnsguard::controller::import {

using providers::Family;

namespace {

// Keys that only steer ddclient itself (logging, mail, its cache): nothing to convert.
const std::set<std::string> k_operational = {"syslog",
                                             "mail",
                                             "mail-failure",
                                             "pid",
                                             "facility",
                                             "priority",
                                             "cache",
                                             "timeout",
                                             "quiet",
                                             "verbose",
                                             "debug",
                                             "foreground",
                                             "ssl",
                                             "retry",
                                             "postscript",
                                             "min-interval",
                                             "min-error-interval",
                                             "jitter",
                                             "redirect",
                                             "web-ssl-validate",
                                             "fw-ssl-validate",
                                             "exec",
                                             "query",
                                             "test",
                                             "file",
                                             "force",
                                             "proxy",
                                             "geturl",
                                             "glue",
                                             "help"};

// One host's provider: its ddnsguard type and settings, its record name, and how it is kept.
struct Mapped {
  std::string type;
  Json settings = Json::object();
  std::vector<SecretSetting> secrets;
  std::string name;
  bool ipv4_only = false;
  bool ttl = false;  // the protocol reads `ttl`
};

class DdclientMapper {
 public:
  DdclientMapper(ImportBuilder& b, const FileReader& read_file)
      : m_b(b), m_read(read_file), m_src(b) {}

  void host(const DdclientHost& h);
  void leftovers(const DdclientFile& f);

 private:
  std::string opt(const DdclientHost& h, const std::string& key, const std::string& fallback = "") {
    return m_src.value(h.options, key, fallback);
  }
  int line(const DdclientHost& h, const std::string& key) {
    auto it = h.options.find(key);
    return it == h.options.end() ? h.line : it->second.line;
  }
  SecretSetting secret(const DdclientHost& h, const std::string& key, const std::string& from) {
    return {key, opt(h, from), line(h, from)};
  }
  std::optional<Mapped> map(const DdclientHost& h, const std::string& protocol);
  void dyndns2(const DdclientHost& h, const std::string& protocol, Mapped& m);
  void cloudflare(const DdclientHost& h, Mapped& m);
  void porkbun(const DdclientHost& h, Mapped& m);
  void token_zone(const DdclientHost& h, const std::string& protocol, Mapped& m);
  void nsupdate(const DdclientHost& h, Mapped& m);
  Json record_extra(const DdclientHost& h, const Mapped& m);

  ImportBuilder& m_b;
  const FileReader& m_read;
  DdclientSourceReader m_src;
};

std::string dyndns2_endpoint(const std::string& server, const std::string& script) {
  auto base = with_scheme(server);
  while (!base.empty() && base.back() == '/')
    base.pop_back();
  return base + (script.starts_with('/') ? script : "/" + script);
}

std::string under(const std::string& host, const std::string& domain) {
  if (host == "@" || host == domain) return domain;
  if (host.ends_with("." + domain)) return host;
  return host + "." + domain;
}

void DdclientMapper::dyndns2(const DdclientHost& h, const std::string& protocol, Mapped& m) {
  m.type = "dyndns2";
  auto server = opt(h, "server", protocol == "noip" ? "dynupdate.no-ip.com" : "members.dyndns.org");
  m.settings = {{"username", opt(h, "login")},
                {"endpoint", dyndns2_endpoint(server, opt(h, "script", "/nic/update"))}};
  m.secrets = {secret(h, "password", "password")};
}

void DdclientMapper::cloudflare(const DdclientHost& h, Mapped& m) {
  m.type = "cloudflare";
  if (auto zone = opt(h, "zone"); !zone.empty()) m.settings["zone"] = zone;
  if (opt(h, "login", "token") != "token") {
    m_b.note(line(h, "login"), "cloudflare with an account e-mail and the Global API Key: "
                               "ddnsguard needs an API token (Zone · DNS · Edit, Zone · Zone · "
                               "Read); set the variable to one");
  }
  m.secrets = {secret(h, "api_token", "password")};
}

// Porkbun's zone: root-domain; the host itself with on-root-domain=yes; else what follows
// the host's first label (ddclient splits there).
void DdclientMapper::porkbun(const DdclientHost& h, Mapped& m) {
  m.type = "porkbun";
  auto root = opt(h, "root-domain");
  if (root.empty()) {
    auto dot = h.name.find('.');
    root = truthy(opt(h, "on-root-domain", "no")) || dot == std::string::npos
               ? h.name
               : h.name.substr(dot + 1);
  }
  m.settings["domain"] = root;
  m.secrets = {secret(h, "api_key", "apikey"), secret(h, "secret_api_key", "secretapikey")};
}

void DdclientMapper::token_zone(const DdclientHost& h, const std::string& protocol, Mapped& m) {
  m.type = protocol;
  m.ttl = protocol != "digitalocean";
  if (auto zone = opt(h, "zone"); !zone.empty())
    m.settings[protocol == "hetzner" ? "zone" : "domain"] = zone;
  m.secrets = {secret(h, "token", "password")};
  if (protocol == "gandi" && !truthy(opt(h, "use-personal-access-token", "no"))) {
    m_b.note(line(h, "password"), "gandi with an API key: Gandi retired API keys, ddnsguard "
                                  "needs a personal access token with LiveDNS rights");
  }
  if (protocol == "hetzner" && opt(h, "server").find("dns.hetzner.com") != std::string::npos) {
    m_b.note(line(h, "server"), "hetzner at dns.hetzner.com: ddnsguard uses the Hetzner Cloud "
                                "API, whose tokens differ; create a Cloud API token");
  }
}

std::optional<Mapped> DdclientMapper::map(const DdclientHost& h, const std::string& protocol) {
  Mapped m;
  m.name = h.name;
  if (protocol == "dyndns2" || protocol == "noip") {
    dyndns2(h, protocol, m);
  } else if (protocol == "cloudflare") {
    cloudflare(h, m);
  } else if (protocol == "duckdns") {
    m.type = "duckdns";
    m.name = under(h.name, "duckdns.org");
    m.secrets = {secret(h, "token", "password")};
  } else if (protocol == "namecheap") {
    m.type = "namecheap";
    auto domain = opt(h, "login");
    m.name = under(h.name, domain);
    m.settings = {{"domain", domain}};
    m.secrets = {secret(h, "password", "password")};
    m.ipv4_only = true;
  } else if (protocol == "porkbun") {
    porkbun(h, m);
  } else if (protocol == "digitalocean" || protocol == "gandi" || protocol == "hetzner") {
    token_zone(h, protocol, m);
  } else if (protocol == "nsupdate") {
    nsupdate(h, m);
  } else {
    return std::nullopt;
  }
  return m;
}

void DdclientMapper::nsupdate(const DdclientHost& h, Mapped& m) {
  m.type = "rfc2136";
  m.ttl = true;
  auto server = opt(h, "server");
  auto colon = server.rfind(':');
  if (colon != std::string::npos && server.find(':') == colon) {
    auto port = small_number(server.substr(colon + 1));
    if (!port || *port < 1 || *port > 65535) {
      m_b.note(line(h, "server"), "the server's port is not a number from 1 to 65535: 53 used");
    } else {
      m.settings["port"] = *port;
    }
    server.resize(colon);
  }
  m.settings["server"] = server;
  m.settings["zone"] = opt(h, "zone");
  auto key_file = opt(h, "password");
  std::optional<TsigKeyInfo> info;
  if (auto text = key_file.empty() ? std::nullopt : m_read(key_file))
    info = read_tsig_key_file(*text);
  m.settings["key_name"] = info ? info->name : "ddns-key";
  if (info) m.settings["key_algorithm"] = info->algorithm;
  if (!info) {
    m_b.note(line(h, "password"), "nsupdate's key file could not be read: set key_name (and "
                                  "key_algorithm) as in that file");
  }
  // The variable holds the key's secret, never the file; the path is shown only when it
  // was a key file (else password= may hold something else).
  m.secrets = {{"key_secret", "tsig:" + key_file, line(h, "password"),
                info ? fmt::format("the base64 secret in {}", key_file)
                     : std::string("the key's base64 secret")}};
  (void)opt(h, "tcp");
  (void)opt(h, "login");
}

Json DdclientMapper::record_extra(const DdclientHost& h, const Mapped& m) {
  Json extra = Json::object();
  if (m.ttl) {
    auto ttl = small_number(opt(h, "ttl"));
    if (ttl && *ttl >= 1 && *ttl <= 86400) extra["ttl"] = *ttl;
  }
  if (is_write_only(m.type)) {
    // ddclient resends an unchanged address after max-interval (25 days by default).
    auto text = opt(h, "max-interval", "25d");
    auto seconds = parse_ddclient_delay(text);
    extra["refresh"] = refresh_text(seconds.value_or(25 * 86400));
  }
  return extra;
}

void DdclientMapper::host(const DdclientHost& h) {
  auto protocol = lower(opt(h, "protocol", "dyndns2"));
  auto m = map(h, protocol);
  if (!m) {
    m_b.note(line(h, "protocol"),
             fmt::format("protocol={} for {}: no ddnsguard provider speaks it; not converted",
                         protocol, h.name));
    return;
  }
  auto base =
      m->type == "dyndns2" ? service_name(m->settings.value("endpoint", std::string())) : m->type;
  auto provider = m_b.add_provider(m->type, base, m->settings, m->secrets);
  for (auto family : {Family::ipv4, Family::ipv6}) {
    if (!m_src.strategy(h.options, family)) continue;
    if (family == Family::ipv6 && m->ipv4_only) {
      m_b.note(line(h, "usev6"),
               fmt::format("{}: {} has no AAAA records; IPv6 not converted", h.name, protocol));
      continue;
    }
    m_src.add(h, family);
    m_b.add_record(m->name, family, provider, h.line, record_extra(h, *m));
  }
}

void DdclientMapper::leftovers(const DdclientFile& f) {
  std::set<std::string> reported;
  auto report = [&](const std::string& key, const DdclientValue& v) {
    if (m_src.used().contains(key) || k_operational.contains(key) || !reported.insert(key).second)
      return;
    if (key == "daemon") {
      m_b.note(v.line, fmt::format("daemon={}: ddnsguard plans its own checks (adaptive polling "
                                   "within polling.daily_budget; polling.mode \"fixed\" checks "
                                   "every polling.min_interval)",
                                   v.text));
    } else if (key.find("password") == std::string::npos && key != "apikey" &&
               key != "secretapikey") {
      m_b.note(v.line, fmt::format("{}= is not converted", key));
    }
  };
  for (const auto& [k, v] : f.globals)
    report(k, v);
  for (const auto& h : f.hosts) {
    for (const auto& [k, v] : h.options)
      report(k, v);
  }
}

}  // namespace

std::optional<long long> parse_ddclient_delay(const std::string& text) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])) != 0)
    ++digits;
  if (digits == 0 || digits > 9) return std::nullopt;
  long long n = std::stoll(text.substr(0, digits));
  auto unit = text.substr(digits);
  if (unit.empty() || unit == "s" || unit.starts_with("second")) return n;
  if (unit == "m" || unit.starts_with("minute")) return n * 60;
  if (unit == "h" || unit.starts_with("hour")) return n * 3600;
  if (unit == "d" || unit.starts_with("day")) return n * 86400;
  return std::nullopt;
}

ImportResult import_ddclient(std::string_view text, const std::string& origin,
                             const FileReader& read_file) {
  auto file = parse_ddclient(text);
  if (!file.error.empty()) return {"", false, fmt::format("{}: {}", origin, file.error)};
  ImportBuilder b("ddclient", origin);
  DdclientMapper mapper(b, read_file);
  for (const auto& h : file.hosts)
    mapper.host(h);
  mapper.leftovers(file);
  if (!b.has_records()) b.note(0, "no host could be converted");
  return {b.render(), b.has_records(), std::nullopt};
}

}  // namespace ddnsguard::controller::import
