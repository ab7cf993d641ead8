#pragma once
// Change-hazard model (DESIGN §3): the rate λ(t) at which the public address changes,
// learned from interval-censored changes. Pure: Eigen and std only, time as numbers.
//
// log λ(t) = β·x(t), with x(t) = [1, time-of-day harmonics, day-of-week harmonics,
// bumps of the time since the last change at the typical renewal periods (24 h, 48 h, ...)].
// Fitted as a ridge-penalised Poisson regression on time bins by IRLS (Eigen LDLT). Each
// change is known only to lie in (lo, hi]; its unit weight is spread over the bins it may
// fall in, in proportion to the current fit (a few EM rounds, starting uniform).

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
  Seconds bin = 900;
  double ridge = 2.0;  // penalty on every coefficient but the intercept
  int day_harmonics = 4;
  int week_harmonics = 2;
  std::vector<double> renewal_hours{24, 48, 72};
  double renewal_width_s = 1800;
  int em_rounds = 3;
  int max_irls_iterations = 30;
  Seconds max_history = Seconds{400} * 86400;
  int min_changes_to_fit = 2;  // fewer: the flat estimate below
};

// UTC seconds -> local wall-clock seconds (UTC plus the zone's offset at that instant).
// Must be deterministic; the identity means UTC.
using LocalTime = std::function<Seconds(Seconds utc)>;

class HazardModel {
 public:
  // Never produces NaN or infinity: empty, single-change, contradictory or backwards
  // evidence falls back to a flat rate of (changes + 0.5) / (observed days + 2) per day.
  // `warm`, when given and fitted with the same settings, is the starting point of the
  // iterations (a refit after a day's new evidence converges in a few steps).
  static HazardModel fit(const HazardEvidence& evidence, const HazardSettings& settings,
                         const LocalTime& local, const HazardModel* warm = nullptr);
  // A flat rate (changes per day), e.g. at cold start.
  static HazardModel flat(double changes_per_day, const HazardSettings& settings);

  // Expected changes per second at `t`, given the last change time (nullopt: unknown).
  double rate(Seconds t, std::optional<Seconds> last_change, const LocalTime& local) const;
  // Expected changes in each of `bins` consecutive bins of `bin_s` seconds from `from`.
  Eigen::VectorXd forecast(Seconds from, int bins, Seconds bin_s,
                           std::optional<Seconds> last_change, const LocalTime& local) const;

  bool is_flat() const { return m_beta.size() == 0; }
  int evidence_count() const { return m_evidence; }
  const Eigen::VectorXd& coefficients() const { return m_beta; }

 private:
  HazardModel(HazardSettings s, Eigen::VectorXd beta, double flat_rate, int evidence)
      : m_settings(std::move(s)), m_beta(std::move(beta)), m_flat_rate(flat_rate),
        m_evidence(evidence) {}
  HazardSettings m_settings;
  Eigen::VectorXd m_beta;  // empty when flat
  double m_flat_rate;      // per second, used when flat
  int m_evidence;
};

// The feature vector at `t` (exposed for tests).
Eigen::VectorXd hazard_features(Seconds t, std::optional<Seconds> last_change,
                                const HazardSettings& s, const LocalTime& local);

}  // namespace ddnsguard::models
