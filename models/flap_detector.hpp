#pragma once
// Address flapping: the public address alternating among a small set (multi-WAN
// failover, a load-balancing router) instead of moving on. Each change back to an address
// seen shortly before is a "return"; enough returns among few addresses within a window
// is flapping (pure; time is seconds on any fixed origin).

#include <cstddef>
#include <deque>
#include <string>
#include <vector>

namespace ddnsguard::models {

struct FlapRule {
  double window_s = 6 * 3600.0;  // changes older than this are forgotten
  int min_returns = 2;           // changes back to an address already in the window
  std::size_t max_distinct = 3;  // more distinct addresses than this is renumbering, not flapping
};

struct FlapVerdict {
  bool flapping = false;
  int changes = 0;                     // in the window
  int returns = 0;                     // of which back to an address seen in the window
  std::vector<std::string> addresses;  // distinct, in order of first appearance
};

class FlapDetector {
 public:
  explicit FlapDetector(FlapRule rule = {}) : m_rule(rule) {}

  // Records that the address became `address` at `t_s` and judges the window.
  FlapVerdict change(double t_s, const std::string& address);
  // Judges the window at `t_s` without a change (lets flapping close when it stops).
  FlapVerdict judge(double t_s);

 private:
  struct Seen {
    double t_s;
    std::string address;
  };
  FlapRule m_rule;
  std::deque<Seen> m_seen;  // the address at each change, oldest first
};

}  // namespace ddnsguard::models
