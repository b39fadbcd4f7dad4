#!/usr/bin/env bash
# The README's first command: install what is needed, check the reference site, and build
# every artifact it compiles to into out/emerald-city.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/install-deps.sh
site=examples/emerald-city
# check prints each warning in full; build repeats the headline of every warning it meets. The
# headlines check already showed are dropped from build's output, so each warning shows once
# (build's own warnings, which check does not know, still show).
checked="$(./elenta check "$site")" || { printf '%s\n' "$checked"; exit 1; }
printf '%s\n' "$checked"
shown="$(mktemp)"
trap 'rm -f "$shown"' EXIT
grep -E ': (error|warning|info) EL[0-9]+: ' <<<"$checked" >"$shown" || true
{ ./elenta build "$site" --out out/emerald-city 2>&1 1>&3 3>&- | { grep -vxF -f "$shown" || true; } >&2; } 3>&1
