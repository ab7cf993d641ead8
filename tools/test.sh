#!/usr/bin/env bash
# Runs every test: installs what is missing (tools/setup.sh, quick when all is there),
# builds the given preset (default dev; CI also runs asan) and runs ctest in parallel.
# Usage: tools/test.sh [preset...]   (default: dev; under CI=true: asan and release, so CI
# catches memory errors, undefined behaviour and -O2-only warnings)
set -euo pipefail
cd "$(dirname "$0")/.."
presets=("$@")
if [ ${#presets[@]} -eq 0 ]; then
  if [ -n "${CI:-}" ]; then presets=(asan release); else presets=(dev); fi
fi
tools/setup.sh --no-build
for preset in "${presets[@]}"; do
  echo "== preset $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  ctest --preset "$preset" -j"$(nproc)" --timeout 180
done
