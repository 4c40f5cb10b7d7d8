#!/usr/bin/env bash
# Builds the release preset and runs every test: Catch2 unit and integration tests and the pytest
# suite (through CTest), then checks formatting. This is README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
ctest --preset release --timeout 900
bash scripts/check-format.sh
