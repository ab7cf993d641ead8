#pragma once
// Parses a configuration file's text into a JSON document. Never throws: a syntax error
// names the byte (never echoing the text: it may hold a secret), a number out of range
// names the JSON path of the value ("polling.daily_budget: number out of range").

#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "providers/base/config_reader.hpp"

namespace ddnsguard::controller {

std::optional<nlohmann::json> parse_document(std::string_view text,
                                             std::vector<providers::ConfigProblem>& problems);

}  // namespace ddnsguard::controller
