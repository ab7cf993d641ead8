#pragma once
// Kernel hazard estimates on one grid (DESIGN §3): the change rate as a function of one
// feature of time (the local time of day, the local time of the week, or the time since
// the last change), estimated as smoothed change mass over smoothed exposure in each bin,
// pulled towards a flat rate where there is little exposure. Pure: std only.

#include <cstdint>
#include <optional>
#include <vector>

namespace ddnsguard::models {

using Seconds = std::int64_t;  // seconds since the Unix epoch, UTC

enum class GridKind { time_of_day, time_of_week, since_change };

// Where one instant falls on each grid. `since` is empty while no change has been seen, and
// k_since_tail for ages beyond the grid (one shared bin, never smoothed with the others).
struct GridPoint {
  int day = 0;
  int week = 0;
  std::optional<int> since;
};
constexpr int k_since_tail = -1;

// `local` is the local wall-clock time of `utc`; `last` the last change seen (or none).
GridPoint grid_point(Seconds utc, Seconds local, std::optional<Seconds> last, Seconds step,
                     int since_bins);

// Bins of a grid at `step` resolution: a day, a week, or the time-since horizon.
int grid_bins(GridKind kind, Seconds step, int since_bins);

// The bin of `p` on a grid of `kind` (k_since_tail or, when no change was seen, nullopt).
// Inline: the fit asks it for every expert at every step.
inline std::optional<int> bin_of(GridKind kind, const GridPoint& p) {
  switch (kind) {
  case GridKind::time_of_day:
    return p.day;
  case GridKind::time_of_week:
    return p.week;
  case GridKind::since_change:
    return p.since;
  }
  return std::nullopt;
}

// Change mass and exposure per bin of one grid, both weighted by the same growing factor
// (forgetting: the weights cancel in the ratio, so old evidence fades without rescaling).
struct GridEvidence {
  GridKind kind = GridKind::time_of_day;
  std::vector<double> mass;
  std::vector<double> exposure;
  double tail_mass = 0;
  double tail_exposure = 0;

  GridEvidence(GridKind k, int bins)
      : kind(k), mass(static_cast<std::size_t>(bins)), exposure(static_cast<std::size_t>(bins)) {}
  // Adds to `bin` (k_since_tail: the tail; nullopt: nowhere).
  void add(std::optional<int> bin, double change_mass, double exposure_s);
  void scale(double k);  // every weight times k
};

// Per-bin rates (changes per second): (K*mass + prior·rate0) / (K*exposure + prior), K a
// triangular kernel of half-width 2·`half_width` bins (0: no smoothing), circular for the
// day and the week. `prior_exposure` is in the evidence's weighted seconds; `rate0` > 0.
struct GridRates {
  std::vector<double> rate;
  double tail = 0;
};
GridRates smooth_rates(const GridEvidence& ev, int half_width, double prior_exposure, double rate0,
                       bool circular);

}  // namespace ddnsguard::models
