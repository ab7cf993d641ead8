#!/usr/bin/env bash
# Fails when an #include goes against the direction of the architecture (ARCHITECTURE.md):
# models -> nothing of ours; providers -> models and providers; controller -> all three.
# Inside providers/ and controller/, a folder includes its own headers and those of
# folders of a lower rank only (the tables below), so the arrows never form a cycle.
# Usage: tools/check_layers.sh   (from anywhere; exit 1 and one line per offending include)
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A rank=(
  [models]=0
  [providers/base]=10 [providers/net]=11 [providers/sources]=12 [providers/dns]=12
  [providers/platform]=13
  [controller/platform]=20 [controller/config]=21 [controller/store]=21
  [controller/loop]=22 [controller/page]=22 [controller/import]=22 [controller/telemetry]=23
  [controller/service]=23 [controller/app]=24 [controller/sim]=25 [controller/cli]=26
  [controller/main]=27
)

folder_of() {  # sets REPLY to the ranked folder path $1 is in ("" when none)
  local dir=$1
  REPLY=""
  while [ "$dir" != "${dir%/*}" ]; do
    dir=${dir%/*}
    if [ -n "${rank[$dir]+x}" ]; then
      REPLY=$dir
      return
    fi
  done
  if [ -n "${rank[$dir]+x}" ]; then REPLY=$dir; fi
}

bad=0
declare -A seen=()
while IFS= read -r file; do
  folder_of "$file"
  if [ -z "$REPLY" ]; then
    echo "$file: not in a folder of the architecture (add it to tools/check_layers.sh)"
    bad=1
  fi
  seen[$file]=1
done < <(find models providers controller -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' \))

# One grep over every file: "path:#include "target"" lines.
while IFS= read -r line; do
  file=${line%%:*}
  target=${line#*\"}
  target=${target%%\"*}
  case "$target" in models/* | providers/* | controller/*) ;; *) continue ;; esac
  folder_of "$file"
  from=$REPLY
  folder_of "$target"
  to=$REPLY
  [ -z "$from" ] && continue  # reported above
  if [ -z "$to" ]; then
    echo "$file: includes $target, which is in no folder of the architecture"
    bad=1
  elif [ "$to" != "$from" ] && [ "${rank[$to]}" -ge "${rank[$from]}" ]; then
    echo "$file: $from must not include $target ($to is not below it)"
    bad=1
  fi
done < <(grep -HE '^[[:space:]]*#[[:space:]]*include[[:space:]]+"' "${!seen[@]}" || true)

if [ "$bad" -ne 0 ]; then
  echo "check_layers: includes against the architecture's direction (see ARCHITECTURE.md)"
  exit 1
fi
echo "check_layers: every include follows the architecture"
