// The reconciler's notifications: the daily summary, the end-of-pass flush, and an
// anomaly for a notification target that keeps failing.

#include <fmt/format.h>

#include "controller/loop/daily_summary.hpp"
#include "controller/loop/reconciler.hpp"

namespace ddnsguard::controller {

namespace {

std::string notify_subject(std::size_t target) {
  return fmt::format("notify:{}", target);
}

}  // namespace

void Reconciler::watch_notify_targets() {
  // A failing target reported before a restart or reload: its recovery closes that
  // anomaly; one about a target the configuration no longer has is closed now.
  for (const auto& a : m_store.anomalies(TimePoint{}, true)) {
    if (a.kind != AnomalyKind::notify_failed) continue;
    bool kept = false;
    for (std::size_t i = 0; i < m_notifier.targets().size(); ++i) {
      if (a.subject == notify_subject(i)) {
        m_notifier.mark_failing(i);
        kept = true;
      }
    }
    if (!kept) m_monitor.close(AnomalyKind::notify_failed, a.subject, m_clock.now());
  }
  m_notifier.set_health_sink([this](std::size_t i, bool failing, const std::string& why) {
    auto subject = notify_subject(i);
    auto now = m_clock.now();
    if (!failing) {
      m_monitor.close(AnomalyKind::notify_failed, subject, now);
      return;
    }
    Finding f;
    f.summary =
        fmt::format("notifications to {} failed {} times in a row: {}",
                    Notifier::describe(m_notifier.targets()[i]), k_notify_failures_to_report, why);
    f.evidence = {{"target", Notifier::describe(m_notifier.targets()[i])}, {"last_error", why}};
    f.action = fmt::format(
        "check notify[{}] (URL, token, the service's status); `ddnsguard notify --test` sends "
        "a test message to every target",
        i);
    m_monitor.open(AnomalyKind::notify_failed, subject, now, f);
  });
}

void Reconciler::queue_daily_summary(const PassReport& report, TimePoint now) {
  if (!m_notifier.wants("daily_summary")) return;
  if (!m_next_summary) {
    // The schedule is kept in the store, so restarts (even several a day) keep it.
    auto last = m_store.last_decision(DecisionKind::notify);
    m_next_summary = last ? last->at + k_daily_summary_every : now + k_daily_summary_every;
    if (!last) {
      m_store.add_decision(Decision::notify(now, "daily_summary", "scheduled",
                                            "the first daily summary goes 24 h from now"));
    }
  }
  if (now < *m_next_summary) return;
  auto text = daily_summary_text(m_store, now, report.all_in_sync() && !report.observe_failed,
                                 m_config.sources.reports_prefix(providers::Family::ipv6));
  m_notifier.queue(
      {{"event", "daily_summary"}, {"summary", text}, {"at", providers::format_rfc3339(now)}});
  m_store.add_decision(Decision::notify(now, "daily_summary", "queued", text));
  m_next_summary = now + k_daily_summary_every;
}

void Reconciler::notify_pass_end(const PassReport& report, DryRun dry) {
  auto now = m_clock.now();
  if (dry == DryRun::yes) {
    m_notifier.flush(now, std::nullopt);
    return;
  }
  queue_daily_summary(report, now);
  m_notifier.flush(now, report.all_in_sync() && !report.observe_failed);
}

}  // namespace ddnsguard::controller
