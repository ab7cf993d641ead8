#include "controller/page/status_page.hpp"

#include <fmt/format.h>

#include "controller/page/charts.hpp"
#include "controller/page/page_style.hpp"
#include "controller/page/svg.hpp"

namespace ddnsguard::controller {

namespace {

using nlohmann::json;

std::string text_of(const json& v) {
  if (v.is_null()) return "—";
  if (v.is_string()) return xml_escape(v.get<std::string>());
  return xml_escape(v.dump());
}

std::string last_change_of(const TimelineData& t, const std::string& family) {
  for (auto it = t.changes.rbegin(); it != t.changes.rend(); ++it) {
    if (it->family == family) return providers::format_rfc3339(it->at);
  }
  return "—";
}

std::string active_of(const TimelineData& t, const std::string& subject) {
  for (auto it = t.failovers.rbegin(); it != t.failovers.rend(); ++it) {
    if (it->label.rfind(subject + ": ", 0) == 0)
      return xml_escape(it->label.substr(subject.size() + 2));
  }
  return "";
}

std::string records_table(const json& status, const TimelineData& t) {
  std::string out = "<table id=\"records\"><tr><th>record</th><th>desired</th><th>published</th>"
                    "<th>verified</th><th>last change</th><th>state</th></tr>";
  for (const auto& r : status.value("records", json::array())) {
    auto name = r.value("name", "") + "/" + r.value("type", "");
    std::string pub;
    for (const auto& [provider, value] : r["published"].items())
      pub += fmt::format("{}: {}<br>", xml_escape(provider), text_of(value));
    if (auto active = active_of(t, name); !active.empty())
      pub += fmt::format("<span class=\"muted\">active: {}</span>", active);
    bool ok = r.value("in_sync", false);
    out += fmt::format(
        "<tr class=\"record\"><td>{}</td><td class=\"desired\">{}</td><td>{}</td><td>{}</td>"
        "<td>{}</td><td><span class=\"pill {}\">{}</span></td></tr>",
        xml_escape(name), text_of(r["desired"]), pub, text_of(r["verified_at"]),
        last_change_of(t, r.value("type", "") == "AAAA" ? "ipv6" : "ipv4"), ok ? "ok" : "bad",
        ok ? "in sync" : "out of sync");
  }
  return out + "</table>";
}

std::string daemon_block(const json& status, const PageInfo& info) {
  const auto& d = status.value("daemon", json::object());
  bool stale = d.value("stale", true);
  return fmt::format(
      "<div class=\"card\" id=\"daemon\">last pass <b>{}</b> {} · next check <b>{}</b>: {}"
      "{}</div>",
      text_of(d.value("last_pass_at", json())),
      stale ? "<span class=\"pill bad\">stale</span>" : "<span class=\"pill ok\">live</span>",
      text_of(status.value("next_check_at", json())),
      text_of(status.value("next_check_reason", json())),
      info.live ? "" : " <span class=\"muted\">(from the history store)</span>");
}

std::string anomalies_block(const json& open) {
  if (open.empty()) return "<p class=\"muted\" id=\"anomalies\">No open anomaly.</p>";
  std::string out = "<div id=\"anomalies\">";
  for (const auto& a : open) {
    out += fmt::format(
        "<div class=\"card anomaly {}\"><b>{}</b> {} · {} · opened {}<br>{}<pre>{}</pre>"
        "<span class=\"muted\">{}</span></div>",
        text_of(a.value("severity", json())), text_of(a.value("kind", json())),
        text_of(a.value("subject", json())), text_of(a.value("severity", json())),
        text_of(a.value("opened_at", json())), text_of(a.value("summary", json())),
        xml_escape(a.value("evidence", json::object()).dump()), text_of(a.value("action", json())));
  }
  return out + "</div>";
}

}  // namespace

std::string render_status_page(const json& status, const json& open_anomalies, const PageData& data,
                               const PageInfo& info) {
  std::string out =
      fmt::format("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                  "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                  "<meta name=\"color-scheme\" content=\"light dark\">"
                  "<title>ddnsguard · {}</title><style>{}</style></head><body>",
                  k_page_csp, xml_escape(info.host), k_page_style);
  out += fmt::format("<h1>ddnsguard on {}</h1><div class=\"meta\">{} {} · charts: last {}</div>",
                     xml_escape(info.host), info.live ? "live status," : "report written",
                     xml_escape(info.generated_at), xml_escape(info.period));
  out += "<h2>Records</h2>" + records_table(status, data.timeline);
  out += "<h2>Daemon</h2>" + daemon_block(status, info);
  out += "<h2>Open anomalies</h2>" + anomalies_block(open_anomalies);
  out += "<h2>When the address changes, and where the checks go</h2>" + heatmap_svg(data.heatmap);
  out += "<h2>Timeline</h2>" + timeline_svg(data.timeline);
  out += "<h2>Provider latency</h2>" + latency_svg(data.latency);
  out += "</body></html>\n";
  return out;
}

}  // namespace ddnsguard::controller
