#include "controller/loop/reconciler.hpp"

#include <algorithm>
#include <future>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "controller/loop/notify_message.hpp"
#include "controller/platform/host_name.hpp"
#include "providers/sources/observer.hpp"

namespace ddnsguard::controller {

using providers::Address;
using providers::Family;

namespace {

constexpr auto k_clock_skew_limit = std::chrono::seconds{60};
constexpr auto k_clock_skew_critical = std::chrono::seconds{240};

}  // namespace

bool PassReport::all_in_sync() const {
  for (const auto& r : records) {
    if (!r.in_sync) return false;
  }
  return true;
}

Reconciler::Reconciler(ReconcilerParts parts)
    : m_config(parts.config), m_live(parts.connections), m_store(parts.store),
      m_published(parts.store), m_clock(parts.clock), m_log(std::move(parts.log)),
      m_health(models::BackoffPolicy{m_config.retry.base, m_config.retry.cap}),
      m_probe_health(models::BackoffPolicy{m_config.retry.base, m_config.retry.cap}),
      m_monitor(m_store, m_log),
      m_verifier(m_config.verify, std::move(parts.dns), m_store, m_monitor, m_clock, m_log),
      m_notifier(m_config.notify, m_live.http, m_log, host_name()), m_cancel(parts.cancel),
      m_metrics(parts.metrics), m_progress(std::move(parts.progress)),
      m_sequential(parts.sequential), m_observe_ipv4(m_live.ipv4), m_observe_ipv6(m_live.ipv6) {
  if (parts.jitter_seed) {
    m_health.seed_jitter(*parts.jitter_seed);
    m_probe_health.seed_jitter(*parts.jitter_seed + 1);
  }
  m_monitor.set_sink([this](const nlohmann::json& event) { m_notifier.queue(event); });
  watch_notify_targets();
}

std::optional<NextCheck> Reconciler::follow_up() const {
  auto retry = m_health.earliest_retry();
  auto verify = m_verifier.next_due();
  if (verify && (!retry || *verify < *retry)) return NextCheck{*verify, "a verification is due"};
  if (retry) return NextCheck{*retry, "a provider's backoff ends"};
  return std::nullopt;
}

PassReport Reconciler::reconcile_once(DryRun dry) {
  PassReport report;
  if (dry == DryRun::no) m_notifier.pass_started();
  m_verifier.begin_pass();
  auto v4 = start_ipv4_half(dry);
  FamilyPass v6;
  try {
    v6 = reconcile_family(Family::ipv6, dry);
  } catch (...) {
    if (v4) v4->wait();  // the IPv4 half uses what unwinding would destroy
    throw;
  }
  auto v4_pass = v4 ? v4->get() : reconcile_family(Family::ipv4, dry);
  note_store_health();
  note_clock();
  for (auto* pass : {&v4_pass, &v6}) {
    for (auto& r : pass->records)
      report.records.push_back(std::move(r));
    report.address_changed = report.address_changed || pass->changed;
    report.observe_failed = report.observe_failed || pass->failed;
  }
  if (!cancelled()) notify_pass_end(report, dry);
  return report;
}

std::optional<std::future<Reconciler::FamilyPass>> Reconciler::start_ipv4_half(DryRun dry) {
  auto has = [this](Family f) {
    return std::any_of(m_config.records.begin(), m_config.records.end(),
                       [f](const auto& rc) { return rc.record.family == f; });
  };
  // One family alone runs on the caller's thread: a hand-over would only cost wakeups.
  if (m_sequential || !has(Family::ipv4) || !has(Family::ipv6)) return std::nullopt;
  auto done = std::make_shared<std::promise<FamilyPass>>();
  auto half = done->get_future();
  auto run = [this, dry, done] {
    try {
      done->set_value(reconcile_family(Family::ipv4, dry));
    } catch (...) {
      done->set_exception(std::current_exception());
    }
  };
  try {
    m_ipv4_pass.start(std::move(run));  // the last pass waited for its half: no wait here
    return half;
  } catch (const std::system_error&) {
    return std::nullopt;  // no thread: the caller runs this half itself
  }
}

Reconciler::FamilyPass Reconciler::reconcile_family(Family family, DryRun dry) {
  std::vector<const RecordConfig*> mine;
  for (const auto& rc : m_config.records) {
    if (rc.record.family == family) mine.push_back(&rc);
  }
  FamilyPass out;
  if (mine.empty()) return out;
  auto desired = observe_family(family, out.changed);
  out.failed = !desired;
  progress();
  if (desired && dry == DryRun::no && m_verifier.enabled() && !cancelled()) {
    ask_dns_first(mine, *desired, out.changed);
  }
  for (const auto* rc : mine) {
    out.records.push_back(reconcile_record(*rc, desired, dry, out.changed));
    progress();
  }
  const auto shown = end_dns_first(mine);
  // Does DNS show what the providers now hold? Every in-sync record at once (but those DNS
  // showed before the providers were asked), then the repairs one by one (a re-push or a
  // failover calls a provider).
  if (desired && dry == DryRun::no && !cancelled()) {
    std::vector<VerifyJob> jobs;
    for (std::size_t i = 0; i < mine.size(); ++i) {
      if (out.records[i].in_sync && !shown[i]) {
        jobs.push_back({mine[i], &out.records[i], mine[i]->address_for(*desired)});
      }
    }
    verify_records(jobs);
  }
  return out;
}

std::optional<Address> Reconciler::observe_family(Family family, bool& changed) {
  auto& observer = family == Family::ipv4 ? m_observe_ipv4 : m_observe_ipv6;
  const auto& sources = observer.sources();
  auto quorum = m_config.sources.quorum_for(family);
  auto result =
      observer.observe(family, quorum, m_config.sources.timeout, m_config.sources.allow_private,
                       m_cancel, demoted_sources(family, sources.size()));
  auto now = m_clock.now();
  store_observation(family, result);
  if (cancelled() || offline(family, result)) return std::nullopt;
  apply_votes(family, result, m_monitor.sources_checked(family, result, now), quorum, now);
  if (!result.address) {
    m_log->error("no address for {}: {}; nothing will be published", providers::to_string(family),
                 result.reason);
    return std::nullopt;
  }
  auto last = m_store.last_ip_change(family);
  auto last_seen = m_state.with([&](SharedState& st) {
    auto was = st.last_seen.contains(family) ? std::optional(st.last_seen[family]) : std::nullopt;
    st.last_seen[family] = now;
    return was;
  });
  auto current = result.address->to_string();
  if (!last || last->new_address != current) {
    changed = true;
    m_store.add_ip_change({now, family, last ? std::optional(last->new_address) : std::nullopt,
                           current, result.reason, last_seen});
    m_log->info("address change family={} old={} new={} ({})", providers::to_string(family),
                last ? last->new_address : "none", current, result.reason);
    bool prefix = m_config.sources.reports_prefix(family);
    m_monitor.address_changed(family, current, now, prefix);
    m_notifier.queue(
        ip_change_event(family, current, last ? last->new_address : std::string(), now, prefix));
    if (m_metrics != nullptr) m_metrics->address_change(family);
    if (last && m_live.http) {
      // Pooled connections and cached DNS answers may belong to the old address.
      m_live.http->reset_pool();
      m_store.add_decision(
          Decision::heal(now, std::string(providers::to_string(family)), HealAction::flush,
                         "address changed: HTTP connections and cached DNS answers dropped"));
    }
  } else {
    m_log->debug("address unchanged family={} address={} ({})", providers::to_string(family),
                 current, result.reason);
  }
  return result.address;
}

std::vector<bool> Reconciler::demoted_sources(Family family, std::size_t count) {
  return m_state.with([&](SharedState& st) { return st.votes[family].demoted(count); });
}

void Reconciler::apply_votes(Family family, const providers::ObservationResult& result,
                             const std::vector<SourceFinding>& findings, int quorum,
                             TimePoint now) {
  auto changes =
      m_state.with([&](SharedState& st) { return st.votes[family].apply(findings, quorum); });
  for (const auto& c : changes) {
    const auto& label = result.sources[c.index].label;
    if (c.refused) {
      m_log->warn("source not demoted source=\"{}\": the quorum needs every voting source", label);
      continue;
    }
    auto action = c.demoted ? HealAction::demote : HealAction::promote;
    auto why =
        c.demoted ? "failing or disagreeing with the quorum" : "agrees with the quorum again";
    m_store.add_decision(Decision::heal(now, AnomalyMonitor::source_subject(family, c.index),
                                        action, fmt::format("{}: {}", label, why)));
    m_log->warn("heal: {} source=\"{}\" ({})", to_string(action), label, why);
  }
}

void Reconciler::store_observation(Family family, const providers::ObservationResult& result) {
  auto now = m_clock.now();
  for (const auto& s : result.sources) {
    m_store.add_observation({now, family, s.label,
                             s.address ? std::optional(s.address->to_string()) : std::nullopt,
                             std::string(providers::to_string(s.status)), s.detail});
    if (s.status != providers::SourceStatus::ok) {
      m_log->warn("source answer not used family={} source=\"{}\" status={} detail=\"{}\"",
                  providers::to_string(family), s.label, providers::to_string(s.status), s.detail);
    }
  }
  m_store.add_observation(
      {now, family, "quorum",
       result.address ? std::optional(result.address->to_string()) : std::nullopt,
       result.address ? "ok" : "no_quorum", result.reason});
}

bool Reconciler::offline(Family family, const providers::ObservationResult& result) {
  bool silent = !result.sources.empty();
  for (const auto& s : result.sources)
    silent = silent && s.status == providers::SourceStatus::error;
  bool is_offline = false;
  const RecordConfig* probe = nullptr;
  for (const auto& rc : m_config.records) {
    if (rc.record.family == family && probe == nullptr) probe = &rc;
  }
  if (silent && probe != nullptr) {
    // Every source failed: is it them, or this host? One read from a provider tells.
    auto& p = m_live.provider(probe->providers.front());
    auto read = p.read(probe->record);
    is_offline = !read.value && read.value.error().cls == providers::ErrorClass::transient;
    if (!is_offline) note_call(p.name(), CallKind::probe, read);
  }
  bool was =
      m_state.with([&](SharedState& st) { return std::exchange(st.offline[family], is_offline); });
  auto heal = healing::on_offline(was, is_offline);
  if (heal == healing::NetworkHeal::offline) {
    m_log->warn("offline family={}: no source and no provider answers; waiting for the network "
                "(no retries spent, nothing blamed)",
                providers::to_string(family));
    m_store.add_decision(Decision::heal(m_clock.now(), std::string(providers::to_string(family)),
                                        HealAction::offline,
                                        "every source and the first provider unreachable"));
  } else if (heal == healing::NetworkHeal::resync) {
    m_log->info("online again family={}: full resync", providers::to_string(family));
    if (m_live.http) m_live.http->reset_pool();
    m_store.add_decision(
        Decision::heal(m_clock.now(), std::string(providers::to_string(family)), HealAction::resync,
                       "network back: connection pool flushed, every record read back"));
  }
  return is_offline;
}

RecordOutcome Reconciler::reconcile_record(const RecordConfig& rc,
                                           const std::optional<Address>& desired, DryRun dry,
                                           bool changed) {
  RecordOutcome out;
  out.subject = rc.record.subject();
  if (!desired) {
    out.reason = "no agreed address";
    return out;
  }
  const auto mine = rc.address_for(*desired);  // the agreed prefix + a host's suffix
  out.desired = mine.to_string();
  if (rc.suffix && !providers::is_publishable(mine, m_config.sources.allow_private)) {
    out.reason = fmt::format("{} (prefix of {} + suffix {}) is not publishable", mine.to_string(),
                             desired->to_string(), providers::to_string(*rc.suffix));
    m_log->error("record={}: {}; nothing published", out.subject, out.reason);
    return out;
  }
  if (rc.mode == UpdateMode::failover) {
    out.in_sync = reconcile_failover(rc, mine, dry, out, changed);
  } else {
    out.in_sync = true;
    for (const auto& name : rc.providers)
      out.in_sync = sync_provider(rc, name, mine, dry, out, changed) && out.in_sync;
  }
  if (out.in_sync) out.reason.clear();
  return out;
}

void Reconciler::push_again(const RecordConfig& rc, const std::string& name,
                            const Address& desired) {
  auto& provider = m_live.provider(name);
  m_log->warn("re-pushing record={} provider={} address={}", rc.record.subject(), name,
              desired.to_string());
  auto result = provider.update(rc.record, desired);
  if (cancelled()) return;
  note_call(name, CallKind::update, result);
  if (!result.value) {
    record_failure(rc.record, name, desired.to_string(), result.value.error(), result.latency,
                   CallKind::update, m_health);
    return;
  }
  // Its "accepted" is what did not show: its API is read again until DNS agrees.
  note_api_call(rc.record.subject(), name, false);
  m_store.add_update(UpdateAttempt::succeeded(CallKind::update, m_clock.now(), rc.record, name,
                                              desired.to_string(), result.latency));
  m_store.add_decision(
      Decision::heal(m_clock.now(), rc.record.subject(), HealAction::re_push,
                     fmt::format("{} accepted the address but DNS does not show it", name)));
}

void Reconciler::note_store_health() {
  bool degraded = m_store.degraded();
  m_monitor.step(AnomalyKind::store_degraded, "history", degraded, {1, 1}, m_clock.now(), [&] {
    Finding f;
    f.severity = Severity::critical;
    f.summary = "the history store cannot be written: " + m_store.degraded_reason();
    f.evidence = {{"reason", m_store.degraded_reason()}};
    f.action = "updates go on; history is kept in memory until the store is fixed and "
               "ddnsguard restarted";
    return f;
  });
}

void Reconciler::note_clock() {
  auto offset = m_live.http ? m_live.http->take_clock_offset() : std::nullopt;
  if (!offset) return;  // no server said what time it is: nothing to judge
  auto off = std::chrono::abs(*offset);
  m_monitor.step(
      AnomalyKind::clock_skew, "host", off > k_clock_skew_limit, {2, 2}, m_clock.now(), [&] {
        Finding f;
        f.severity = off >= k_clock_skew_critical ? Severity::critical : Severity::warning;
        f.score = static_cast<double>(off.count());
        f.summary =
            fmt::format("this host's clock is {} s {} the servers' (HTTP Date); signed APIs "
                        "(AliDNS, DNSPod) refuse requests beyond 5 to 15 minutes",
                        off.count(), *offset > std::chrono::seconds{0} ? "behind" : "ahead of");
        f.evidence = {{"offset_s", offset->count()}};
        f.action = "none possible from here: enable NTP (timedatectl set-ntp true)";
        return f;
      });
}

bool Reconciler::cancelled() const {
  return m_cancel != nullptr && m_cancel->load();
}

}  // namespace ddnsguard::controller
