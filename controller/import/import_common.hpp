#pragma once
// What the ddclient and inadyn importers share: source objects, the stand-in echo service,
// and which provider types are write-only (their records get `refresh`). Pure.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "controller/import/import_builder.hpp"

namespace ddnsguard::controller::import {

// Reads a file the other client's configuration names (a TSIG key file); nullopt when it
// cannot be read. Injected so the converters stay pure.
using FileReader = std::function<std::optional<std::string>(const std::string& path)>;

struct ImportResult {
  std::string text;                  // the configuration with its comment lines
  bool converted = false;            // at least one record
  std::optional<std::string> error;  // the file is not the client's syntax ("FILE: line 3: ...")
};

// The largest file `import` reads (a client configuration is a few kilobytes).
inline constexpr std::size_t k_longest_import = std::size_t{1} << 20;

// y, yes, t, true, 1, on (any case).
bool truthy(std::string_view text);
std::string lower(std::string_view text);
// A number of at most nine digits: decimal, or with `radix_prefixes` libConfuse's 0x (hex),
// 0b (binary) and leading-0 (octal). nullopt for anything else.
std::optional<long long> small_number(std::string_view text, bool radix_prefixes = false);

Json http_source(const std::string& url);
Json interface_source(const std::string& name);
// A shell command line, run as ddclient and inadyn run it: /bin/sh -c.
Json shell_source(const std::string& command);

// An echo service that answers the bare address, for `family`: what stands in where the
// other client's way of finding the address cannot be converted.
std::string stand_in_url(providers::Family family);

// "https://" + host_and_path unless it already has a scheme.
std::string with_scheme(const std::string& host_and_path, bool https = true);

// A provider name from a dyndns2 endpoint: the label before the top-level domain
// ("https://dynupdate.no-ip.com/nic/update" -> "no-ip"); "dyndns2" when there is none.
std::string service_name(const std::string& endpoint);

// dyndns2, duckdns, namecheap and webhook are never read back; their records take `refresh`.
bool is_write_only(std::string_view provider_type);

// A duration in seconds as ddnsguard writes it ("25d", "7d", "90m"), at least one hour
// (`refresh`'s minimum).
std::string refresh_text(long long seconds);

// The TSIG key in a BIND key file (`key "name" { algorithm hmac-sha256; secret "..."; };`):
// its name and algorithm; the secret is never returned.
struct TsigKeyInfo {
  std::string name;
  std::string algorithm;
};
std::optional<TsigKeyInfo> read_tsig_key_file(std::string_view text);

}  // namespace ddnsguard::controller::import
