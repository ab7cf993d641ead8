#pragma once
// Opens a condition after `open_after` abnormal steps in a row and closes it after
// `close_after` normal steps in a row, so a single odd sample neither opens nor closes an
// anomaly (pure).

namespace ddnsguard::models {

struct HysteresisRule {
  int open_after = 3;
  int close_after = 3;
};

enum class Transition { none, opened, closed };

class Hysteresis {
 public:
  explicit Hysteresis(HysteresisRule rule = {}) : m_rule(rule) {}

  // Feeds one step; says whether the condition opened or closed with it.
  Transition step(bool abnormal) {
    if (abnormal) {
      m_good = 0;
      ++m_bad;
      if (!m_open && m_bad >= m_rule.open_after) {
        m_open = true;
        return Transition::opened;
      }
      return Transition::none;
    }
    m_bad = 0;
    ++m_good;
    if (m_open && m_good >= m_rule.close_after) {
      m_open = false;
      return Transition::closed;
    }
    return Transition::none;
  }

  bool is_open() const { return m_open; }
  // The rule for the steps to come (a condition restored after a restart gets its own).
  void set_rule(HysteresisRule rule) { m_rule = rule; }
  // Restores an open condition found in the store after a restart.
  void force_open() {
    m_open = true;
    m_good = 0;
  }

 private:
  HysteresisRule m_rule;
  bool m_open = false;
  int m_bad = 0;
  int m_good = 0;
};

}  // namespace ddnsguard::models
