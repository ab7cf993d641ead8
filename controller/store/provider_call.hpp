#pragma once
// One provider call as the history store keeps it (DESIGN §6, table `updates`): a write, a
// read-back or a failover standby's probe. Rows are made by the named builders, so a call
// site says what happened instead of passing ten values in order.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "providers/base/clock.hpp"
#include "providers/base/record.hpp"
#include "providers/base/result.hpp"

namespace ddnsguard::controller {

using TimePoint = providers::Clock::time_point;

// What a provider call was. Text ("update", "read", "probe") only in the store and outputs.
enum class CallKind { update, read, probe };

std::string_view to_string(CallKind kind);
// The kind a stored text names; nullopt for any other text.
std::optional<CallKind> parse_call_kind(std::string_view text);

struct UpdateAttempt {
  // A call that answered: `address` is what was written (update) or what the provider holds
  // (read, probe; "" when it holds no such record).
  static UpdateAttempt succeeded(CallKind call, TimePoint at, const providers::Record& record,
                                 std::string provider, std::string address,
                                 std::chrono::milliseconds latency);
  // A call that failed with `error`: its class, and "<call>: <message>" (the provider's
  // message, already redacted). `address` is what a write tried to set ("" otherwise).
  static UpdateAttempt failed(CallKind call, TimePoint at, const providers::Record& record,
                              std::string provider, std::string address,
                              const providers::Error& error, std::chrono::milliseconds latency);

  TimePoint at;
  std::string record;  // "home.example.com"
  std::string type;    // "A" / "AAAA"
  std::string provider;
  std::string address;  // written, or read back ("" when absent)
  bool ok = false;
  std::optional<providers::ErrorClass> error_class;
  std::int64_t latency_ms = 0;
  std::string message;  // redacted one-line error, empty on success
  CallKind call = CallKind::update;
};

}  // namespace ddnsguard::controller
