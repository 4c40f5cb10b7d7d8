#!/usr/bin/env bash
# libFuzzer runs of the loaders (docs/fuzzing.md; harnesses in fuzz/).
#
#   scripts/fuzz.sh smoke               CI: build the fuzz preset, run each harness for a fixed
#                                       number of executions from its seeds; fails on any finding
#   scripts/fuzz.sh long HARNESS EXECS  one harness (scenario, sweep or history) for EXECS
#                                       executions, one process; libFuzzer's final statistics go to
#                                       fuzz/results/HARNESS-DATE.txt
#
# Every run: a unit over 5 s of CPU time or 1 GiB of heap is a finding, measured by the harnesses
# (fuzz/unit_limits.hpp says why not by libFuzzer's wall-clock -timeout and process -rss_limit_mb,
# which stay as backstops: 30 s for a unit that blocks, 2560 MB for the process), and so is a
# single allocation over 1 GiB (-malloc_limit_mb); fixed -seed=1. Findings land in
# build/fuzz/artifacts/.
# Stdin is /dev/null, so fuzz input naming /dev/stdin in `extends` cannot block (fuzz/sandbox.hpp).
# Assumes scripts/install-deps.sh ran (clang-14, libclang-rt-14-dev).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=build/fuzz
HARNESSES=(scenario sweep history)
# Executions per harness in CI, about 30 s each on a 2-core runner (docs/fuzzing.md).
declare -A SMOKE_RUNS=([scenario]=6000 [sweep]=10000 [history]=40000)
# The largest seed is scenarios/luolong-14fyp.yaml, 26 KB.
MAX_LEN=32768
# ASan's quarantine (256 MB by default) and the free pages its allocator keeps are ASan's memory,
# not the loaders': capped and returned, so the process stays well under its RSS backstop.
export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=64:allocator_release_to_os_interval_ms=100}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

usage() {
  echo "usage: scripts/fuzz.sh smoke | long {scenario|sweep|history} EXECUTIONS" >&2
  exit 2
}

build() {
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz
}

