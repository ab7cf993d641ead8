#include "controller/loop/poll_scheduler.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "models/backoff.hpp"
#include "models/poll_planner.hpp"
#include "providers/base/duration.hpp"

namespace ddnsguard::controller {

namespace {

using namespace std::chrono_literals;
constexpr auto k_refit_every = std::chrono::hours{6};
constexpr auto k_history = std::chrono::hours{24 * 400};
constexpr auto k_forecast_bin = std::chrono::seconds{300};
constexpr const char* k_event_prefix = "event: ";
constexpr int k_aftermath_bins = 12;  // the hour after a change, for the planner's reserve

models::Seconds secs(TimePoint t) {
  return std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
}

TimePoint at_secs(models::Seconds s) {
  return TimePoint{std::chrono::seconds{s}};
}

std::string delay_text(TimePoint from, TimePoint to) {
  return providers::format_duration(std::chrono::ceil<std::chrono::seconds>(to - from));
}

}  // namespace

PollScheduler::PollScheduler(const PollingConfig& polling, models::LocalTime local,
                             HistoryStore& store, std::shared_ptr<spdlog::logger> log)
    : m_polling(polling), m_local(std::move(local)), m_store(store), m_log(std::move(log)) {}

// Learns the changes the store holds since the model last learnt (all of the last 400 days
// the first time, or when the clock went back).
void PollScheduler::refit(TimePoint now) {
  if (m_model && secs(now) < m_model->learnt_to()) m_model.reset();
  auto since = m_model ? at_secs(m_model->learnt_to()) : now - k_history;
  std::vector<models::CensoredChange> changes;
  std::optional<models::Seconds> first_seen;
  for (const auto& c : m_store.ip_changes(since)) {
    first_seen = std::min(first_seen.value_or(secs(c.at)), secs(c.at));
    if (!c.old_address) continue;  // the first address ever seen is no change
    changes.push_back({secs(c.last_seen_old.value_or(c.at)), secs(c.at)});
  }
  if (!m_model) m_model.emplace(models::HazardSettings{}, m_local, first_seen.value_or(secs(now)));
  m_model->update(std::move(changes), secs(now));
  m_fitted_at = now;
  m_log->debug("hazard model learnt evidence={} flat={} experts: {}", m_model->evidence_count(),
               m_model->is_flat(), m_model->describe(3));
}

double PollScheduler::planned_in_window(TimePoint now) {
  auto window_start = now - m_polling.budget_window;
  if (!m_planned_loaded) {  // once: the checks planned before a restart still count
    for (const auto& d : m_store.decisions(window_start)) {
      if (d.kind == DecisionKind::poll && !d.event) m_planned.push_back(d.at);
    }
    m_planned_loaded = true;
  }
  while (!m_planned.empty() && m_planned.front() <= window_start)  // (now - window, now]
    m_planned.pop_front();
  return static_cast<double>(m_planned.size());
}

NextCheck PollScheduler::plan_adaptive(TimePoint now) {
  auto window = std::chrono::ceil<std::chrono::seconds>(m_polling.budget_window);
  auto bins = static_cast<int>(window / k_forecast_bin);
  auto forecast =
      m_model->forecast(secs(now), bins, k_forecast_bin.count(), m_model->last_change());
  double spent = planned_in_window(now);
  models::PlannerInput in{forecast,
                          k_forecast_bin,
                          static_cast<double>(m_polling.daily_budget),
                          std::chrono::ceil<std::chrono::seconds>(m_polling.min_interval),
                          std::chrono::floor<std::chrono::seconds>(m_polling.max_interval),
                          spent,
                          std::nullopt,
                          window};
  // A change now restarts the time since the last one: what its first hour would hold.
  in.aftermath = m_model->forecast(secs(now), k_aftermath_bins, k_forecast_bin.count(), secs(now));
  if (!m_planned.empty()) {
    in.budget_frees_in = std::chrono::ceil<std::chrono::seconds>(
        m_planned.front() + m_polling.budget_window - now + std::chrono::seconds{1});
  }
  auto d = models::plan_next_check(in);
  TimePoint at = now + d.delay;
  double rate_now = forecast.size() > 0 ? forecast[0] / 300.0 * 86400.0 : 0.0;
  double next_day = forecast.head(std::min<Eigen::Index>(forecast.size(), 288)).sum();
  auto window_text = providers::format_duration(window);
  auto reason = fmt::format(
      "adaptive: change rate now {:.3g}/day, {:.2g} changes expected in the next 24 h "
      "({}model from {} changes: {}); budget {}/day, {:.0f} spent in the last {}, {:.0f} "
      "left{}; {:.0f} checks/day here, next in {} ({})",
      rate_now, next_day, m_model->is_flat() ? "flat " : "", m_model->evidence_count(),
      m_model->describe(2), m_polling.daily_budget, spent, window_text,
      std::max(d.budget_left, 0.0),
      d.reserve >= 1 ? fmt::format(", {:.0f} kept for a change's aftermath", d.reserve) : "",
      d.checks_per_day_now, delay_text(now, at), models::to_string(d.reason));
  return {at, reason};
}

void PollScheduler::note_event_check(TimePoint now, TimePoint at, const std::string& why) {
  auto reason = fmt::format("{}{}: checking {}", k_event_prefix, why,
                            at <= now ? std::string("now") : "in " + delay_text(now, at));
  m_store.add_decision(Decision::network_event(now, at, reason));
  m_log->info("next check in {} at {}: {}", delay_text(now, at), providers::format_rfc3339(at),
              reason);
}

NextCheck PollScheduler::plan(TimePoint now, PassEvent event, std::optional<NextCheck> follow_up,
                              const std::string& pass_note) {
  NextCheck next;
  auto min_next = now + m_polling.min_interval;
  m_failed_checks = event == PassEvent::failed_check ? m_failed_checks + 1 : 0;
  if (event == PassEvent::failed_check) {
    // Again soon, but backing off while it keeps failing (offline host, sources down).
    auto wait =
        models::backoff_ceiling({m_polling.min_interval, m_polling.max_interval}, m_failed_checks);
    next = {now + wait,
            fmt::format("{}check failed ({} in a row): checking again in {}", k_event_prefix,
                        m_failed_checks, providers::format_duration(wait)),
            true};
  } else if (m_polling.mode == PollingMode::fixed) {
    next = {min_next, fmt::format("fixed interval {} (polling.mode fixed)",
                                  providers::format_duration(m_polling.min_interval))};
  } else {
    if (event == PassEvent::address_changed || !m_fitted_at ||
        now - *m_fitted_at >= k_refit_every || now < *m_fitted_at) {
      refit(now);
    }
    next = plan_adaptive(now);
  }
  if (follow_up && follow_up->at > now && follow_up->at < next.at) {
    next = {follow_up->at, std::string(k_event_prefix) + follow_up->reason, true};
  }
  if (m_polling.mode == PollingMode::adaptive && !next.event) {
    m_planned.push_back(now);
  }
  if (!pass_note.empty()) next.reason += "; " + pass_note;
  m_store.add_decision(Decision::poll(now, next.at, next.reason, next.event));
  m_log->info("next check in {} at {}: {}", delay_text(now, next.at),
              providers::format_rfc3339(next.at), next.reason);
  return next;
}

}  // namespace ddnsguard::controller
