#!/usr/bin/env bash
# Idle cost of `ddnsguard run` beside inadyn and ddclient, in one run: each keeps one name
# at an unchanging address for DURATION seconds (default 600) after a WARMUP (default 20 s,
# start-up excluded from the rates). ddnsguard polls every INTERVAL (default 30s, fixed) at a
# local PowerDNS; inadyn every INTERVAL, ddclient every max(INTERVAL, 60s) (its minimum),
# each at its own echo/dyndns2 server. Peers come from tools/lib/peers.sh (unpacked Debian
# packages when not installed; skipped, with the reason, when they cannot be had).
# Per process: RSS (anonymous / file-backed), PSS, USS, threads, CPU s/h, wakeups/h
# (context switches of all its threads), echo and provider requests per hour and, for
# ddnsguard, authoritative DNS verifications per hour. A measurement, not a test.
# Usage: [ADAPTIVE=1] [METRICS=1] [PEERS=0] tools/bench_idle.sh [DURATION_S] [INTERVAL]
#   ADAPTIVE=1: ddnsguard polls adaptively at the default budget instead (peers unchanged).
#   METRICS=1: ddnsguard's metrics endpoint is on (a free loopback port, scraped once a second).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${1:-600}
interval=${2:-30s}
warmup=${WARMUP:-20}
bin=${DDNSGUARD_BIN:-$root/build/release/ddnsguard}
[ -x "$bin" ] || { cmake --preset release >/dev/null && cmake --build --preset release >/dev/null; }
. "$root/tools/lib/pdns.sh"
. "$root/tools/lib/peers.sh"
work=$(mktemp -d /tmp/ddnsguard-bench.XXXXXX)
pids=()
trap 'for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
seconds=$(python3 -c 'import re, sys
v, u = re.fullmatch(r"(\d+)([smh])", sys.argv[1]).groups()
print(int(v) * {"s": 1, "m": 60, "h": 3600}[u])' "$interval")

bench_stack "$work" 203.0.113.10 warn text "$interval"
mport=$(free_port)
python3 - "$work/c.json" "${ADAPTIVE:-0}" "${METRICS:-0}" "$mport" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
if sys.argv[2] == "1":
    c["polling"] = {"mode": "adaptive"}
if sys.argv[3] == "1":
    c["metrics"] = {"listen": "127.0.0.1:" + sys.argv[4]}
json.dump(c, open(sys.argv[1], "w"))
PY
"$bin" -c "$work/c.json" run > "$work/run.log" 2>&1 & pid=$!; pids+=("$pid")
names=(ddnsguard) procs=("$pid") counts=("$work/echo.count")

start_peer_server() {  # DIR: an echo/dyndns2 server counting into DIR/echo.count
  mkdir -p "$1"
  echo 203.0.113.10 > "$1/address"
  python3 "$root/tools/echo_server.py" "$1/address" "$1/echo.port" "$1/echo.count" & pids+=("$!")
  for _ in $(seq 1 50); do [ -s "$1/echo.port" ] && break; sleep 0.1; done
}
if [ "${PEERS:-1}" = 1 ]; then
  peers_fetch "$root"
  if [ ${#INADYN_CMD[@]} -gt 0 ]; then
    start_peer_server "$work/inadyn"
    start_inadyn "$work/inadyn" "$(cat "$work/inadyn/echo.port")" "$seconds"
    pids+=("$PEER_PID")
    if peer_alive inadyn "$PEER_PID" "$work/inadyn/inadyn.log"; then
      names+=(inadyn) procs+=("$PEER_PID") counts+=("$work/inadyn/echo.count")
    fi
  fi
  if [ ${#DDCLIENT_CMD[@]} -gt 0 ]; then
    start_peer_server "$work/ddclient"
    start_ddclient "$work/ddclient" "$(cat "$work/ddclient/echo.port")" $((seconds < 60 ? 60 : seconds))
    pids+=("$PEER_PID")
    if peer_alive ddclient "$PEER_PID" "$work/ddclient/ddclient.log"; then
      names+=(ddclient) procs+=("$PEER_PID") counts+=("$work/ddclient/echo.count")
    fi
  fi
  printf '%s' "$PEERS_WHY"
fi

count_of() { awk -v k="$2" '$1 == k {print $2}' "$1" 2>/dev/null || true; }
verifications() { sqlite3 "$work/state/history.db" "select count(*) from verifications"; }
provider_calls() { sqlite3 "$work/state/history.db" "select count(*) from updates"; }
# CPU time and context switches over the window, every thread included (also threads that
# end meanwhile): perf stat, to the microsecond; without perf, /proc's clock ticks (10 ms).
have_perf=no
perf stat -e task-clock true >/dev/null 2>&1 && have_perf=yes
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ {s += $2} END {print s + 0}'; }

sleep "$warmup"
declare -A echo0 upd0 tick0 switch0
perf_pids=()
for i in "${!procs[@]}"; do
  echo0[$i]=$(count_of "${counts[$i]}" echo) upd0[$i]=$(count_of "${counts[$i]}" update)
  tick0[$i]=$(ticks "${procs[$i]}") switch0[$i]=$(switches "${procs[$i]}")
  if [ $have_perf = yes ]; then
    perf stat -x, -e task-clock,context-switches -p "${procs[$i]}" -o "$work/perf.$i" \
      -- sleep "$duration" 2>/dev/null & perf_pids+=("$!")
  fi
done
ver0=$(verifications) calls0=$(provider_calls)
if [ "${METRICS:-0}" = 1 ]; then
  end=$((SECONDS + duration))
  while [ $SECONDS -lt $end ]; do curl -sf "http://127.0.0.1:$mport/metrics" > /dev/null || true; sleep 1; done
else
  sleep "$duration"
fi
for p in ${perf_pids[@]+"${perf_pids[@]}"}; do wait "$p" || true; done

cpu_seconds() {  # INDEX
  if [ $have_perf = yes ]; then
    # "<not counted>": the process never ran in the window
    awk -F, '$3 == "task-clock" {print ($1 ~ /^[0-9.]+$/ ? $1 / 1000 : 0)}' "$work/perf.$1"
  else
    awk "BEGIN {print ($(ticks "${procs[$1]}") - ${tick0[$1]}) / $(getconf CLK_TCK)}"
  fi
}
wakeup_count() {  # INDEX
  if [ $have_perf = yes ]; then
    awk -F, '$3 == "context-switches" {print ($1 ~ /^[0-9]+$/ ? $1 : 0)}' "$work/perf.$1"
  else
    echo $(($(switches "${procs[$1]}") - ${switch0[$1]}))
  fi
}

per_hour() { awk "BEGIN {printf \"%.${2:-0}f\", $1 * 3600 / $duration}"; }
mib() { awk "BEGIN {printf \"%.2f\", $1 / 1024}"; }
echo "idle for ${duration}s after ${warmup}s (CPU and wakeups: $([ $have_perf = yes ] && echo "perf stat" || echo "/proc ticks")), ddnsguard polling $([ "${ADAPTIVE:-0}" = 1 ] && echo adaptively || echo "every $interval")"
printf '%-10s %8s %14s %7s %7s %7s %9s %10s %8s %9s %8s\n' client "RSS MiB" "anon/file" "PSS" "USS" threads "CPU s/h" "wakeups/h" "echo/h" "provider/h" "DNS/h"
for i in "${!procs[@]}"; do
  p=${procs[$i]}
  st=/proc/$p/status
  rss=$(awk '/^VmRSS/ {print $2}' "$st") anon=$(awk '/^RssAnon/ {print $2}' "$st")
  file=$(awk '/^RssFile/ {print $2}' "$st") threads=$(awk '/^Threads/ {print $2}' "$st")
  pss=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup")
  uss=$(awk '/^Private_(Clean|Dirty):/ {s += $2} END {print s}' "/proc/$p/smaps_rollup")
  cpu=$(cpu_seconds "$i")
  wake=$(wakeup_count "$i")
  echoes=$(($(count_of "${counts[$i]}" echo) - ${echo0[$i]:-0}))
  updates=$(($(count_of "${counts[$i]}" update) - ${upd0[$i]:-0}))
  dns=-
  if [ "${names[$i]}" = ddnsguard ]; then
    updates=$(($(provider_calls) - calls0)) dns=$(per_hour $(($(verifications) - ver0)))
  fi
  printf '%-10s %8s %14s %7s %7s %7s %9s %10s %8s %9s %8s\n' "${names[$i]}" "$(mib "$rss")" \
    "$(mib "$anon")/$(mib "$file")" "$(mib "$pss")" "$(mib "$uss")" "$threads" \
    "$(per_hour "$cpu" 3)" "$(per_hour "$wake")" "$(per_hour "$echoes")" \
    "$(per_hour "$updates")" "$dns"
done