# The seed corpus of a harness, rebuilt from the repository on every run (not kept in git twice).
# Paths that leave the seed's directory are rewritten to the fuzz sandbox's layout: tiny.yaml and
# history/*.csv side by side.
seeds() {
  local harness=$1 dir=$BUILD/seeds/$1
  rm -rf "$dir"
  mkdir -p "$dir"
  local files=()
  case $harness in
    scenario)
      files=(tests/scenarios/*.yaml tests/scenarios/*/*.yaml scenarios/*.yaml fuzz/crashers/*.yaml)
      ;;
    sweep)
      files=(scenarios/sweeps/*.yaml fuzz/seeds/sweep/*.yaml fuzz/crashers/*.yaml)
      ;;
    history)
      files=(data/history/*.csv tests/scenarios/history/*.csv)
      ;;
  esac
  local file name
  for file in "${files[@]}"; do
    # Flattened names: invalid/empty.yaml and warnings/... must not collide.
    name=$(echo "$file" | tr '/' '_')
    LC_ALL=C sed -e 's#^extends: \.\./tiny\.yaml#extends: tiny.yaml#' \
      -e 's#file: \.\./history/#file: history/#' \
      -e 's#^scenario: .*#scenario: tiny.yaml#' "$file" >"$dir/$name"
  done
  echo "$dir"
}

dictionary() {
  case $1 in
    scenario | sweep) echo fuzz/yaml.dict ;;
    history) echo fuzz/history.dict ;;
  esac
}

# fuzz HARNESS CORPUS RUNS: CORPUS is the writable corpus, the seeds are only read. PREFIX (an
# array) goes before the command: nice for the long runs. Without address-space randomisation a
# run repeats exactly (the engine's pointer comparisons feed libFuzzer's mutations); a machine that
# refuses setarch -R (some containers) still runs, only not repeatably.
PREFIX=()
NORANDOM=()
if setarch "$(uname -m)" -R true 2>/dev/null; then
  NORANDOM=(setarch "$(uname -m)" -R)
fi
fuzz() {
  local harness=$1 corpus=$2 runs=$3
  local seed_dir
  seed_dir=$(seeds "$harness")
  mkdir -p "$corpus" "$BUILD/artifacts"
  "${PREFIX[@]}" "${NORANDOM[@]}" "$BUILD/bin/fuzz_$harness" "$corpus" "$seed_dir" \
    -runs="$runs" -seed=1 -timeout=30 -rss_limit_mb=2560 -malloc_limit_mb=1024 -max_len=$MAX_LEN \
    -dict="$(dictionary "$harness")" -artifact_prefix="$BUILD/artifacts/$harness-" \
    -print_final_stats=1 </dev/null
}

smoke() {
  build
  local harness start
  for harness in "${HARNESSES[@]}"; do
    start=$SECONDS
    # A fresh corpus: the same seeds and -seed give the same run on every machine.
    rm -rf "$BUILD/smoke/$harness"
    if ! fuzz "$harness" "$BUILD/smoke/$harness" "${SMOKE_RUNS[$harness]}" \
      >"$BUILD/smoke-$harness.log" 2>&1; then
      tail -n 60 "$BUILD/smoke-$harness.log" >&2
      echo "fuzz smoke: fuzz_$harness found a problem (log $BUILD/smoke-$harness.log, input in" \
        "$BUILD/artifacts/)" >&2
      exit 1
    fi
    echo "fuzz smoke: fuzz_$harness ${SMOKE_RUNS[$harness]} runs, 0 findings," \
      "$((SECONDS - start)) s;" \
      "$(grep -E '^regiosim fuzz: (slowest|largest)' "$BUILD/smoke-$harness.log" |
        sed 's/^regiosim fuzz: //' | paste -sd ',' - | sed 's/,/, /')"
  done
}

long() {
  local harness=$1 runs=$2
  [[ " ${HARNESSES[*]} " == *" $harness "* ]] || usage
  [[ $runs =~ ^[0-9]+$ ]] || usage
  build
  local date log result status=0 start end
  date=$(date -u +%F)
  mkdir -p fuzz/results "$BUILD/logs"
  log=$BUILD/logs/$harness-$date.log
  result=fuzz/results/$harness-$date.txt
  start=$(date -u +%FT%TZ)
  # The working corpus persists in fuzz/corpus/ (git-ignored), so a later run starts where this
  # one stopped.
  PREFIX=(nice -n 10)
  fuzz "$harness" "fuzz/corpus/$harness" "$runs" >"$log" 2>&1 || status=$?
  end=$(date -u +%FT%TZ)
  {
    echo "# scripts/fuzz.sh long $harness $runs (docs/fuzzing.md)"
    echo "harness: fuzz_$harness"
    local modified=""
    git diff --quiet HEAD -- engine fuzz || modified=" (uncommitted changes in engine/ or fuzz/)"
    echo "commit: $(git rev-parse --short HEAD)$modified"
    echo "compiler: $(clang++-14 --version | head -n 1)"
    echo "machine: $(nproc) cores, $(grep -m 1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    echo "flags: -runs=$runs -seed=1 -timeout=30 -rss_limit_mb=2560 -malloc_limit_mb=1024" \
      "-max_len=$MAX_LEN; per unit 5 s of CPU and 1 GiB of heap (fuzz/unit_limits.hpp);" \
      "ASAN_OPTIONS=$ASAN_OPTIONS;" \
      "address-space randomisation $([ ${#NORANDOM[@]} -gt 0 ] && echo off || echo on)"
    echo "started: $start"
    echo "finished: $end"
    echo "exit status: $status"
    grep -E '^(Done [0-9]+ runs|stat::|regiosim fuzz: (slowest|largest))' "$log" || true
    if [ "$status" -eq 0 ]; then
      echo "findings: 0 (crashes, sanitizer reports, units over 5 s of CPU or 1 GiB of heap," \
        "hangs over 30 s, processes over 2560 MB)"
    else
      echo "FINDING: see the end of $log and $BUILD/artifacts/"
      grep -E '^(==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' "$log" || true
    fi
  } >"$result"
  cat "$result"
  return "$status"
}

case ${1:-} in
  smoke)
    [ $# -eq 1 ] || usage
    smoke
    ;;
  long)
    [ $# -eq 3 ] || usage
    long "$2" "$3"
    ;;
  *) usage ;;
esac
