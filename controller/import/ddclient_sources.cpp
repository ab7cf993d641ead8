#include "controller/import/ddclient_sources.hpp"

#include <array>
#include <utility>

#include <fmt/format.h>

namespace ddnsguard::controller::import {

using providers::Family;

namespace {

// ddclient's built-in web services (`--list-web-services`) that answer the bare address.
constexpr std::array<std::pair<std::string_view, std::string_view>, 18> k_builtin_web = {{
    {"dynu", "https://checkip.dynu.com/"},
    {"freedns", "https://freedns.afraid.org/dynamic/check.php"},
    {"he", "https://checkip.dns.he.net/"},
    {"he.net", "https://checkip.dns.he.net/"},
    {"ip4only.me", "https://ip4only.me/api/"},
    {"ip6only.me", "https://ip6only.me/api/"},
    {"ipify-ipv4", "https://api.ipify.org/"},
    {"ipify-ipv6", "https://api6.ipify.org/"},
    {"myonlineportal", "https://myonlineportal.net/checkip"},
    {"noip-ipv4", "http://ip1.dynupdate.no-ip.com/"},
    {"noip-ipv6", "http://ip1.dynupdate6.no-ip.com/"},
    {"desec-ipv4", "https://checkipv4.dedyn.io/"},
    {"desec-ipv6", "https://checkipv6.dedyn.io/"},
    {"joker-ipv4", "https://ipv4.svc.joker.com/nic/checkip"},
    {"joker-ipv6", "https://ipv6.svc.joker.com/nic/checkip"},
    {"nsupdate.info-ipv4", "https://ipv4.nsupdate.info/myip"},
    {"nsupdate.info-ipv6", "https://ipv6.nsupdate.info/myip"},
    {"updatedip", "https://checkip.updatedip.com"},
}};

// Built-in names whose answer is a page around the address (ddclient skips to it).
constexpr std::array<std::string_view, 4> k_html_web = {"dyndns", "loopia", "zoneedit",
                                                        "googledomains"};

bool disabled(const std::string& v) {
  return v.empty() || v == "disabled" || v == "no";
}

}  // namespace

std::string DdclientSourceReader::value(const DdclientOptions& o, const std::string& key,
                                        const std::string& fallback) {
  m_used.insert(key);
  auto it = o.find(key);
  return it == o.end() ? fallback : it->second.text;
}

int DdclientSourceReader::line_of(const DdclientOptions& o, const std::string& key, int host_line) {
  auto it = o.find(key);
  return it == o.end() ? host_line : it->second.line;
}

std::optional<std::string> DdclientSourceReader::strategy(const DdclientOptions& o, Family family) {
  auto use = value(o, "use", "");
  auto v4 = value(o, "usev4", "");
  auto v6 = value(o, "usev6", "");
  if (v4 == "web" || v4 == "if" || v4 == "cmd" || v4 == "ip") {
    m_builder.note(line_of(o, "usev4", 0), fmt::format("usev4={} is not a ddclient value (it "
                                                       "drops it too): use{}v4",
                                                       v4, v4 == "ip" ? "=ipv4, ip" : "=" + v4));
    v4.clear();
  }
  if (family == Family::ipv6) {
    if (disabled(v6)) return std::nullopt;
    return v6;
  }
  if (!disabled(v4)) return v4;
  if (!use.empty()) return disabled(use) ? std::nullopt : std::optional<std::string>(use);
  // ddclient's default: `use=ip` unless usev4 or usev6 is set.
  return v4.empty() && v6.empty() ? std::optional<std::string>("ip") : std::nullopt;
}

void DdclientSourceReader::add_web(const DdclientOptions& o, Family family, const std::string& key,
                                   const std::string& fallback, int line) {
  auto web = value(o, key, fallback);
  auto skip = value(o, key + "-skip", "");
  for (auto html : k_html_web) {
    if (web == html) skip = "(its page)";
  }
  if (!skip.empty()) {
    m_builder.note(line,
                   fmt::format("{}={} answers a page around the address ({}-skip): ddnsguard's "
                               "http source needs the bare address, so {} stands in",
                               key, web, key, stand_in_url(family)));
    m_builder.add_source(family, http_source(stand_in_url(family)));
    return;
  }
  for (const auto& [name, url] : k_builtin_web) {
    if (web == name) {
      m_builder.add_source(family, http_source(std::string(url)));
      return;
    }
  }
  bool https = value(o, "ssl", "yes") != "no" && value(o, "ssl", "yes") != "0";
  m_builder.add_source(family, http_source(with_scheme(web, https)));
}

void DdclientSourceReader::add_interface(const DdclientOptions& o, Family family,
                                         const std::string& key, const std::string& fallback,
                                         int line) {
  auto name = value(o, key, fallback);
  if (name == "default") {
    m_builder.note(line, fmt::format("{}=default (the interface of the default route): name the "
                                     "interface; {} stands in",
                                     key, stand_in_url(family)));
    m_builder.add_source(family, http_source(stand_in_url(family)));
    return;
  }
  m_builder.add_source(family, interface_source(name));
}

void DdclientSourceReader::add(const DdclientHost& h, Family family) {
  auto how = strategy(h.options, family);
  if (!how) return;
  const auto& o = h.options;
  const bool v6 = family == Family::ipv6;
  const std::string key =
      v6 ? "usev6" : (o.contains("usev4") && !disabled(value(o, "usev4", "")) ? "usev4" : "use");
  const int line = line_of(o, key, h.line);
  if (*how == "web" || *how == "webv4" || *how == "webv6") {
    if (v6) {
      add_web(o, family, "webv6", "ipify-ipv6", line);
    } else if (*how == "web") {
      add_web(o, family, "web", "dyndns", line);
    } else {
      add_web(o, family, "webv4", "ipify-ipv4", line);
    }
  } else if (*how == "if" || *how == "ifv4" || *how == "ifv6") {
    if (v6) {
      add_interface(o, family, "ifv6", "default", line);  // ddclient never reads if= for IPv6
    } else {
      add_interface(o, family, *how, *how == "if" ? "ppp0" : "default", line);
    }
  } else if (*how == "cmd" || *how == "cmdv4" || *how == "cmdv6") {
    auto cmd = v6 ? value(o, "cmdv6", value(o, "cmd", "")) : value(o, *how, "");
    if (cmd.empty()) {
      m_builder.note(line, fmt::format("{}={} names no command", key, *how));
    } else {
      m_builder.add_source(family, shell_source(cmd));
    }
  } else if (*how == "ip" || *how == "ipv4" || *how == "ipv6") {
    m_builder.note(line, fmt::format("{}={}: a fixed address is not converted (ddnsguard finds the "
                                     "address itself); {} stands in",
                                     key, *how, stand_in_url(family)));
    m_builder.add_source(family, http_source(stand_in_url(family)));
  } else {
    m_builder.note(line, fmt::format("{}={}: asking a router or firewall is not converted; {} "
                                     "stands in (or add an interface or command source)",
                                     key, *how, stand_in_url(family)));
    m_builder.add_source(family, http_source(stand_in_url(family)));
  }
}

}  // namespace ddnsguard::controller::import
