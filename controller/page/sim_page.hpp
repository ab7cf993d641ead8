#pragma once
// `simulate --html`: the picture that explains adaptive polling for one trace. The true
// changes, the checks made (planned within the budget, or forced by an event) and each
// change's detection delay on one timeline; the learnt hazard beside the check density by
// hour of the week. Self-contained HTML like the status page (no script, no remote load).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "controller/page/page_data.hpp"

namespace ddnsguard::controller {

struct SimPicture {
  std::string title;  // the trace and the mode
  double days = 0;
  std::vector<std::pair<std::string, std::string>> facts;  // ("checks", "288.0/day"), ...
  struct Check {
    double t = 0;  // seconds after the trace's start
    bool event = false;
  };
  struct Change {
    double t = 0;
    std::optional<double> delay_s;  // nullopt: never detected
  };
  std::vector<Check> checks;
  std::vector<Change> changes;
  HeatmapData heatmap;
};

// Checks per bin (budget and event stacked, classes "bar budget" / "bar event"), true
// changes ("truth"; "missed" when never seen) and their delays ("delay") below.
std::string simulation_timeline_svg(const SimPicture& p);

std::string render_simulation_page(const SimPicture& p);

}  // namespace ddnsguard::controller
