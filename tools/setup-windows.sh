#!/usr/bin/env bash
# Cross-builds ddnsguard's Windows dependencies with MinGW-w64 into build/windeps/prefix:
# SQLite (amalgamation), libcurl with Schannel, OpenSSL (libcrypto), ldns (two fixes kept
# as patches in tools/windows/), fmt, spdlog and GoogleTest, all from Debian's source
# packages; header-only libraries are linked from the Debian packages. Installs the toolchain and wine64 first. Each dependency is built once
# (a stamp file marks it), so a second run takes a second.
# Usage: tools/setup-windows.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/build/windeps
P=$work/prefix
src=$work/src
mkdir -p "$P"/{include,lib,share/cmake,share/eigen3} "$src"
export WINDEPS_PREFIX=$P
host=x86_64-w64-mingw32
jobs=$(nproc)

packages=(g++-mingw-w64-x86-64-posix mingw-w64-tools wine64 tcl dpkg-dev cmake ninja-build
  nlohmann-json3-dev libeigen3-dev libcli11-dev libspdlog-dev libfmt-dev googletest
  libexpected-dev libhowardhinnant-date-dev libcpp-httplib-dev)
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
srclist=/etc/apt/sources.list.d/ddnsguard-src.sources
if [ ! -e $srclist ]; then  # apt-get source needs deb-src lines (bookworm itself, not security)
  printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' |
    "${sudo_cmd[@]}" tee $srclist >/dev/null
  fresh_index=yes
