#include "tests/support/seeded_history.hpp"

#include <fmt/format.h>

namespace ddnsguard::testing {

using namespace std::chrono_literals;
using controller::CallKind;
using controller::TimePoint;
using controller::UpdateAttempt;

namespace {

const providers::Record k_record{"home.example.net", providers::Family::ipv4};

void seed_checks(controller::HistoryStore& store, TimePoint start, TimePoint now,
                 SeededHistory& out) {
  int i = 0;
  for (auto t = start; t < now; t += 30min, ++i) {
    store.add_decision({t, controller::DecisionKind::poll, "ipv4",
                        providers::format_rfc3339(t + 30min), "budget: 48 checks/day"});
    ++out.checks;
    bool fails = i % 97 == 50;
    auto ms = 80 + (i * 37) % 40 + (i % 200 > 190 ? 900 : 0);  // a slow spell now and then
    auto provider = i % 2 == 0 ? "cf" : "pdns";
    auto latency = std::chrono::milliseconds{ms};
    store.add_update(
        fails ? UpdateAttempt::failed(CallKind::read, t, k_record, provider, out.last_address,
                                      {providers::ErrorClass::transient, "HTTP 503", {}}, latency)
              : UpdateAttempt::succeeded(CallKind::read, t, k_record, provider, out.last_address,
                                         latency));
    out.failed_calls += fails ? 1 : 0;
  }
}

}  // namespace

SeededHistory seed_month(controller::HistoryStore& store, TimePoint now) {
  SeededHistory out;
  auto day = std::chrono::floor<std::chrono::days>(now - 30 * 24h);
  std::optional<std::string> old;
  for (int d = 0; d < 30; ++d) {
    auto at = day + std::chrono::days{d} + 3h + 10min;
    auto address = fmt::format("203.0.113.{}", 10 + d);
    store.add_ip_change({at, providers::Family::ipv4, old, address, "quorum 2/3", at - 20min});
    store.add_update(
        UpdateAttempt::succeeded(CallKind::update, at + 2s, k_record, "cf", address, 120ms));
    out.changes += old ? 1 : 0;
    old = address;
  }
  out.last_address = *old;
  store.add_update(UpdateAttempt::failed(CallKind::update, day + 12 * 24h, k_record, "cf",
                                         "203.0.113.22",
                                         {providers::ErrorClass::auth, "HTTP 403", {}}, 95ms));
  ++out.failed_calls;
  store.add_decision({day + 12 * 24h + 1min, controller::DecisionKind::failover,
                      "home.example.net/A", "pdns", "cf refuses the credentials"});
  auto closed = store.open_anomaly({0, controller::AnomalyKind::auth_failure, "provider:cf",
                                    controller::Severity::critical, day + 12 * 24h, std::nullopt,
                                    1.0, "cf rejects the credentials: HTTP 403",
                                    R"({"error_class":"auth"})", "provider stopped"});
  store.close_anomaly(closed, day + 13 * 24h);
  store.open_anomaly({0, controller::AnomalyKind::provider_latency, "provider:pdns",
                      controller::Severity::warning, now - 2h, std::nullopt, 4.2,
                      "pdns answers in 1.2 s against a median of 95 ms <b>slow</b>",
                      R"({"median_ms":95})", "noted"});
  seed_checks(store, day, now, out);
  store.add_observation(
      {now - 1min, providers::Family::ipv4, "quorum", out.last_address, "ok", "quorum 2/3"});
  store.set_published({"home.example.net", "A", "cf", out.last_address, now - 1min, true});
  store.set_published({"home.example.net", "A", "pdns", out.last_address, now - 1min, true});
  return out;
}

}  // namespace ddnsguard::testing
