#include "controller/loop/healing.hpp"

#include <algorithm>

namespace ddnsguard::controller::healing {

FailoverRules failover_rules(const RecordConfig& rc) {
  return {rc.providers.size(), rc.switch_after, rc.switch_back_after};
}

std::optional<std::size_t> after_active_pass(FailoverState& st, bool ok, const FailoverRules& r) {
  if (ok) {
    st.failures = 0;
    return std::nullopt;
  }
  if (++st.failures < r.switch_after || st.active + 1 >= r.providers) return std::nullopt;
  return st.active + 1;
}

std::optional<std::size_t> after_first_ranked_probe(FailoverState& st, bool healthy,
                                                    const FailoverRules& r) {
  st.healthy = healthy ? st.healthy + 1 : 0;
  if (st.active == 0 || st.healthy < r.switch_back_after) return std::nullopt;
  return 0;
}

FailoverState switched_to(std::size_t to) {
  return {to, 0, 0};
}

VerdictAction on_verdict(VerifyVerdict verdict, UpdateMode mode, std::size_t active,
                         std::size_t providers) {
  switch (verdict) {
  case VerifyVerdict::visible:
  case VerifyVerdict::waiting:
  case VerifyVerdict::unknown:
    return VerdictAction::none;
  case VerifyVerdict::repush:
    return VerdictAction::repush;
  case VerifyVerdict::fail_over:
    break;
  }
  if (mode != UpdateMode::failover || active + 1 >= providers) return VerdictAction::stuck;
  return VerdictAction::fail_over;
}

SourceVote on_source_transitions(models::Transition failing, models::Transition disagreeing,
                                 bool still_open) {
  using models::Transition;
  if (failing == Transition::opened || disagreeing == Transition::opened) return SourceVote::demote;
  bool closed = failing == Transition::closed || disagreeing == Transition::closed;
  return closed && !still_open ? SourceVote::promote : SourceVote::unchanged;
}

std::vector<VoteChange> SourceVotes::apply(const std::vector<SourceFinding>& findings, int quorum) {
  std::vector<VoteChange> changes;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const auto& f = findings[i];
    auto vote = on_source_transitions(f.failing, f.disagreeing, f.still_open);
    bool demote = vote == SourceVote::demote;
    if (vote == SourceVote::unchanged || demote == m_demoted.contains(i)) continue;
    auto demoted_here = static_cast<std::size_t>(std::count_if(
        m_demoted.begin(), m_demoted.end(), [&](std::size_t d) { return d < findings.size(); }));
    std::size_t voting = findings.size() - demoted_here;
    if (demote && voting <= static_cast<std::size_t>(std::max(quorum, 0))) {
      changes.push_back({i, true, true});
      continue;
    }
    if (demote) {
      m_demoted.insert(i);
    } else {
      m_demoted.erase(i);
    }
    changes.push_back({i, demote, false});
  }
  return changes;
}

std::vector<bool> SourceVotes::demoted(std::size_t count) const {
  std::vector<bool> out(count, false);
  for (auto i : m_demoted) {
    if (i < count) out[i] = true;
  }
  return out;
}

NetworkHeal on_offline(bool was, bool is) {
  if (is && !was) return NetworkHeal::offline;
  if (!is && was) return NetworkHeal::resync;
  return NetworkHeal::none;
}

}  // namespace ddnsguard::controller::healing
