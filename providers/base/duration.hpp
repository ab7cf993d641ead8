#pragma once
// Durations as written in the configuration and on the command line.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ddnsguard::providers {

// "500ms", "10s", "5m", "2h", "1d", compounds such as "1h30m", or a bare integer (seconds).
// nullopt for anything else: empty, negative, fractional, unknown unit, overflow.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

// The shortest exact spelling: 90000ms -> "1m30s", 0 -> "0s".
std::string format_duration(std::chrono::milliseconds d);

}  // namespace ddnsguard::providers
