#!/usr/bin/env bash
# The simulator's benchmark: `elenta sim up` and `sim down` of synthetic sites of 50 and 200
# machines, a few rounds each, under a lab name of the benchmark's own. Prints, per size, the
# medians of: up (the lab's own time, as `sim up` reports it, the part of it that starts the site's
# daemons, and the whole command, site compile and build included) per machine, down, and memory
# per machine with the lab up (the drop of MemAvailable, and the proportional set size of the
# lab's processes). Writes the table to bench/results-sim.md. Needs root (the lab is network
# namespaces). See docs/benchmarks.md.
#
#   sudo bench/sim.sh                                  # 50 and 200 machines, 3 rounds each
#   BENCH_SIM_SIZES="50 200 400" BENCH_SIM_ROUNDS=5 sudo bench/sim.sh
#
# Whatever stops it (an error, Ctrl-C, kill), it takes its lab down before it exits.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
sizes=(${BENCH_SIM_SIZES:-50 200})
rounds="${BENCH_SIM_ROUNDS:-3}"
sites="$here/sites"
lab="bench-sim-$$"
lab="${lab:0:20}"

if [[ "$(id -u)" != 0 ]]; then
  echo "bench/sim.sh: needs root (elenta sim makes network namespaces): run it with sudo" >&2
  exit 1
fi

bench=sim
# shellcheck source=bench/lab-common.sh
source "$here/lab-common.sh"

# The synthetic site (docs/benchmarks.md) has, per host, one VM with an address of its own: a lab
# machine too. So N machines = N/2 hosts. Sites are cached by size and generator version.
stamp="$(cat "$here"/Elenta.Bench.SiteGen/*.cs | sha256sum | cut -c1-16)"
mkdir -p "$sites"
for n in "${sizes[@]}"; do
  if ((n < 2 || n % 2 != 0)); then
    echo "bench/sim.sh: $n machines: sizes are even numbers (each host brings one VM)" >&2
    exit 2
  fi
  site="$sites/sim$n"
  if [[ ! -f "$site.stamp" || "$(cat "$site.stamp")" != "$stamp" ]]; then
    echo "bench: generating the $n-machine site..." >&2
    dotnet "$sitegen" --hosts "$((n / 2))" --out "$site"
    echo "$stamp" >"$site.stamp"
  fi
  if ! "${elenta[@]}" check "$site" >"$scratch/check" 2>&1; then
    echo "bench/sim.sh: the $n-machine site does not check clean:" >&2
    cat "$scratch/check" >&2
    exit 1
  fi
done

mem_available_kib() { awk '/^MemAvailable:/ { print $2 }' /proc/meminfo; }

