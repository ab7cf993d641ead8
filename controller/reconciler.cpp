#include "controller/reconciler.hpp"

#include <future>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "providers/observer.hpp"

namespace ddnsguard::controller {

using providers::Address;
using providers::Family;

namespace {

constexpr int k_invalid_replies_for_anomaly = 3;  // in a row, from one provider

}  // namespace

bool PassReport::all_in_sync() const {
  for (const auto& r : records) {
    if (!r.in_sync) return false;
  }
  return true;
}

Reconciler::Reconciler(const Config& config, HistoryStore& store, providers::Clock& clock,
                       std::shared_ptr<spdlog::logger> log)
    : m_config(config), m_store(store), m_clock(clock), m_log(std::move(log)),
      m_health(models::BackoffPolicy{config.retry.base, config.retry.cap}) {}

std::optional<TimePoint> Reconciler::earliest_retry() const {
  return m_health.earliest_retry();
}

PassReport Reconciler::reconcile_once(DryRun dry) {
  PassReport report;
  auto policy = m_sequential ? std::launch::deferred : std::launch::async;
  auto v4 = std::async(policy, [&] { return reconcile_family(Family::ipv4, dry); });
  auto v6 = reconcile_family(Family::ipv6, dry);
  auto v4_pass = v4.get();
  for (auto* pass : {&v4_pass, &v6}) {
    for (auto& r : pass->records)
      report.records.push_back(std::move(r));
    report.address_changed = report.address_changed || pass->changed;
    report.observe_failed = report.observe_failed || pass->failed;
  }
  return report;
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
  for (const auto* rc : mine)
    out.records.push_back(reconcile_record(*rc, desired, dry));
  return out;
}

std::optional<Address> Reconciler::observe_family(Family family, bool& changed) {
  const auto& sources = m_config.sources.of(family);
  auto quorum = m_config.sources.quorum_for(family);
  auto result = providers::observe(sources, family, quorum, m_config.sources.timeout,
                                   m_config.sources.allow_private, m_cancel);
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
  if (!result.address) {
    m_log->error("no address for {}: {}; nothing will be published", providers::to_string(family),
                 result.reason);
    return std::nullopt;
  }
  auto last = m_store.last_ip_change(family);
  std::optional<TimePoint> last_seen;
  {
    std::lock_guard lock(m_mutex);
    if (auto it = m_last_seen.find(family); it != m_last_seen.end()) last_seen = it->second;
    m_last_seen[family] = now;
  }
  auto current = result.address->to_string();
  if (!last || last->new_address != current) {
    changed = true;
    m_store.add_ip_change({now, family, last ? std::optional(last->new_address) : std::nullopt,
                           current, result.reason, last_seen});
    m_log->info("address change family={} old={} new={} ({})", providers::to_string(family),
                last ? last->new_address : "none", current, result.reason);
  } else {
    m_log->debug("address unchanged family={} address={} ({})", providers::to_string(family),
                 current, result.reason);
  }
  return result.address;
}

RecordOutcome Reconciler::reconcile_record(const RecordConfig& rc,
                                           const std::optional<Address>& desired, DryRun dry) {
  RecordOutcome out;
  out.subject = rc.record.subject();
  if (!desired) {
    out.reason = "no agreed address";
    return out;
  }
  out.desired = desired->to_string();
  if (rc.mode == UpdateMode::failover) {
    out.in_sync = reconcile_failover(rc, *desired, dry, out);
  } else {
    out.in_sync = true;
    for (const auto& name : rc.providers)
      out.in_sync = sync_provider(rc, name, *desired, dry, out) && out.in_sync;
  }
  if (out.in_sync) out.reason.clear();
  return out;
}

std::optional<std::optional<Address>> Reconciler::read_published(const providers::Record& rec,
                                                                 providers::Provider& p,
                                                                 RecordOutcome& out) {
  if (!p.can_read()) {
    // Write-only protocol: what we last set there successfully is the best knowledge.
    for (const auto& row : m_store.published()) {
      if (row.record == rec.name && row.type == rec.type() && row.provider == p.name()) {
        if (!row.address) return std::optional<Address>{};
        return std::optional<Address>{Address::parse(*row.address)};
      }
    }
    return std::optional<Address>{};
  }
  auto read = p.read(rec);
  if (read.value) {
    auto held = *read.value ? (*read.value)->to_string() : std::string{};
    m_store.add_update({m_clock.now(), rec.name, std::string(rec.type()), p.name(), held, true,
                        std::nullopt, read.latency.count(), "", "read"});
    return *read.value;
  }
  if (cancelled()) return std::nullopt;  // an aborted call is no provider failure
  record_failure(rec, p.name(), "", read.value.error(), read.latency, "read");
  out.reason =
      fmt::format("{}: read failed ({}): {}", p.name(),
                  providers::to_string(read.value.error().cls), read.value.error().message);
  return std::nullopt;
}

bool Reconciler::cancelled() const {
  return m_cancel != nullptr && m_cancel->load();
}

void Reconciler::mark_out_of_sync(const providers::Record& rec, const std::string& provider,
                                  std::optional<std::string> held) {
  if (!held) {
    for (const auto& row : m_store.published()) {
      if (row.record == rec.name && row.type == rec.type() && row.provider == provider) {
        held = row.address;
      }
    }
  }
  m_store.set_published({rec.name, std::string(rec.type()), provider, held, m_clock.now(), false});
}

bool Reconciler::sync_provider(const RecordConfig& rc, const std::string& name,
                               const Address& desired, DryRun dry, RecordOutcome& out) {
  const auto& rec = rc.record;
  auto& provider = *m_config.providers.at(name);
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
  auto held = read_published(rec, provider, out);
  if (!held) {
    if (!cancelled()) mark_out_of_sync(rec, name, std::nullopt);
    return false;
  }
  auto held_text = *held ? std::optional((*held)->to_string()) : std::nullopt;
  out.published[name] = held_text;
  if (*held == desired) {
    m_health.succeeded(name, rec);
    m_store.set_published(
        {rec.name, std::string(rec.type()), name, desired.to_string(), m_clock.now(), true});
    m_log->debug("in sync record={} provider={} address={}", rec.subject(), name,
                 desired.to_string());
    return true;
  }
  if (provider.can_read()) mark_out_of_sync(rec, name, held_text);
  auto from = held_text.value_or("absent");
  if (dry == DryRun::yes) {
    out.reason = fmt::format("{}: holds {}, would update to {}", name, from, desired.to_string());
    m_log->info("dry run: would update record={} provider={} from={} to={}", rec.subject(), name,
                from, desired.to_string());
    return false;
  }
  m_log->info("updating record={} provider={} from={} to={}", rec.subject(), name, from,
              desired.to_string());
  auto result = provider.update(rec, desired);
  if (!result.value) {
    if (cancelled()) return false;  // an aborted call is no provider failure
    record_failure(rec, name, desired.to_string(), result.value.error(), result.latency, "update");
    mark_out_of_sync(rec, name, std::nullopt);
    out.reason =
        fmt::format("{}: update failed ({}): {}", name,
                    providers::to_string(result.value.error().cls), result.value.error().message);
    return false;
  }
  m_health.succeeded(name, rec);
  {
    std::lock_guard lock(m_mutex);
    m_invalid_streak.erase(name);
  }
  m_store.add_update({m_clock.now(), rec.name, std::string(rec.type()), name, desired.to_string(),
                      true, std::nullopt, result.latency.count(), ""});
  m_store.set_published(
      {rec.name, std::string(rec.type()), name, desired.to_string(), m_clock.now(), true});
  out.published[name] = desired.to_string();
  return true;
}

void Reconciler::record_failure(const providers::Record& rec, const std::string& provider,
                                const std::string& address, const providers::Error& e,
                                std::chrono::milliseconds latency, std::string_view what) {
  auto now = m_clock.now();
  m_store.add_update({now, rec.name, std::string(rec.type()), provider, address, false, e.cls,
                      latency.count(), fmt::format("{}: {}", what, e.message), std::string(what)});
  auto retry = m_health.failed(provider, rec, e, now);
  int invalid = 0;
  {
    std::lock_guard lock(m_mutex);
    invalid = e.cls == providers::ErrorClass::invalid_response ? ++m_invalid_streak[provider] : 0;
    if (invalid == 0) m_invalid_streak.erase(provider);
  }
  if (invalid == k_invalid_replies_for_anomaly) {
    open_provider_anomaly("provider_errors", rec, provider, e,
                          "treated as transient: retried with backoff");
  }
  if (!retry) {
    open_provider_anomaly(e.cls == providers::ErrorClass::auth ? "auth_failure" : "provider_errors",
                          rec, provider, e,
                          "provider stopped for this record until the configuration changes");
  }
  if (retry) {
    m_log->warn("provider will be retried record={} provider={} error_class={} retry_at={}",
                rec.subject(), provider, providers::to_string(e.cls),
                providers::format_rfc3339(*retry));
  } else {
    m_log->error("provider stopped record={} provider={} error_class={}: fix the configuration "
                 "(ddnsguard reloads it on SIGHUP)",
                 rec.subject(), provider, providers::to_string(e.cls));
  }
}

void Reconciler::open_provider_anomaly(const std::string& kind, const providers::Record& rec,
                                       const std::string& provider, const providers::Error& e,
                                       const std::string& action) {
  nlohmann::json evidence = {{"record", rec.subject()},
                             {"error_class", std::string(providers::to_string(e.cls))},
                             {"message", e.message}};
  m_store.open_anomaly({0, kind, provider, "critical", m_clock.now(), std::nullopt, 1.0,
                        fmt::format("{} {} for {}: {}", provider, providers::to_string(e.cls),
                                    rec.subject(), e.message),
                        evidence.dump(), action});
}

}  // namespace ddnsguard::controller
