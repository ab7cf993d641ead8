#pragma once
// What the status page and the HTML report draw, gathered from the history store: the
// hour-of-week picture (changes seen, the model's learnt rate, checks made), the timeline
// of changes, updates, anomalies and failovers, and each provider's latency with the
// baseline band the detector uses. The charts (charts.hpp) take these, so they are tested
// on fixed data.

#include <array>
#include <string>
#include <vector>

#include "controller/store/history_store.hpp"
#include "models/hazard_model.hpp"

namespace ddnsguard::controller {

constexpr int k_hours_per_week = 168;

// Local hours of the week, Monday 00:00-01:00 first.
struct HeatmapData {
  std::array<double, k_hours_per_week> changes{};  // address changes seen in each hour
  std::array<double, k_hours_per_week> learnt{};   // the model's mean rate, changes per hour
  std::array<double, k_hours_per_week> checks{};   // checks made in each hour, on average
  int weeks = 0;                                   // whole weeks of history behind it
};

struct TimelineData {
  struct Change {
    TimePoint at;
    std::string family;  // ipv4, ipv6
    std::string address;
  };
  struct Update {
    TimePoint at;
    bool ok = false;
    std::string label;  // "cf home.example.com/A: auth"
  };
  struct Band {
    TimePoint from;
    TimePoint to;  // now while open
    bool open = false;
    std::string severity;
    std::string label;  // "auth_failure provider:cf"
  };
  struct Switch {
    TimePoint at;
    std::string label;
  };
  TimePoint from;
  TimePoint to;
  std::vector<Change> changes;
  std::vector<Update> updates;
  std::vector<Band> anomalies;
  std::vector<Switch> failovers;
};

struct LatencySeries {
  std::string provider;
  struct Bin {
    TimePoint at;        // the bin's end
    double median = 0;   // of the bin's successful calls, ms (0: none)
    double band_lo = 0;  // the detector's baseline then: median and 90th percentile
    double band_hi = 0;
  };
  std::vector<Bin> bins;
  std::vector<TimePoint> failures;  // failed calls
};

struct LatencyData {
  TimePoint from;
  TimePoint to;
  std::vector<LatencySeries> providers;
};

struct PageData {
  HeatmapData heatmap;
  TimelineData timeline;
  LatencyData latency;
};

// The hour-of-week picture alone (the simulator's HTML picture).
HeatmapData collect_heatmap(const HistoryStore& store, TimePoint since, TimePoint now,
                            const models::LocalTime& local);

// Gathers (since, now] from `store`; `local` maps UTC to the configured local time.
PageData collect_page_data(const HistoryStore& store, TimePoint since, TimePoint now,
                           const models::LocalTime& local);

// Local hour of the week (0 = Monday 00:00-01:00) of UTC seconds `utc`.
int hour_of_week(models::Seconds utc, const models::LocalTime& local);

}  // namespace ddnsguard::controller
