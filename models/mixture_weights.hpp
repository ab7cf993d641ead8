#pragma once
// The weights of a superposition of rate experts, sum(w_e * rate_e), that maximise the
// fading prequential interval-censored likelihood of what was observed: every stretch
// without a change scores -w.L, every change interval log(1 - e^-w.L), L the experts'
// expected counts over it as forecast at the time. Unlike posterior weights (one expert
// wins), the fit can keep a flat background under a peaked expert (a nightly re-dial plus
// random outages), and it calibrates the sum's scale. A weak prior (`prior` expected
// changes' worth, spread evenly) keeps every weight defined. Fitted by EM steps (each one
// raises the likelihood), warm-started. Pure.

#include <cstddef>
#include <vector>

namespace ddnsguard::models {

class MixtureWeights {
 public:
  // `max_rows`: change intervals kept (the oldest are dropped first; the fit takes them to
  // have been like the ones kept).
  explicit MixtureWeights(std::size_t experts, double prior = 1.0, std::size_t max_rows = 2048);

  // Expert `e` expected `lambda` changes over a stretch that had none.
  void quiet(std::size_t e, double lambda) { m_quiet[e] += lambda; }
  // A change interval: what each expert expected over it.
  void changed(std::vector<double> lambda);
  // Old evidence counts `factor` (0..1] as much from now on.
  void fade(double factor);
  // Refits from the current weights with `steps` EM steps; returns the weights (>= 1e-9).
  const std::vector<double>& fit(int steps);
  const std::vector<double>& weights() const { return m_w; }
  std::size_t rows() const { return m_rows.size(); }

 private:
  struct Row {
    double weight = 1;  // faded
    std::vector<double> lambda;
  };
  double m_prior;
  std::size_t m_max_rows;
  std::vector<double> m_quiet;
  std::vector<Row> m_rows;  // oldest first
  std::size_t m_first = 0;  // ring start once full
  double m_evicted = 0;     // faded weight of the rows dropped
  std::vector<double> m_w;
};

// Candidate weightings of the same experts (e.g. likelihood-maximising and posterior),
// each judged on what followed its choice: between two settles, the mixture each candidate
// chose is scored on the stretch that came next (the same interval-censored likelihood,
// fading). The one with the better record is used. Pure.
class WeightingRace {
 public:
  WeightingRace(std::size_t experts, std::size_t candidates);

  // Expert `e` expected `lambda` changes over a stretch without one, since the last settle.
  void quiet(std::size_t e, double lambda) { m_quiet[e] += lambda; }
  // A change interval since the last settle: what each expert expected over it.
  void changed(const std::vector<double>& lambda) { m_changes.push_back(lambda); }
  // Scores `used` (each candidate's weights since the last settle) on what came since,
  // after fading the old scores by `fade`; then starts a new stretch.
  void settle(const std::vector<std::vector<double>>& used, double fade);
  // The candidate with the best record (the first on a tie).
  std::size_t best() const;
  const std::vector<double>& scores() const { return m_scores; }

 private:
  std::vector<double> m_quiet;
  std::vector<std::vector<double>> m_changes;
  std::vector<double> m_scores;
};

}  // namespace ddnsguard::models
