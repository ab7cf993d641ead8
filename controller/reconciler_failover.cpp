// Failover mode (DESIGN §2): the first healthy provider of a record is authoritative. The
// active one must fail `switch_after` passes in a row before the next takes over; the
// first-ranked one must then be healthy `switch_back_after` passes in a row (probed with
// a read-back, or its backoff over for write-only protocols) before it takes back over.
// Every switch is logged and stored as a decision.

#include <fmt/format.h>

#include "controller/reconciler.hpp"

namespace ddnsguard::controller {

bool Reconciler::reconcile_failover(const RecordConfig& rc, const providers::Address& desired,
                                    DryRun dry, RecordOutcome& out, bool changed) {
  FailoverState st;
  {
    std::lock_guard lock(m_mutex);
    st = m_failover[rc.record.subject()];
  }
  if (st.active >= rc.providers.size()) st = {};  // the record's providers changed
  if (st.active > 0 && dry == DryRun::no) probe_first_ranked(rc, st);
  bool ok = sync_provider(rc, rc.providers[st.active], desired, dry, out, changed);
  if (ok) {
    st.failures = 0;
  } else if (dry == DryRun::no && !cancelled() && ++st.failures >= rc.switch_after &&
             st.active + 1 < rc.providers.size()) {
    switch_provider(rc, st, st.active + 1,
                    fmt::format("{} failed {} passes in a row ({})", rc.providers[st.active],
                                st.failures, out.reason));
    ok = sync_provider(rc, rc.providers[st.active], desired, dry, out);
  }
  std::lock_guard lock(m_mutex);
  m_failover[rc.record.subject()] = st;
  return ok;
}

void Reconciler::probe_first_ranked(const RecordConfig& rc, FailoverState& st) {
  const auto& name = rc.providers.front();
  auto& p = *m_config.providers.at(name);
  bool healthy = !m_health.blocked(name, rc.record, m_clock.now()).has_value();
  if (healthy && p.can_read()) {
    auto read = p.read(rc.record);
    if (!cancelled()) note_call(name, "probe", read);
    if (!read.value && !cancelled()) {
      record_failure(rc.record, name, "", read.value.error(), read.latency, "probe");
    } else if (read.value) {
      m_store.add_update({m_clock.now(), rc.record.name, std::string(rc.record.type()), name,
                          *read.value ? (*read.value)->to_string() : std::string{}, true,
                          std::nullopt, read.latency.count(), "", "probe"});
    }
    healthy = read.value.has_value();
  }
  st.healthy = healthy ? st.healthy + 1 : 0;
  if (st.healthy >= rc.switch_back_after) {
    switch_provider(rc, st, 0, fmt::format("{} healthy {} passes in a row", name, st.healthy));
  }
}

void Reconciler::switch_provider(const RecordConfig& rc, FailoverState& st, std::size_t to,
                                 const std::string& why) {
  const auto& from = rc.providers[st.active];
  const auto& next = rc.providers[to];
  auto rationale = fmt::format("failover: {} -> {}: {}", from, next, why);
  m_log->warn("record={} {}", rc.record.subject(), rationale);
  m_store.add_decision({m_clock.now(), "failover", rc.record.subject(), next, rationale});
  st = {to, 0, 0};
}

}  // namespace ddnsguard::controller
