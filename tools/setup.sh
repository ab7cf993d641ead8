#!/usr/bin/env bash
# Installs every Debian 12 package that ddnsguard's build, demo and tests need, then builds.
# Idempotent: packages already present are skipped, so a second run is quick.
# Usage: tools/setup.sh [--no-build] [--preset dev|asan|release] [--with-clang]
# --with-clang also installs clang (tools/fuzz.sh: libFuzzer); the build and tests need
# only g++.
set -euo pipefail
cd "$(dirname "$0")/.."

preset=dev
build=yes
clang=no
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=no ;;
    --preset) preset="$2"; shift ;;
    --with-clang) clang=yes ;;
    *) echo "setup.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

packages=(
  g++ cmake ninja-build pkg-config git ca-certificates
  libcurl4-openssl-dev libeigen3-dev nlohmann-json3-dev libspdlog-dev libfmt-dev
  libsqlite3-dev sqlite3 libgtest-dev libgmock-dev libcli11-dev libldns-dev libssl-dev
  zlib1g-dev libexpected-dev libidn2-dev libhowardhinnant-date-dev tzdata libcpp-httplib-dev libsystemd-dev
  prometheus-cpp-dev
  pdns-server pdns-backend-sqlite3 bind9 bind9-dnsutils python3 procps curl
  iproute2 util-linux lintian dpkg-dev systemd chromium-headless-shell fonts-dejavu-core
)
[ "$clang" = no ] || packages+=(clang)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  # policy-rc.d keeps Debian from starting the system pdns/bind9 services we only use from tests.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${sudo_cmd[@]}" chmod +x /usr/sbin/policy-rc.d
    trap '"${sudo_cmd[@]}" rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all packages present"
fi

if [ "$build" = yes ]; then
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  echo
  echo "setup: built build/$preset/ddnsguard"
  echo "next: tools/demo.sh   (a local PowerDNS kept in sync, within a minute)"
  echo "      tools/test.sh   (every test)"
fi
