// Failover mode (DESIGN §2): the first healthy provider of a record is authoritative. The
// active one must fail `switch_after` passes in a row before the next takes over; the
// first-ranked one must then be healthy `switch_back_after` passes in a row (probed with
// a read-back, or its backoff over for write-only protocols) before it takes back over.
// Every switch is logged and stored as a decision. The standbys get a read-only probe at
// least every `verify.standby_interval`, so a revoked key or an error burst on a backup
// opens its anomaly before the backup is needed.

#include <fmt/format.h>

#include "controller/loop/reconciler.hpp"

namespace ddnsguard::controller {

bool Reconciler::reconcile_failover(const RecordConfig& rc, const providers::Address& desired,
                                    DryRun dry, RecordOutcome& out, bool changed) {
  FailoverState st = failover_state(rc.record.subject());
  if (st.active >= rc.providers.size()) st = {};  // the record's providers changed
  if (st.active > 0 && dry == DryRun::no) probe_first_ranked(rc, st);
  bool ok = sync_provider(rc, rc.providers[st.active], desired, dry, out, changed);
  if (ok || (dry == DryRun::no && !cancelled())) {  // a dry or cut-short pass is no failure
    if (auto to = healing::after_active_pass(st, ok, healing::failover_rules(rc))) {
      switch_provider(rc, st, *to,
                      fmt::format("{} failed {} passes in a row ({})", rc.providers[st.active],
                                  st.failures, out.reason));
      ok = sync_provider(rc, rc.providers[st.active], desired, dry, out);
    }
  }
  // After the switch decision, so the provider that just took over is not also probed.
  if (dry == DryRun::no && !cancelled()) probe_standbys(rc, st);
  keep_failover_state(rc.record.subject(), st);
  return ok;
}

Reconciler::FailoverState Reconciler::failover_state(const std::string& subject) {
  return m_state.with([&](SharedState& s) { return s.failover[subject]; });
}

void Reconciler::keep_failover_state(const std::string& subject, const FailoverState& st) {
  m_state.with([&](SharedState& s) { s.failover[subject] = st; });
}

void Reconciler::probe_first_ranked(const RecordConfig& rc, FailoverState& st) {
  const auto& name = rc.providers.front();
  auto& p = m_live.provider(name);
  bool healthy = !m_health.blocked(name, rc.record, m_clock.now()).has_value();
  if (healthy && p.can_read()) healthy = probe(rc, name, m_health);
  if (auto to = healing::after_first_ranked_probe(st, healthy, healing::failover_rules(rc)))
    switch_provider(rc, st, *to, fmt::format("{} healthy {} passes in a row", name, st.healthy));
}

bool Reconciler::probed_as_standby(const RecordConfig& rc, const FailoverState& st,
                                   std::size_t i) const {
  if (i == st.active) return false;  // just called
  // The first-ranked one is probed every pass (probe_first_ranked) unless it is stopped by
  // refused credentials: then only the standby rule asks it again, once per interval.
  if (st.active > 0 && i == 0) return m_health.stopped(rc.providers[0], rc.record);
  return true;
}

void Reconciler::probe_standbys(const RecordConfig& rc, const FailoverState& st) {
  auto interval = m_config.verify.standby_interval;
  if (interval <= std::chrono::milliseconds::zero()) return;  // "0s": off
  for (std::size_t i = 0; i < rc.providers.size() && !cancelled(); ++i) {
    const auto& name = rc.providers[i];
    if (!probed_as_standby(rc, st, i)) continue;
    if (!m_live.provider(name).can_read()) continue;  // write-only: nothing to probe
    auto now = m_clock.now();
    // Backing off: the probe's own backoff decides. Stopped by refused credentials: a read
    // is harmless, so it is asked again each interval and seen as soon as the key works.
    if (m_probe_health.blocked(name, rc.record, now) && !m_probe_health.stopped(name, rc.record))
      continue;
    auto key = name + "|" + std::string(providers::to_string(rc.record.family));
    bool claimed = m_state.with([&](SharedState& s) {
      auto& due = s.standby_due[key];  // a new one is due at once
      if (now < due) return false;
      due = now + interval;  // claimed: the family's other records in this pass skip it
      return true;
    });
    if (!claimed) continue;
    m_log->debug("standby probe record={} provider={}", rc.record.subject(), name);
    bool ok = probe(rc, name, m_probe_health);
    // A failed probe is repeated at the first pass after its backoff, so a burst shows as a
    // streak; while an error anomaly about the standby is open, every pass probes it, so it
    // closes in minutes once the provider recovers.
    auto next = now + interval;
    if (!ok && !m_probe_health.stopped(name, rc.record)) next = now;
    if (ok &&
        m_monitor.any_open(AnomalyMonitor::provider_subject(name),
                           {AnomalyKind::provider_errors, AnomalyKind::provider_unreachable})) {
      next = now;
    }
    m_state.with([&](SharedState& s) { s.standby_due[key] = next; });
  }
}

bool Reconciler::probe(const RecordConfig& rc, const std::string& name, ProviderHealth& health) {
  auto read = m_live.provider(name).read(rc.record);
  if (cancelled()) return false;
  note_call(name, CallKind::probe, read);
  if (!read.value) {
    record_failure(rc.record, name, "", read.value.error(), read.latency, CallKind::probe, health);
    return false;
  }
  health.succeeded(name, rc.record);
  m_store.add_update(UpdateAttempt::succeeded(
      CallKind::probe, m_clock.now(), rc.record, name,
      *read.value ? (*read.value)->to_string() : std::string{}, read.latency));
  return true;
}

void Reconciler::switch_provider(const RecordConfig& rc, FailoverState& st, std::size_t to,
                                 const std::string& why) {
  const auto& from = rc.providers[st.active];
  const auto& next = rc.providers[to];
  auto rationale = fmt::format("failover: {} -> {}: {}", from, next, why);
  m_log->warn("record={} {}", rc.record.subject(), rationale);
  m_store.add_decision(Decision::failover(m_clock.now(), rc.record.subject(), next, rationale));
  // Neither side is taken on trust after a switch: both are read before DNS answers for them.
  note_api_call(rc.record.subject(), from, false);
  note_api_call(rc.record.subject(), next, false);
  st = healing::switched_to(to);
}

}  // namespace ddnsguard::controller
