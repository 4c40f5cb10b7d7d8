#!/usr/bin/env bash
# ThreadSanitizer run of the OpenMP runner (issue 13, item 10; README "Presets").
#
# GCC's libgomp is not built for ThreadSanitizer, so its barriers and reductions look like races:
# the tsan preset builds the CLI with clang 14 and LLVM's libomp, and loads Archer
# (libarcher.so, Debian's libomp-14-dev), the OMPT tool that tells ThreadSanitizer what OpenMP
# synchronises. Then every command that runs paths in parallel runs with more threads than cores
# and small batches, so that batches finish out of order and the writer thread is busy: a run
# with every path stored, a summary run, parameter sets, a paired comparison and a sweep. Any
# report is a failure (halt_on_error, exit code 66). Assumes scripts/install-deps.sh ran.
set -euo pipefail
cd "$(dirname "$0")/.."

cmake --preset tsan >/dev/null
cmake --build --preset tsan

archer=/usr/lib/llvm-14/lib/libarcher.so
if [ ! -f "$archer" ]; then
  echo "tsan: $archer is missing (Debian package libomp-14-dev)" >&2
  exit 1
fi
export OMP_TOOL_LIBRARIES=$archer
export ARCHER_OPTIONS=verbose=1
# ignore_noninstrumented_modules: libomp's own internals (and HDF5's, behind its global lock) are
# not built for ThreadSanitizer; Archer asks for it, else libomp's lock setup shows as a race.
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1 ignore_noninstrumented_modules=1"

bin=$PWD/build/tsan/bin/regiosim
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tsan_run() {
  echo "tsan: regiosim $*" >&2
  "$bin" "$@" >"$work/output" 2>&1 || {
    cat "$work/output" >&2
    exit 1
  }
  # Archer announces itself (on stdout); without it every OpenMP construct would be reported.
  if ! grep -q "Archer detected OpenMP application with TSan" "$work/output"; then
    cat "$work/output" >&2
    echo "tsan: Archer was not loaded" >&2
    exit 1
  fi
}

tsan_run run --paths 300 --threads 4 --batch-size 16 --quiet --out "$work/full.h5"
tsan_run run --paths 300 --threads 4 --batch-size 16 --quiet --store summary --out "$work/summary.h5"
tsan_run run tests/scenarios/tiny.yaml --paths 20 --parameter-sets 6 --threads 4 --batch-size 8 \
  --quiet --set "sectors[0].tfp_drift={prior: uniform, lo: 0.0, hi: 0.04}" --out "$work/sets.h5"
tsan_run compare scenarios/luolong-14fyp.yaml scenarios/stress-pandemic.yaml --paths 200 \
  --threads 4
cat >"$work/sweep.yaml" <<EOF
scenario: $PWD/scenarios/luolong-14fyp.yaml
design: mc
points: 8
paths: 40
seed: 1
parameters:
  - {key: investment.block_defaults.growth_mean, range: [0.04, 0.14]}
EOF
tsan_run sweep "$work/sweep.yaml" --threads 4 --quiet --out "$work/sweep.h5"
echo "tsan: no data race reported" >&2
