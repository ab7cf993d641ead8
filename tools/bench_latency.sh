#!/usr/bin/env bash
# Time from "address change seen" (ddnsguard's log line) to "record visible at the local
# PowerDNS" (dig answers the new address), over N changes (default 20). A measurement,
# not a test. Usage: tools/bench_latency.sh [N]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-20}
bin=${DDNSGUARD_BIN:-$root/build/release/ddnsguard}
[ -x "$bin" ] || { cmake --preset release >/dev/null && cmake --build --preset release >/dev/null; }
. "$root/tools/lib/pdns.sh"
work=$(mktemp -d /tmp/ddnsguard-bench.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
mkdir -p "$work/pdns"
start_pdns "$work/pdns"; pids+=("$PDNS_PID"); create_zone example.org
echo 203.0.113.1 > "$work/address"
python3 "$root/tools/echo_server.py" "$work/address" "$work/echo.port" & pids+=("$!")
for _ in $(seq 1 50); do [ -s "$work/echo.port" ] && break; sleep 0.1; done
cat > "$work/c.json" <<JSON
{"state_dir": "$work/state", "log": {"level": "info", "format": "json"},
 "sources": {"ipv4": [{"type": "http", "url": "http://127.0.0.1:$(cat "$work/echo.port")/"}], "allow_private": true},
 "providers": {"p": {"type": "powerdns", "api_key": "$PDNS_API_KEY", "endpoint": "$PDNS_API"}},
 "records": [{"name": "home.example.org", "type": "A", "providers": ["p"]}],
 "polling": {"mode": "fixed", "min_interval": "1s"}}
JSON
chmod 600 "$work/c.json"
"$bin" -c "$work/c.json" run > "$work/run.log" 2>&1 & pids+=("$!")
dig_a() { dig +short +norecurse +time=1 @127.0.0.1 -p "$PDNS_DNS_PORT" home.example.org A; }
for _ in $(seq 1 100); do [ "$(dig_a)" = 203.0.113.1 ] && break; sleep 0.1; done
: > "$work/samples"
for i in $(seq 2 $((n + 1))); do
  addr="203.0.113.$i"
  echo "$addr" > "$work/address"
  until [ "$(dig_a)" = "$addr" ]; do :; done
  visible=$EPOCHREALTIME
  seen=$(python3 - "$work/run.log" "$addr" <<'PY'
import json, sys, datetime
for line in open(sys.argv[1]):
    j = json.loads(line)
    if j["msg"].startswith("address change") and ("new=" + sys.argv[2] + " ") in j["msg"]:
        t = datetime.datetime.strptime(j["time"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)
        print(t.timestamp())
PY
)
  awk "BEGIN {printf \"%.1f\n\", ($visible - $seen) * 1000}" >> "$work/samples"
done
sort -n "$work/samples" | awk '{a[NR]=$1} END {printf "changes=%d  seen->visible ms: p50=%.1f  p90=%.1f  max=%.1f\n", NR, a[int(NR*0.5+0.5)], a[int(NR*0.9+0.5)], a[NR]}'
echo "(includes the dig polling loop's own resolution, a few ms)"
