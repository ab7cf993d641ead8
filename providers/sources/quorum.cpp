#include "providers/sources/quorum.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace ddnsguard::providers {

namespace {

struct Tally {
  std::map<Address, int> counts;
  Address leader = Address::from_bytes_v4({});
  int top = 0;
  int ties = 0;  // other addresses with `top` votes
};

Tally count_valid(const std::vector<QuorumVote>& votes) {
  Tally t;
  for (const auto& v : votes) {
    if (v.address && !v.rejected && !v.demoted) ++t.counts[*v.address];
  }
  for (const auto& [addr, n] : t.counts) {
    if (n > t.top) {
      t.top = n;
      t.leader = addr;
      t.ties = 0;
    } else if (n == t.top) {
      ++t.ties;
    }
  }
  return t;
}

std::string no_quorum_reason(const Tally& t, const QuorumDecision& d) {
  if (t.counts.empty()) {
    return fmt::format("no quorum: no valid answer ({} failed, {} rejected)", d.failed.size(),
                       d.rejected.size());
  }
  if (t.ties > 0) {
    return fmt::format("no quorum: tie, {} addresses with {} answers each", t.ties + 1, t.top);
  }
  return fmt::format("no quorum: {} of {} needed answers agree on {}", t.top, d.needed,
                     t.leader.to_string());
}

}  // namespace

QuorumDecision decide_quorum(const std::vector<QuorumVote>& votes, int quorum) {
  QuorumDecision d;
  int total = static_cast<int>(
      std::count_if(votes.begin(), votes.end(), [](const QuorumVote& v) { return !v.demoted; }));
  d.needed = std::max(1, std::min(quorum, total));
  Tally t = count_valid(votes);
  d.votes = t.top;
  bool won = t.top >= d.needed && t.ties == 0;
  if (won) d.address = t.leader;
  for (const auto& v : votes) {
    if (v.rejected) {
      d.rejected.push_back(v.label);
    } else if (!v.address) {
      d.failed.push_back(v.label);
    } else if (won && *v.address == t.leader) {
      d.agreed.push_back(v.label);
    } else if (won) {
      d.disagreed.push_back(v.label);
    }
  }
  d.reason = won ? fmt::format("quorum {}/{} for {}", t.top, total, t.leader.to_string())
                 : no_quorum_reason(t, d);
  return d;
}

}  // namespace ddnsguard::providers
