#pragma once
// Decides when the next check happens (DESIGN §2 step 6, §3): fixed polling, or the
// change-hazard model and the budgeted planner. Every decision is stored in the history
// store (`decisions`, kind "poll") and logged with its rationale.

#include <deque>
#include <memory>
#include <optional>
#include <string>

#include <spdlog/logger.h>

#include "controller/config/config.hpp"
#include "controller/store/history_store.hpp"
#include "models/hazard_model.hpp"

namespace ddnsguard::controller {

struct NextCheck {
  TimePoint at;
  std::string reason;  // one line, as stored and shown by `status`
  // Brought forward by an event (a failed check, a backoff ending, a verification due, a
  // network change) rather than planned: not charged to the daily budget.
  bool event = false;
};

// What the last pass asks of the schedule.
enum class PassEvent { none, failed_check, address_changed };

class PollScheduler {
 public:
  // `store` must outlive the scheduler. The model learns the store's history on first
  // use, then what is new after each address change and at least every 6 hours.
  PollScheduler(const PollingConfig& polling, models::LocalTime local, HistoryStore& store,
                std::shared_ptr<spdlog::logger> log);

  // The next check after a pass that ended at `now`. `follow_up` (a provider's backoff
  // end, a pending verification) brings the check forward, as an event. Records and logs
  // the decision.
  // `pass_note` (PassReport::reads_summary) is added to the decision's rationale.
  NextCheck plan(TimePoint now, PassEvent event, std::optional<NextCheck> follow_up,
                 const std::string& pass_note = {});
  // An event (e.g. a network change) brings the next check forward to `at`: recorded and
  // logged as a decision flagged `event` (its rationale starts "event: "), so it is not
  // charged to the budget.
  void note_event_check(TimePoint now, TimePoint at, const std::string& why);

 private:
  NextCheck plan_adaptive(TimePoint now);
  // Planned (not event-driven) checks decided in the budget window before `now`.
  double planned_in_window(TimePoint now);
  void refit(TimePoint now);

  PollingConfig m_polling;
  models::LocalTime m_local;
  HistoryStore& m_store;
  std::shared_ptr<spdlog::logger> m_log;
  std::optional<models::HazardModel> m_model;
  std::optional<TimePoint> m_fitted_at;
  int m_failed_checks = 0;          // consecutive passes without an agreed address
  std::deque<TimePoint> m_planned;  // times of planned checks, the last budget window
  bool m_planned_loaded = false;
};

}  // namespace ddnsguard::controller
