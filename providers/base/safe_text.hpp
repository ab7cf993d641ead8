#pragma once
// Text from outside (provider replies, source answers, files) may hold any bytes. JSON
// output must be valid UTF-8, and nlohmann::json::dump() throws on anything else: these
// helpers make such text safe once, where it enters, and make every dump total.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ddnsguard::providers {

// `text` with every byte that is not part of a valid UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

// At most `max` bytes of `text` with every byte outside printable ASCII (0x20..0x7e)
// replaced by '?': safe in an HTTP header or a one-line label.
std::string printable_ascii(std::string_view text, std::size_t max);

// json.dump(indent), never throwing: invalid UTF-8 in strings becomes U+FFFD.
std::string dump_json(const nlohmann::json& json, int indent = -1);

}  // namespace ddnsguard::providers
