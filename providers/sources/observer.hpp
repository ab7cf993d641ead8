#pragma once
// Asks every address source of a family at once and takes the quorum (DESIGN §2 "Observe").

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/base/address.hpp"
#include "providers/base/result.hpp"
#include "providers/base/worker.hpp"
#include "providers/sources/address_filter.hpp"
#include "providers/sources/address_source.hpp"

namespace ddnsguard::providers {

enum class SourceStatus { ok, rejected, error, disagree };

// "ok", "rejected", "error", "disagree" (as stored in the history store).
std::string_view to_string(SourceStatus s);

struct SourceOutcome {
  std::string label;               // "source:<index> <describe()>", unique per call
  std::optional<Address> address;  // what the source answered, when it answered
  SourceStatus status = SourceStatus::error;
  std::string detail;                     // error text or rejection reason; empty when ok
  std::optional<ErrorClass> error_class;  // set when status is error
};

struct ObservationResult {
  std::optional<Address> address;      // the quorum answer; nullopt when there is none
  std::vector<SourceOutcome> sources;  // one per source, in the given order
  int votes = 0;                       // answers that agree on `address` (or the leader)
  std::string reason;                  // one line: "quorum 2/3 for 198.51.100.7"
};

// Extra wait past `timeout` for sources that honour their timeout a little late.
constexpr auto k_observe_slack = std::chrono::milliseconds{200};

struct SourceBoard;  // one check's answers, shared with the fetching threads

// Asks a fixed list of sources, each on its own Worker (owned, started at the first check,
// asleep between checks, joined when the Observer ends).
class Observer {
 public:
  explicit Observer(std::vector<SourcePtr> sources);
  Observer(const Observer&) = delete;
  Observer& operator=(const Observer&) = delete;
  ~Observer();  // waits for fetches still running (each honours its own timeout)

  // Calls fetch(family, timeout) on every source concurrently and blocks until all have
  // answered or `timeout + k_observe_slack` has passed. A source still running then is an
  // error "timed out"; its late answer is discarded, so a hanging source never stalls the
  // caller. A source whose fetch from an earlier check has not returned yet is not asked
  // again until it has: it is an error "still busy with an earlier check". Answers that are not
  // publishable under `allow` are "rejected" with the address class as detail; the rest vote
  // (decide_quorum, `quorum` capped at the number of sources). Valid answers that differ from the
  // winner are "disagree". When `cancel` is set and turns true (shutdown), the wait ends within ~50
  // ms and unanswered sources count as timed out. Sources flagged in `demoted` (by index) are asked
  // but do not vote (QuorumVote::demoted). Sources that answer from memory (instant(), the
  // simulator) are asked on the caller's thread. Never throws; with no sources the result has no
  // address.
  ObservationResult observe(Family family, int quorum, std::chrono::milliseconds timeout,
                            AllowPrivate allow, const std::atomic<bool>* cancel = nullptr,
                            const std::vector<bool>& demoted = {});

  const std::vector<SourcePtr>& sources() const { return m_sources; }

 private:
  std::vector<SourcePtr> m_sources;
  std::vector<std::unique_ptr<Worker>> m_workers;  // one per source
  // Per source, the board its last fetch posts to: while its slot is empty, that fetch runs.
  std::vector<std::shared_ptr<SourceBoard>> m_in_flight;
};

}  // namespace ddnsguard::providers
