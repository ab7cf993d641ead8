#include "providers/base/safe_text.hpp"

#include <algorithm>

namespace ddnsguard::providers {

std::string valid_utf8(std::string_view text) {
  bool ascii = std::all_of(text.begin(), text.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) return std::string(text);
  // nlohmann's serializer validates UTF-8 and replaces what is invalid; parsing its
  // output back gives the repaired text.
  auto quoted = dump_json(nlohmann::json(std::string(text)));
  return nlohmann::json::parse(quoted).get<std::string>();
}

std::string dump_json(const nlohmann::json& json, int indent) {
  return json.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string printable_ascii(std::string_view text, std::size_t max) {
  std::string out;
  for (char c : text.substr(0, max))
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return out;
}

}  // namespace ddnsguard::providers
