#pragma once
// `ddnsguard import ddclient FILE`: a ddclient.conf as an equivalent ddnsguard configuration
// (docs/providers/ddclient-inadyn.md §1-3). Pure: `read_file` is asked only for an nsupdate
// key file, whose key name and algorithm are taken (never its secret).

#include <optional>
#include <string>
#include <string_view>

#include "controller/import/import_common.hpp"

namespace ddnsguard::controller::import {

// A ddclient delay ("25d", "300", "5m", "2 hours") in seconds; nullopt when it is none.
std::optional<long long> parse_ddclient_delay(const std::string& text);

ImportResult import_ddclient(std::string_view text, const std::string& origin,
                             const FileReader& read_file);

}  // namespace ddnsguard::controller::import
