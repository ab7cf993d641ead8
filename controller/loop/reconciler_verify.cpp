// The verification phase of a family's pass: after every record is synced, the name servers
// are asked about all in-sync records at once (a few at a time, within the phase's budget,
// k_verify_budget), then what did not show is repaired record by record: pushed again, or failed
// over to the next provider.

#include <algorithm>

#include <fmt/format.h>

#include "controller/loop/reconciler.hpp"
#include "providers/base/parallel.hpp"

namespace ddnsguard::controller {

using providers::Address;

namespace {

constexpr std::size_t k_records_at_once = 8;

}  // namespace

std::size_t Reconciler::active_provider(const RecordConfig& rc) {
  if (rc.mode != UpdateMode::failover) return 0;
  return failover_state(rc.record.subject()).active;
}

void Reconciler::verify_records(std::vector<VerifyJob>& jobs) {
  // Writes waiting to show first: when the phase's budget runs out, routine looks wait.
  std::stable_partition(jobs.begin(), jobs.end(),
                        [this](const VerifyJob& j) { return m_verifier.pending(j.rc->record); });
  for (auto& j : jobs)
    j.active = active_provider(*j.rc);
  const auto ask_until = m_clock.now() + k_verify_budget;  // the phase's budget, not the pass's
  auto check = [&](std::size_t i) {
    auto& j = jobs[i];
    if (cancelled() || j.active >= j.rc->providers.size()) return;
    j.verdict = m_verifier.check(j.rc->record, j.rc->providers[j.active], j.desired, ask_until);
    progress();
  };
  providers::run_parallel(jobs.size(), m_sequential ? 1 : k_records_at_once, check);
  for (auto& j : jobs) {
    if (cancelled()) return;
    act_on_verdict(*j.rc, j.active, j.verdict, j.desired, *j.out);
    if (j.out->in_sync) j.out->reason.clear();
  }
}

void Reconciler::act_on_verdict(const RecordConfig& rc, std::size_t active, VerifyVerdict verdict,
                                const Address& desired, RecordOutcome& out) {
  switch (healing::on_verdict(verdict, rc.mode, active, rc.providers.size())) {
  case healing::VerdictAction::none:
    return;
  case healing::VerdictAction::repush:
    for (std::size_t i = 0; i < rc.providers.size(); ++i) {
      if (rc.mode == UpdateMode::all || i == active) push_again(rc, rc.providers[i], desired);
    }
    progress();
    return;
  case healing::VerdictAction::stuck:
    m_log->error("record={}: no other provider to fail over to; the anomaly stays open",
                 rc.record.subject());
    return;
  case healing::VerdictAction::fail_over:
    break;
  }
  FailoverState st = failover_state(rc.record.subject());
  switch_provider(rc, st, active + 1,
                  fmt::format("{}'s updates never show in DNS", rc.providers[active]));
  keep_failover_state(rc.record.subject(), st);
  out.in_sync = sync_provider(rc, rc.providers[st.active], desired, DryRun::no, out);
  progress();
}

void Reconciler::progress() const {
  if (m_progress) m_progress();
}

}  // namespace ddnsguard::controller
