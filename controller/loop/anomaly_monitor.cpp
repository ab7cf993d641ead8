#include "controller/loop/anomaly_monitor.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "providers/base/safe_text.hpp"
#include "providers/sources/address_filter.hpp"

namespace ddnsguard::controller {

using models::HysteresisRule;
using models::Transition;
using providers::Family;

namespace {

constexpr HysteresisRule k_latency_rule{3, 3};      // slow calls in a row / normal to close
constexpr HysteresisRule k_errors_rule{1, 3};       // the detector already wants a streak
constexpr HysteresisRule k_source_fail_rule{3, 2};  // checks in a row
constexpr HysteresisRule k_disagree_rule{2, 2};
constexpr HysteresisRule k_immediate{1, 1};
constexpr int k_unreachable_streak = 3;  // failed calls in a row without any reply

bool counts_as_failure(providers::ErrorClass c) {
  switch (c) {
  case providers::ErrorClass::transient:
  case providers::ErrorClass::rate_limited:
  case providers::ErrorClass::invalid_response:
    return true;
  case providers::ErrorClass::auth:
  case providers::ErrorClass::config:
    return false;
  }
  return false;
}

double seconds(TimePoint t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

}  // namespace

AnomalyMonitor::AnomalyMonitor(HistoryStore& store, std::shared_ptr<spdlog::logger> log)
    : m_store(store), m_log(std::move(log)) {
  m_shared.with([&](Shared& sh) {
    for (const auto& a : m_store.anomalies(TimePoint{}, true)) {
      Key key{a.kind, a.subject};
      sh.open[key] = a.id;
      sh.conditions[key].force_open();
    }
  });
}

std::string AnomalyMonitor::provider_subject(const std::string& provider) {
  return "provider:" + provider;
}

std::string AnomalyMonitor::source_subject(Family family, std::size_t index) {
  return fmt::format("source:{}/{}", index, providers::to_string(family));
}

Transition AnomalyMonitor::step(AnomalyKind kind, const std::string& subject, bool abnormal,
                                HysteresisRule rule, TimePoint now,
                                const std::function<Finding()>& describe) {
  auto locked = m_shared.lock();
  auto& sh = *locked;
  return step_locked(sh, {kind, subject}, abnormal, rule, now, describe);
}

void AnomalyMonitor::open(AnomalyKind kind, const std::string& subject, TimePoint now,
                          const Finding& f) {
  auto locked = m_shared.lock();
  auto& sh = *locked;
  Key key{kind, subject};
  if (!sh.open.contains(key)) sh.opened_directly.insert(key);
  sh.conditions[key].force_open();
  open_locked(sh, key, now, f);
}

void AnomalyMonitor::close(AnomalyKind kind, const std::string& subject, TimePoint now) {
  auto locked = m_shared.lock();
  auto& sh = *locked;
  Key key{kind, subject};
  sh.conditions.erase(key);
  close_locked(sh, key, now);
}

bool AnomalyMonitor::any_open(const std::string& subject,
                              std::initializer_list<AnomalyKind> kinds) const {
  auto locked = m_shared.lock();
  auto& sh = *locked;
  return std::any_of(kinds.begin(), kinds.end(), [&](AnomalyKind kind) {
    return sh.open.count({kind, subject}) > 0;
  });
}

std::map<std::string, int> AnomalyMonitor::open_by_kind() const {
  auto locked = m_shared.lock();
  auto& sh = *locked;
  std::map<std::string, int> out;
  for (const auto& [key, id] : sh.open)
    ++out[std::string(to_string(key.first))];
  return out;
}

Transition AnomalyMonitor::step_locked(Shared& sh, const Key& key, bool abnormal,
                                       HysteresisRule rule, TimePoint now,
                                       const std::function<Finding()>& describe) {
  auto [it, fresh] = sh.conditions.try_emplace(key, rule);
  it->second.set_rule(rule);
  auto t = it->second.step(abnormal);
  if (t == Transition::opened) open_locked(sh, key, now, describe ? describe() : Finding{});
  if (t == Transition::closed) close_locked(sh, key, now);
  return t;
}

void AnomalyMonitor::open_locked(Shared& sh, const Key& key, TimePoint now, const Finding& f) {
  if (sh.open.contains(key)) return;
  auto id = m_store.open_anomaly({0, key.first, key.second, f.severity, now, std::nullopt, f.score,
                                  f.summary, providers::dump_json(f.evidence), f.action});
  sh.open[key] = id;
  m_log->warn("anomaly opened kind={} subject={} severity={} score={:.1f}: {} (action: {})",
              to_string(key.first), key.second, to_string(f.severity), f.score, f.summary,
              f.action);
  emit({{"event", "anomaly_opened"},
        {"kind", to_string(key.first)},
        {"subject", key.second},
        {"severity", to_string(f.severity)},
        {"summary", f.summary},
        {"action", f.action},
        {"at", providers::format_rfc3339(now)}});
}

void AnomalyMonitor::close_locked(Shared& sh, const Key& key, TimePoint now) {
  auto it = sh.open.find(key);
  if (it == sh.open.end()) return;
  m_store.close_anomaly(it->second, now);
  sh.open.erase(it);
  sh.opened_directly.erase(key);
  m_log->info("anomaly closed kind={} subject={}", to_string(key.first), key.second);
  emit({{"event", "anomaly_closed"},
        {"kind", to_string(key.first)},
        {"subject", key.second},
        {"at", providers::format_rfc3339(now)}});
}

void AnomalyMonitor::emit(nlohmann::json event) {
  if (m_sink) m_sink(event);
}

bool AnomalyMonitor::provider_in_doubt(const std::string& provider) const {
  auto locked = m_shared.lock();
  auto& sh = *locked;
  if (sh.in_doubt.contains(provider)) return true;
  auto subject = provider_subject(provider);
  for (AnomalyKind kind : {AnomalyKind::provider_latency, AnomalyKind::provider_errors,
                           AnomalyKind::provider_unreachable, AnomalyKind::auth_failure}) {
    // Opened at once for one record's configuration error: no doubt about the others.
    if (sh.open.contains({kind, subject}) && !sh.opened_directly.contains({kind, subject}))
      return true;
  }
  return false;
}

void AnomalyMonitor::provider_call(const std::string& provider,
                                   const providers::Result<void>& outcome,
                                   std::chrono::milliseconds latency, TimePoint now) {
  auto locked = m_shared.lock();
  auto& sh = *locked;
  auto subject = provider_subject(provider);
  sh.in_doubt.insert(provider);
  if (outcome) {
    step_locked(sh, {AnomalyKind::auth_failure, subject}, false, k_immediate, now, {});
    auto v = sh.latency[provider].observe(static_cast<double>(latency.count()));
    if (!v.abnormal) sh.in_doubt.erase(provider);
    step_locked(sh, {AnomalyKind::provider_latency, subject}, v.abnormal, k_latency_rule, now, [&] {
      Finding f;
      f.score = v.score;
      f.summary = fmt::format("{} answers in {} ms, its usual is {:.0f} ms", provider,
                              latency.count(), v.median_ms);
      f.evidence = {{"latency_ms", latency.count()}, {"median_ms", v.median_ms}};
      f.action = "noted; the provider keeps its place while it still answers";
      return f;
    });
  }
  const auto* err = outcome ? nullptr : &outcome.error();
  if (err != nullptr && err->cls == providers::ErrorClass::auth) {
    Finding f;
    f.severity = Severity::critical;
    f.summary = fmt::format("{} rejects the credentials: {}", provider, err->message);
    f.evidence = {{"error_class", "auth"}, {"message", err->message}};
    f.action = "provider stopped until the configuration changes (SIGHUP reloads it)";
    sh.conditions[{AnomalyKind::auth_failure, subject}].force_open();
    open_locked(sh, {AnomalyKind::auth_failure, subject}, now, f);
    return;
  }
  bool failed = err != nullptr && counts_as_failure(err->cls);
  if (err != nullptr && !failed) return;  // config: reported by the reconciler
  auto v = sh.failures[provider].observe(failed);
  bool unreachable = failed && err->no_reply && v.streak >= k_unreachable_streak;
  bool errors = failed && !unreachable && (v.elevated || v.streak >= k_unreachable_streak);
  auto describe = [&] {
    Finding f;
    f.score = v.score;
    f.summary = fmt::format("{}: {} failed calls in a row, {:.0f} % of the last ones ({:.0f} % "
                            "usual); last: {}",
                            provider, v.streak, 100 * v.recent_rate, 100 * v.baseline_rate,
                            err ? err->message : "");
    f.evidence = {{"streak", v.streak},
                  {"recent_rate", v.recent_rate},
                  {"baseline_rate", v.baseline_rate},
                  {"error_class", err ? std::string(providers::to_string(err->cls)) : ""}};
    f.action = "retried with backoff; failover records move to the next provider";
    return f;
  };
  step_locked(sh, {AnomalyKind::provider_unreachable, subject}, unreachable, k_errors_rule, now,
              describe);
  step_locked(sh, {AnomalyKind::provider_errors, subject}, errors, k_errors_rule, now, describe);
}

std::vector<SourceFinding>
AnomalyMonitor::sources_checked(Family family, const providers::ObservationResult& result,
                                TimePoint now) {
  auto locked = m_shared.lock();
  auto& sh = *locked;
  std::vector<SourceFinding> findings;
  for (std::size_t i = 0; i < result.sources.size(); ++i)
    findings.push_back(judge_source(sh, family, i, result.sources[i], now));

  bool any_ok = false;
  std::set<std::string> classes;
  for (const auto& o : result.sources) {
    any_ok = any_ok || o.status == providers::SourceStatus::ok ||
             o.status == providers::SourceStatus::disagree;
    if (o.status == providers::SourceStatus::rejected) classes.insert(o.detail);
  }
  bool stuck_private = !result.address && !any_ok && !classes.empty();
  step_locked(sh, {AnomalyKind::private_address, std::string(providers::to_string(family))},
              stuck_private, k_immediate, now, [&] {
                Finding f;
                f.severity = Severity::critical;
                f.summary = fmt::format(
                    "this host's {} egress address is not public ({}): the ISP uses CGNAT or a "
                    "private network, so DDNS cannot make it reachable from here",
                    providers::to_string(family), fmt::join(classes, ", "));
                f.evidence = {{"classes", classes}, {"reason", result.reason}};
                f.action = "nothing published; ask the ISP for a public address or use a tunnel";
                return f;
              });
  if (result.address) {
    auto v = sh.flaps[family].judge(seconds(now));
    step_locked(sh, {AnomalyKind::ip_flapping, std::string(providers::to_string(family))},
                v.flapping, k_immediate, now, {});
  }
  return findings;
}

SourceFinding AnomalyMonitor::judge_source(Shared& sh, Family family, std::size_t index,
                                           const providers::SourceOutcome& o, TimePoint now) {
  auto subject = source_subject(family, index);
  bool failing = o.status == providers::SourceStatus::error;
  bool disagrees = o.status == providers::SourceStatus::disagree;
  auto t1 = step_locked(
      sh, {AnomalyKind::source_failing, subject}, failing, k_source_fail_rule, now, [&] {
        Finding f;
        f.summary = fmt::format("{} keeps failing: {}", o.label, o.detail);
        f.evidence = {{"source", o.label}, {"detail", o.detail}};
        f.action = "demoted: still asked, its answers do not vote until it recovers";
        return f;
      });
  auto t2 = step_locked(
      sh, {AnomalyKind::source_disagreement, subject}, disagrees, k_disagree_rule, now, [&] {
        Finding f;
        f.summary = fmt::format("{} answers {}, the quorum another address", o.label,
                                o.address ? o.address->to_string() : "nothing");
        f.evidence = {{"source", o.label}, {"answer", o.address ? o.address->to_string() : ""}};
        f.action = "demoted: still asked, its answers do not vote until it agrees again";
        return f;
      });
  bool still = sh.open.contains({AnomalyKind::source_failing, subject}) ||
               sh.open.contains({AnomalyKind::source_disagreement, subject});
  return {t1, t2, still};
}

void AnomalyMonitor::address_changed(Family family, const std::string& address, TimePoint now,
                                     bool prefix) {
  auto locked = m_shared.lock();
  auto& sh = *locked;
  auto v = sh.flaps[family].change(seconds(now), address);
  step_locked(
      sh, {AnomalyKind::ip_flapping, std::string(providers::to_string(family))}, v.flapping,
      k_immediate, now, [&] {
        Finding f;
        f.summary = fmt::format("the {} {} alternates among {} ({} returns in {} "
                                "changes within 6 h): multi-WAN or a flapping link",
                                providers::to_string(family), prefix ? "prefix" : "address",
                                fmt::join(v.addresses, ", "), v.returns, v.changes);
        f.evidence = {{"addresses", v.addresses}, {"changes", v.changes}, {"returns", v.returns}};
        f.action = "every change is still published; pin the route to one WAN to stop it";
        return f;
      });
}

}  // namespace ddnsguard::controller
