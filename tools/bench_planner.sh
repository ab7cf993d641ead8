#!/usr/bin/env bash
# Poll-planner benchmark, in virtual time with the real controller (`ddnsguard simulate`).
# A measurement, not a test.
#
# Family mode (no trace arguments): for every trace family of tools/gen_traces.py and every
# seed, draws a trace into a temporary directory and runs it at daily budgets 288 and 72:
#   * ddnsguard, fixed 5-minute polling (`simulate --fixed-interval 5m`): the denominator;
#   * ddnsguard, adaptive polling (`-c` a generated config with polling.daily_budget), and
#     for the multi-day timer families also with polling.budget_window "3d" (skipped when
#     the binary's check-config rejects that key);
#   * tools/baseline_learner.py, a simple reference learner, at the same budget (and window),
#     with its token bucket and again held to ddnsguard's sliding cap (`--cap sliding`).
# Ratio = mean detection delay / mean delay of fixed 5-minute polling on the same trace (the
# same denominator for both learners), averaged over the draws. Prints one Markdown table
# per budget: ratios, checks/day, wrong publishes, and for faults_mixed the anomaly
# true-positive rate and false positives per 30 days (ddnsguard adaptive).
#
# SEEDS: the default seeds 9001-9005 are HELD OUT. Never use them to tune ddnsguard or the
# baseline (no parameter, threshold or design choice may be picked by looking at their
# results); they only measure. Develop and tune with --tuning (seeds 1-5).
#
# Usage: tools/bench_planner.sh [--tuning | --quick] [--jobs N] [--families "a b ..."]
#                                [--keep DIR]
#          --tuning    seeds 1-5 (for development) instead of the held-out 9001-9005
#          --quick     smoke run: one tuning seed (1), budget 288 only
#          --jobs N    trace draws run in parallel (default 2)
#          --families  a subset of `tools/gen_traces.py --list-families`
#          --keep DIR  keep the traces, configs and per-run JSON reports in DIR
#        tools/bench_planner.sh TRACE...   (the original per-trace table: fixed 5 min,
#                                           adaptive, adaptive at budget 72)
# Environment: DDNSGUARD_BIN (default build/release/ddnsguard).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${DDNSGUARD_BIN:-$root/build/release/ddnsguard}

HELD_OUT_SEEDS="9001 9002 9003 9004 9005"  # held out: never tune on these
TUNING_SEEDS="1 2 3 4 5"
BUDGETS="288 72"
WINDOW_FAMILIES="timer_multiday"          # also run with polling.budget_window "3d"

ensure_binary() {
  if [ ! -x "$bin" ]; then
    cmake --preset release >/dev/null && cmake --build build/release --target ddnsguard >/dev/null
  fi
}

# ---- the original usage: explicit trace files --------------------------------------------

trace_table() {  # TRACE...
  local budget72="$root/data/examples/simulate-budget-72.json" t name
  echo "| trace | polling | changes | detected | mean delay s | p95 delay s | checks/day | wrong publishes |"
  echo "|---|---|---|---|---|---|---|---|"
  for t in "$@"; do
    name=$(basename "$t" .jsonl)
    "$bin" simulate --trace "$t" --fixed-interval 5m --json | trace_row "$name"
    "$bin" simulate --trace "$t" --json | trace_row "$name"
    "$bin" -c "$budget72" simulate --trace "$t" --json | trace_row "$name (budget 72)"
  done
}

trace_row() {  # label; the JSON report on stdin (too long for an argument: it lists checks)
  local script
  script=$(cat <<'PY'
import json, sys
r = json.load(sys.stdin)
d = r["delay_s"]
print(f"| {sys.argv[1]} | {r['mode']} | {r['changes']} | {r['detected']} | {d['mean']:.0f} "
      f"| {d['p95']:.0f} | {r['checks_per_day']:.0f} | {r['wrong_publishes']} |")
PY
)
  python3 -c "$script" "$1"
}

# ---- family mode -----------------------------------------------------------------------

write_config() {  # OUT budget [window]: the example config with the budget (and window) set
  python3 - "$root/data/examples/simulate-budget-72.json" "$@" <<'PY'
import json, sys
src, out, budget = sys.argv[1], sys.argv[2], int(sys.argv[3])
c = json.load(open(src))
c["polling"]["daily_budget"] = budget
if len(sys.argv) > 4:
    c["polling"]["budget_window"] = sys.argv[4]
with open(out, "w") as f:
    json.dump(c, f, indent=2)
PY
  chmod 600 "$1"  # the example holds an (unused) inline password
}

