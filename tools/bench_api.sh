#!/usr/bin/env bash
# Provider API calls: what authoritative-DNS-first polling saves. A measurement, not a test.
#  1. Every trace in data/traces/ through the simulator (virtual time, the real reconcile loop
#     and planner): provider API reads per record per day with the default
#     verify.api_interval (1h: DNS first) beside 0s (the API read on every pass), with the
#     detection delay and the faults found, so the saving is shown with its cost.
#  2. With DURATION > 0, `ddnsguard run` against a local PowerDNS for DURATION seconds at a
#     fixed INTERVAL: echo requests, provider calls and authoritative questions per hour,
#     counted from its history store.
# Usage: tools/bench_api.sh [DURATION_S (default 0: simulation only)] [INTERVAL (default 30s)]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${1:-0}
interval=${2:-30s}
bin=${DDNSGUARD_BIN:-$root/build/release/ddnsguard}
[ -x "$bin" ] || { cmake --preset release >/dev/null && cmake --build --preset release >/dev/null; }
work=$(mktemp -d /tmp/ddnsguard-bench-api.XXXXXX)
pids=()
trap 'for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

sim_config() {  # FILE API_INTERVAL: only verify.api_interval matters to `simulate`
  cat > "$1" <<JSON
{"verify": {"api_interval": "$2"},
 "sources": {"ipv4": [{"type": "http", "url": "http://127.0.0.1:9/"}]},
 "providers": {"p": {"type": "dyndns2", "username": "u", "password": "p",
                     "endpoint": "http://127.0.0.1:9/nic/update"}},
 "records": [{"name": "h.example.com", "type": "A", "providers": ["p"]}]}
JSON
}
sim_config "$work/dns-first.json" 1h
sim_config "$work/every-pass.json" 0s

summary() {  # JSON report on stdin: reads/record/day, mean delay, faults found/injected
  python3 -c 'import json, sys
j = json.load(sys.stdin)
a = j["anomalies"]
print("%7.1f %9.1f %5d/%d" % (j["api_reads_per_record_day"], j["delay_s"]["mean"],
      a["true_positive"], a["true_positive"] + a["false_negative"]))'
}

echo "simulated (adaptive polling, default budget): provider API reads per record per day"
printf '%-32s %28s   %28s\n' "" "DNS first (api_interval 1h)" "every pass (api_interval 0s)"
printf '%-32s %7s %9s %10s   %7s %9s %10s\n' trace reads delay_s faults reads delay_s faults
for trace in "$root"/data/traces/*.jsonl; do
  first=$("$bin" -c "$work/dns-first.json" simulate --trace "$trace" --json 2>/dev/null | summary)
  every=$("$bin" -c "$work/every-pass.json" simulate --trace "$trace" --json 2>/dev/null | summary)
  printf '%-32s %s   %s\n' "$(basename "$trace" .jsonl)" "$first" "$every"
done

[ "$duration" -gt 0 ] || exit 0
. "$root/tools/lib/pdns.sh"
bench_stack "$work" 203.0.113.10 warn text "$interval"
"$bin" -c "$work/c.json" run > "$work/run.log" 2>&1 & pid=$!; pids+=("$pid")
sleep "$duration"
kill "$pid"; wait "$pid" 2>/dev/null || true
db="$work/state/history.db"
per_hour() { awk "BEGIN {printf \"%.0f\", $1 * 3600 / $duration}"; }
echo
echo "real run for ${duration}s, polling every $interval, one record on PowerDNS:"
echo "  echo requests        $(per_hour "$(sqlite3 "$db" "select count(*) from observations where source != 'quorum'")") per hour"
echo "  provider API calls   $(per_hour "$(sqlite3 "$db" "select count(*) from updates")") per hour"
echo "  verified in DNS      $(per_hour "$(sqlite3 "$db" "select count(*) from verifications")") per hour (each asks every name server)"
for peer in inadyn ddclient; do
  command -v "$peer" >/dev/null || echo "  ($peer is not installed: not measured beside it)"
done
