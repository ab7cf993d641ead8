#include <fmt/format.h>

#include "controller/page/charts.hpp"
#include "controller/page/svg.hpp"
#include "providers/base/clock.hpp"

namespace ddnsguard::controller {

namespace {

constexpr double k_left = 70;
constexpr double k_width = 900;
constexpr double k_plot = k_width - k_left - 30;
constexpr double k_row = 26;
constexpr double k_top = 10;
constexpr const char* k_rows[] = {"IPv4", "IPv6", "updates", "failover"};

struct Scale {
  TimePoint from;
  double span_s;
  double x(TimePoint t) const {
    auto s = std::chrono::duration<double>(t - from).count();
    return k_left + std::clamp(s / span_s, 0.0, 1.0) * k_plot;
  }
};

double row_y(int row) {
  return k_top + k_row * row + k_row / 2;
}

std::string rows_and_axis(const Scale& sc, TimePoint to) {
  std::string out;
  for (int r = 0; r < 4; ++r) {
    out +=
        fmt::format(R"(<text class="axis" x="0" y="{}">{}</text>)", num(row_y(r) + 4), k_rows[r]);
    out += fmt::format(R"(<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>)", num(k_left),
                       num(k_left + k_plot), num(row_y(r)), num(row_y(r)));
  }
  auto days = std::chrono::duration_cast<std::chrono::hours>(to - sc.from).count() / 24;
  auto every = std::max<long long>(1, (days + 5) / 6);
  for (long long d = 0; d <= days; d += every) {
    auto t = sc.from + std::chrono::hours{24 * d};
    out += fmt::format(R"(<text class="axis tick" x="{}" y="{}">{}</text>)", num(sc.x(t)),
                       num(k_top + 4 * k_row + 14), providers::format_rfc3339(t).substr(5, 5));
  }
  return out;
}

}  // namespace

std::string timeline_svg(const TimelineData& data) {
  Scale sc{data.from, std::max(1.0, std::chrono::duration<double>(data.to - data.from).count())};
  double height = k_top + 4 * k_row + 22;
  std::string out = fmt::format(
      R"(<svg class="chart timeline" viewBox="0 0 {} {}" role="img" aria-label="timeline">)",
      num(k_width), num(height));
  for (const auto& b : data.anomalies) {
    out += fmt::format(
        R"(<rect class="anomaly {}" x="{}" y="{}" width="{}" height="{}"><title>{}{}</title></rect>)",
        xml_escape(b.severity), num(sc.x(b.from)), num(k_top),
        num(std::max(2.0, sc.x(b.to) - sc.x(b.from))), num(4 * k_row), xml_escape(b.label),
        b.open ? " (open)" : "");
  }
  out += rows_and_axis(sc, data.to);
  for (const auto& c : data.changes) {
    out +=
        fmt::format(R"(<circle class="change" cx="{}" cy="{}" r="4"><title>{} {}</title></circle>)",
                    num(sc.x(c.at)), num(row_y(c.family == "ipv6" ? 1 : 0)),
                    providers::format_rfc3339(c.at), xml_escape(c.address));
  }
  for (const auto& u : data.updates) {
    out += fmt::format(
        R"(<rect class="update {}" x="{}" y="{}" width="3" height="12"><title>{} {}</title></rect>)",
        u.ok ? "ok" : "failed", num(sc.x(u.at) - 1.5), num(row_y(2) - 6),
        providers::format_rfc3339(u.at), xml_escape(u.label));
  }
  for (const auto& f : data.failovers) {
    auto x = sc.x(f.at);
    auto y = row_y(3);
    out +=
        fmt::format(R"(<path class="failover" d="M{} {}l5 5l-5 5l-5 -5z"><title>{}</title></path>)",
                    num(x), num(y - 5), xml_escape(f.label));
  }
  out += "</svg>";
  return out;
}

}  // namespace ddnsguard::controller
