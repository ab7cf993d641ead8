#include "controller/loop/verifier.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "providers/base/duration.hpp"

namespace ddnsguard::controller {

using providers::Address;

namespace {

// How often a pending verification is looked at: a quarter of the grace, 5 s to 30 s.
std::chrono::milliseconds step(std::chrono::milliseconds grace) {
  return std::clamp<std::chrono::milliseconds>(grace / 4, std::chrono::seconds{5},
                                               std::chrono::seconds{30});
}

struct Looked {
  bool answered = false;   // at least one server answered
  bool all_match = false;  // every answer is exactly the desired address
  std::string answer;      // what the servers said, for evidence
};

Looked look(const std::vector<providers::AuthoritativeAnswer>& answers, const Address& desired) {
  Looked l;
  l.all_match = true;
  std::vector<std::string> said;
  for (const auto& a : answers) {
    if (!a.addresses) {
      said.push_back(fmt::format("{}: {}", a.server, a.addresses.error().message));
      continue;
    }
    l.answered = true;
    std::vector<std::string> held;
    for (const auto& x : *a.addresses)
      held.push_back(x.to_string());
    said.push_back(fmt::format("{}: {}", a.server,
                               held.empty() ? "nothing" : fmt::format("{}", fmt::join(held, ","))));
    l.all_match = l.all_match && a.addresses->size() == 1 && a.addresses->front() == desired;
  }
  l.all_match = l.all_match && l.answered;
  l.answer = fmt::format("{}", fmt::join(said, "; "));
  return l;
}

}  // namespace

Verifier::Verifier(VerifyConfig config, std::shared_ptr<providers::AuthoritativeDns> dns,
                   HistoryStore& store, AnomalyMonitor& monitor, providers::Clock& clock,
                   std::shared_ptr<spdlog::logger> log)
    : m_config(std::move(config)), m_dns(std::move(dns)), m_store(store), m_monitor(monitor),
      m_clock(clock), m_log(std::move(log)) {}

void Verifier::updated(const providers::Record& rec, const std::string& provider,
                       const Address& address) {
  if (!m_dns) return;
  auto now = m_clock.now();
  m_shared.with([&](Shared& sh) {
    auto it = sh.pending.find(rec.subject());
    // Writing the same address again (a re-push, or a provider whose read-back never shows
    // the write) keeps the clock running: the grace period counts from the first write.
    if (it != sh.pending.end() && it->second.expected == address.to_string() &&
        it->second.provider == provider) {
      return;
    }
    sh.pending[rec.subject()] = {address.to_string(), provider, now, now + m_config.grace, false};
  });
}

bool Verifier::pending(const providers::Record& rec) const {
  return m_shared.with([&](const Shared& sh) { return sh.pending.contains(rec.subject()); });
}

void Verifier::begin_pass() {
  m_shared.with([](Shared& sh) { sh.silent = std::make_shared<providers::SilentServers>(); });
}

std::shared_ptr<providers::SilentServers> Verifier::silent_servers() {
  return m_shared.with([](const Shared& sh) { return sh.silent; });
}

VerifyVerdict Verifier::check(const providers::Record& rec, const std::string& provider,
                              const Address& desired, std::optional<TimePoint> ask_until) {
  if (!m_dns) return VerifyVerdict::unknown;
  if (ask_until && m_clock.now() >= *ask_until) {
    m_log->info("verification of record={} waits for the next pass: this pass spent its {} s "
                "of DNS questions",
                rec.subject(), k_verify_budget.count());
    return VerifyVerdict::unknown;
  }
  auto silent = silent_servers();
  auto seen = look(m_dns->query(rec, silent.get()), desired);
  auto now = m_clock.now();
  return m_shared.with([&](Shared& sh) {
    auto it = sh.pending.find(rec.subject());
    if (it != sh.pending.end() && (it->second.expected != desired.to_string())) {
      sh.pending.erase(it);  // the address moved on: what was pending no longer matters
      it = sh.pending.end();
    }
    if (!seen.answered) {
      m_log->warn("verification impossible record={}: {}", rec.subject(), seen.answer);
      return VerifyVerdict::unknown;
    }
    if (seen.all_match) {
      visible(rec, it == sh.pending.end() ? nullptr : &it->second, seen.answer);
      if (it != sh.pending.end()) sh.pending.erase(it);
      return VerifyVerdict::visible;
    }
    if (it == sh.pending.end()) {  // the API holds it but DNS does not: start the clock
      it = sh.pending
               .emplace(rec.subject(),
                        Pending{desired.to_string(), provider, now, now + m_config.grace, false})
               .first;
    }
    if (now < it->second.deadline) {
      m_log->info("not visible yet record={} expected={} authoritative: {}", rec.subject(),
                  desired.to_string(), seen.answer);
      return VerifyVerdict::waiting;
    }
    return overdue(rec, sh, it->second, seen.answer);
  });
}

Verifier::Peek Verifier::peek(const providers::Record& rec, const Address& desired,
                              TimePoint ask_until) {
  if (!m_dns || m_clock.now() >= ask_until) return {};
  auto silent = silent_servers();
  auto seen = look(m_dns->query(rec, silent.get()), desired);
  if (!seen.answered) return {std::nullopt, seen.answer};
  return {seen.all_match, seen.answer};
}

void Verifier::confirm(const providers::Record& rec, const std::string& answer) {
  // Under the lock, like a visible check(): its rows and the anomalies' closing stay in order.
  m_shared.with([&](Shared&) { visible(rec, nullptr, answer); });
}

void Verifier::visible(const providers::Record& rec, const Pending* pending,
                       const std::string& answer) {
  auto now = m_clock.now();
  auto since = pending ? pending->since : now;
  auto latency = std::chrono::duration_cast<std::chrono::milliseconds>(now - since).count();
  m_store.add_verification({now, rec.name, std::string(rec.type()),
                            pending ? pending->provider : std::string("authoritative"),
                            pending ? pending->expected : answer, answer, true, latency});
  if (pending) {
    m_log->info("verified record={} address={} visible after {} ms", rec.subject(),
                pending->expected, latency);
  }
  m_monitor.close(AnomalyKind::silent_update_failure, rec.subject(), now);
  m_monitor.close(AnomalyKind::record_drift, rec.subject(), now);  // DNS holds our address again
}

VerifyVerdict Verifier::overdue(const providers::Record& rec, Shared& sh, Pending& p,
                                const std::string& answer) {
  auto now = m_clock.now();
  auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(now - p.since);
  m_store.add_verification({now, rec.name, std::string(rec.type()), p.provider, p.expected, answer,
                            false, waited.count()});
  Finding f;
  f.severity = Severity::critical;
  f.summary = fmt::format("{} accepted {} for {} but the authoritative servers still answer "
                          "{} after {}",
                          p.provider, p.expected, rec.subject(), answer,
                          providers::format_duration(waited));
  f.evidence = {{"provider", p.provider},
                {"expected", p.expected},
                {"authoritative", answer},
                {"waited_ms", waited.count()}};
  f.action = "re-pushed the address; fails over to the next provider if that does not show";
  m_monitor.open(AnomalyKind::silent_update_failure, rec.subject(), now, f);
  if (!p.repushed) {
    p.repushed = true;
    p.deadline = now + m_config.grace;
    m_log->error("silent update failure record={} provider={}: re-pushing", rec.subject(),
                 p.provider);
    return VerifyVerdict::repush;
  }
  m_log->error("silent update failure record={} provider={}: re-push did not show either",
               rec.subject(), p.provider);
  sh.pending.erase(rec.subject());  // a new provider starts a new grace period
  return VerifyVerdict::fail_over;
}

std::optional<TimePoint> Verifier::next_due() const {
  auto now = m_clock.now();
  return m_shared.with([&](const Shared& sh) {
    std::optional<TimePoint> due;
    for (const auto& [subject, p] : sh.pending) {
      auto at = std::min(p.deadline, now + step(m_config.grace));
      due = due ? std::min(*due, at) : at;
    }
    return due;
  });
}

std::shared_ptr<providers::AuthoritativeDns> make_authoritative_dns(const VerifyConfig& c,
                                                                    const providers::Clock& clock) {
  if (!c.enabled) return nullptr;
  if (c.nameservers.empty()) {
    return std::make_shared<providers::DiscoveredAuthoritative>(std::nullopt, k_verify_dns_timeout,
                                                                clock);
  }
  std::vector<providers::ServerSpec> servers;
  for (const auto& text : c.nameservers) {
    if (auto s = providers::parse_server_spec(text)) servers.push_back(*s);
  }
  return std::make_shared<providers::FixedAuthoritative>(std::move(servers), k_verify_dns_timeout);
}

}  // namespace ddnsguard::controller
