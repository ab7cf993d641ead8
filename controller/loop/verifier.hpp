#pragma once
// Authoritative verification (DESIGN §2 "Verify"): after an update, and on every pass, the
// zone's authoritative servers must answer the desired address. An API "success" that is
// still not visible after verify.grace is a silent_update_failure: first the address is
// pushed again, then the record fails over to its next provider. How long each change took
// to become visible goes to the `verifications` table.

#include <map>
#include <memory>
#include <optional>
#include <string>

#include <spdlog/logger.h>

#include "controller/config/config.hpp"
#include "controller/loop/anomaly_monitor.hpp"
#include "controller/store/history_store.hpp"
#include "providers/base/guarded.hpp"
#include "providers/net/authoritative_dns.hpp"

namespace ddnsguard::controller {

// One question to one name server.
inline constexpr std::chrono::seconds k_verify_dns_timeout{3};
// How long one family's verification phase may spend asking name servers before the
// remaining records wait for the next pass (two DNS timeouts: every server asked once,
// dead ones found and skipped).
inline constexpr auto k_verify_budget = 2 * k_verify_dns_timeout;

enum class VerifyVerdict {
  visible,    // every authoritative server that answered holds exactly the address
  waiting,    // not yet visible, still within grace
  repush,     // grace over: push the address again
  fail_over,  // grace over after a re-push too: move to the next provider
  unknown,    // verification off, or no server answered
};

class Verifier {
 public:
  // `dns` may be null (verification off). Borrowed references must outlive it.
  Verifier(VerifyConfig config, std::shared_ptr<providers::AuthoritativeDns> dns,
           HistoryStore& store, AnomalyMonitor& monitor, providers::Clock& clock,
           std::shared_ptr<spdlog::logger> log);

  // `provider` has just accepted `address` for `rec`: the grace period starts now.
  void updated(const providers::Record& rec, const std::string& provider,
               const providers::Address& address);
  // Starts a pass: servers that stayed silent in the last one are asked again.
  void begin_pass();
  // Asks the authoritative servers whether `rec` shows `desired` (held by `provider`
  // according to its API). Blocks for one DNS timeout at most (servers asked at once; one
  // that did not reply earlier in the pass is not asked again). From `ask_until` on (the
  // end of a verification phase's budget, k_verify_budget) nothing is asked: `unknown`,
  // and the record waits for the next pass. Thread-safe.
  VerifyVerdict check(const providers::Record& rec, const std::string& provider,
                      const providers::Address& desired,
                      std::optional<TimePoint> ask_until = std::nullopt);
  // Asks the authoritative servers whether `rec` shows `desired`, changing nothing (the
  // DNS-first look before the providers' APIs are read): `shows` nullopt when verification
  // is off, the phase's budget is spent or no server answered. Thread-safe.
  struct Peek {
    std::optional<bool> shows;
    std::string answer;
  };
  Peek peek(const providers::Record& rec, const providers::Address& desired, TimePoint ask_until);
  // A peek saw `rec` show its address: recorded as a visible check() records it.
  void confirm(const providers::Record& rec, const std::string& answer);
  // Whether there are name servers to ask (verification on).
  bool enabled() const { return m_dns != nullptr; }
  // Whether a write to `rec` still waits to show in DNS.
  bool pending(const providers::Record& rec) const;
  // When a pending verification should next be looked at, if any.
  std::optional<TimePoint> next_due() const;

 private:
  struct Pending {
    std::string expected;
    std::string provider;
    TimePoint since;     // the update (or the first pass that saw DNS differ)
    TimePoint deadline;  // since + grace (renewed by a re-push)
    bool repushed = false;
  };
  // What the pass's threads share, behind one lock.
  struct Shared {
    std::map<std::string, Pending> pending;  // by record subject
    // Servers that timed out in this pass (not asked again in it).
    std::shared_ptr<providers::SilentServers> silent = std::make_shared<providers::SilentServers>();
  };
  void visible(const providers::Record& rec, const Pending* pending, const std::string& answer);
  // `p` is in `sh.pending`; the lock is held.
  VerifyVerdict overdue(const providers::Record& rec, Shared& sh, Pending& p,
                        const std::string& answer);
  std::shared_ptr<providers::SilentServers> silent_servers();

  VerifyConfig m_config;
  std::shared_ptr<providers::AuthoritativeDns> m_dns;
  HistoryStore& m_store;
  AnomalyMonitor& m_monitor;
  providers::Clock& m_clock;
  std::shared_ptr<spdlog::logger> m_log;
  providers::Guarded<Shared> m_shared;
};

// The authoritative view the configuration asks for: the listed servers, NS discovery
// when the list is empty, null when verification is off.
std::shared_ptr<providers::AuthoritativeDns> make_authoritative_dns(const VerifyConfig& c,
                                                                    const providers::Clock& clock);

}  // namespace ddnsguard::controller