run_draw() {  # family seed: one trace, every run; reports in $work/res/FAMILY-SEED/
  local fam=$1 seed=$2 b
  local dir="$work/res/$fam-$seed" trace="$work/traces/$fam-$seed.jsonl"
  mkdir -p "$dir"
  python3 "$root/tools/gen_traces.py" --family "$fam" --seed "$seed" "$trace" 2>/dev/null
  run_one "$dir/fixed.json" "$bin" simulate --trace "$trace" --fixed-interval 5m --json
  for b in $budgets; do
    run_one "$dir/ddnsguard-$b.json" "$bin" -c "$work/cfg-$b.json" simulate --trace "$trace" --json
    run_one "$dir/baseline-$b.json" python3 "$root/tools/baseline_learner.py" "$trace" --budget "$b"
    run_one "$dir/baseline-sliding-$b.json" python3 "$root/tools/baseline_learner.py" "$trace" \
      --budget "$b" --cap sliding
    if [ "$window_ok" = 1 ] && [[ " $WINDOW_FAMILIES " == *" $fam "* ]]; then
      run_one "$dir/ddnsguard-3d-$b.json" "$bin" -c "$work/cfg-$b-3d.json" simulate \
        --trace "$trace" --json
      run_one "$dir/baseline-3d-$b.json" python3 "$root/tools/baseline_learner.py" "$trace" \
        --budget "$b" --window 3
      run_one "$dir/baseline-sliding-3d-$b.json" python3 "$root/tools/baseline_learner.py" \
        "$trace" --budget "$b" --window 3 --cap sliding
    fi
  done
  echo "  $fam seed $seed done" >&2
}

run_one() {  # OUT command...: the command's stdout into OUT; a failure is noted, not fatal
  local out=$1
  shift
  if ! "$@" >"$out.tmp" 2>"$out.err"; then
    echo "  FAILED: $* (see $out.err)" >&2
    rm -f "$out.tmp"
    return 0
  fi
  mv "$out.tmp" "$out"
  [ -s "$out.err" ] || rm -f "$out.err"
}

