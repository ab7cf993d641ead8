#pragma once
// A configuration the real binary runs on loopback with no server at all: the address from a
// command (`echo 203.0.113.4`, allowed although it is a documentation address), one dyndns2
// provider "dyn" on a closed port (every update fails, and each pass is still recorded), no
// DNS verification, one A record home.example.net. Tests add or change keys.

#include <string>

#include <nlohmann/json.hpp>

namespace ddnsguard::testing {

inline nlohmann::json offline_config(const std::string& password = "pw") {
  return {{"sources",
           {{"ipv4", {{{"type", "command"}, {"argv", {"/bin/echo", "203.0.113.4"}}}}},
            {"allow_private", true}}},
          {"providers",
           {{"dyn",
             {{"type", "dyndns2"},
              {"username", "u"},
              {"password", password},
              {"endpoint", "http://127.0.0.1:9/nic/update"}}}}},
          {"verify", {{"enabled", false}}},  // no DNS server to ask
          {"records", {{{"name", "home.example.net"}, {"type", "A"}, {"providers", {"dyn"}}}}}};
}

}  // namespace ddnsguard::testing
