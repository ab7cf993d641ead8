#pragma once
// Change-hazard model (DESIGN §3): the rate λ(t) at which the public address changes,
// learnt from interval-censored changes. Pure: Eigen and std only, time as numbers.
//
// A mixture of kernel experts, each a rate as a function of one feature of time: flat; the
// local time of day; the local time of the week; the time since the last change (0 to 8
// days on a 5-minute grid: any re-dial period, storms just after a change, and timers that
// drift against the clock). Each grid is smoothed at several bandwidths, from one bin (a
// reconnect at a fixed clock minute stays a sharp peak) to hours, and each remembers at two
// speeds (evidence fades with a time constant of a week or of two months, so a schedule
// that moves is followed within a few changes). The experts are weighted by how well each
// predicted what came next (prequential interval-censored Poisson likelihood, itself
// fading), with a small floor so that none is ever written off.
//
// The model learns incrementally in time order: `update` takes the changes seen since the
// last call, so a daemon refits in microseconds and a year fits in milliseconds.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "models/hazard_grid.hpp"
#include "models/mixture_weights.hpp"

namespace ddnsguard::models {

// A change seen at `hi` whose last check with the old address was at `lo` (lo <= hi).
struct CensoredChange {
  Seconds lo;
  Seconds hi;
};

struct HazardEvidence {
  std::vector<CensoredChange> changes;  // any order
  Seconds observed_from = 0;            // first check: exposure starts here
  Seconds observed_to = 0;              // now: exposure ends here
};

struct HazardSettings {
  Seconds step = 300;                        // resolution of exposure, grids and forecasts
  Seconds since_horizon = 8 * 86400;         // the time-since grid; older ages share one bin
  std::vector<int> day_widths{0, 1, 3, 12};  // kernel half-widths in steps (triangle ±2w)
  std::vector<int> week_widths{3, 12};
  std::vector<int> since_widths{0, 1, 3, 12};
  std::vector<Seconds> memories{3 * 86400, 60 * 86400};  // evidence time constants
  Seconds track_record_memory = 30 * 86400;              // the experts' scores fade so
  double prior_steps = 2.0;    // a bin's pull towards the flat rate, in steps of exposure
  double weight_floor = 0.02;  // posterior weights: share spread evenly over all experts
  // The experts' weights: those of the superposition that maximise the likelihood of the
  // past (MixtureWeights: a flat background can stay under a peaked expert), or each
  // expert's posterior weight (one expert wins), whichever predicted what followed better
  // (WeightingRace); false: posterior weights only.
  bool likelihood_weights = true;
  int em_steps = 8;           // per refresh, warm-started
  double weight_prior = 1.0;  // expected changes' worth, spread evenly over the experts
  Seconds refresh = 86400;    // the experts' tables are recomputed this often while learning
  // ... and this often while catching up on history more than `catch_up_after` before the
  // update's end: a restart learns a year in one go, and the experts are compared on tables
  // at most this old (all of them alike) where the exact day matters little.
  Seconds catch_up_refresh = 10 * 86400;
  Seconds catch_up_after = 7 * 86400;
  int min_changes_to_fit = 2;  // fewer: a flat rate of (changes + 0.5) / (days + 2)
};

// UTC seconds -> local wall-clock seconds (UTC plus the zone's offset at that instant).
// Must be deterministic; the identity means UTC.
using LocalTime = std::function<Seconds(Seconds utc)>;

// One expert's share of the mixture, for explanations ("time of day ±10m, 2-month memory").
struct ExpertWeight {
  std::string name;
  double weight = 0;
};

class HazardModel {
 public:
  // Learns from scratch. Never produces NaN or infinity: empty, single-change,
  // contradictory or backwards evidence gives a flat rate.
  static HazardModel fit(const HazardEvidence& evidence, const HazardSettings& settings,
                         const LocalTime& local);
  // A flat rate (changes per day), e.g. at cold start.
  static HazardModel flat(double changes_per_day, const HazardSettings& settings);

