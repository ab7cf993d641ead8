# Other DDNS clients beside ddnsguard in benchmarks (not tests): inadyn and ddclient.
# An installed one is used as it is; otherwise Debian's own packages are downloaded and
# unpacked into build/peers (apt-get download + dpkg-deb -x: nothing is installed on the
# machine, no service is started). Source this file.
#
# peers_fetch ROOT: sets INADYN_CMD and DDCLIENT_CMD (arrays, empty when unavailable) and
#   PEERS_WHY (one line per peer that could not be had).
# start_inadyn WORK PORT SECONDS / start_ddclient WORK PORT SECONDS: start the peer in the
#   foreground (a background job), checking every SECONDS at the echo/dyndns2 server on PORT
#   (tools/echo_server.py with a count file); set PEER_PID. peer_alive NAME PID LOG: true
#   when the peer still runs a second later; otherwise says why (its log) and is false. The name kept is "localhost":
#   inadyn resolves its names at start, and /etc/hosts keeps that lookup off the network.

peers_fetch() {
  local root=$1 dir=$1/build/peers
  INADYN_CMD=() DDCLIENT_CMD=() PEERS_WHY=""
  if command -v inadyn >/dev/null; then INADYN_CMD=(inadyn); fi
  if command -v ddclient >/dev/null; then DDCLIENT_CMD=(ddclient); fi
  if [ ${#INADYN_CMD[@]} -eq 0 ] || [ ${#DDCLIENT_CMD[@]} -eq 0 ]; then
    if [ ! -x "$dir/root/usr/sbin/inadyn" ] || [ ! -f "$dir/root/usr/bin/ddclient" ]; then
      mkdir -p "$dir/debs" "$dir/root"
      local pkg
      for pkg in inadyn libconfuse2 ddclient; do  # one by one: a missing one spoils no other
        (cd "$dir/debs" && apt-get download "$pkg" >/dev/null 2>&1) || true
      done
      local deb
      for deb in "$dir"/debs/*.deb; do
        [ -f "$deb" ] && dpkg-deb -x "$deb" "$dir/root"
      done
    fi
    if [ ${#INADYN_CMD[@]} -eq 0 ] && [ -x "$dir/root/usr/sbin/inadyn" ]; then
      INADYN_CMD=(env "LD_LIBRARY_PATH=$dir/root/usr/lib/$(gcc -print-multiarch)"
        "$dir/root/usr/sbin/inadyn")
    fi
    if [ ${#DDCLIENT_CMD[@]} -eq 0 ] && [ -f "$dir/root/usr/bin/ddclient" ]; then
      DDCLIENT_CMD=(perl "$dir/root/usr/bin/ddclient")
    fi
  fi
  [ ${#INADYN_CMD[@]} -gt 0 ] || PEERS_WHY+="inadyn: not installed and apt-get download failed"$'\n'
  [ ${#DDCLIENT_CMD[@]} -gt 0 ] || PEERS_WHY+="ddclient: not installed and apt-get download failed"$'\n'
}

start_inadyn() {
  local work=$1 port=$2 every=$3
  mkdir -p "$work/inadyn-cache"
  cat > "$work/inadyn.conf" <<CONF
period = $every
custom bench {
  username = bench
  password = bench-secret
  checkip-server = 127.0.0.1:$port
  checkip-path = /
  checkip-ssl = false
  ddns-server = 127.0.0.1:$port
  ddns-path = "/nic/update?hostname=%h&myip=%i"
  ssl = false
  hostname = localhost  # resolved at start: keep that lookup in /etc/hosts
}
CONF
  "${INADYN_CMD[@]}" --foreground --no-pidfile --cache-dir="$work/inadyn-cache" \
    -l warning -f "$work/inadyn.conf" > "$work/inadyn.log" 2>&1 &
  PEER_PID=$!
}

start_ddclient() {
  local work=$1 port=$2 every=$3
  cat > "$work/ddclient.conf" <<CONF
daemon=$every
foreground=yes
cache=$work/ddclient.cache
pid=$work/ddclient.pid
use=web, web=http://127.0.0.1:$port/
protocol=dyndns2
server=127.0.0.1:$port
ssl=no
login=bench
password=bench-secret
localhost
CONF
  chmod 600 "$work/ddclient.conf"
  "${DDCLIENT_CMD[@]}" -file "$work/ddclient.conf" -foreground > "$work/ddclient.log" 2>&1 &
  PEER_PID=$!
}

peer_alive() {
  local name=$1 pid=$2 log=$3
  sleep 1
  kill -0 "$pid" 2>/dev/null && return 0
  echo "$name: exited at start, left out; its log:"
  sed 's/^/  /' "$log"
  return 1
}
