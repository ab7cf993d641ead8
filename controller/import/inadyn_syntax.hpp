#pragma once
// inadyn.conf, libConfuse syntax (docs/providers/ddclient-inadyn.md §4): `key = value`,
// `key = { "a", "b" }`, `key += value`, sections `provider TITLE { ... }` and
// `custom TITLE { ... }` (the same title twice is one section), `include("file")` inside a
// section; comments `#`, `//` and `/* */`; "double" strings with C escapes ("${VAR}" is
// kept as written), 'single' strings with \\ and \' only. Pure.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ddnsguard::controller::import {

// The most sections in a file, and values in one list (a larger one is not inadyn's).
inline constexpr std::size_t k_most_values = 1000;

struct InadynValue {
  std::vector<std::string> items;  // one for a scalar
  int line = 0;
};

using InadynOptions = std::map<std::string, InadynValue>;

struct InadynSection {
  std::string kind;   // "provider" or "custom"
  std::string title;  // "default@no-ip.com", "cloudflare.com:1"
  int line = 0;
  InadynOptions options;
  std::vector<InadynValue> includes;  // include("file") calls, not followed
};

struct InadynFile {
  InadynOptions globals;
  std::vector<InadynSection> sections;
  std::string error;  // "line 7: expected '=' after \"period\"": the file is not inadyn's
};

InadynFile parse_inadyn(std::string_view text);

}  // namespace ddnsguard::controller::import