  // Learning from `start` (the first check) with nothing seen yet.
  HazardModel(HazardSettings settings, LocalTime local, Seconds start);

  // Adds the exposure up to `to` and the changes seen since the last call (`hi` after the
  // last call's `to`; earlier ones are ignored, a `lo` before it is moved up to it). Cheap:
  // only the new time is processed.
  void update(std::vector<CensoredChange> changes, Seconds to);

  // Expected changes per second at `t`, given when the last change was seen (nullopt:
  // unknown).
  double rate(Seconds t, std::optional<Seconds> last_change) const;
  // Expected changes in each of `bins` consecutive bins of `bin_s` seconds from `from`,
  // counting that the next change restarts the time since the last one.
  Eigen::VectorXd forecast(Seconds from, int bins, Seconds bin_s,
                           std::optional<Seconds> last_change) const;

  // True while the flat experts hold at least half of the mixture (or too few changes).
  bool is_flat() const;
  int evidence_count() const { return m_changes; }
  Seconds learnt_to() const { return m_to; }
  // When the last change learnt was seen (changes seen together count once).
  std::optional<Seconds> last_change() const { return m_last; }
  // The experts by weight, largest first; empty before the first fit.
  std::vector<ExpertWeight> weights() const;
  // "time since change ±10m (2-month memory) 64%, time of day ±5m (1-week memory) 20%".
  std::string describe(int top = 2) const;

 private:
  static constexpr std::size_t k_flat = static_cast<std::size_t>(-1);  // an expert with no grid
  struct Expert {
    std::size_t memory;    // index into m_settings.memories
    std::size_t evidence;  // index into m_evidence, or none: a flat rate
    int width;             // kernel half-width in steps
    std::string name;
    GridRates rates;
    double score = 0;  // fading log-likelihood
  };
  struct Pending {  // the steps of the change interval being observed
    std::vector<std::pair<GridPoint, double>> steps;  // where, seconds inside (lo, hi]
    std::vector<double> lambda;                       // per expert
  };

  void add_experts();
  void advance_to(Seconds t, const CensoredChange* change, Seconds until);
  void close_change(const CensoredChange& change);
  void refresh_tables(bool catching_up = false);
  void combine();
  std::vector<double> posterior_weights() const;
  double expert_rate(const Expert& e, const GridPoint& p) const;
  double mixture_rate(const GridPoint& p) const;
  double growth(std::size_t memory, Seconds t) const;
  GridPoint point(Seconds t, std::optional<Seconds> last) const;

  HazardSettings m_settings;
  LocalTime m_local;
  Seconds m_from;
  Seconds m_to;
  Seconds m_refreshed = 0;
  std::optional<Seconds> m_last;  // the last change seen, as the since grid counts it
  int m_changes = 0;
  int m_since_bins = 0;
  std::vector<GridEvidence> m_evidence;              // per grid per memory, memory-major
  std::vector<Seconds> m_base;                       // per memory: where growth is 1
  std::vector<double> m_flat_mass, m_flat_exposure;  // per memory
  std::vector<double> m_flat_rate;                   // per memory, per second
  std::vector<Expert> m_experts;
  std::vector<double> m_weights;
  std::vector<double> m_quiet;  // per expert: changes expected since the last refresh, none seen
  MixtureWeights m_mixture{0};
  WeightingRace m_race{0, 0};                     // likelihood-maximising against posterior
  std::vector<std::vector<double>> m_candidates;  // their weights since the last refresh
  std::optional<double> m_fixed_rate;             // per second: `flat()`
  Pending m_pending;
  struct Combined {             // the weighted sum of the experts, per grid
    std::vector<double> week;   // time of day and time of week experts
    std::vector<double> since;  // time since change experts
    double since_tail = 0, since_unknown = 0, flat = 0;
  } m_combined;
};

}  // namespace ddnsguard::models
