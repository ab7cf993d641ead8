# Shell helpers to run a throw-away PowerDNS (gsqlite3) on loopback. Source this file.
# start_pdns DIR: sets PDNS_PID, PDNS_API_PORT, PDNS_DNS_PORT, PDNS_API_KEY, PDNS_API.

free_port() {
  python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

find_pdns() {
  PATH="$PATH:/usr/sbin:/sbin" command -v pdns_server
}

start_pdns() {
  local dir=$1
  local exe schema
  exe=$(find_pdns) || { echo "pdns_server not installed: run tools/setup.sh" >&2; return 1; }
  schema=/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql
  [ -f "$schema" ] || schema=/usr/share/doc/pdns-backend-sqlite3/schema.sqlite3.sql
  sqlite3 "$dir/pdns.sqlite3" < "$schema"
  PDNS_API_PORT=$(free_port)
  PDNS_DNS_PORT=$(free_port)
  PDNS_API_KEY=demo-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
  cat > "$dir/pdns.conf" <<CONF
launch=gsqlite3
gsqlite3-database=$dir/pdns.sqlite3
local-address=127.0.0.1
local-port=$PDNS_DNS_PORT
api=yes
api-key=$PDNS_API_KEY
webserver=yes
webserver-address=127.0.0.1
webserver-port=$PDNS_API_PORT
webserver-allow-from=127.0.0.0/8
socket-dir=$dir
daemon=no
guardian=no
loglevel=3
CONF
  "$exe" --config-dir="$dir" > "$dir/pdns.log" 2>&1 &
  PDNS_PID=$!
  PDNS_API="http://127.0.0.1:$PDNS_API_PORT/api/v1"
  local i
  for i in $(seq 1 100); do
    curl -sf -H "X-API-Key: $PDNS_API_KEY" "$PDNS_API/servers/localhost" >/dev/null && return 0
    kill -0 "$PDNS_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "pdns_server did not start; its log:" >&2
  cat "$dir/pdns.log" >&2
  return 1
}

# create_zone ZONE (no trailing dot): a Native zone with SOA-EDIT-API DEFAULT.
create_zone() {
  curl -sf -X POST -H "X-API-Key: $PDNS_API_KEY" -H 'Content-Type: application/json' \
    -d "{\"name\": \"$1.\", \"kind\": \"Native\", \"nameservers\": [\"ns1.$1.\"]}" \
    "$PDNS_API/servers/localhost/zones" >/dev/null
}

# bench_stack WORK ADDRESS LOG_LEVEL LOG_FORMAT INTERVAL: PowerDNS with zone example.org,
# the address echo answering ADDRESS (from WORK/address), and WORK/c.json for ddnsguard
# keeping home.example.org A in sync at a fixed INTERVAL, verified at that PowerDNS. Appends the
# PIDs to `pids`.
bench_stack() {
  local work=$1 address=$2 level=$3 format=$4 interval=$5 root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  mkdir -p "$work/pdns"
  start_pdns "$work/pdns"; pids+=("$PDNS_PID"); create_zone example.org
  echo "$address" > "$work/address"
  python3 "$root/tools/echo_server.py" "$work/address" "$work/echo.port" "$work/echo.count" & pids+=("$!")
  for _ in $(seq 1 50); do [ -s "$work/echo.port" ] && break; sleep 0.1; done
  cat > "$work/c.json" <<JSON
{"state_dir": "$work/state", "log": {"level": "$level", "format": "$format"},
 "sources": {"ipv4": [{"type": "http", "url": "http://127.0.0.1:$(cat "$work/echo.port")/"}], "allow_private": true},
 "providers": {"p": {"type": "powerdns", "api_key": "$PDNS_API_KEY", "endpoint": "$PDNS_API"}},
 "records": [{"name": "home.example.org", "type": "A", "providers": ["p"]}],
 "verify": {"nameservers": ["127.0.0.1:$PDNS_DNS_PORT"]},
 "polling": {"mode": "fixed", "min_interval": "$interval"}}
JSON
  chmod 600 "$work/c.json"
}
