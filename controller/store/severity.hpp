#pragma once
// How bad an anomaly is (DESIGN §3): info, warning, critical. Text only in the store, the
// `anomalies` output, the log and notifications, where the names stay as documented.

#include <optional>
#include <string_view>

namespace ddnsguard::controller {

enum class Severity { info, warning, critical };

std::string_view to_string(Severity s);
// The severity a stored text names; nullopt for any other text.
std::optional<Severity> parse_severity(std::string_view text);

}  // namespace ddnsguard::controller
