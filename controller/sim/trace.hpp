#pragma once
// Simulation traces (DESIGN §7): JSON lines. A header line, then timed events: the true
// addresses, faults of providers and sources, drift (someone else edits a record) and
// network down/up.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "providers/base/clock.hpp"
#include "providers/base/config_reader.hpp"

namespace ddnsguard::controller {

struct TraceFault {
  std::string target;  // "provider:<name>" or "source:<index>"
  std::string kind;    // error, latency, auth, wrong_ip, timeout, silent (API OK, DNS unchanged)
  std::string value;   // latency ms, or the wrong address
  std::int64_t duration_s = 0;
};

struct TraceEvent {
  std::int64_t t = 0;  // seconds after the start
  std::optional<std::string> ip4, ip6;
  std::optional<TraceFault> fault;
  std::optional<std::pair<std::string, std::string>> drift;  // record, value
  std::optional<bool> network_up;
};

struct Trace {
  providers::Clock::time_point start;
  std::string tz = "UTC";
  std::vector<std::string> providers{"primary"};
  std::vector<TraceEvent> events;  // by time
  bool has_ip4 = false;
  bool has_ip6 = false;
  std::int64_t end_s() const { return events.empty() ? 0 : events.back().t; }
};

// Parses a trace. Problems name the line ("line 7: fault.kind: must be one of ...").
// Pure. The result has a value only when there is no problem.
std::optional<Trace> parse_trace(std::string_view text,
                                 std::vector<providers::ConfigProblem>& problems);

}  // namespace ddnsguard::controller
