#include <algorithm>

#include <fmt/format.h>

#include "controller/page/charts.hpp"
#include "controller/page/svg.hpp"

namespace ddnsguard::controller {

namespace {

constexpr double k_left = 70;
constexpr double k_width = 900;
constexpr double k_plot = k_width - k_left - 10;
constexpr double k_panel = 90;
constexpr double k_inner = 70;

struct Frame {
  TimePoint from;
  double span_s;
  double top;
  double max_ms;
  double x(TimePoint t) const {
    auto s = std::chrono::duration<double>(t - from).count();
    return k_left + std::clamp(s / span_s, 0.0, 1.0) * k_plot;
  }
  double y(double ms) const { return top + k_inner - std::min(ms / max_ms, 1.0) * k_inner; }
};

std::string series(const LatencySeries& s, const Frame& f) {
  std::string out = fmt::format(R"(<text class="title" x="0" y="{}">{}</text>)", num(f.top + 10),
                                xml_escape(s.provider));
  out += fmt::format(R"(<text class="axis" x="0" y="{}">{} ms</text>)", num(f.top + 26),
                     num(f.max_ms));
  out += fmt::format(R"(<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>)", num(k_left),
                     num(k_left + k_plot), num(f.y(0)), num(f.y(0)));
  if (!s.bins.empty()) {
    std::string upper, lower, line;
    for (const auto& b : s.bins)
      upper += fmt::format("{},{} ", num(f.x(b.at)), num(f.y(b.band_hi)));
    for (auto it = s.bins.rbegin(); it != s.bins.rend(); ++it)
      lower += fmt::format("{},{} ", num(f.x(it->at)), num(f.y(it->band_lo)));
    for (const auto& b : s.bins)
      line += fmt::format("{},{} ", num(f.x(b.at)), num(f.y(b.median)));
    out += fmt::format(R"(<polygon class="band" points="{}{}"/>)", upper, lower);
    out += fmt::format(R"(<polyline class="latency" points="{}"/>)", line);
  }
  for (const auto& t : s.failures) {
    out += fmt::format(R"(<rect class="call-failed" x="{}" y="{}" width="3" height="8"/>)",
                       num(f.x(t) - 1.5), num(f.top + k_inner + 4));
  }
  return out;
}

double top_of_scale(const LatencySeries& s) {
  double max = 50;
  for (const auto& b : s.bins)
    max = std::max({max, b.median, b.band_hi});
  for (double step : {100.0, 250.0, 500.0, 1000.0, 2500.0, 5000.0, 10000.0, 30000.0}) {
    if (max <= step) return step;
  }
  return max;
}

}  // namespace

std::string latency_svg(const LatencyData& data) {
  double span = std::max(1.0, std::chrono::duration<double>(data.to - data.from).count());
  double height = std::max<double>(1, static_cast<double>(data.providers.size())) * k_panel + 10;
  std::string out = fmt::format(
      R"(<svg class="chart latency" viewBox="0 0 {} {}" role="img" aria-label="provider latency">)",
      num(k_width), num(height));
  if (data.providers.empty())
    out += R"(<text class="axis" x="0" y="20">no provider calls in this period</text>)";
  for (std::size_t i = 0; i < data.providers.size(); ++i) {
    const auto& s = data.providers[i];
    out += series(s, {data.from, span, 10 + static_cast<double>(i) * k_panel, top_of_scale(s)});
  }
  out += "</svg>";
  return out;
}

}  // namespace ddnsguard::controller
