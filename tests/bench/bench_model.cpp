// Times the hazard-model fit on a year of history and one planner call (release build).
// Run by tools/bench_model.sh. A measurement, not a test.

#include <chrono>
#include <cstdio>
#include <vector>

#include "models/hazard_model.hpp"
#include "models/poll_planner.hpp"

using namespace ddnsguard::models;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

}  // namespace

int main() {
  const Seconds start = 1767225600;
  HazardEvidence ev{{}, start, start + 365 * 86400};
  for (int d = 0; d < 365; ++d) {  // a nightly change, seen by 5-minute checks
    Seconds t = start + d * 86400 + 3 * 3600 + (d * 37) % 1200;
    ev.changes.push_back({t - t % 300, t - t % 300 + 300});
  }
  const LocalTime utc = [](Seconds t) { return t; };
  constexpr int k_runs = 5;
  double best_fit = 1e9;
  std::optional<HazardModel> model;
  for (int i = 0; i < k_runs; ++i) {
    auto t0 = Clock::now();
    model = HazardModel::fit(ev, HazardSettings{}, utc);
    best_fit = std::min(best_fit, ms_since(t0));
  }
  auto forecast = model->forecast(ev.observed_to, 288, 300, ev.changes.back().hi);
  constexpr int k_calls = 10000;
  auto t0 = Clock::now();
  double sink = 0;
  for (int i = 0; i < k_calls; ++i) {
    PlannerInput in{forecast,
                    std::chrono::seconds{300},
                    288.0,
                    std::chrono::seconds{10},
                    std::chrono::seconds{1800},
                    static_cast<double>(i % 200),
                    std::nullopt};
    sink += static_cast<double>(plan_next_check(in).delay.count());
  }
  double per_call_us = ms_since(t0) * 1000.0 / k_calls;
  std::printf("hazard fit, 365 days (35040 bins, 365 changes): best of %d = %.1f ms\n", k_runs,
              best_fit);
  std::printf("planner call (288-bin forecast): %.1f us per call (checksum %.0f)\n", per_call_us,
              sink);
  return 0;
}
