#!/usr/bin/env bash
# Times the hazard-model fit on one year of history and a planner call, in the release
# build (targets: fit < 50 ms, planner < 1 ms). A measurement, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build build/release --target bench_model >/dev/null
build/release/tests/bench_model
