#!/usr/bin/env bash
# The one-minute demo: a real PowerDNS on loopback kept in sync by ddnsguard while the
# "public address" (served by a local echo) changes. Everything started here is stopped
# by PID at the end. Run tools/setup.sh first (it installs and builds).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${DDNSGUARD_BIN:-$root/build/dev/ddnsguard}
[ -x "$bin" ] || { echo "demo: $bin not built: run tools/setup.sh" >&2; exit 2; }
# shellcheck source=tools/lib/pdns.sh
. "$root/tools/lib/pdns.sh"

work=$(mktemp -d /tmp/ddnsguard-demo.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Starting PowerDNS (gsqlite3) on loopback"
mkdir -p "$work/pdns"
start_pdns "$work/pdns"
pids+=("$PDNS_PID")
create_zone example.org
echo "pdns_server pid $PDNS_PID: DNS 127.0.0.1:$PDNS_DNS_PORT, API $PDNS_API"

step "Starting a local address echo (stands in for api.ipify.org)"
echo 203.0.113.10 > "$work/address"
python3 "$root/tools/echo_server.py" "$work/address" "$work/echo.port" &
pids+=("$!")
for _ in $(seq 1 50); do [ -s "$work/echo.port" ] && break; sleep 0.1; done
echo_port=$(cat "$work/echo.port")
echo "echo on http://127.0.0.1:$echo_port answers $(cat "$work/address")"

cat > "$work/ddnsguard.json" <<JSON
{
  "state_dir": "$work/state",
  "log": {"level": "info"},
  "sources": {
    "ipv4": [{"type": "http", "url": "http://127.0.0.1:$echo_port/"}],
    "timeout": "2s",
    "allow_private": true
  },
  "providers": {
    "local": {"type": "powerdns", "api_key": "\${DEMO_PDNS_KEY}", "endpoint": "$PDNS_API"}
  },
  "records": [{"name": "home.example.org", "type": "A", "ttl": 60, "providers": ["local"]}],
  "polling": {"mode": "fixed", "min_interval": "1s"},
  "verify": {"grace": "10s", "nameservers": ["127.0.0.1:$PDNS_DNS_PORT"]}
}
JSON
chmod 600 "$work/ddnsguard.json"
export DEMO_PDNS_KEY=$PDNS_API_KEY

step "ddnsguard check-config"
"$bin" -c "$work/ddnsguard.json" check-config

dig_a() { dig +short +norecurse @127.0.0.1 -p "$PDNS_DNS_PORT" home.example.org A; }
wait_for() {
  for _ in $(seq 1 100); do [ "$(dig_a)" = "$1" ] && return 0; sleep 0.1; done
  echo "demo: DNS never answered $1" >&2; return 1
}

step "DNS before ddnsguard runs: dig home.example.org A"
echo "'$(dig_a)' (no record yet)"

step "ddnsguard run (in the background, log in $work/run.log)"
"$bin" -c "$work/ddnsguard.json" run > "$work/run.log" 2>&1 &
run_pid=$!
pids+=("$run_pid")
wait_for 203.0.113.10
echo "dig: home.example.org A = $(dig_a)"

step "The ISP changes the address: the echo now answers 198.51.100.77"
echo 198.51.100.77 > "$work/address"
start=$EPOCHREALTIME
wait_for 198.51.100.77
echo "dig: home.example.org A = $(dig_a)   (followed in $(awk "BEGIN {printf \"%.1f\", $EPOCHREALTIME - $start}") s)"

step "Someone edits the record behind ddnsguard's back (192.0.2.99)"
curl -sf -X PATCH -H "X-API-Key: $PDNS_API_KEY" -H 'Content-Type: application/json' \
  -d '{"rrsets":[{"name":"home.example.org.","type":"A","ttl":60,"changetype":"REPLACE","records":[{"content":"192.0.2.99","disabled":false}]}]}' \
  "$PDNS_API/servers/localhost/zones/example.org."
echo "dig right after the edit: $(dig_a)"
wait_for 198.51.100.77
echo "dig a moment later:       $(dig_a)   (put back at the next pass)"

step "ddnsguard status"
"$bin" -c "$work/ddnsguard.json" status || true

step "ddnsguard history"
"$bin" -c "$work/ddnsguard.json" history

step "ddnsguard anomalies (the edit was noticed as record_drift and repaired)"
"$bin" -c "$work/ddnsguard.json" anomalies

step "ddnsguard doctor (local resolver: the demo's PowerDNS)"
"$bin" -c "$work/ddnsguard.json" doctor --resolver "127.0.0.1:$PDNS_DNS_PORT" || true

step "Stopping ddnsguard (SIGTERM) and the servers"
kill -TERM "$run_pid"
wait "$run_pid" || true
echo "last log lines:"
tail -n 5 "$work/run.log"
echo
echo "demo done: everything it started is stopped."
