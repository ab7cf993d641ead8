// Authoritative DNS first, provider APIs second: in steady state a pass asks the zone's
// name servers (free, unmetered, and they show someone else's edit at once) and reads a
// provider's API only when DNS disagrees or cannot be asked, after a failure, after a change,
// and as a safety net every verify.api_interval.

#include <fmt/format.h>

#include "controller/loop/reconciler.hpp"
#include "providers/base/duration.hpp"
#include "providers/base/parallel.hpp"

namespace ddnsguard::controller {

using providers::Address;

namespace {

constexpr std::size_t k_asked_at_once = 8;

std::string key_of(const std::string& subject, const std::string& provider) {
  return subject + " " + provider;
}

// The providers a pass reads for `rc`: all of them, or the active one in failover mode.
std::vector<std::string> read_by_pass(const RecordConfig& rc, std::size_t active) {
  if (rc.mode == UpdateMode::failover) {
    return active < rc.providers.size() ? std::vector{rc.providers[active]}
                                        : std::vector<std::string>{};
  }
  return rc.providers;
}

}  // namespace

std::string PassReport::reads_summary() const {
  int skipped = 0;
  int made = 0;
  std::vector<std::string> listed;
  for (const auto& r : records) {
    for (const auto& n : r.reads) {
      if (n.skipped) {
        ++skipped;
      } else if (++made <= 3) {
        listed.push_back(fmt::format("{} at {} ({})", r.subject, n.provider, n.why));
      }
    }
  }
  if (skipped == 0 && made == 0) return "";
  std::string out = fmt::format("provider APIs: {} read{} skipped (authoritative DNS shows the "
                                "address), {} made",
                                skipped, skipped == 1 ? "" : "s", made);
  if (!listed.empty()) out += fmt::format(": {}", fmt::join(listed, "; "));
  if (made > 3) out += fmt::format("; {} more", made - 3);
  return out;
}

std::optional<TimePoint> Reconciler::last_api_ok(const std::string& subject,
                                                 const std::string& provider) {
  return m_state.with([&](const SharedState& st) -> std::optional<TimePoint> {
    auto it = st.api_ok.find(key_of(subject, provider));
    if (it == st.api_ok.end()) return std::nullopt;
    return it->second;
  });
}

bool Reconciler::api_fresh(const std::string& subject, const std::string& provider) {
  if (m_monitor.provider_in_doubt(provider)) return false;
  auto last = last_api_ok(subject, provider);
  const auto now = m_clock.now();
  return last && now >= *last && now - *last < m_config.verify.api_interval;
}

void Reconciler::note_api_call(const std::string& subject, const std::string& provider, bool ok) {
  const auto now = m_clock.now();
  m_state.with([&](SharedState& st) {
    if (ok) {
      st.api_ok[key_of(subject, provider)] = now;
    } else {
      st.api_ok.erase(key_of(subject, provider));  // after a failure the API is asked again
    }
  });
}

std::optional<std::string> Reconciler::why_read(const RecordConfig& rc, const Address& desired,
                                                bool changed, std::string& provider) {
  if (m_config.verify.api_interval.count() == 0) return "verify.api_interval is 0s";
  if (changed) return "the address changed";
  if (m_verifier.pending(rc.record)) return "a write waits to show in DNS";
  std::vector<std::string> readable;
  for (const auto& name : read_by_pass(rc, active_provider(rc))) {
    if (m_live.provider(name).can_read()) readable.push_back(name);
  }
  // The servers show one copy of the record: with two providers written, an edit at the one
  // they do not serve would never show. Such records are read on every pass.
  if (readable.size() != 1) return "more than one provider holds it";
  provider = readable.front();
  if (!m_published.seen_holding(rc.record, provider, desired.to_string()))
    return "not seen holding the address yet";
  if (m_monitor.provider_in_doubt(provider)) return "its last call failed or was slow";
  if (!last_api_ok(rc.record.subject(), provider)) return "first read since the start";
  if (!api_fresh(rc.record.subject(), provider)) {
    return fmt::format("safety net: read at least every {}",
                       providers::format_duration(m_config.verify.api_interval));
  }
  return std::nullopt;
}

void Reconciler::ask_dns_first(const std::vector<const RecordConfig*>& records,
                               const Address& agreed, bool changed) {
  struct Job {
    const RecordConfig* rc;
    Address desired;
    std::string provider;
  };
  std::vector<Job> jobs;
  for (const auto* rc : records) {
    auto desired = rc->address_for(agreed);
    std::string provider;
    auto why = why_read(*rc, desired, changed, provider);
    if (why) {
      m_state.with([&](SharedState& st) { st.read_why[rc->record.subject()] = *why; });
    } else {
      jobs.push_back({rc, desired, provider});
    }
  }
  const auto ask_until = m_clock.now() + k_verify_budget;
  std::vector<Verifier::Peek> seen(jobs.size());
  providers::run_parallel(jobs.size(), m_sequential ? 1 : k_asked_at_once, [&](std::size_t i) {
    if (!cancelled()) seen[i] = m_verifier.peek(jobs[i].rc->record, jobs[i].desired, ask_until);
  });
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const auto& rec = jobs[i].rc->record;
    if (seen[i].shows == true) m_verifier.confirm(rec, seen[i].answer);
    m_state.with([&](SharedState& st) {
      if (seen[i].shows == true) {
        st.dns_shows[rec.subject()] = {jobs[i].provider, seen[i].answer};
      } else if (seen[i].shows == false) {
        st.read_why[rec.subject()] = "authoritative DNS differs: " + seen[i].answer;
      } else {
        st.read_why[rec.subject()] =
            seen[i].answer.empty() ? "DNS not asked in this pass" : "no name server answered";
      }
    });
  }
}

