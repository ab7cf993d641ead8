#pragma once
// The status page's charts, drawn as inline SVG by hand: no script, no external asset,
// colours from the page's stylesheet (classes), so they follow its light or dark theme.
// Pure: the same data gives the same bytes (golden tests).

#include <string>

#include "controller/page/page_data.hpp"

namespace ddnsguard::controller {

// Three 7×24 grids (Monday first, local hours): changes seen, the learnt rate, checks made.
std::string heatmap_svg(const HeatmapData& data);

// Changes per family (class "change"), updates ("update ok" / "update failed"), failover
// switches ("failover") and anomalies as bands ("anomaly <severity>") over time.
std::string timeline_svg(const TimelineData& data);

// One row per provider: the median latency per bin as a line, the detector's baseline
// band (median to 90th percentile) behind it, failed calls as marks ("call-failed").
std::string latency_svg(const LatencyData& data);

}  // namespace ddnsguard::controller
