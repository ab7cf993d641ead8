#pragma once
// What a notification says and the HTTP request that carries it, for each kind of target
// (README "Notifications" has the request shapes). Pure: no I/O, no clock.
//
// Events are JSON objects: {"event": "ip_change", "family", "address", "old", "at", and
// "prefix": true when the sources report a network prefix},
// {"event": "anomaly_opened", "kind", "subject", "severity", "summary", "action", "at"},
// {"event": "anomaly_closed", "kind", "subject", "at"}, {"event": "daily_summary",
// "summary", "at"} and {"event": "test", "at"}.

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "controller/config/config.hpp"
#include "providers/base/clock.hpp"
#include "providers/net/http_client.hpp"

namespace ddnsguard::controller {

// The longest message text sent: with its title (at most 200) it stays under Discord's
// limit of 2000 characters.
constexpr std::size_t k_notify_max_text = 1700;

struct NotifyText {
  std::string title;    // one line of printable ASCII
  std::string message;  // valid UTF-8, at most k_notify_max_text bytes
  int priority = 3;     // ntfy's scale: 1 (min) .. 5 (urgent)
};

// The ip_change event for `family`'s new `address` (`old` empty: the first one seen);
// `prefix` when the sources report a network prefix.
nlohmann::json ip_change_event(providers::Family family, const std::string& address,
                               const std::string& old, providers::Clock::time_point at,
                               bool prefix);

// The title and message a person reads for `event`, sent from `host`.
NotifyText notify_text(const nlohmann::json& event, const std::string& host);

// The values of a webhook body template's placeholders for `event` ("" when absent).
std::map<std::string, std::string> notify_values(const nlohmann::json& event,
                                                 const std::string& host);

// The request that delivers `event` to `target` (not a ping target).
providers::HttpRequest notify_request(const NotifyConfig& target, const nlohmann::json& event,
                                      const std::string& host);

enum class PingKind { start, success, fail };

// A ping target's GET for the start or the end of a pass.
providers::HttpRequest ping_request(const NotifyConfig& target, PingKind kind);

}  // namespace ddnsguard::controller
