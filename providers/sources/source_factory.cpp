#include "providers/sources/source_factory.hpp"

#include <fmt/format.h>

#include "providers/base/socket_api.hpp"
#include "providers/net/dns_query.hpp"
#include "providers/net/url_check.hpp"
#include "providers/sources/source_command.hpp"
#include "providers/sources/source_dns.hpp"
#include "providers/sources/source_http.hpp"
#include "providers/sources/source_interface.hpp"

namespace ddnsguard::providers {

namespace {

// The spec of the sources `make` builds; one is made now, unconnected, to describe them.
template <class Make> SourceSpec spec_from(Make make) {
  auto sample = make(SourceDeps{});
  return {sample->describe(), sample->reports_prefix(), sample->prefix_length(), std::move(make)};
}

std::optional<SourceSpec> parse_http(ObjectReader& r) {
  auto url = r.string("url", Required::yes);
  if (url && !check_http_url(r, "url", *url)) url.reset();
  auto format_text = r.string_or("format", "plain");
  auto format = HttpFormat::parse(format_text);
  if (!format) {
    r.context().problem(
        r.path() / "format",
        fmt::format("must be plain, trace or json:<field>, got \"{}\"", format_text));
  }
  if (!url || !format) return std::nullopt;
  return spec_from([url = *url, format = *format](const SourceDeps& deps) -> SourcePtr {
    auto http = deps.http ? deps.http : std::make_shared<HttpClient>(deps.cancel);
    return std::make_shared<HttpSource>(url, format, std::move(http));
  });
}

std::optional<ServerSpec> read_server(ObjectReader& r, Family family) {
  auto text = r.string("server", Required::yes);
  if (!text) return std::nullopt;
  auto spec = parse_server_spec(*text);
  if (!spec) {
    r.context().problem(
        r.path() / "server",
        fmt::format("expected \"host\", \"host:port\" or \"[v6]:port\", got \"{}\"", *text));
    return std::nullopt;
  }
  auto literal = Address::parse(spec->host);
  if (literal && literal->family() != family) {
    r.context().problem(r.path() / "server",
                        fmt::format("{} is not an {} address: the answer would describe the "
                                    "wrong family",
                                    spec->host, to_string(family)));
    return std::nullopt;
  }
  return spec;
}

std::optional<SourceSpec> parse_dns(ObjectReader& r, Family family) {
  auto server = read_server(r, family);
  auto name = r.string("name", Required::yes);
  if (name && name->empty()) {
    r.context().problem(r.path() / "name", "is empty");
    name.reset();
  }
  auto qtype = r.choice("qtype", {"A", "AAAA", "TXT"});
  if (!qtype && !r.has("qtype")) qtype = std::string(record_type_for(family));
  if (qtype && *qtype != "TXT" && *qtype != record_type_for(family)) {
    r.context().problem(r.path() / "qtype",
                        fmt::format("{} cannot answer for {} sources", *qtype, to_string(family)));
    qtype.reset();
  }
  auto qclass = r.choice("class", {"IN", "CH"});
  if (!qclass && !r.has("class")) qclass = "IN";
  if (!server || !name || !qtype || !qclass) return std::nullopt;
  return spec_from([server = *server, name = *name, qtype = *qtype,
                    qclass = *qclass](const SourceDeps&) -> SourcePtr {
    return std::make_shared<DnsSource>(server, name, qtype, qclass);
  });
}

struct InterfaceChoice {
  InterfaceUse use = InterfaceUse::address;
  std::optional<int> prefix_length;
};

// `use` (`address` default, `prefix`: IPv6 only) and, with `prefix`, `prefix_length`.
std::optional<InterfaceChoice> read_interface_use(ObjectReader& r, Family family) {
  auto use = r.choice("use", {"address", "prefix"});
  auto length = r.integer("prefix_length", 16, 64);  // delegated prefixes: /48 to /64
  if (r.has("use") && !use) return std::nullopt;
  if (!use || *use == "address") {
    if (!r.has("prefix_length")) return InterfaceChoice{};
    r.context().problem(r.path() / "prefix_length", "needs \"use\": \"prefix\"");
    return std::nullopt;
  }
  if (family == Family::ipv4) {
    r.context().problem(r.path() / "use",
                        "\"prefix\" is for IPv6 sources (an IPv4 address has no delegated prefix)");
    return std::nullopt;
  }
  if (r.has("prefix_length") && !length) return std::nullopt;
  if (!length) return InterfaceChoice{InterfaceUse::prefix, std::nullopt};
  return InterfaceChoice{InterfaceUse::prefix, static_cast<int>(*length)};
}

std::optional<SourceSpec> parse_interface(ObjectReader& r, Family family) {
  auto use = read_interface_use(r, family);
  auto name = r.string("name", Required::yes);
  if (name && (name->empty() || name->size() >= k_interface_name_max ||
               name->find_first_of("/ \t") != std::string::npos)) {
    r.context().problem(r.path() / "name",
                        fmt::format("not a valid interface name: \"{}\"", *name));
    return std::nullopt;
  }
  if (!name || !use) return std::nullopt;
  return spec_from([name = *name, use = *use](const SourceDeps&) -> SourcePtr {
    return std::make_shared<InterfaceSource>(name, use.use, use.prefix_length);
  });
}

std::optional<SourceSpec> parse_command(ObjectReader& r) {
  auto argv = r.string_list("argv", Required::yes);
  if (argv && (argv->empty() || argv->front().empty())) {
    r.context().problem(r.path() / "argv", "must name a program: a non-empty array of strings");
    return std::nullopt;
  }
  if (!argv) return std::nullopt;
  return spec_from([argv = *argv](const SourceDeps& deps) -> SourcePtr {
    return std::make_shared<CommandSource>(argv, deps.cancel);
  });
}

}  // namespace

std::optional<SourceSpec> parse_source(ObjectReader& r, Family family) {
  if (!r.ok()) return std::nullopt;
  auto before = r.context().problems.size();
  auto type = r.choice("type", {"http", "dns", "interface", "command"}, Required::yes);
  if (!type) {
    // Without a known type its keys cannot be judged; do not also call them unknown.
    for (const char* key :
         {"url", "format", "server", "name", "qtype", "class", "argv", "use", "prefix_length"}) {
      (void)r.raw(key);
    }
    return std::nullopt;
  }
  std::optional<SourceSpec> out;
  if (*type == "http") {
    out = parse_http(r);
  } else if (*type == "dns") {
    out = parse_dns(r, family);
  } else if (*type == "interface") {
    out = parse_interface(r, family);
  } else {
    out = parse_command(r);
  }
  if (r.context().problems.size() != before) return std::nullopt;
  return out;
}

std::vector<SourcePtr> build_sources(const std::vector<SourceSpec>& specs, const SourceDeps& deps) {
  std::vector<SourcePtr> out;
  out.reserve(specs.size());
  for (const auto& s : specs)
    out.push_back(s.build(deps));
  return out;
}

}  // namespace ddnsguard::providers
