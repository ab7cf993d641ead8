#include "providers/sources/observer.hpp"

#include <algorithm>
#include <atomic>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <system_error>
#include <utility>

#include "providers/sources/quorum.hpp"

namespace ddnsguard::providers {

// Shared between observe() and the fetching threads; outlives whichever ends last.
struct SourceBoard {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::optional<Result<Address>>> answers;
  std::size_t pending = 0;
};

namespace {

bool answered(SourceBoard& board, std::size_t i) {
  std::lock_guard lock(board.mutex);
  return board.answers[i].has_value();
}

void post(SourceBoard& board, std::size_t i, Result<Address> answer) {
  std::lock_guard lock(board.mutex);
  board.answers[i] = std::move(answer);
  --board.pending;
  board.changed.notify_all();
}

Result<Address> guarded_fetch(AddressSource& source, Family family,
                              std::chrono::milliseconds timeout) {
  try {
    return source.fetch(family, timeout);
  } catch (const std::exception& e) {
    return fail(ErrorClass::transient, std::string("source threw: ") + e.what());
  } catch (...) {
    return fail(ErrorClass::transient, "source threw");
  }
}

// Hands the fetch to the source's worker; true when it runs there (and posts to `board`).
bool start_fetch(const std::shared_ptr<SourceBoard>& board, std::size_t i, const SourcePtr& source,
                 Worker& worker, Family family, std::chrono::milliseconds timeout) {
  if (!source) {
    post(*board, i, fail(ErrorClass::config, "no source"));
    return false;
  }
  try {
    worker.start([board, i, source, family, timeout] {
      post(*board, i, guarded_fetch(*source, family, timeout));
    });
    return true;
  } catch (const std::system_error& e) {
    post(*board, i, fail(ErrorClass::transient, std::string("cannot start thread: ") + e.what()));
    return false;
  }
}

// Waits for the answers; unanswered slots become "timed out".
// A set `cancel` ends the wait early (shutdown): unanswered slots then count as timed out.
std::vector<Result<Address>> collect(const std::shared_ptr<SourceBoard>& board,
                                     std::chrono::milliseconds timeout,
                                     const std::atomic<bool>* cancel) {
  auto deadline = std::chrono::steady_clock::now() + timeout + k_observe_slack;
  constexpr auto k_cancel_poll = std::chrono::milliseconds{50};
  std::unique_lock lock(board->mutex);
  while (board->pending != 0 && std::chrono::steady_clock::now() < deadline) {
    if (cancel != nullptr && cancel->load()) break;
    board->changed.wait_until(lock,
                              std::min(deadline, std::chrono::steady_clock::now() + k_cancel_poll),
                              [&] { return board->pending == 0; });
  }
  std::vector<Result<Address>> out;
  out.reserve(board->answers.size());
  for (const auto& a : board->answers) {
    out.push_back(a ? *a : fail(ErrorClass::transient, "timed out"));
  }
  return out;
}

SourceOutcome judge(std::string label, const Result<Address>& answer, AllowPrivate allow,
                    QuorumVote& vote) {
  SourceOutcome o;
  o.label = label;
  vote.label = std::move(label);
  if (!answer) {
    o.detail = answer.error().message;
    o.error_class = answer.error().cls;
    vote.detail = o.detail;
    return o;
  }
  o.address = *answer;
  vote.address = *answer;
  if (!is_publishable(*answer, allow)) {
    o.status = SourceStatus::rejected;
    o.detail = std::string(to_string(classify(*answer)));
    vote.rejected = true;
    vote.detail = o.detail;
    return o;
  }
  o.status = SourceStatus::ok;
  return o;
}

}  // namespace

std::string_view to_string(SourceStatus s) {
  switch (s) {
  case SourceStatus::ok:
    return "ok";
  case SourceStatus::rejected:
    return "rejected";
  case SourceStatus::error:
    return "error";
  case SourceStatus::disagree:
    return "disagree";
  }
  return "error";
}

Observer::Observer(std::vector<SourcePtr> sources) : m_sources(std::move(sources)) {
  m_workers.reserve(m_sources.size());
  m_in_flight.resize(m_sources.size());
  for (std::size_t i = 0; i < m_sources.size(); ++i)
    m_workers.push_back(std::make_unique<Worker>());
}

Observer::~Observer() = default;  // the workers join; the boards they post to are shared

ObservationResult Observer::observe(Family family, int quorum, std::chrono::milliseconds timeout,
                                    AllowPrivate allow, const std::atomic<bool>* cancel,
                                    const std::vector<bool>& demoted) {
  const auto& sources = m_sources;
  ObservationResult result;
  if (sources.empty()) {
    result.reason = "no quorum: no sources configured";
    return result;
  }
  auto board = std::make_shared<SourceBoard>();
  board->answers.resize(sources.size());
  board->pending = sources.size();
  bool instant = std::all_of(sources.begin(), sources.end(),
                             [](const SourcePtr& s) { return s && s->instant(); });
  std::vector<Result<Address>> answers;
  if (instant) {  // in-memory sources (the simulator): no threads needed
    for (const auto& s : sources)
      answers.push_back(guarded_fetch(*s, family, timeout));
  } else {
    for (std::size_t i = 0; i < sources.size(); ++i) {
      // A fetch still running holds its worker: the source sits this check out (waiting for
      // the worker would stall the caller past the timeout).
      if (m_in_flight[i] && !answered(*m_in_flight[i], i)) {
        post(*board, i, fail(ErrorClass::transient, "still busy with an earlier check"));
        continue;
      }
      bool started = start_fetch(board, i, sources[i], *m_workers[i], family, timeout);
      m_in_flight[i] = started ? board : nullptr;
    }
    answers = collect(board, timeout, cancel);
  }

  std::vector<QuorumVote> votes(sources.size());
  for (std::size_t i = 0; i < sources.size(); ++i) {
    auto label = "source:" + std::to_string(i) + " " +
                 (sources[i] ? sources[i]->describe() : std::string("none"));
    result.sources.push_back(judge(std::move(label), answers[i], allow, votes[i]));
    votes[i].demoted = i < demoted.size() && demoted[i];
  }
  auto decision = decide_quorum(votes, quorum);
  for (auto& o : result.sources) {
    if (o.status == SourceStatus::ok && decision.address && o.address != decision.address) {
      o.status = SourceStatus::disagree;
    }
  }
  result.address = decision.address;
  result.votes = decision.votes;
  result.reason = std::move(decision.reason);
  return result;
}

}  // namespace ddnsguard::providers
