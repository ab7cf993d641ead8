#pragma once
// The healing policy (DESIGN §3) in one place: given what the detectors and the last calls
// found, which repair comes next. Pure: no I/O, no clock, no logging; the reconciler, the
// verifier's caller and the anomaly monitor carry out what it decides.

#include <cstddef>
#include <optional>
#include <set>
#include <vector>

#include "controller/config/config.hpp"
#include "controller/loop/anomaly_monitor.hpp"
#include "controller/loop/verifier.hpp"
#include "models/hysteresis.hpp"

namespace ddnsguard::controller::healing {

// Which of a failover record's providers is authoritative, and its run of passes.
struct FailoverState {
  std::size_t active = 0;  // index into the record's providers
  int failures = 0;        // consecutive failing passes of the active one
  int healthy = 0;         // consecutive healthy passes of the first-ranked one
};

struct FailoverRules {
  std::size_t providers = 0;  // how many the record has, in rank order
  int switch_after = 2;       // failing passes before the next one takes over
  int switch_back_after = 3;  // healthy passes before the first-ranked one takes back over
};

FailoverRules failover_rules(const RecordConfig& rc);

// The active provider's pass ended `ok` or not (a failure counts only when it was a real,
// uncancelled pass: the caller does not call for those). The provider to fail over to.
std::optional<std::size_t> after_active_pass(FailoverState& st, bool ok, const FailoverRules& r);

// The first-ranked provider, not active, was found `healthy` or not this pass. 0 when it
// takes back over.
std::optional<std::size_t> after_first_ranked_probe(FailoverState& st, bool healthy,
                                                    const FailoverRules& r);

// The state right after a switch to `to`: nobody's run carries over.
FailoverState switched_to(std::size_t to);

// What to do about a verification's verdict for a record.
enum class VerdictAction {
  none,       // visible, still within grace, or unknown
  repush,     // write the address again (all providers, or the active one in failover mode)
  fail_over,  // to the next provider
  stuck,      // should fail over, but there is no next provider: the anomaly stays open
};
VerdictAction on_verdict(VerifyVerdict verdict, UpdateMode mode, std::size_t active,
                         std::size_t providers);

// A source's anomalies moved: `failing` and `disagreeing` are their transitions this pass,
// `still_open` whether either is open after them.
enum class SourceVote { unchanged, demote, promote };
SourceVote on_source_transitions(models::Transition failing, models::Transition disagreeing,
                                 bool still_open);

// One source's vote changed, or a demotion was refused.
struct VoteChange {
  std::size_t index = 0;
  bool demoted = false;  // demoted (true) or promoted back (false)
  bool refused = false;  // not demoted: the quorum needs every source still voting
};

// Which sources of one family vote (DESIGN §3): a failing or disagreeing source is demoted
// (still asked, its answers do not vote) and promoted when its anomalies close. A demotion
// that would leave fewer voting sources than the quorum is refused.
class SourceVotes {
 public:
  // Applies one check's findings (by source index); returns what changed, in index order.
  std::vector<VoteChange> apply(const std::vector<SourceFinding>& findings, int quorum);
  // Which of `count` sources are demoted, by index.
  std::vector<bool> demoted(std::size_t count) const;

 private:
  std::set<std::size_t> m_demoted;
};

// A family's offline state went from `was` to `is`.
enum class NetworkHeal {
  none,
  offline,  // stop spending retries and blaming anyone until the network returns
  resync,   // network back: flush the pool and read every record back
};
NetworkHeal on_offline(bool was, bool is);

}  // namespace ddnsguard::controller::healing
