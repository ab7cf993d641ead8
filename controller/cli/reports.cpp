#include "controller/cli/reports.hpp"

#include <fmt/format.h>

#include "controller/loop/notifier.hpp"
#include "providers/base/duration.hpp"
#include "providers/base/safe_text.hpp"
#include "providers/net/idna.hpp"

namespace ddnsguard::controller {

using nlohmann::json;
using providers::format_rfc3339;

namespace {

json opt(const std::optional<std::string>& s) {
  return s ? json(*s) : json(nullptr);
}

std::string or_dash(const json& v) {
  return v.is_string() ? v.get<std::string>() : "-";
}

// " (bücher.example.com)" after an internationalized name's A-label form; "" for others.
std::string unicode_form(const std::string& name) {
  auto shown = providers::idna_to_unicode(name);
  return shown == name ? "" : " (" + providers::valid_utf8(shown) + ")";
}

}  // namespace

json history_json(const HistoryStore& store, TimePoint since) {
  json changes = json::array();
  for (const auto& c : store.ip_changes(since)) {
    changes.push_back({{"at", format_rfc3339(c.at)},
                       {"family", std::string(providers::to_string(c.family))},
                       {"old", opt(c.old_address)},
                       {"new", c.new_address},
                       {"source", c.source}});
  }
  json updates = json::array();
  for (const auto& u : store.updates(since)) {
    updates.push_back(
        {{"at", format_rfc3339(u.at)},
         {"record", u.record},
         {"type", u.type},
         {"provider", u.provider},
         {"address", u.address.empty() ? json(nullptr) : json(u.address)},  // none: null
         {"ok", u.ok},
         {"error_class",
          u.error_class ? json(std::string(providers::to_string(*u.error_class))) : json(nullptr)},
         {"latency_ms", u.latency_ms}});
  }
  return {{"ip_changes", changes}, {"updates", updates}};
}

std::string history_text(const HistoryStore& store, TimePoint since) {
  std::string out = "Address changes\n";
  auto changes = store.ip_changes(since);
  if (changes.empty()) out += "  (none)\n";
  for (const auto& c : changes) {
    out += fmt::format("  {}  {}  {} -> {}  ({})\n", format_rfc3339(c.at),
                       providers::to_string(c.family), c.old_address.value_or("-"), c.new_address,
                       c.source);
  }
  out += "\nUpdate attempts\n";
  auto updates = store.updates(since);
  if (updates.empty()) out += "  (none)\n";
  for (const auto& u : updates) {
    out += fmt::format(
        "  {}  {}/{}  {}  {}  {}  {} ms{}\n", format_rfc3339(u.at), u.record, u.type, u.provider,
        u.address.empty() ? "-" : u.address, u.ok ? "ok" : "FAILED", u.latency_ms,
        u.ok ? std::string{}
             : fmt::format("  [{}] {}", u.error_class ? providers::to_string(*u.error_class) : "?",
                           u.message));
  }
  return out;
}

namespace {

std::vector<Decision> chosen_decisions(const HistoryStore& store, TimePoint since,
                                       const DecisionFilter& filter) {
  auto rows = store.decisions(since);
  if (!filter.kind.empty())
    std::erase_if(rows, [&](const Decision& d) { return to_string(d.kind) != filter.kind; });
  if (filter.limit > 0 && rows.size() > static_cast<std::size_t>(filter.limit))
    rows.erase(rows.begin(), rows.end() - filter.limit);
  return rows;
}

}  // namespace

json decisions_json(const HistoryStore& store, TimePoint since, const DecisionFilter& filter) {
  json out = json::array();
  for (const auto& d : chosen_decisions(store, since, filter)) {
    out.push_back({{"at", format_rfc3339(d.at)},
                   {"kind", to_string(d.kind)},
                   {"subject", d.subject},
                   {"value", d.value},
                   {"rationale", d.rationale}});
  }
  return out;
}

std::string decisions_text(const HistoryStore& store, TimePoint since,
                           const DecisionFilter& filter) {
  std::string out;
  for (const auto& d : chosen_decisions(store, since, filter)) {
    out += fmt::format("{}  {} {} -> {}\n    {}\n", format_rfc3339(d.at), to_string(d.kind),
                       d.subject, d.value, d.rationale);
  }
  return out.empty() ? "(no decisions yet)\n" : out;
}

json anomalies_json(const HistoryStore& store, TimePoint since, bool open_only) {
  json out = json::array();
  for (const auto& a : store.anomalies(since, open_only)) {
    auto evidence = json::parse(a.evidence, nullptr, false);
    out.push_back({{"id", a.id},
                   {"kind", to_string(a.kind)},
                   {"subject", a.subject},
                   {"severity", to_string(a.severity)},
                   {"opened_at", format_rfc3339(a.opened_at)},
                   {"closed_at", a.closed_at ? json(format_rfc3339(*a.closed_at)) : json(nullptr)},
                   {"score", a.score},
                   {"summary", a.summary},
                   {"evidence", evidence.is_discarded() ? json(a.evidence) : evidence},
                   {"action", a.action}});
  }
  return out;
}

std::string anomalies_text(const HistoryStore& store, TimePoint since, bool open_only,
                           TimePoint now) {
  std::string out;
  for (const auto& a : store.anomalies(since, open_only)) {
    auto end = a.closed_at.value_or(now);
    auto lasted = providers::format_duration(std::chrono::floor<std::chrono::seconds>(
        std::max(end - a.opened_at, TimePoint::duration{})));
    out += fmt::format("{}  {}  {}  opened {}  {} {}\n    {}\n    evidence: {}\n    action: {}\n",
                       to_string(a.severity), to_string(a.kind), a.subject,
                       format_rfc3339(a.opened_at), a.closed_at ? "lasted" : "open for", lasted,
                       a.summary, a.evidence, a.action);
  }
  return out.empty() ? (open_only ? "(no open anomalies)\n" : "(no anomalies)\n") : out;
}

json daemon_json(const HistoryStore& store, const Config& config, TimePoint now,
                 std::optional<bool> running) {
  std::optional<TimePoint> last;
  for (auto family : {providers::Family::ipv4, providers::Family::ipv6}) {
    if (auto q = store.last_quorum(family); q && (!last || q->at > *last)) last = q->at;
  }
  bool stale = !last || now - *last > 2 * config.polling.max_interval;
  // Running but writing no passes: its store went to memory (store_degraded, in its log).
  // Unknown unless it runs.
  return {{"running", running ? json(*running) : json(nullptr)},
          {"writes_history", running == true ? json(!stale) : json(nullptr)},
          {"last_pass_at", last ? json(format_rfc3339(*last)) : json(nullptr)},
          {"last_pass_age_s",
           last ? json(std::chrono::duration_cast<std::chrono::seconds>(now - *last).count())
                : json(nullptr)},
          {"stale", stale}};
}

json status_json(const HistoryStore& store, const Config& config, TimePoint now,
                 std::optional<bool> running) {
  json records = json::array();
  auto published = store.published();
  auto verifications = store.verifications(now - std::chrono::hours{24 * 7});
  for (const auto& rc : config.records) {
    const auto& rec = rc.record;
    auto q = store.last_quorum(rec.family);
    std::optional<std::string> desired = q ? q->address : std::nullopt;
    auto agreed = desired ? providers::Address::parse(*desired) : std::nullopt;
    if (agreed) desired = rc.address_for(*agreed).to_string();  // a host's suffix applied
    json pub = json::object();
    bool in_sync = desired.has_value();
    bool any_ok = false;
    for (const auto& name : rc.providers) {
      std::optional<std::string> value;
      bool synced = false;
      for (const auto& p : published) {
        if (p.record == rec.name && p.type == rec.type() && p.provider == name) {
          value = p.address;
          synced = p.in_sync;
        }
      }
      pub[name] = opt(value);
      bool ok = synced && value && desired && *value == *desired;
      // In failover mode one provider holding the address is enough.
      if (rc.mode == UpdateMode::all) in_sync = in_sync && ok;
      any_ok = any_ok || ok;
    }
    if (rc.mode == UpdateMode::failover) in_sync = any_ok;
    json verified_at = nullptr;
    for (const auto& v : verifications) {
      if (v.record == rec.name && v.type == rec.type() && v.ok) verified_at = format_rfc3339(v.at);
    }
    records.push_back({{"name", rec.name},
                       {"type", std::string(rec.type())},
                       {"desired", opt(desired)},
                       {"published", pub},
                       {"verified_at", verified_at},
                       {"in_sync", in_sync}});
    if (rc.suffix) {
      records.back()["suffix"] = providers::to_string(*rc.suffix);
      records.back()["prefix_of"] = q ? opt(q->address) : json(nullptr);
    }
  }
  auto poll = store.last_decision(DecisionKind::poll);
  json next_at = poll ? json(poll->value) : json(nullptr);
  json next_reason = poll ? json(poll->rationale) : json(nullptr);
  json open = json::array();
  json demoted = json::array();
  for (const auto& a : store.anomalies(TimePoint{}, true)) {
    open.push_back({{"kind", to_string(a.kind)}, {"subject", a.subject}, {"summary", a.summary}});
    // A failing or disagreeing source is demoted while its anomaly is open.
    if (a.kind == AnomalyKind::source_failing || a.kind == AnomalyKind::source_disagreement) {
      demoted.push_back({{"source", a.subject}, {"why", to_string(a.kind)}});
    }
  }
  const auto integrity = store.integrity();
  return {{"records", records},
          {"daemon", daemon_json(store, config, now, running)},
          {"store",
           {{"ok", integrity.ok ? json(*integrity.ok) : json(nullptr)},
            {"problem", integrity.problem.empty() ? json(nullptr) : json(integrity.problem)}}},
          {"next_check_at", next_at},
          {"next_check_reason", next_reason},
          {"open_anomalies", open},
          {"demoted_sources", demoted}};
}

std::string status_text(const json& status) {
  std::string out;
  for (const auto& r : status["records"]) {
    const auto record = r["name"].get<std::string>();
    out += fmt::format("{}{} {}: {}\n", record, unicode_form(record), r["type"].get<std::string>(),
                       r["in_sync"].get<bool>() ? "in sync" : "NOT in sync");
    out += fmt::format("  desired    {}\n", or_dash(r["desired"]));
    if (r.contains("suffix")) {
      out += fmt::format("  suffix     {} on the prefix of {}\n", r["suffix"].get<std::string>(),
                         or_dash(r["prefix_of"]));
    }
    for (const auto& [name, v] : r["published"].items()) {
      out += fmt::format("  {:<10} {}\n", name, or_dash(v));
    }
    out += fmt::format("  verified   {}\n", or_dash(r["verified_at"]));
  }
  if (status.contains("daemon")) {
    const auto& d = status["daemon"];
    auto running = d["running"].is_null()     ? "unknown"
                   : d["running"].get<bool>() ? "running"
                                              : "not running";
    auto age =
        d["last_pass_age_s"].is_number()
            ? providers::format_duration(std::chrono::seconds{d["last_pass_age_s"].get<long>()})
            : std::string("-");
    out += fmt::format(
        "daemon       {}, last pass {} ({} ago){}\n", running, or_dash(d["last_pass_at"]), age,
        d["stale"].get<bool>() ? "  STALE: older than twice polling.max_interval" : "");
    if (d.value("writes_history", json(nullptr)) == false) {
      out += "             it runs but writes no passes here: its history is in memory "
             "(store_degraded, see its log)\n";
    }
  }
  if (status.contains("store") && status["store"]["ok"] != true) {
    out += fmt::format("store        {}: {}\n",
                       status["store"]["ok"] == false ? "DAMAGED" : "not checked",
                       or_dash(status["store"]["problem"]));
  }
  out += fmt::format("next check   {}  ({})\n", or_dash(status["next_check_at"]),
                     or_dash(status["next_check_reason"]));
  for (const auto& a : status.value("open_anomalies", json::array())) {
    out += fmt::format("ANOMALY      {} {}: {}\n", a["kind"].get<std::string>(),
                       a["subject"].get<std::string>(), a["summary"].get<std::string>());
  }
  for (const auto& d : status.value("demoted_sources", json::array())) {
    out += fmt::format("DEMOTED      {} ({}): asked, but its answers do not vote\n",
                       d["source"].get<std::string>(), d["why"].get<std::string>());
  }
  return out;
}

std::string describe_config(const Config& c) {
  std::string out = fmt::format("configuration {} is valid\n", c.source_path.value_or("(text)"));
  out += fmt::format("state_dir    {} (history {}/history.db)\n", c.state_dir, c.state_dir);
  out += fmt::format("log          level={} format={} file={}\n", c.log.level, c.log.format,
                     c.log.file.value_or("-"));
  for (auto family : {providers::Family::ipv4, providers::Family::ipv6}) {
    const auto& list = c.sources.of(family);
    if (list.empty()) continue;
    out += fmt::format("sources {}  quorum {}/{}, timeout {}, allow_private {}\n",
                       providers::to_string(family), c.sources.quorum_for(family), list.size(),
                       providers::format_duration(c.sources.timeout),
                       c.sources.allow_private == providers::AllowPrivate::yes ? "yes" : "no");
    for (std::size_t i = 0; i < list.size(); ++i) {
      out += fmt::format("  source:{} {}\n", i, list[i].description);
    }
  }
  out += "providers\n";
  for (const auto& [name, spec] : c.providers)  // built unconnected, only to describe it
    out += fmt::format("  {:<10} {}\n", name, spec.build({})->describe());
  out += "records (each pass: compare with authoritative DNS and the providers, update only "
         "where it differs)\n";
  for (const auto& r : c.records) {
    out += fmt::format(
        "  {}{} ttl={} mode={} providers={}{}\n", r.record.subject(), unicode_form(r.record.name),
        r.record.ttl, r.mode == UpdateMode::failover ? "failover" : "all",
        fmt::join(r.providers, ","), r.suffix ? " suffix=" + providers::to_string(*r.suffix) : "");
  }
  out += fmt::format("polling      mode={} min_interval={} max_interval={} daily_budget={} tz={}\n",
                     c.polling.mode == PollingMode::fixed ? "fixed" : "adaptive",
                     providers::format_duration(c.polling.min_interval),
                     providers::format_duration(c.polling.max_interval), c.polling.daily_budget,
                     c.polling.timezone);
  auto or_off = [](std::chrono::milliseconds d) {
    return d.count() == 0 ? std::string("off") : providers::format_duration(d);
  };
  out += fmt::format("verify       enabled={} grace={} standby_interval={} api_interval={} "
                     "nameservers={}\n",
                     c.verify.enabled ? "yes" : "no", providers::format_duration(c.verify.grace),
                     or_off(c.verify.standby_interval), or_off(c.verify.api_interval),
                     c.verify.nameservers.empty()
                         ? "(from NS records)"
                         : fmt::format("{}", fmt::join(c.verify.nameservers, ",")));
  out += fmt::format("retention    changes={} observations={}\n",
                     providers::format_duration(c.retention.changes),
                     providers::format_duration(c.retention.observations));
  if (c.metrics.listen) {
    out += fmt::format("metrics      http://{}:{}/metrics and /healthz\n", c.metrics.listen->host,
                       c.metrics.listen->port);
  }
  for (const auto& n : c.notify) {
    out += fmt::format("notify       {}{}\n", Notifier::describe(n),
                       n.kind == NotifyKind::ping
                           ? std::string(" after every pass")
                           : fmt::format(" events={}", fmt::join(n.events, ",")));
  }
  return out;
}

}  // namespace ddnsguard::controller
