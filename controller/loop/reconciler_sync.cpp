// One provider of one record: read back what it holds, write the address when it differs
// (or repair someone else's edit), and hold a failure at its scope (ProviderHealth).

#include <fmt/format.h>

#include "controller/loop/reconciler.hpp"
#include "providers/base/duration.hpp"

namespace ddnsguard::controller {

using providers::Address;

std::optional<std::optional<Address>> Reconciler::read_published(const providers::Record& rec,
                                                                 providers::Provider& p,
                                                                 RecordOutcome& out) {
  if (!p.can_read()) {
    // Write-only protocol: what we last set there successfully is the best knowledge.
    auto row = m_published.find(rec, p.name());
    if (!row || !row->address) return std::optional<Address>{};
    return std::optional<Address>{Address::parse(*row->address)};
  }
  auto read = p.read(rec);
  if (!cancelled()) note_call(p.name(), CallKind::read, read);
  if (read.value) {
    note_api_call(rec.subject(), p.name(), true);
    auto held = *read.value ? (*read.value)->to_string() : std::string{};
    m_store.add_update(
        UpdateAttempt::succeeded(CallKind::read, m_clock.now(), rec, p.name(), held, read.latency));
    return *read.value;
  }
  if (cancelled()) return std::nullopt;  // an aborted call is no provider failure
  record_failure(rec, p.name(), "", read.value.error(), read.latency, CallKind::read, m_health);
  out.reason =
      fmt::format("{}: read failed ({}): {}", p.name(),
                  providers::to_string(read.value.error().cls), read.value.error().message);
  return std::nullopt;
}

void Reconciler::mark_out_of_sync(const providers::Record& rec, const std::string& provider,
                                  std::optional<std::string> held) {
  if (!held) {
    if (auto row = m_published.find(rec, provider)) held = row->address;
  }
  m_published.set({rec.name, std::string(rec.type()), provider, held, m_clock.now(), false});
}

bool Reconciler::sync_provider(const RecordConfig& rc, const std::string& name,
                               const Address& desired, DryRun dry, RecordOutcome& out,
                               bool changed) {
  const auto& rec = rc.record;
  auto& provider = m_live.provider(name);
  out.published[name] = std::nullopt;
  if (cancelled()) {
    out.reason = "stopping";
    return false;
  }
  if (auto why = m_health.blocked(name, rec, m_clock.now())) {
    out.reason = fmt::format("{}: {}", name, *why);
    // Logged when it began (record_failure); every pass would only repeat it.
    m_log->debug("provider skipped record={} provider={} reason=\"{}\"", rec.subject(), name, *why);
    mark_out_of_sync(rec, name, std::nullopt);
    return false;
  }
  if (provider.can_read() && dry == DryRun::no && skip_read(rc, name, desired, out)) return true;
  auto held = read_published(rec, provider, out);
  if (!held) {
    if (!cancelled()) mark_out_of_sync(rec, name, std::nullopt);
    return false;
  }
  auto held_text = *held ? std::optional((*held)->to_string()) : std::nullopt;
  out.published[name] = held_text;
  const bool refresh = *held == desired && refresh_due(rc, provider);
  if (*held == desired && !refresh) {
    m_health.succeeded(name, rec);
    m_monitor.close(AnomalyKind::record_drift, rec.subject(), m_clock.now());
    m_published.set(
        {rec.name, std::string(rec.type()), name, desired.to_string(), m_clock.now(), true});
    m_log->debug("in sync record={} provider={} address={}", rec.subject(), name,
                 desired.to_string());
    return true;
  }
  bool drift = !refresh && is_drift(rec, name, held_text, desired, changed);
  if (provider.can_read()) mark_out_of_sync(rec, name, held_text);
  auto from = held_text.value_or("absent");
  if (drift && dry == DryRun::no) {
    Finding f;
    f.severity = Severity::warning;
    f.summary = fmt::format("{} holds {} for {}, set by someone else: the address is still {}",
                            name, from, rec.subject(), desired.to_string());
    f.evidence = {{"provider", name}, {"held", from}, {"desired", desired.to_string()}};
    f.action = "repaired at once: the address is published again";
    m_monitor.open(AnomalyKind::record_drift, rec.subject(), m_clock.now(), f);
    m_store.add_decision(
        Decision::heal(m_clock.now(), rec.subject(), HealAction::resync,
                       fmt::format("drift on {}: {} -> {}", name, from, desired.to_string())));
  }
  if (refresh && dry == DryRun::no) {
    m_store.add_decision(Decision::refresh(
        m_clock.now(), rec.subject(), desired.to_string(),
        fmt::format("{} had no write for {}: the unchanged address is sent again, as "
                    "write-only services expire hosts that are never updated",
                    name, providers::format_duration(*rc.refresh))));
  }
  if (dry == DryRun::yes) {
    out.reason = fmt::format("{}: holds {}, would {} to {}", name, from,
                             refresh ? "refresh" : "update", desired.to_string());
    m_log->info("dry run: would update record={} provider={} from={} to={}", rec.subject(), name,
                from, desired.to_string());
    return false;
  }
  m_log->info("updating record={} provider={} from={} to={}", rec.subject(), name, from,
              desired.to_string());
  auto result = provider.update(rec, desired);
  if (!cancelled()) note_call(name, CallKind::update, result);
  if (!result.value) {
    if (cancelled()) return false;  // an aborted call is no provider failure
    record_failure(rec, name, desired.to_string(), result.value.error(), result.latency,
                   CallKind::update, m_health);
    mark_out_of_sync(rec, name, std::nullopt);
    out.reason =
        fmt::format("{}: update failed ({}): {}", name,
                    providers::to_string(result.value.error().cls), result.value.error().message);
    return false;
  }
  m_health.succeeded(name, rec);
  note_api_call(rec.subject(), name, true);
  note_written(rec.subject());
  m_verifier.updated(rec, name, desired);
  m_store.add_update(UpdateAttempt::succeeded(CallKind::update, m_clock.now(), rec, name,
                                              desired.to_string(), result.latency));
  m_published.set(
      {rec.name, std::string(rec.type()), name, desired.to_string(), m_clock.now(), true});
  out.published[name] = desired.to_string();
  return true;
}

bool Reconciler::refresh_due(const RecordConfig& rc, const providers::Provider& p) {
  if (!rc.refresh || p.can_read()) return false;  // what is read back needs no refresh
  // History in memory has forgotten the last writes: resending to every write-only provider
  // after each restart could get an account blocked. Refresh waits for a working store.
  if (m_store.degraded()) return false;
  const auto oldest_fresh = m_clock.now() - *rc.refresh;  // a write this old is due again
  for (const auto& u : m_store.updates(oldest_fresh)) {
    if (u.ok && u.call == CallKind::update && u.at > oldest_fresh && u.record == rc.record.name &&
        u.type == rc.record.type() && u.provider == p.name()) {
      return false;
    }
  }
  return true;
}

bool Reconciler::is_drift(const providers::Record& rec, const std::string& provider,
                          const std::optional<std::string>& held, const Address& desired,
                          bool changed) {
  // A write not yet seen in DNS that the API does not show either is the provider failing
  // silently (the verifier's case), not someone else's edit.
  if (changed || !held || m_verifier.pending(rec)) return false;
  return m_published.seen_holding(rec, provider, desired.to_string());
}

void Reconciler::record_failure(const providers::Record& rec, const std::string& provider,
                                const std::string& address, const providers::Error& e,
                                std::chrono::milliseconds latency, CallKind call,
                                ProviderHealth& health) {
  auto now = m_clock.now();
  note_api_call(rec.subject(), provider, false);
  m_store.add_update(UpdateAttempt::failed(call, now, rec, provider, address, e, latency));
  auto retry = health.failed(provider, rec, e, now);
  if (!retry && e.cls == providers::ErrorClass::config) {
    Finding f;
    f.severity = Severity::critical;
    f.summary = fmt::format("{} refuses {}: {}", provider, rec.subject(), e.message);
    f.evidence = {{"record", rec.subject()}, {"error_class", "config"}, {"message", e.message}};
    f.action = "provider stopped for this record until the configuration changes";
    m_monitor.open(AnomalyKind::provider_errors, AnomalyMonitor::provider_subject(provider), now,
                   f);
  }
  if (e.retry_after && *e.retry_after > ProviderHealth::k_longest_wait) {
    m_log->warn("provider asked to wait {} record={} provider={}: waiting {} at most",
                providers::format_duration(*e.retry_after), rec.subject(), provider,
                providers::format_duration(ProviderHealth::k_longest_wait));
  }
  if (retry) {
    m_log->warn("provider will be retried record={} provider={} error_class={} retry_at={}",
                rec.subject(), provider, providers::to_string(e.cls),
                providers::format_rfc3339(*retry));
  } else {
    m_log->error("provider stopped record={} provider={} error_class={}: fix the configuration "
                 "(a running daemon rereads it on SIGHUP)",
                 rec.subject(), provider, providers::to_string(e.cls));
  }
}

}  // namespace ddnsguard::controller
