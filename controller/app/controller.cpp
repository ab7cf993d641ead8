#include "controller/app/controller.hpp"

#include <algorithm>

namespace ddnsguard::controller {

namespace {

constexpr auto k_prune_every = std::chrono::hours{24};
// In fixed mode min_interval is the interval itself: events there wait only this long after
// the last pass (as long as adaptive mode's default floor).
constexpr std::chrono::milliseconds k_fixed_mode_event_spacing = std::chrono::seconds{10};

// How soon after a pass an event may bring the next one.
std::chrono::milliseconds event_spacing(const PollingConfig& polling) {
  if (polling.mode == PollingMode::fixed)
    return std::min(polling.min_interval, k_fixed_mode_event_spacing);
  return polling.min_interval;
}

PassEvent pass_event(const PassReport& report) {
  if (report.observe_failed) return PassEvent::failed_check;
  if (report.address_changed) return PassEvent::address_changed;
  return PassEvent::none;
}

}  // namespace

Controller::Controller(Runtime& rt, ControllerMemory memory)
    : m_rt(rt), m_memory(std::move(memory)) {}

StepResult Controller::step(const StepEvents& events) {
  if (events.network_change) {
    auto now = m_rt.clock->now();
    auto at = on_network_change(*events.network_change, now);
    if (at > now) return {std::nullopt, m_memory.next};
  }
  return run_pass();
}

TimePoint Controller::on_network_change(const std::string& why, TimePoint now) {
  // Connections and cached DNS answers may belong to the old network: start afresh.
  if (m_rt.connections.http) m_rt.connections.http->reset_pool();
  auto earliest =
      m_memory.last_pass ? *m_memory.last_pass + event_spacing(m_rt.config.polling) : now;
  auto at = std::max(now, earliest);
  if (m_memory.last_pass) at = std::min(m_memory.next.at, at);
  m_rt.scheduler->note_event_check(now, at, "network change (" + why + ")");
  m_memory.next = {at, "network change (" + why + ")", true};
  return at;
}

StepResult Controller::run_pass() {
  auto& clock = *m_rt.clock;
  m_memory.last_pass = clock.now();
  StepResult out;
  out.pass = m_rt.reconciler->reconcile_once(DryRun::no);
  auto now = clock.now();
  if (!m_memory.last_prune || now - *m_memory.last_prune >= k_prune_every) {
    auto n =
        m_rt.store->prune(now, {m_rt.config.retention.changes, m_rt.config.retention.observations});
    m_rt.log->debug("pruned {} old history rows", n);
    m_memory.last_prune = now;
  }
  m_memory.next = m_rt.scheduler->plan(now, pass_event(*out.pass), m_rt.reconciler->follow_up(),
                                       out.pass->reads_summary());
  out.next = m_memory.next;
  if (m_rt.metrics != nullptr) {
    m_rt.metrics->pass_done(*out.pass, now);
    m_rt.metrics->next_check(m_memory.next.at);
    m_rt.metrics->open_anomalies(m_rt.reconciler->monitor().open_by_kind());
  }
  return out;
}

}  // namespace ddnsguard::controller
