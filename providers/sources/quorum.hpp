#pragma once
// The quorum decision over the answers of the address sources (DESIGN §2 "Observe").
// Pure: no I/O, clock or logging, so a table of cases pins it.

#include <optional>
#include <string>
#include <vector>

#include "providers/base/address.hpp"

namespace ddnsguard::providers {

// One source's answer as the quorum sees it.
struct QuorumVote {
  std::string label;               // unique per source, e.g. "source:0 http https://x"
  std::optional<Address> address;  // what it answered; nullopt when it failed
  std::string detail;              // error text (failed) or rejection reason (rejected)
  bool rejected = false;           // answered, but the answer is not publishable (does not vote)
  // Demoted by the healing policy (it failed or lied lately): still asked, so it can earn
  // its place back, but it neither votes nor counts towards the quorum cap.
  bool demoted = false;
};

struct QuorumDecision {
  std::optional<Address> address;      // the winner; nullopt when there is no quorum
  int votes = 0;                       // valid answers for the winner (or the leader)
  int needed = 0;                      // the quorum actually applied (after capping)
  std::vector<std::string> agreed;     // labels that voted for the winner
  std::vector<std::string> disagreed;  // valid answers differing from the winner
  std::vector<std::string> failed;     // no answer
  std::vector<std::string> rejected;   // answered a non-publishable address
  std::string reason;                  // one line: "quorum 2/3 for 198.51.100.7"
};

// The address at least `quorum` valid votes agree on, provided no other address has as many
// (a tie is no quorum). `quorum` is capped at the number of votes and raised to at least 1.
// Failed, rejected and demoted votes never count; demoted ones do not raise the cap either. Without
// a winner `disagreed` is empty.
QuorumDecision decide_quorum(const std::vector<QuorumVote>& votes, int quorum);

}  // namespace ddnsguard::providers
