#include "controller/page/sim_page.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "controller/page/charts.hpp"
#include "controller/page/page_style.hpp"
#include "controller/page/status_page.hpp"
#include "controller/page/svg.hpp"

namespace ddnsguard::controller {

namespace {

constexpr double k_left = 80;
constexpr double k_width = 900;
constexpr double k_plot = k_width - k_left - 30;
constexpr int k_bins = 200;
constexpr double k_bars_h = 60;   // the check bars
constexpr double k_truth_y = 96;  // the row of true changes
constexpr double k_delay_top = 116;
constexpr double k_delay_h = 60;

std::string check_bars(const SimPicture& p, double span) {
  std::vector<int> budget(k_bins, 0), event(k_bins, 0);
  for (const auto& c : p.checks) {
    auto b = std::clamp(static_cast<int>(c.t / span * k_bins), 0, k_bins - 1);
    ++(c.event ? event : budget)[b];
  }
  int max = 1;
  for (int b = 0; b < k_bins; ++b)
    max = std::max(max, budget[b] + event[b]);
  std::string out = fmt::format(R"(<text class="axis" x="0" y="14">checks</text>)"
                                R"(<text class="axis" x="0" y="28">max {}/bin</text>)",
                                max);
  double w = k_plot / k_bins;
  for (int b = 0; b < k_bins; ++b) {
    double hb = budget[b] * k_bars_h / max, he = event[b] * k_bars_h / max;
    double x = k_left + b * w;
    if (budget[b] > 0)
      out += fmt::format(R"(<rect class="bar budget" x="{}" y="{}" width="{}" height="{}"/>)",
                         num(x), num(k_bars_h - hb), num(w), num(hb));
    if (event[b] > 0)
      out += fmt::format(R"(<rect class="bar event" x="{}" y="{}" width="{}" height="{}"/>)",
                         num(x), num(k_bars_h - hb - he), num(w), num(he));
  }
  return out;
}

std::string changes_and_delays(const SimPicture& p, double span) {
  double max_delay = 60;
  for (const auto& c : p.changes)
    max_delay = std::max(max_delay, c.delay_s.value_or(0));
  std::string out = fmt::format(
      R"(<text class="axis" x="0" y="{}">changes</text><text class="axis" x="0" y="{}">delay</text><text class="axis" x="0" y="{}">{} min</text>)",
      num(k_truth_y + 4), num(k_delay_top + 10), num(k_delay_top + 24), num(max_delay / 60));
  out +=
      fmt::format(R"(<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>)", num(k_left),
                  num(k_left + k_plot), num(k_delay_top + k_delay_h), num(k_delay_top + k_delay_h));
  for (const auto& c : p.changes) {
    double x = k_left + std::clamp(c.t / span, 0.0, 1.0) * k_plot;
    out += fmt::format(R"(<circle class="{}" cx="{}" cy="{}" r="3"><title>{}</title></circle>)",
                       c.delay_s ? "truth" : "truth missed", num(x), num(k_truth_y),
                       c.delay_s ? fmt::format("seen after {:.0f} s", *c.delay_s)
                                 : std::string("never seen"));
    if (!c.delay_s) continue;
    double h = *c.delay_s / max_delay * k_delay_h;
    out += fmt::format(R"(<rect class="delay" x="{}" y="{}" width="2" height="{}"/>)", num(x - 1),
                       num(k_delay_top + k_delay_h - h), num(std::max(h, 0.5)));
  }
  return out;
}

std::string facts_table(const SimPicture& p) {
  std::string out = "<table id=\"facts\">";
  for (const auto& [k, v] : p.facts)
    out += fmt::format("<tr><th>{}</th><td>{}</td></tr>", xml_escape(k), xml_escape(v));
  return out + "</table>";
}

}  // namespace

std::string simulation_timeline_svg(const SimPicture& p) {
  double span = std::max(1.0, p.days * 86400.0);
  double height = k_delay_top + k_delay_h + 20;
  std::string out = fmt::format(
      R"(<svg class="chart simulation" viewBox="0 0 {} {}" role="img" aria-label="checks, changes and delays">)",
      num(k_width), num(height));
  out += check_bars(p, span) + changes_and_delays(p, span);
  auto every = std::max(1.0, std::ceil(p.days / 6));
  for (double d = 0; d <= p.days; d += every) {
    out += fmt::format(R"(<text class="axis tick" x="{}" y="{}">day {}</text>)",
                       num(k_left + d / std::max(p.days, 1e-9) * k_plot), num(height - 4), num(d));
  }
  return out + "</svg>";
}

std::string render_simulation_page(const SimPicture& p) {
  std::string out =
      fmt::format("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                  "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">"
                  "<meta name=\"color-scheme\" content=\"light dark\">"
                  "<title>ddnsguard simulation · {}</title><style>{}</style></head><body>",
                  k_page_csp, xml_escape(p.title), k_page_style);
  out += fmt::format("<h1>Simulation: {}</h1>", xml_escape(p.title)) + facts_table(p);
  out += "<h2>Checks, true changes and how long each took to see</h2>" + simulation_timeline_svg(p);
  out += "<h2>Learnt hazard and check density by hour of the week</h2>" + heatmap_svg(p.heatmap);
  return out + "</body></html>\n";
}

}  // namespace ddnsguard::controller
