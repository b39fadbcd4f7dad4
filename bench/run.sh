#!/usr/bin/env bash
# The Elenta benchmark: `elenta check` (and `elenta build`) on synthetic sites of 1,000, 10,000
# and 50,000 hosts, against nix-instantiate evaluating the same data as one .nix file.
# Prints a table and writes it to bench/results.md. See docs/benchmarks.md.
# (The simulator's benchmark, `elenta sim up` and `sim down`, is bench/sim.sh.)
#
#   bench/run.sh                 # all sizes, 3 runs each (median reported)
#   BENCH_SIZES="1000 10000" BENCH_RUNS=5 bench/run.sh
#   BENCH_JIT=1 bench/run.sh     # also measure the plain (JIT-only) Release build
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
sizes=(${BENCH_SIZES:-1000 10000 50000})
runs="${BENCH_RUNS:-3}"
sites="$here/sites"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/elenta-bench.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

for tool in dotnet nix-instantiate /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is needed" >&2; exit 1; }
done

# The CLI as ./elenta runs it: published for this machine, compiled ahead of time (ReadyToRun).
echo "bench: building the CLI as ./elenta does..." >&2
"$root/elenta" --version >/dev/null
dotnet build "$here/Elenta.Bench.SiteGen/Elenta.Bench.SiteGen.csproj" -c Release --nologo -v q >/dev/null
sitegen="$here/Elenta.Bench.SiteGen/bin/Release/net10.0/elenta-sitegen.dll"
variants=("r2r:$root/.build/elenta/elenta.dll")
if [[ "${BENCH_JIT:-0}" == 1 ]]; then
  echo "bench: building the JIT-only CLI..." >&2
  dotnet build "$root/src/Elenta.Cli/Elenta.Cli.csproj" -c Release --nologo -v q >/dev/null
  variants+=("jit:$root/src/Elenta.Cli/bin/Release/net10.0/elenta.dll")
fi

# Sites are cached by size and generator version: regenerate when the generator changed.
stamp="$(cat "$here"/Elenta.Bench.SiteGen/*.cs | sha256sum | cut -c1-16)"
mkdir -p "$sites"
for n in "${sizes[@]}"; do
  site="$sites/s$n"
  if [[ ! -f "$site.stamp" || "$(cat "$site.stamp")" != "$stamp" || ! -f "$site.nix" ]]; then
    echo "bench: generating the $n-host site..." >&2
    dotnet "$sitegen" --hosts "$n" --out "$site" --nix
    echo "$stamp" >"$site.stamp"
  fi
done

# measure EXPECTED_RC CMD...: runs CMD $runs times; prints "wall_s cpu_s peak_mib" (medians).
# @RUN@ in an argument becomes the run's number (0, 1, ...), so each run can write into a new,
# empty directory: nothing is removed until the script ends, because removing tens of thousands
# of files leaves this kind of disk (ext4 with discard) slow to create new ones for a while after.
measure() {
  local expected="$1"; shift
  local samples=()
  for ((r = 0; r < runs; r++)); do
    local rc=0
    local args=("${@//@RUN@/$r}")
    /usr/bin/time -o "$scratch/time" -f '%e %U %S %M' "${args[@]}" >"$scratch/out" 2>"$scratch/err" || rc=$?
    if [[ "$rc" != "$expected" ]]; then
      echo "bench: '$*' exited $rc (expected $expected):" >&2
      tail -n 5 "$scratch/out" "$scratch/err" >&2
      exit 1
    fi
    samples+=("$(awk '{ printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4 / 1024 }' "$scratch/time")")
  done
  local i
  for i in 1 2 3; do
    printf '%s\n' "${samples[@]}" | awk -v c="$i" '{ print $c }' | sort -g | awk '{ v[NR] = $1 } END { printf "%s ", v[int((NR + 1) / 2)] }'
  done
  echo
}

