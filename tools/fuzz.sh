#!/usr/bin/env bash
# Fuzzes one target with clang's libFuzzer (ASan + UBSan), starting from its corpus in
# tests/fuzz/corpus/. New inputs go to build/fuzz/corpus-<target>/ (never into the tests);
# a crash leaves crash-* in build/fuzz/. Copy an input worth keeping into tests/fuzz/corpus/
# so the test command replays it from then on.
# Usage: tools/fuzz.sh config|address [SECONDS (default 60)]
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-}"
seconds="${2:-60}"
case "$target" in
  config|address) ;;
  *) echo "usage: tools/fuzz.sh config|address [SECONDS]" >&2; exit 2 ;;
esac
tools/setup.sh --no-build --with-clang
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target "fuzz_$target"
work=build/fuzz/corpus-$target
mkdir -p "$work"
seeds=(tests/fuzz/corpus/$target)
[ "$target" = config ] && seeds+=(data/examples)
cd build/fuzz
"./tests/fuzz_$target" -max_total_time="$seconds" -max_len=65536 \
  "../../$work" "${seeds[@]/#/../../}"