# The lab's processes: every process in one of its network namespaces (the holders, sshd and the
# daemons). Prints "RSS_KIB PSS_KIB COUNT".
lab_memory() {
  local pids=() ns
  for ns in /run/netns/elenta-"$lab"*; do
    [[ -e "$ns" ]] || continue
    mapfile -t -O "${#pids[@]}" pids < <(ip netns pids "$(basename "$ns")" 2>/dev/null)
  done
  local rss=0 pss=0 count=0 pid r p
  for pid in "${pids[@]}"; do
    r="$(awk '/^Rss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null)" || continue
    p="$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null)" || continue
    rss=$((rss + ${r:-0})) pss=$((pss + ${p:-0})) count=$((count + 1))
  done
  echo "$rss $pss $count"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

now() { date +%s.%N; }

rows=()
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for n in "${sizes[@]}"; do
  site="$sites/sim$n"
  ups=() labups=() services=() downs=() memdrops=() psss=() rsss=()
  for ((r = 1; r <= rounds; r++)); do
    echo "bench: $n machines, round $r/$rounds: sim up..." >&2
    sync
    before="$(mem_available_kib)"
    t0="$(now)"
    ELENTA_TIMINGS=1 "${elenta[@]}" sim up "$site" --lab "$lab" >"$scratch/up" 2>"$scratch/up.err" || {
      echo "bench/sim.sh: sim up failed:" >&2
      tail -n 20 "$scratch/up" "$scratch/up.err" >&2
      exit 1
    }
    t1="$(now)"
    machines="$(sed -n 's/^lab .* is up: \([0-9]*\) machines.*/\1/p' "$scratch/up")"
    if [[ "$machines" != "$n" ]]; then
      echo "bench/sim.sh: expected $n machines, sim up says: $(head -n 1 "$scratch/up")" >&2
      exit 1
    fi
    sleep 1 # let the daemons settle before the memory is read
    after="$(mem_available_kib)"
    read -r rss pss procs < <(lab_memory)
    echo "bench: $n machines, round $r/$rounds: sim down..." >&2
    t2="$(now)"
    "${elenta[@]}" sim down --lab "$lab" >"$scratch/down" 2>&1 || {
      echo "bench/sim.sh: sim down failed:" >&2
      cat "$scratch/down" >&2
      exit 1
    }
    t3="$(now)"
    ups+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
    labups+=("$(sed -n 's/^lab .* is up: .* in \([0-9.]*\) s$/\1/p' "$scratch/up")")
    services+=("$(sed -n 's/^elenta: sim: timing services *\([0-9.]*\) ms$/\1/p' "$scratch/up.err" | awk '{ print ($1 == "" ? 0 : $1 / 1000) }')")
    downs+=("$(awk -v a="$t2" -v b="$t3" 'BEGIN { print b - a }')")
    memdrops+=("$((before - after))")
    psss+=("$pss")
    rsss+=("$rss")
    echo "bench:   up $(printf '%.2f' "${ups[-1]}") s (lab ${labups[-1]} s, daemons ${services[-1]:-0} s of it), down $(printf '%.2f' "${downs[-1]}") s, MemAvailable -$((before - after)) KiB, $procs processes: RSS $rss KiB, PSS $pss KiB" >&2
  done
  up="$(printf '%s\n' "${ups[@]}" | median)"
  labup="$(printf '%s\n' "${labups[@]}" | median)"
  service="$(printf '%s\n' "${services[@]:-0}" | median)"
  down="$(printf '%s\n' "${downs[@]}" | median)"
  memdrop="$(printf '%s\n' "${memdrops[@]}" | median)"
  pss="$(printf '%s\n' "${psss[@]}" | median)"
  rss="$(printf '%s\n' "${rsss[@]}" | median)"
  rows+=("$(awk -v n="$n" -v up="$up" -v lab="$labup" -v svc="${service:-0}" -v down="$down" -v mem="$memdrop" -v pss="$pss" -v rss="$rss" 'BEGIN {
    printf "| %d | %.1f | %.0f | %.1f | %.0f | %.1f | %.0f | %.2f | %.2f | %.2f | %.2f |", n, lab, 1000 * lab / n, svc, 1000 * (lab - svc) / n, up, 1000 * up / n, down, mem / 1024 / n, pss / 1024 / n, rss / 1024 / n }')")
done

{
  echo "# Simulator benchmark results"
  echo
  echo "Written by \`bench/sim.sh\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM,"
  echo "kernel $(uname -r)); load average at the start: $load_start, at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Medians of $rounds rounds. \"lab\" is the time \`sim up\` reports for making the lab (after the site is"
  echo "compiled and built), \"daemons\" the part of it that starts the site's daemons and stand-in listeners"
  echo "after every machine runs sshd; \"command\" is the whole \`sim up\` command. Memory with the lab up, per"
  echo "machine: the drop of MemAvailable (kernel objects, tmpfs and processes), and the PSS and RSS of the lab's processes."
  echo
  echo "| machines | up, lab s | lab ms / machine | daemons s | lab without daemons, ms / machine | up, command s | command ms / machine | down s | MemAvailable MiB / machine | PSS MiB / machine | RSS MiB / machine |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Targets: up <= 50 ms per machine (200 machines in <= 10 s on 2 cores), down <= 3 s, <= 10 MB per machine."
} >"$scratch/results.md"
cp "$scratch/results.md" "$here/results-sim.md"
cat "$here/results-sim.md"
