#pragma once
// What `ddnsguard import ddclient|inadyn` writes: a ddnsguard configuration assembled from
// another client's settings, with a comment list of what it could not map. Secrets are never
// copied: each becomes a ${DDNSGUARD_<PROVIDER>_<KEY>} reference, listed with where it came
// from. Pure: text in, text out.

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "providers/base/address.hpp"

namespace ddnsguard::controller::import {

using Json = nlohmann::ordered_json;

// A secret setting of a provider: its key in ddnsguard's configuration, the value as the
// other client had it (compared, never written out) and the line it came from. Where a
// setting's text holds secret_marker(key) (a URL, a header) the reference goes there instead.
struct SecretSetting {
  std::string key;
  std::string value;
  int line = 0;
  std::string hint = {};  // what the variable must hold, when not the value itself
};

class ImportBuilder {
 public:
  // `tool` ("ddclient"), `origin` (the file's path) for the heading.
  ImportBuilder(std::string tool, std::string origin);

  // Adds an address source of `family` unless the same one is there.
  void add_source(providers::Family family, Json source);
  // A provider of `type` with these settings and secrets; one with the same settings and
  // secret values is reused. Returns its name: `base` ("cloudflare"), then "cloudflare_2", ...
  std::string add_provider(const std::string& type, const std::string& base, const Json& settings,
                           const std::vector<SecretSetting>& secrets);
  // A record `name` of `family` at `provider`; the same name and family again only gains the
  // provider. `extra` keys (ttl, refresh) are set when the record is new.
  // A name that is no DNS name is left out with a note naming `line`.
  void add_record(const std::string& name, providers::Family family, const std::string& provider,
                  int line, const Json& extra = Json::object());
  // A line for the "not converted" list (`line` 0: not tied to a line). Never pass a secret.
  void note(int line, std::string text);

  bool has_records() const { return !m_records.empty(); }
  bool has_sources(providers::Family family) const;
  // The configuration: `//` comment lines (heading, secrets to set, what was not converted),
  // then the JSON document.
  std::string render() const;

 private:
  struct Provider {
    std::string name;
    std::string identity;  // settings and secret values; never written out
  };
  std::string m_tool;
  std::string m_origin;
  Json m_sources = Json::object();
  std::vector<Provider> m_providers;
  Json m_provider_settings = Json::object();
  Json m_records = Json::array();
  std::vector<std::pair<std::string, std::string>> m_secret_lines;  // (variable, where from)
  std::vector<std::pair<int, std::string>> m_notes;
};

// What stands for the secret `key` inside a setting's text until the provider has a name.
std::string secret_marker(std::string_view key);

// "DDNSGUARD_<NAME>_<KEY>" in upper case, anything but letters and digits as '_'.
std::string secret_variable(std::string_view provider, std::string_view key);

}  // namespace ddnsguard::controller::import
