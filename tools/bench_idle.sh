#!/usr/bin/env bash
# Idle cost of `ddnsguard run`: RSS and CPU time after DURATION seconds (default 600) of
# running against a local PowerDNS with an unchanging address, polling every INTERVAL
# (default 10s, the default polling.min_interval). With METRICS=1 the metrics endpoint is on
# (a free loopback port, scraped once a second). A measurement, not a test.
# Usage: [METRICS=1] tools/bench_idle.sh [DURATION_S] [INTERVAL]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${1:-600}
interval=${2:-10s}
bin=${DDNSGUARD_BIN:-$root/build/release/ddnsguard}
[ -x "$bin" ] || { cmake --preset release >/dev/null && cmake --build --preset release >/dev/null; }
. "$root/tools/lib/pdns.sh"
work=$(mktemp -d /tmp/ddnsguard-bench.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
bench_stack "$work" 203.0.113.10 warn text "$interval"
if [ "${METRICS:-0}" = 1 ]; then
  mport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  python3 - "$work/c.json" "$mport" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["metrics"] = {"listen": "127.0.0.1:" + sys.argv[2]}
json.dump(c, open(sys.argv[1], "w"))
PY
fi
"$bin" -c "$work/c.json" run > "$work/run.log" 2>&1 & pid=$!; pids+=("$pid")
if [ "${METRICS:-0}" = 1 ]; then
  end=$((SECONDS + duration))
  while [ $SECONDS -lt $end ]; do curl -sf "http://127.0.0.1:$mport/metrics" > /dev/null || true; sleep 1; done
else
  sleep "$duration"
fi
rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
hwm_kb=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
anon_kb=$(awk '/^RssAnon/ {print $2}' "/proc/$pid/status")   # heap, stacks: ours alone
file_kb=$(awk '/^RssFile/ {print $2}' "/proc/$pid/status")   # code pages of the binary and libraries
pss_kb=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup")     # shared pages divided among their users
uss_kb=$(awk '/^Private_(Clean|Dirty):/ {s += $2} END {print s}' "/proc/$pid/smaps_rollup")  # freed at exit
threads=$(awk '/^Threads/ {print $2}' "/proc/$pid/status")
read -r utime stime < <(awk '{print $14, $15}' "/proc/$pid/stat")
tck=$(getconf CLK_TCK)
cpu_s=$(awk "BEGIN {printf \"%.2f\", ($utime + $stime) / $tck}")
per_hour=$(awk "BEGIN {printf \"%.2f\", ($utime + $stime) / $tck * 3600 / $duration}")
checks=$(sqlite3 "$work/state/history.db" "select count(*) from observations where source='quorum'")
echo "idle run for ${duration}s, polling every $interval: checks=$checks"
echo "  RSS now        $(awk "BEGIN {printf \"%.2f\", $rss_kb / 1024}") MiB (peak $(awk "BEGIN {printf \"%.2f\", $hwm_kb / 1024}") MiB)"
echo "  of which       anonymous $(awk "BEGIN {printf \"%.2f\", $anon_kb / 1024}") MiB, file-backed $(awk "BEGIN {printf \"%.2f\", $file_kb / 1024}") MiB; PSS $(awk "BEGIN {printf \"%.2f\", $pss_kb / 1024}") MiB, USS $(awk "BEGIN {printf \"%.2f\", $uss_kb / 1024}") MiB; $threads threads"
echo "  CPU            ${cpu_s} s in ${duration} s  (= ${per_hour} s per hour)"