fi
if [ ${#missing[@]} -gt 0 ] || [ -n "${fresh_index:-}" ]; then
  echo "setup-windows: installing ${missing[*]:-(source index only)}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  [ ${#missing[@]} -eq 0 ] || "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Header-only libraries: an overlay of symlinks (-I/usr/include would pull glibc headers in).
for d in nlohmann CLI eigen3 tl date; do ln -sfn "/usr/include/$d" "$P/include/$d"; done
for d in fmt spdlog; do  # built below as libraries (header-only, every file compiles them)
  [ -L "$P/include/$d" ] && rm -f "$P/include/$d"
done
for d in nlohmann_json CLI11 tl-expected; do
  [ -d "/usr/share/cmake/$d" ] && cp -r "/usr/share/cmake/$d" "$P/share/cmake/"
done
[ -d /usr/lib/cmake/tl-expected ] && cp -r /usr/lib/cmake/tl-expected "$P/share/cmake/"
cp -r /usr/share/eigen3/cmake "$P/share/eigen3/"

fetch() {  # fetch <source package>: unpacks Debian's source once, prints its directory
  local dir
  dir=$(find "$src" -maxdepth 1 -type d -name "$1-[0-9]*" | head -1)
  if [ -z "$dir" ]; then
    (cd "$src" && apt-get source -qq "$1" >/dev/null 2>&1)
    dir=$(find "$src" -maxdepth 1 -type d -name "$1-[0-9]*" | head -1)
  fi
  echo "$dir"
}
stamp() { [ -e "$work/$1.done" ]; }
done_() { touch "$work/$1.done"; echo "setup-windows: $1 built"; }

if ! stamp sqlite; then  # the amalgamation is generated (needs tclsh), then cross-compiled
  s=$(fetch sqlite3)
  rm -rf "$work/sqlite-amal" && mkdir -p "$work/sqlite-amal"
  (cd "$work/sqlite-amal" && "$s/configure" --disable-tcl >/dev/null && make -s sqlite3.c >/dev/null)
  $host-gcc-posix -O2 -DSQLITE_THREADSAFE=1 -c "$work/sqlite-amal/sqlite3.c" -o "$work/sqlite3.o"
  $host-ar rcs "$P/lib/libsqlite3.a" "$work/sqlite3.o"
  cp "$work/sqlite-amal/sqlite3.h" "$work/sqlite-amal/sqlite3ext.h" "$P/include/"
  done_ sqlite
fi

if ! stamp curl; then  # Schannel: TLS from Windows itself, no OpenSSL in libcurl
  s=$(fetch curl)
  rm -rf "$work/curl-build" && mkdir -p "$work/curl-build"
  (cd "$work/curl-build" && "$s/configure" -q --host=$host --prefix="$P" --disable-shared \
    --with-schannel --disable-{ftp,file,ldap,ldaps,rtsp,dict,telnet,tftp,pop3,imap,smb,smtp} \
    --disable-{gopher,mqtt,manual,ntlm,ntlm-wb,tls-srp,unix-sockets,alt-svc,doh,netrc,mime} \
    --disable-{progress-meter,websockets,libcurl-option,get-easy-options,hsts,cookies} \
    --without-{zlib,brotli,zstd,libpsl,libidn2,winidn,nghttp2,ngtcp2,nghttp3,quiche,msh3} \
    --without-{hyper,librtmp,libssh2,libssh,wolfssh,libgsasl,ca-bundle,ca-path} >/dev/null &&
    make -s -j"$jobs" -C lib >/dev/null && make -s -C lib install >/dev/null &&
    make -s -C include install >/dev/null && make -s install-pkgconfigDATA >/dev/null)
  done_ curl
fi

if ! stamp openssl; then  # libcrypto only: ldns' TSIG and our HMAC signing need it
  s=$(fetch openssl)
  (cd "$s" && ./Configure mingw64 no-shared no-tests no-module no-engine no-legacy \
    --cross-compile-prefix=$host- --prefix="$P" --libdir=lib >/dev/null &&
    make -s -j"$jobs" build_libs >/dev/null 2>&1 && make -s install_dev >/dev/null)
  done_ openssl
fi

if ! stamp ldns; then  # inet_pton/ntop come from ws2_32 (configure misses them there)
  s=$(fetch ldns)
  for p in "$root"/tools/windows/ldns-*.patch; do
    patch -d "$s" -p1 -N -s --dry-run <"$p" >/dev/null 2>&1 && patch -d "$s" -p1 -N -s <"$p"
  done
  rm -rf "$work/ldns-build" && mkdir -p "$work/ldns-build"
  (cd "$work/ldns-build" && "$s/configure" -q --host=$host --prefix="$P" --disable-shared \
    --with-ssl="$P" --without-pyldns --without-drill --without-examples --disable-dane \
    --disable-gost --disable-ecdsa --disable-ed25519 --disable-ed448 \
    ac_cv_func_inet_pton=yes ac_cv_func_inet_ntop=yes >/dev/null &&
    make -s -j"$jobs" lib >/dev/null && make -s install-h install-lib >/dev/null)
  done_ ldns
fi

if ! stamp httplib; then  # Debian's header is the split one (with a .so): take the whole header
  s=$(fetch cpp-httplib)
  rm -f "$P/include/httplib.h"  # never write through an old symlink into /usr/include
  cp "$s/httplib.h" "$P/include/httplib.h"
  done_ httplib
fi

cmake_dep() {  # cmake_dep <source dir> <build dir> [cmake options]: a static library, installed
  local s=$1 b=$2
  shift 2
  cmake -S "$s" -B "$b" -G Ninja -DCMAKE_BUILD_TYPE=MinSizeRel -DBUILD_SHARED_LIBS=OFF \
    -DCMAKE_TOOLCHAIN_FILE="$root/tools/windows/mingw-w64.cmake" -DCMAKE_INSTALL_PREFIX="$P" \
    "$@" >/dev/null
  cmake --build "$b" >/dev/null && cmake --install "$b" >/dev/null
}

if ! stamp fmt; then
  cmake_dep "$(fetch fmtlib)" "$work/fmt-build" -DFMT_TEST=OFF -DFMT_DOC=OFF
  done_ fmt
fi

if ! stamp spdlog; then
  cmake_dep "$(fetch spdlog)" "$work/spdlog-build" -DSPDLOG_FMT_EXTERNAL=ON \
    -DSPDLOG_BUILD_EXAMPLE=OFF -DSPDLOG_BUILD_TESTS=OFF -DSPDLOG_BUILD_BENCH=OFF
  done_ spdlog
fi

if ! stamp googletest; then
  cmake -S /usr/src/googletest -B "$work/gtest-build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_TOOLCHAIN_FILE="$root/tools/windows/mingw-w64.cmake" -DCMAKE_INSTALL_PREFIX="$P" \
    -Dgtest_disable_pthreads=OFF >/dev/null
  cmake --build "$work/gtest-build" >/dev/null && cmake --install "$work/gtest-build" >/dev/null
  done_ googletest
fi
echo "setup-windows: dependencies ready in $P"