bool Reconciler::skip_read(const RecordConfig& rc, const std::string& provider,
                           const Address& desired, RecordOutcome& out) {
  const auto subject = rc.record.subject();
  std::optional<DnsShows> shows;
  std::string why;
  m_state.with([&](const SharedState& st) {
    if (auto it = st.dns_shows.find(subject); it != st.dns_shows.end()) shows = it->second;
    if (auto it = st.read_why.find(subject); it != st.read_why.end()) why = it->second;
  });
  // Only the provider cleared before DNS was asked (a failover switch in between hands the
  // record to one that was not; its row can change in this pass only through this call),
  // and still fresh (a slow call elsewhere in the pass casts doubt on it).
  if (!shows || shows->provider != provider || !api_fresh(subject, provider)) {
    if (why.empty()) {
      why = m_verifier.enabled() ? "safety net" : "authoritative DNS not asked (verify off)";
    }
    out.reads.push_back({provider, false, why});
    return false;
  }
  out.reads.push_back({provider, true, shows->answer});
  out.published[provider] = desired.to_string();
  m_published.set({rc.record.name, std::string(rc.record.type()), provider, desired.to_string(),
                   m_clock.now(), true});
  m_log->debug("in sync record={} provider={} address={} (authoritative DNS shows it; API not "
               "read)",
               subject, provider, desired.to_string());
  return true;
}

void Reconciler::note_written(const std::string& subject) {
  m_state.with([&](SharedState& st) { st.written.insert(subject); });
}

std::vector<bool> Reconciler::end_dns_first(const std::vector<const RecordConfig*>& records) {
  return m_state.with([&](SharedState& st) {
    std::vector<bool> shown;
    for (const auto* rc : records) {
      const auto subject = rc->record.subject();
      // What DNS showed before a write in this pass says nothing about that write.
      bool written = st.written.erase(subject) > 0;
      shown.push_back(st.dns_shows.erase(subject) > 0 && !written);
      st.read_why.erase(subject);
    }
    return shown;
  });
}

}  // namespace ddnsguard::controller
