#include "controller/store/provider_call.hpp"

#include <array>
#include <utility>

#include <fmt/format.h>

#include "controller/store/enum_names.hpp"

namespace ddnsguard::controller {

namespace {

UpdateAttempt row(CallKind call, TimePoint at, const providers::Record& record,
                  std::string provider, std::string address, std::chrono::milliseconds latency) {
  UpdateAttempt u;
  u.call = call;
  u.at = at;
  u.record = record.name;
  u.type = std::string(record.type());
  u.provider = std::move(provider);
  u.address = std::move(address);
  u.latency_ms = latency.count();
  return u;
}

}  // namespace

std::string_view to_string(CallKind kind) {
  switch (kind) {  // no default: a new kind without a name does not compile
  case CallKind::update:
    return "update";
  case CallKind::read:
    return "read";
  case CallKind::probe:
    return "probe";
  }
  return "update";
}

std::optional<CallKind> parse_call_kind(std::string_view text) {
  return parse_by_name(text, std::array{CallKind::update, CallKind::read, CallKind::probe});
}

UpdateAttempt UpdateAttempt::succeeded(CallKind call, TimePoint at, const providers::Record& record,
                                       std::string provider, std::string address,
                                       std::chrono::milliseconds latency) {
  auto u = row(call, at, record, std::move(provider), std::move(address), latency);
  u.ok = true;
  return u;
}

UpdateAttempt UpdateAttempt::failed(CallKind call, TimePoint at, const providers::Record& record,
                                    std::string provider, std::string address,
                                    const providers::Error& error,
                                    std::chrono::milliseconds latency) {
  auto u = row(call, at, record, std::move(provider), std::move(address), latency);
  u.error_class = error.cls;
  u.message = fmt::format("{}: {}", to_string(call), error.message);
  return u;
}

}  // namespace ddnsguard::controller