summarise() {  # prints the Markdown tables from $work/res
  python3 - "$work/res" "$budgets" "$families" "$WINDOW_FAMILIES" <<'PY'
import json, os, sys
res, budgets, families, window_fams = sys.argv[1], sys.argv[2].split(), sys.argv[3].split(), \
    sys.argv[4].split()

def load(draw, name):
    """The JSON report of one run, or None when it is missing or failed."""
    try:
        with open(os.path.join(res, draw, name + ".json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None

def mean(xs):
    return sum(xs) / len(xs) if xs else None

def fmt(x, spec):
    return "n/a" if x is None else format(x, spec)

def row(fam, label, budget, variant, draws):
    """Aggregates one (family, variant) over the draws into a table row."""
    ratios = {"ddnsguard": [], "baseline": [], "baseline-sliding": []}
    cpd = {"ddnsguard": [], "baseline": [], "baseline-sliding": []}
    wrong, tp, fn, fp, days = 0, 0, 0, 0, 0.0
    suffix = f"-{variant}" if variant else ""
    for draw in draws:
        fixed = load(draw, "fixed")
        for who in ratios:
            r = load(draw, f"{who}{suffix}-{budget}")
            if r is None:
                continue
            cpd[who].append(r["checks_per_day"])
            if fixed and fixed["detected"] and r["detected"] and fixed["delay_s"]["mean"] > 0:
                ratios[who].append(r["delay_s"]["mean"] / fixed["delay_s"]["mean"])
            if who == "ddnsguard":
                wrong += r.get("wrong_publishes", 0)
                a = r.get("anomalies", {})
                tp, fn, fp = tp + a.get("true_positive", 0), fn + a.get("false_negative", 0), \
                    fp + a.get("false_positive", 0)
                if r["checks_per_day"] > 0:
                    days += r["checks"] / r["checks_per_day"]
    anomalies = "–"
    if fam == "faults_mixed" and tp + fn > 0 and days > 0:
        anomalies = f"{tp / (tp + fn):.2f} / {fp * 30 / days:.2f}"
    n = max(len(ratios["ddnsguard"]), len(ratios["baseline"]))
    print(f"| {label} | {fmt(mean(ratios['ddnsguard']), '.3f')} | "
          f"{fmt(mean(ratios['baseline']), '.3f')} | "
          f"{fmt(mean(ratios['baseline-sliding']), '.3f')} "
          f"({fmt(mean(cpd['baseline-sliding']), '.0f')}/day) | {fmt(mean(cpd['ddnsguard']), '.1f')} | "
          f"{fmt(mean(cpd['baseline']), '.1f')} | {wrong} | {anomalies} | "
          f"{len(ratios['ddnsguard'])}/{len(ratios['baseline'])} of {len(draws)} |")

for budget in budgets:
    print(f"\n### Daily budget {budget}\n")
    print("| family | ddnsguard ratio | baseline ratio | baseline ratio, sliding cap (checks) "
          "| ddnsguard checks/day | baseline checks/day | wrong publishes "
          "| anomaly TP rate / FP per 30 d | draws |")
    print("|---|---|---|---|---|---|---|---|---|")
    for fam in families:
        draws = sorted(d for d in os.listdir(res) if d.rsplit("-", 1)[0] == fam)
        row(fam, fam, budget, "", draws)
        if fam in window_fams and any(load(d, f"ddnsguard-3d-{budget}") or
                                      load(d, f"baseline-3d-{budget}") for d in draws):
            row(fam, f"{fam} (window 3d)", budget, "3d", draws)
print("\nratio: mean delay / fixed 5-min mean delay of the same trace, mean over draws "
      "(draws: ddnsguard/baseline draws with a ratio). baseline: a token bucket holding one "
      "window of budget (up to two windows' worth in one window); sliding cap: the same "
      "learner held to ddnsguard's rule, at most budget x window checks in any window. wrong "
      "publishes: ddnsguard adaptive, summed. Budget 72 ratios compare against 288 checks/day.")
PY
}

family_mode() {
  local seeds=$HELD_OUT_SEEDS quick=0 jobs=2 keep="" label="held-out seeds"
  families=""
  while [ $# -gt 0 ]; do
    case $1 in
      --tuning) seeds=$TUNING_SEEDS; label="tuning seeds" ;;
      --quick) quick=1 ;;
      --jobs) jobs=$2; shift ;;
      --families) families=$2; shift ;;
      --keep) keep=$2; shift ;;
      *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
  done
  budgets=$BUDGETS
  if [ "$quick" = 1 ]; then  # a tuning seed: smoke runs must not expose held-out results
    seeds=${TUNING_SEEDS%% *}
    label="tuning seed, quick"
    budgets=${BUDGETS%% *}
  fi
  if [ -z "$families" ]; then
    families=$(python3 "$root/tools/gen_traces.py" --list-families | awk '{print $1}' | tr '\n' ' ')
  fi
  if [ -n "$keep" ]; then
    work=$keep
    mkdir -p "$work"
  else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
  fi
  mkdir -p "$work/traces" "$work/res"
  local b
  window_ok=1
  for b in $budgets; do
    write_config "$work/cfg-$b.json" "$b"
    write_config "$work/cfg-$b-3d.json" "$b" 3d
    "$bin" -c "$work/cfg-$b-3d.json" check-config >/dev/null 2>&1 || window_ok=0
  done
  if [ "$window_ok" != 1 ]; then
    echo "note: this ddnsguard rejects polling.budget_window: no window rows" >&2
  fi
  export bin root work budgets window_ok WINDOW_FAMILIES
  export -f run_draw run_one
  local start=$SECONDS fam seed
  echo "bench_planner: $(wc -w <<<"$families") families x seeds [$seeds] ($label)," \
    "budgets [$budgets], $jobs jobs" >&2
  # shellcheck disable=SC2016  # $1 $2 expand in the worker shell
  for fam in $families; do
    for seed in $seeds; do
      echo "$fam $seed"
    done
  done | xargs -P "$jobs" -n 2 bash -c 'run_draw "$1" "$2"' _ || echo "some draws failed" >&2
  echo "## Poll planner: ${label} [${seeds}], $(( SECONDS - start )) s"
  summarise
}

case ${1:-} in
  -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' ;;
  --*|"") ensure_binary; family_mode "$@" ;;
  *) ensure_binary; trace_table "$@" ;;
esac
