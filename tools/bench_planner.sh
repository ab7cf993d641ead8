#!/usr/bin/env bash
# Adaptive polling against fixed 5-minute polling on every trace in data/traces/, in
# virtual time with the real controller (`ddnsguard simulate`). Prints a Markdown table:
# mean and p95 detection delay, checks per day. A measurement, not a test.
# Usage: tools/bench_planner.sh [TRACE...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${DDNSGUARD_BIN:-$root/build/release/ddnsguard}
if [ ! -x "$bin" ]; then
  cmake --preset release >/dev/null && cmake --build build/release --target ddnsguard >/dev/null
fi
traces=("$@")
[ ${#traces[@]} -gt 0 ] || traces=("$root"/data/traces/*.jsonl)
budget72="$root/data/examples/simulate-budget-72.json"
row() {  # label json
  python3 - "$1" "$2" <<'PY'
import json, sys
r = json.loads(sys.argv[2])
d = r["delay_s"]
print(f"| {sys.argv[1]} | {r['mode']} | {r['changes']} | {r['detected']} | {d['mean']:.0f} "
      f"| {d['p95']:.0f} | {r['checks_per_day']:.0f} | {r['wrong_publishes']} |")
PY
}
echo "| trace | polling | changes | detected | mean delay s | p95 delay s | checks/day | wrong publishes |"
echo "|---|---|---|---|---|---|---|---|"
for t in "${traces[@]}"; do
  name=$(basename "$t" .jsonl)
  row "$name" "$("$bin" simulate --trace "$t" --fixed-interval 5m --json)"
  row "$name" "$("$bin" simulate --trace "$t" --json)"
  row "$name (budget 72)" "$("$bin" -c "$budget72" simulate --trace "$t" --json)"
done
