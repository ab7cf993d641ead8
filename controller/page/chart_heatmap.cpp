#include <algorithm>

#include <fmt/format.h>

#include "controller/page/charts.hpp"
#include "controller/page/svg.hpp"

namespace ddnsguard::controller {

namespace {

constexpr int k_cell = 11;
constexpr int k_left = 30;                 // the day names
constexpr int k_panel = 24 * k_cell + 16;  // one grid and the gap after it
constexpr int k_top = 18;                  // the titles
constexpr const char* k_days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

std::string panel(const std::array<double, k_hours_per_week>& v, int left, const char* title,
                  const char* cls, const char* unit) {
  std::string out = fmt::format(R"(<text class="title" x="{}" y="12">{}</text>)", left, title);
  double max = *std::max_element(v.begin(), v.end());
  for (int d = 0; d < 7; ++d) {
    for (int h = 0; h < 24; ++h) {
      double x = v[d * 24 + h];
      double opacity = max > 0 && x > 0 ? std::max(0.12, x / max) : 0.0;
      out += fmt::format(
          R"(<rect class="cell {}" x="{}" y="{}" width="{}" height="{}" fill-opacity="{}"><title>{} {:02}:00 {:.3g} {}</title></rect>)",
          cls, left + h * k_cell, k_top + d * k_cell, k_cell - 1, k_cell - 1, num(opacity),
          k_days[d], h, x, unit);
    }
  }
  for (int h = 0; h < 24; h += 6) {
    out += fmt::format(R"(<text class="axis" x="{}" y="{}">{:02}</text>)", left + h * k_cell,
                       k_top + 7 * k_cell + 11, h);
  }
  return out;
}

}  // namespace

std::string heatmap_svg(const HeatmapData& data) {
  int width = k_left + 3 * k_panel;
  int height = k_top + 7 * k_cell + 14;
  std::string out = fmt::format(
      R"(<svg class="chart heatmap" viewBox="0 0 {} {}" role="img" aria-label="hour-of-week heat map">)",
      width, height);
  for (int d = 0; d < 7; ++d) {
    out += fmt::format(R"(<text class="axis" x="0" y="{}">{}</text>)", k_top + d * k_cell + 9,
                       k_days[d]);
  }
  out += panel(data.changes, k_left, "changes seen", "seen", "changes");
  out += panel(data.learnt, k_left + k_panel, "learnt rate", "learnt", "changes/hour");
  out += panel(data.checks, k_left + 2 * k_panel, "checks made", "checks", "checks/hour");
  out += "</svg>";
  return out;
}

}  // namespace ddnsguard::controller
