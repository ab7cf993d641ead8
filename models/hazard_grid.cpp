#include "models/hazard_grid.hpp"

#include <algorithm>

namespace ddnsguard::models {

namespace {

constexpr Seconds k_day = 86400;

Seconds floor_mod(Seconds a, Seconds m) {
  return ((a % m) + m) % m;
}

// A moving sum over 2h+1 bins (a box), circular or truncated at the ends: one running
// sum, so O(n) whatever h (h < n). Clamped at 0 against rounding.
std::vector<double> box(const std::vector<double>& in, int h, bool circular) {
  auto n = static_cast<int>(in.size());
  if (h <= 0 || n == 0) return in;
  // padded[j] = in[j - h], wrapped or 0 outside
  std::vector<double> padded(static_cast<std::size_t>(n + 2 * h + 1), 0.0);
  for (int j = 0; j < n + 2 * h + 1; ++j) {
    int i = j - h;
    if (i >= 0 && i < n) {
      padded[static_cast<std::size_t>(j)] = in[static_cast<std::size_t>(i)];
    } else if (circular) {
      padded[static_cast<std::size_t>(j)] = in[static_cast<std::size_t>(i < 0 ? i + n : i - n)];
    }
  }
  double s = 0;
  for (int j = 0; j <= 2 * h; ++j)
    s += padded[static_cast<std::size_t>(j)];
  std::vector<double> out(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    out[i] = std::max(s, 0.0);
    s += padded[i + 2 * static_cast<std::size_t>(h) + 1] - padded[i];
  }
  return out;
}

}  // namespace

GridPoint grid_point(Seconds utc, Seconds local, std::optional<Seconds> last, Seconds step,
                     int since_bins) {
  GridPoint p;
  Seconds in_day = floor_mod(local, k_day);
  p.day = static_cast<int>(in_day / step);
  Seconds weekday = floor_mod((local - in_day) / k_day + 3, 7);  // 0 = Monday
  p.week = static_cast<int>((weekday * k_day + in_day) / step);
  if (last && utc >= *last) {
    Seconds bin = (utc - *last) / step;
    p.since = bin < since_bins ? static_cast<int>(bin) : k_since_tail;
  }
  return p;
}

int grid_bins(GridKind kind, Seconds step, int since_bins) {
  switch (kind) {
  case GridKind::time_of_day:
    return static_cast<int>(k_day / step);
  case GridKind::time_of_week:
    return static_cast<int>(7 * k_day / step);
  case GridKind::since_change:
    return since_bins;
  }
  return 1;
}

void GridEvidence::add(std::optional<int> bin, double change_mass, double exposure_s) {
  if (!bin) return;
  if (*bin == k_since_tail || *bin < 0 || *bin >= static_cast<int>(mass.size())) {
    tail_mass += change_mass;
    tail_exposure += exposure_s;
    return;
  }
  mass[static_cast<std::size_t>(*bin)] += change_mass;
  exposure[static_cast<std::size_t>(*bin)] += exposure_s;
}

void GridEvidence::scale(double k) {
  for (auto& v : mass)
    v *= k;
  for (auto& v : exposure)
    v *= k;
  tail_mass *= k;
  tail_exposure *= k;
}

GridRates smooth_rates(const GridEvidence& ev, int half_width, double prior_exposure, double rate0,
                       bool circular) {
  // Two passes of a box make a triangle: smooth, and each pass is one running sum. Wider than
  // half the grid, a circular box would count bins twice.
  half_width = std::clamp(half_width, 0, (static_cast<int>(ev.mass.size()) - 1) / 2);
  auto m = box(box(ev.mass, half_width, circular), half_width, circular);
  auto e = box(box(ev.exposure, half_width, circular), half_width, circular);
  GridRates out;
  out.rate.resize(m.size());
  double scale = half_width > 0 ? static_cast<double>((2 * half_width + 1) * (2 * half_width + 1))
                                : 1.0;  // the kernel's total weight
  for (std::size_t i = 0; i < m.size(); ++i)
    out.rate[i] = (m[i] + prior_exposure * scale * rate0) / (e[i] + prior_exposure * scale);
  out.tail = (ev.tail_mass + prior_exposure * rate0) / (ev.tail_exposure + prior_exposure);
  return out;
}

}  // namespace ddnsguard::models
