#include "controller/page/page_data.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include <fmt/format.h>

namespace ddnsguard::controller {

namespace {

constexpr auto k_model_history = std::chrono::hours{24 * 365};
constexpr auto k_rate_window = std::chrono::hours{24 * 28};
constexpr models::Seconds k_rate_step = 300;
constexpr std::size_t k_baseline_calls = 64;  // the detector's window (LatencyBaseline)
constexpr int k_latency_bins = 240;

models::Seconds secs(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  auto k = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5);
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

// The model the scheduler would learn from this history, and its mean rate per hour of
// the week over the last four weeks (given when each change was seen).
void learnt_rates(const HistoryStore& store, TimePoint now, const models::LocalTime& local,
                  HeatmapData& out) {
  models::HazardEvidence evidence;
  auto changes = store.ip_changes(now - k_model_history);
  std::vector<models::Seconds> seen;
  for (const auto& c : changes) {
    if (!evidence.observed_from || secs(c.at) < evidence.observed_from)
      evidence.observed_from = secs(c.at);
    if (!c.old_address) continue;
    evidence.changes.push_back({secs(c.last_seen_old.value_or(c.at)), secs(c.at)});
    seen.push_back(secs(c.at));
  }
  if (evidence.observed_from == 0) return;
  evidence.observed_to = secs(now);
  auto model = models::HazardModel::fit(evidence, models::HazardSettings{}, local);
  std::sort(seen.begin(), seen.end());
  std::array<int, k_hours_per_week> samples{};
  auto from = std::max(evidence.observed_from, secs(now - k_rate_window));
  for (auto t = from; t < secs(now); t += k_rate_step) {
    auto it = std::upper_bound(seen.begin(), seen.end(), t);
    std::optional<models::Seconds> last;
    if (it != seen.begin()) last = *std::prev(it);
    auto h = hour_of_week(t, local);
    out.learnt[h] += model.rate(t, last) * 3600.0;
    ++samples[h];
  }
  for (int h = 0; h < k_hours_per_week; ++h)
    out.learnt[h] = samples[h] > 0 ? out.learnt[h] / samples[h] : 0.0;
}

}  // namespace

HeatmapData collect_heatmap(const HistoryStore& store, TimePoint since, TimePoint now,
                            const models::LocalTime& local) {
  HeatmapData out;
  for (const auto& c : store.ip_changes(since)) {
    if (c.old_address) out.changes[hour_of_week(secs(c.at), local)] += 1;
  }
  // Checks per hour: each hour of the week divided by how often the period holds it.
  std::array<int, k_hours_per_week> hours{};
  for (auto t = secs(since); t < secs(now); t += 3600)
    ++hours[hour_of_week(t, local)];
  out.weeks = static_cast<int>((secs(now) - secs(since)) / (k_hours_per_week * 3600));
  for (const auto& d : store.decisions(since)) {
    // Each pass plans once; a network event's row brings a check forward without a pass.
    if (d.kind == DecisionKind::poll && d.subject != Decision::k_network_event)
      out.checks[hour_of_week(secs(d.at), local)] += 1;
  }
  for (int h = 0; h < k_hours_per_week; ++h)
    out.checks[h] = hours[h] > 0 ? out.checks[h] / hours[h] : 0.0;
  learnt_rates(store, now, local, out);
  return out;
}

namespace {

TimelineData timeline(const HistoryStore& store, TimePoint since, TimePoint now) {
  TimelineData out{since, now, {}, {}, {}, {}};
  for (const auto& c : store.ip_changes(since)) {
    if (c.old_address)
      out.changes.push_back({c.at, std::string(providers::to_string(c.family)), c.new_address});
  }
  for (const auto& u : store.updates(since)) {
    auto cls = u.error_class ? std::string(providers::to_string(*u.error_class)) : "ok";
    out.updates.push_back(
        {u.at, u.ok, fmt::format("{} {}/{}: {}", u.provider, u.record, u.type, cls)});
  }
  std::set<std::int64_t> ids;
  auto add = [&](const Anomaly& a) {
    if (!ids.insert(a.id).second) return;
    out.anomalies.push_back({std::max(a.opened_at, since), a.closed_at.value_or(now), !a.closed_at,
                             std::string(to_string(a.severity)),
                             std::string(to_string(a.kind)) + " " + a.subject});
  };
  for (const auto& a : store.anomalies(since, false))
    add(a);
  for (const auto& a : store.anomalies(TimePoint{}, true))
    add(a);
  for (const auto& d : store.decisions(since)) {
    if (d.kind == DecisionKind::failover)
      out.failovers.push_back({d.at, d.subject + ": " + d.value});
  }
  return out;
}

LatencySeries latency_of(const std::string& provider, const std::vector<UpdateAttempt>& calls,
                         TimePoint since, TimePoint now) {
  LatencySeries s{provider, {}, {}};
  auto span = std::max<double>(1.0, static_cast<double>(secs(now) - secs(since)));
  std::deque<double> window;
  std::vector<std::vector<double>> in_bin(k_latency_bins);
  std::vector<std::pair<double, double>> band(k_latency_bins, {0.0, 0.0});
  for (const auto& c : calls) {
    auto b = std::clamp(
        static_cast<int>(static_cast<double>(secs(c.at) - secs(since)) / span * k_latency_bins), 0,
        k_latency_bins - 1);
    if (!c.ok) {
      s.failures.push_back(c.at);
      continue;
    }
    auto ms = static_cast<double>(c.latency_ms);
    in_bin[b].push_back(ms);
    window.push_back(ms);
    if (window.size() > k_baseline_calls) window.pop_front();
    std::vector<double> w(window.begin(), window.end());
    band[b] = {quantile(w, 0.5), quantile(w, 0.9)};
  }
  for (int b = 0; b < k_latency_bins; ++b) {
    if (in_bin[b].empty()) continue;
    auto end =
        since + std::chrono::seconds{static_cast<std::int64_t>(span * (b + 1) / k_latency_bins)};
    s.bins.push_back({end, quantile(in_bin[b], 0.5), band[b].first, band[b].second});
  }
  return s;
}

LatencyData latency(const HistoryStore& store, TimePoint since, TimePoint now) {
  LatencyData out{since, now, {}};
  std::map<std::string, std::vector<UpdateAttempt>> by_provider;
  for (auto& c : store.provider_calls(since))
    by_provider[c.provider].push_back(std::move(c));
  for (auto& [name, calls] : by_provider) {
    std::sort(calls.begin(), calls.end(),
              [](const UpdateAttempt& a, const UpdateAttempt& b) { return a.at < b.at; });
    out.providers.push_back(latency_of(name, calls, since, now));
  }
  return out;
}

}  // namespace

int hour_of_week(models::Seconds utc, const models::LocalTime& local) {
  auto t = local ? local(utc) : utc;
  auto days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  auto dow = ((days + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday; Monday is 0
  auto hour = (t - days * 86400) / 3600;
  return static_cast<int>(dow * 24 + hour);
}

PageData collect_page_data(const HistoryStore& store, TimePoint since, TimePoint now,
                           const models::LocalTime& local) {
  return {collect_heatmap(store, since, now, local), timeline(store, since, now),
          latency(store, since, now)};
}

}  // namespace ddnsguard::controller
