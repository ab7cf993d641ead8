// The reconciler's notifications: the daily summary, the end-of-pass flush, and an
// anomaly for a notification target that keeps failing.

#include <fmt/format.h>

#include "controller/loop/daily_summary.hpp"
#include "controller/loop/reconciler.hpp"

namespace ddnsguard::controller {

void Reconciler::watch_notify_targets() {
  m_notifier.set_health_sink([this](std::size_t i, bool failing, const std::string& why) {
    auto subject = fmt::format("notify:{}", i);
    auto now = m_clock.now();
    if (!failing) {
      m_monitor.close("notify_failed", subject, now);
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
    m_monitor.open("notify_failed", subject, now, f);
  });
}

void Reconciler::queue_daily_summary(const PassReport& report, TimePoint now) {
  if (!m_notifier.wants("daily_summary")) return;
  if (!m_next_summary) {
    auto last = m_store.last_decision("notify");
    m_next_summary = last ? last->at + k_daily_summary_every : now + k_daily_summary_every;
  }
  if (now < *m_next_summary) return;
  auto text = daily_summary_text(m_store, now, report.all_in_sync() && !report.observe_failed);
  m_notifier.queue(
      {{"event", "daily_summary"}, {"summary", text}, {"at", providers::format_rfc3339(now)}});
  m_store.add_decision({now, "notify", "daily_summary", "sent", text});
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
