#!/usr/bin/env bash
# The README's first command: install what is needed, check the reference site, and build
# every artifact it compiles to into out/emerald-city.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/install-deps.sh
./elenta check examples/emerald-city
./elenta build examples/emerald-city --out out/emerald-city
