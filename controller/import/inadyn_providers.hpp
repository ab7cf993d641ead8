#pragma once
// inadyn's provider plugins that ddnsguard can stand in for: the dyndns2 ones (update server
// and path) and the few with their own API. Pure data.

#include <optional>
#include <string>
#include <string_view>

namespace ddnsguard::controller::import {

struct InadynPlugin {
  std::string_view domain;  // "no-ip.com": the part of the plugin name after '@'
  std::string_view type;    // ddnsguard provider type
  std::string_view update;  // dyndns2: host and path of the update URL
};

// The plugin a section title names ("default@no-ip.com", "ipv6@dynu.com:2", "no-ip.com",
// "dyndns"): ':N' dropped, matched on the part after '@', then as inadyn does, by substring.
std::optional<InadynPlugin> find_inadyn_plugin(std::string_view title);

// "ipv4", "ipv6" or "default": the part before '@' (none: "default").
std::string_view inadyn_plugin_family(std::string_view title);

}  // namespace ddnsguard::controller::import
