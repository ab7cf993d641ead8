#pragma once
// The status page's stylesheet: a light and a dark theme (prefers-color-scheme), the
// colours of the charts' classes.

namespace ddnsguard::controller {

inline constexpr const char* k_page_style = R"(
:root { --bg: #ffffff; --fg: #1d232b; --muted: #5d6875; --line: #d5dbe2; --card: #f5f7f9;
  --accent: #1f6feb; --ok: #1a7f37; --bad: #cf222e; --warn: #bf8700; --band: #1f6feb; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9aa6b2; --line: #30363d; --card: #161b22;
    --accent: #58a6ff; --ok: #3fb950; --bad: #f85149; --warn: #d29922; --band: #58a6ff; }
}
body { background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, sans-serif;
  margin: 0 auto; max-width: 960px; padding: 16px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 24px 0 8px; }
.meta, .axis, .muted { color: var(--muted); fill: var(--muted); font-size: 11px; }
.title { fill: var(--fg); font-size: 12px; font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); }
.pill { border-radius: 10px; padding: 1px 8px; font-size: 12px; font-weight: 600; }
.pill.ok { background: var(--ok); color: var(--bg); }
.pill.bad { background: var(--bad); color: var(--bg); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px;
  padding: 8px 12px; margin: 6px 0; }
.card.critical { border-left: 4px solid var(--bad); } .card.warning { border-left: 4px solid var(--warn); }
pre { white-space: pre-wrap; word-break: break-all; margin: 4px 0; font-size: 12px; }
svg.chart { width: 100%; height: auto; display: block; }
svg.heatmap .axis { font-size: 9px; } svg .tick { text-anchor: middle; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .cell { fill: var(--line); } svg .cell[fill-opacity] { fill: var(--accent); }
svg .cell[fill-opacity="0"] { fill: var(--line); fill-opacity: 0.5; }
svg .cell.checks[fill-opacity] { fill: var(--ok); } svg .cell.checks[fill-opacity="0"] { fill: var(--line); }
svg .change { fill: var(--accent); } svg .update.ok { fill: var(--ok); }
svg .update.failed, svg .call-failed { fill: var(--bad); } svg .failover { fill: var(--warn); }
svg .anomaly { fill: var(--warn); fill-opacity: 0.18; } svg .anomaly.critical { fill: var(--bad); }
svg .band { fill: var(--band); fill-opacity: 0.15; stroke: none; }
svg .latency { fill: none; stroke: var(--accent); stroke-width: 1.5; }
svg .bar.budget { fill: var(--ok); } svg .bar.event { fill: var(--warn); }
svg .truth { fill: var(--accent); } svg .truth.missed { fill: var(--bad); }
svg .delay { fill: var(--accent); fill-opacity: 0.7; }
#facts th { width: 30%; color: var(--muted); font-weight: normal; }
)";

}  // namespace ddnsguard::controller
