#pragma once
// Change-hazard model (DESIGN §3): the rate λ(t) at which the public address changes,
// learned from interval-censored changes. Pure: Eigen and std only, time as numbers.
//
// log λ(t) = b + day[time-of-day bin] + week[weekday] + since[bin of the time since the
// last change: its first hours, and near 24 h, 48 h, ...]: an additive model on fine bins
// (30 minutes of the local day; 5 minutes around each renewal period), so a forced
// reconnect in a narrow night window or a re-dial 24 h after the session began shows up
// as a sharp peak.
// Fitted as a penalised Poisson regression on exposure bins by IRLS (Eigen LDLT): a ridge
// pulls every effect towards "no effect" and a first-difference penalty makes
// neighbouring bins alike. Each change is known only to lie in (lo, hi]; its unit weight
// is spread over the bins it may fall in, in proportion to the current fit (a few EM
// rounds, starting uniform). The profile is kept only when it explains the changes
// better than a flat rate by more than its effective degrees of freedom (an AIC test on
// the interval-censored likelihood): memoryless changes give a flat model.

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include <Eigen/Dense>

namespace ddnsguard::models {

using Seconds = std::int64_t;  // seconds since the Unix epoch, UTC

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
  Seconds bin = 300;  // exposure bins of the fit
  int day_bins = 48;  // time-of-day resolution (30 minutes)
  bool weekday = true;
  Seconds recent_window_s = 4 * 3600;  // just after a change: a storm, or a quiet spell
  Seconds recent_bin_s = 900;
  // Timers counted from the session start: a bump of one learnt shape (± the window
  // around each multiple of the period) with its own level at each multiple (24 h, 48 h,
  // ... 168 h: the periods German and Chinese lines use).
  Seconds renewal_period_s = 86400;
  int renewal_multiples = 7;  // 0: no timer effect
  Seconds renewal_window_s = 2 * 3600;
  Seconds renewal_bin_s = 300;
  // Penalties: a ridge pulls each bin's effect towards zero, a first-difference penalty
  // makes neighbouring bins alike. The time of day is held broader than the time since
  // the last change, so that a timer counted from the session start is credited to the
  // timer (and followed at once when an outage moves it), not to the clock.
  double day_ridge = 3.0;
  double day_smoothness = 8.0;
  double since_ridge = 0.5;
  double since_smoothness = 1.0;
  double weekday_ridge = 8.0;     // weekdays differ only on strong evidence
  double level_ridge = 1.0;       // every multiple alike unless the evidence says otherwise
  double structure_margin = 2.0;  // log-likelihood the profile must gain beyond its cost
  int em_rounds = 3;
  int max_irls_iterations = 30;
  int warm_irls_iterations = 3;  // per EM round when starting from the last fit
  Seconds max_history = Seconds{400} * 86400;
  int min_changes_to_fit = 3;  // fewer: the flat estimate below
};

// UTC seconds -> local wall-clock seconds (UTC plus the zone's offset at that instant).
// Must be deterministic; the identity means UTC.
using LocalTime = std::function<Seconds(Seconds utc)>;

class HazardModel {
 public:
  // Never produces NaN or infinity: empty, single-change, contradictory or backwards
  // evidence falls back to a flat rate of (changes + 0.5) / (observed days + 2) per day,
  // as does evidence with no profile worth its parameters. `warm`, when given and fitted
  // with the same settings, is the starting point of the iterations (a refit after a
  // day's new evidence converges in a few steps).
  static HazardModel fit(const HazardEvidence& evidence, const HazardSettings& settings,
                         const LocalTime& local, const HazardModel* warm = nullptr);
  // A flat rate (changes per day), e.g. at cold start.
  static HazardModel flat(double changes_per_day, const HazardSettings& settings);

  // Expected changes per second at `t`, given when the last change was seen (nullopt:
  // unknown).
  double rate(Seconds t, std::optional<Seconds> last_change, const LocalTime& local) const;
  // Expected changes in each of `bins` consecutive bins of `bin_s` seconds from `from`.
  Eigen::VectorXd forecast(Seconds from, int bins, Seconds bin_s,
                           std::optional<Seconds> last_change, const LocalTime& local) const;

  bool is_flat() const { return m_beta.size() == 0; }
  int evidence_count() const { return m_evidence; }
  // Log-likelihood the fitted profile gained over a flat rate, net of its effective
  // degrees of freedom (0 when not tested; at most structure_margin when flat).
  double structure_gain() const { return m_gain; }

 private:
  HazardModel(HazardSettings s, Eigen::VectorXd beta, double flat_rate, int evidence)
      : m_settings(std::move(s)), m_beta(std::move(beta)), m_flat_rate(flat_rate),
        m_evidence(evidence) {}
  HazardSettings m_settings;
  Eigen::VectorXd m_beta;  // empty when flat
  double m_flat_rate;      // per second, used when flat
  int m_evidence;
  double m_gain = 0;
  Eigen::VectorXd m_warm;  // the last profile, even when rejected: the next fit starts there
};

}  // namespace ddnsguard::models
