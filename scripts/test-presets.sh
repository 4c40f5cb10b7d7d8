#!/usr/bin/env bash
# CI's further builds (issue 13, item 10): the debug preset (assertions, no optimisation) and the
# no-openmp preset (the serial runner) are built and tested as scripts/test.sh tests the release
# preset. Under debug the pytest suite is left out (its end-to-end runs are release-sized; the
# release and no-openmp builds run it); everything else runs. Assumes scripts/install-deps.sh ran.
set -euo pipefail
cd "$(dirname "$0")/.."

cmake --preset debug >/dev/null
cmake --build --preset debug
ctest --test-dir build/debug --output-on-failure -j2 --timeout 900 -E '^pytest$'

cmake --preset no-openmp >/dev/null
cmake --build --preset no-openmp
ctest --test-dir build/no-openmp --output-on-failure -j2 --timeout 900
