#!/usr/bin/env bash
# `elenta report` on the 10,000-host synthetic site (bench/Elenta.Bench.SiteGen, as bench/run.sh
# makes it): the time to write the report into an empty directory, its pages, and the largest
# page. Targets (docs/pictures.md): under 10 s; no page over 2 MB.
#
#   bench/report.sh                   # 10,000 hosts, 3 runs (median)
#   BENCH_HOSTS=1000 BENCH_RUNS=1 bench/report.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
hosts="${BENCH_HOSTS:-10000}"
runs="${BENCH_RUNS:-3}"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/elenta-bench-report.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

"$root/elenta" --version >/dev/null   # the CLI as ./elenta runs it (ReadyToRun)
dotnet build "$here/Elenta.Bench.SiteGen/Elenta.Bench.SiteGen.csproj" -c Release --nologo -v q >/dev/null
site="$scratch/site"
dotnet "$here/Elenta.Bench.SiteGen/bin/Release/net10.0/elenta-sitegen.dll" --hosts "$hosts" --out "$site" >/dev/null

walls=()
for ((r = 0; r < runs; r++)); do
  out="$scratch/report-$r"
  /usr/bin/time -o "$scratch/time" -f '%e %U %S %M' dotnet "$root/.build/elenta/elenta.dll" report "$site" --out "$out" >/dev/null
  read -r wall user sys peak <"$scratch/time"
  walls+=("$wall")
  printf 'run %d: %s s wall, %.1f s CPU, peak %d MiB\n' "$r" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" "$((peak / 1024))"
done
median="$(printf '%s\n' "${walls[@]}" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"
pages="$(find "$scratch/report-0" -type f -name '*.html' | wc -l)"
files="$(find "$scratch/report-0" -type f | wc -l)"
largest="$(find "$scratch/report-0" -type f -printf '%s %P\n' | sort -n | tail -1)"
size="$(du -sh "$scratch/report-0" | cut -f1)"
echo "report of $hosts hosts: median $median s wall (target 10 s); $pages pages, $files files, $size"
echo "largest file: ${largest#* } (${largest%% *} bytes; target under 2 MB = 2097152)"
(( ${largest%% *} <= 2097152 )) || { echo "bench: a file is over 2 MB" >&2; exit 1; }
