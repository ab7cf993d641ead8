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
bench_stack "$work" 203.0.113.1 info json "1s"
"$bin" -c "$work/c.json" run > "$work/run.log" 2>&1 & pids+=("$!")
dig_a() { dig +short +norecurse +time=1 @127.0.0.1 -p "$PDNS_DNS_PORT" home.example.org A; }
for _ in $(seq 1 100); do [ "$(dig_a)" = 203.0.113.1 ] && break; sleep 0.1; done
: > "$work/samples"
for i in $(seq 2 $((n + 1))); do
  addr="203.0.113.$i"
  echo "$addr" > "$work/address"
  for _ in $(seq 1 5000); do [ "$(dig_a)" = "$addr" ] && break; done
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