declare -A check_wall nix_wall
rows=()
for n in "${sizes[@]}"; do
  site="$sites/s$n"
  echo "bench: $n hosts: nix-instantiate..." >&2
  read -r nw nc nm < <(measure 0 nix-instantiate --eval --strict --json "$site.nix")
  nix_wall[$n]="$nw"
  for variant in "${variants[@]}"; do
    name="${variant%%:*}"
    dll="${variant#*:}"
    echo "bench: $n hosts: elenta check ($name)..." >&2
    read -r cw cc cm < <(measure 0 dotnet "$dll" check "$site")
    [[ "$name" == r2r ]] && check_wall[$n]="$cw"
    ELENTA_TIMINGS=1 dotnet "$dll" check "$site" 2>"$scratch/timings" >/dev/null
    stages="$(sed -n 's/^elenta: timing \([a-z]*\) *\([0-9.]*\) ms.*/\1 \2/p' "$scratch/timings" |
      awk '$1 != "compilation" && $1 != "sort" && $1 != "gc" { printf "%s%s %.0f", sep, $1, $2; sep = ", " }')"
    gc="$(sed -n 's/^elenta: timing gc *\([0-9.]*\) ms paused.*/\1/p' "$scratch/timings")"
    ratio="$(awk -v a="$cw" -v b="$nw" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
    rows+=("| $n | check ($name) | $cw | $cc | $cm | $nw | $nm | $ratio | $stages; gc pause ${gc:-?} |")
    echo "bench: $n hosts: elenta build ($name) into an empty directory..." >&2
    read -r bw bc bm < <(measure 0 dotnet "$dll" build "$site" --out "$scratch/fresh-$n-$name-@RUN@" --serial 1)
    built="$scratch/fresh-$n-$name-0" # the first run's output: the unchanged rebuilds go there
    files="$(find "$built" -type f 2>/dev/null | wc -l)"
    bytes="$(du -s --apparent-size -m "$built" | cut -f1)"
    # The first build after the fresh one also refreshes the output index: the files written in
    # the last second before the index are compared byte for byte once (git's racily-clean rule).
    ELENTA_TIMINGS=1 dotnet "$dll" build "$site" --out "$built" --serial 1 2>"$scratch/timings" >/dev/null
    bstages="$(sed -n 's/^elenta: timing \(emit [a-z]*\|manifest\|write\|previous build\) *\([0-9.]*\) ms.*/\1 \2/p' "$scratch/timings" |
      awk '{ ms = $NF; $NF = ""; sub(/ $/, ""); if (ms >= 50) { printf "%s%s %.0f", sep, $0, ms; sep = ", " } }')"
    rows+=("| $n | build ($name): $files files, $bytes MiB, empty output directory | $bw | $bc | $bm | | | | check + emit + write everything |")
    echo "bench: $n hosts: elenta build ($name), nothing changed..." >&2
    read -r uw uc um < <(measure 0 dotnet "$dll" build "$site" --out "$built" --serial 1)
    rows+=("| $n | build ($name) again, nothing changed | $uw | $uc | $um | | | | check + emit + compare (the output index trusted); $bstages (over 50 ms; emitters run side by side) |")
  done
done

scaling="n/a"
if [[ -n "${check_wall[10000]:-}" && -n "${check_wall[50000]:-}" ]]; then
  scaling="$(awk -v a="${check_wall[50000]}" -v b="${check_wall[10000]}" 'BEGIN { printf "%.2f", a / b }')"
fi
nix_scaling="n/a"
if [[ -n "${nix_wall[10000]:-}" && -n "${nix_wall[50000]:-}" ]]; then
  nix_scaling="$(awk -v a="${nix_wall[50000]}" -v b="${nix_wall[10000]}" 'BEGIN { printf "%.2f", a / b }')"
fi

{
  echo "# Benchmark results"
  echo
  echo "Written by \`bench/run.sh\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM,"
  echo "$(dotnet --version | sed 's/^/.NET SDK /'), $(nix-instantiate --version 2>/dev/null | head -1)); load average when it finished: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Medians of $runs runs. Wall and CPU (user + system) in seconds, peak resident memory in MiB."
  echo
  echo "| hosts | elenta | wall s | CPU s | peak MiB | nix wall s | nix peak MiB | elenta / nix | stages (ms, one extra run) |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Scaling of check wall time, 50,000 / 10,000 hosts: **$scaling** (linear is 5.00; nix-instantiate: $nix_scaling)."
  echo
  echo "Targets: 10,000 hosts checked in under 1.5 s wall and 1 GiB peak; 50,000 under 5x the 10,000 time; check + build under 2 s."
} >"$scratch/results.md"
cp "$scratch/results.md" "$here/results.md"
cat "$here/results.md"
