#!/usr/bin/env bash
# CI's further builds (issue 13, item 10), each tested as scripts/test.sh tests the release preset:
# - asan: the debug configuration (assertions on, no NDEBUG) under AddressSanitizer, its
#   LeakSanitizer and UndefinedBehaviorSanitizer, at -O1: every Catch2 test, the bench smoke test
#   and the pytest suite against the sanitized CLI (the Python module is not built: Python cannot
#   load it without preloading the sanitizer runtime; the tests that measure memory or preload a
#   fault shim skip with the reason). It replaces the plain debug preset in CI: the same
#   assertions, plus the sanitizers, and CI stays under 45 minutes (docs: README "Presets").
# - no-openmp: the serial runner.
# Assumes scripts/install-deps.sh ran.
set -euo pipefail
cd "$(dirname "$0")/.."

cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --test-dir build/asan --output-on-failure -j2 --timeout 1800

cmake --preset no-openmp >/dev/null
cmake --build --preset no-openmp
ctest --test-dir build/no-openmp --output-on-failure -j2 --timeout 900
