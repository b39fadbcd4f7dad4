#!/usr/bin/env bash
# The Elenta benchmark: `elenta check` and `elenta build` on synthetic sites of 1,000 to 100,000
# hosts (the hosts spread over a file per 100, and all in one file per section), side by side on the
# same machine with its peers: nix-instantiate evaluating the same data as one .nix file, and Ansible
# (Debian's ansible-core) rendering the same hosts' canon zone and DHCP reservations from an
# equivalent inventory. Prints a table and writes it to bench/results.md. See docs/benchmarks.md.
# (The simulator's benchmark is bench/sim.sh; the deploy benchmark bench/deploy.sh.)
#
#   bench/run.sh                 # 1,000 / 10,000 / 50,000 / 100,000 hosts, 5 runs each (medians)
#   BENCH_SIZES="1000 10000" BENCH_RUNS=7 bench/run.sh
#   BENCH_ANSIBLE_RUNS=3 bench/run.sh   # fewer Ansible runs (minutes each at 100,000 hosts)
#   BENCH_PEERS=0 bench/run.sh   # no peers: no nix-instantiate, no Ansible
#   BENCH_JIT=1 bench/run.sh     # also measure the plain (JIT-only) Release build
#   BENCH_ELENTA=/tmp/old/elenta.dll bench/run.sh   # another published CLI instead of ./elenta's
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
sizes=(${BENCH_SIZES:-1000 10000 50000 100000})
runs="${BENCH_RUNS:-5}"
ansible_runs="${BENCH_ANSIBLE_RUNS:-$runs}"
peers="${BENCH_PEERS:-1}"
sites="$here/sites"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/elenta-bench.XXXXXX")"
restore=() # a site file edited for the one-host rebuild, put back even if the script stops
trap 'for f in "${restore[@]}"; do cp "$scratch/$(basename "$f")" "$f"; done; rm -rf "$scratch"' EXIT

for tool in dotnet /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is needed" >&2; exit 1; }
done
if [[ "$peers" == 1 ]]; then
  command -v nix-instantiate >/dev/null || { echo "bench: nix-instantiate is needed (or BENCH_PEERS=0)" >&2; exit 1; }
  if ! command -v ansible-playbook >/dev/null; then
    echo "bench: installing ansible-core (Debian's) for the comparison..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ansible-core >/dev/null
  fi
fi
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"

# The CLI as ./elenta runs it: published for this machine, compiled ahead of time (ReadyToRun).
if [[ -n "${BENCH_ELENTA:-}" ]]; then
  variants=("r2r:$BENCH_ELENTA")
else
  echo "bench: building the CLI as ./elenta does..." >&2
  "$root/elenta" --version >/dev/null
  variants=("r2r:$root/.build/elenta/elenta.dll")
fi
dotnet build "$here/Elenta.Bench.SiteGen/Elenta.Bench.SiteGen.csproj" -c Release --nologo -v q >/dev/null
sitegen="$here/Elenta.Bench.SiteGen/bin/Release/net10.0/elenta-sitegen.dll"
if [[ "${BENCH_JIT:-0}" == 1 ]]; then
  echo "bench: building the JIT-only CLI..." >&2
  dotnet build "$root/src/Elenta.Cli/Elenta.Cli.csproj" -c Release --nologo -v q >/dev/null
  variants+=("jit:$root/src/Elenta.Cli/bin/Release/net10.0/elenta.dll")
fi

# Sites are cached by size and generator version: regenerate when the generator changed. s$n is
# the site with a file per 100 hosts (its Nix twin s$n.nix and Ansible inventory s$n.inventory.yml
# beside it); o$n the same site with the hosts and constellations in one file each.
stamp="$(cat "$here"/Elenta.Bench.SiteGen/*.cs | sha256sum | cut -c1-16)"
mkdir -p "$sites"
for n in "${sizes[@]}"; do
  site="$sites/s$n"
  if [[ ! -f "$site.stamp" || "$(cat "$site.stamp")" != "$stamp" || ! -f "$site.nix" || ! -f "$site.inventory.yml" ]]; then
    echo "bench: generating the $n-host site..." >&2
    dotnet "$sitegen" --hosts "$n" --out "$site" --nix --ansible "$site.inventory.yml"
    dotnet "$sitegen" --hosts "$n" --out "$sites/o$n" --one-file
    echo "$stamp" >"$site.stamp"
  fi
done

# measure RUNS EXPECTED_RC CMD...: runs CMD RUNS times; prints "wall_s cpu_s peak_mib" (medians).
# @RUN@ in an argument becomes the run's number (0, 1, ...), so each run can write into a new,
# empty directory: nothing is removed until the script ends, because removing tens of thousands
# of files leaves this kind of disk (ext4 with discard) slow to create new ones for a while after.
measure() {
  local n_runs="$1" expected="$2"; shift 2
  local samples=()
  for ((r = 0; r < n_runs; r++)); do
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

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

declare -A check_wall check_mem one_wall one_mem
rows=()
side=()
for n in "${sizes[@]}"; do
  site="$sites/s$n"
  nw="" nc="" nm=""
  if [[ "$peers" == 1 ]]; then
    echo "bench: $n hosts: nix-instantiate..." >&2
    read -r nw nc nm < <(measure "$runs" 0 nix-instantiate --eval --strict --json "$site.nix")
  fi
  for variant in "${variants[@]}"; do
    name="${variant%%:*}"
    dll="${variant#*:}"
    echo "bench: $n hosts: elenta check ($name)..." >&2
    read -r cw cc cm < <(measure "$runs" 0 dotnet "$dll" check "$site")
    ELENTA_TIMINGS=1 dotnet "$dll" check "$site" 2>"$scratch/timings" >/dev/null
    stages="$(sed -n 's/^elenta: timing \([a-z]*\) *\([0-9.]*\) ms.*/\1 \2/p' "$scratch/timings" |
      awk '$1 != "compilation" && $1 != "sort" && $1 != "gc" && $1 != "total" { printf "%s%s %.0f", sep, $1, $2; sep = ", " }')"
    echo "bench: $n hosts: elenta check ($name), one file per section..." >&2
    read -r ow oc om < <(measure "$runs" 0 dotnet "$dll" check "$sites/o$n")
    if [[ "$name" == r2r ]]; then
      check_wall[$n]="$cw" check_mem[$n]="$cm" one_wall[$n]="$ow" one_mem[$n]="$om"
    fi
    nix_ratio=""
    [[ -n "$nw" ]] && nix_ratio="$(ratio "$cw" "$nw")"
    rows+=("| $n | check ($name), a file per 100 hosts | $cw | $cc | $cm | $nw | $nm | $nix_ratio | $stages |")
    rows+=("| $n | check ($name), one file per section | $ow | $oc | $om | | | | |")
    echo "bench: $n hosts: elenta build ($name) into an empty directory..." >&2
    read -r bw bc bm < <(measure "$runs" 0 dotnet "$dll" build "$site" --out "$scratch/fresh-$n-$name-@RUN@" --serial 1)
    built="$scratch/fresh-$n-$name-0" # the first run's output: the unchanged rebuilds go there
    files="$(find "$built" -type f 2>/dev/null | wc -l)"
    bytes="$(du -s --apparent-size -m "$built" | cut -f1)"
    # The first build after the fresh one also refreshes the output index: the files written in
    # the last second before the index are compared byte for byte once (git's racily-clean rule).
    # --rebuild: run in full (not skipped), for the emitters' times.
    ELENTA_TIMINGS=1 dotnet "$dll" build "$site" --out "$built" --serial 1 --rebuild 2>"$scratch/timings" >/dev/null
    bstages="$(sed -n 's/^elenta: timing \(emit [a-z]*\|manifest\|write\|previous build\) *\([0-9.]*\) ms.*/\1 \2/p' "$scratch/timings" |
      awk '{ ms = $NF; $NF = ""; sub(/ $/, ""); if (ms >= 50) { printf "%s%s %.0f", sep, $0, ms; sep = ", " } }')"
    rows+=("| $n | build ($name): $files files, $bytes MiB, empty output directory | $bw | $bc | $bm | | | | check + emit + write everything |")
    echo "bench: $n hosts: elenta build ($name), nothing changed..." >&2
    read -r uw uc um < <(measure "$runs" 0 dotnet "$dll" build "$site" --out "$built" --serial 1)
    rows+=("| $n | build ($name) again, nothing changed | $uw | $uc | $um | | | | skipped: every file the last build read hashed again, the output checked against its index |")
    echo "bench: $n hosts: elenta build ($name) --rebuild, nothing changed..." >&2
    read -r rw rc rm_ < <(measure "$runs" 0 dotnet "$dll" build "$site" --out "$built" --serial 1 --rebuild)
    rows+=("| $n | build ($name) again, nothing changed, --rebuild | $rw | $rc | $rm_ | | | | check + emit + compare (the output index trusted); $bstages (over 50 ms; emitters run side by side) |")
    # One host's description changed before each run (and back before the next): its view changes.
    echo "bench: $n hosts: elenta build ($name), one host changed..." >&2
    hostfile="$site/cadaster/compute/hosts-0000.yaml"
    cp "$hostfile" "$scratch/hosts-0000.yaml"
    restore=("$hostfile")
    read -r hw hc hm < <(measure "$runs" 0 bash "$here/one-host.sh" "$hostfile" dotnet "$dll" build "$site" --out "$built" --serial 1)
    cp "$scratch/hosts-0000.yaml" "$hostfile"
    restore=()
    rows+=("| $n | build ($name) again, one host changed | $hw | $hc | $hm | | | | check + emit + compare, one view written |")
  done

  if [[ "$peers" == 1 ]]; then
    # The two files Ansible renders, by elenta: the whole check, then only the dns and dhcp families.
    dll="${variants[0]#*:}"
    echo "bench: $n hosts: elenta build --only dns,dhcp..." >&2
    read -r ew ec em < <(measure "$runs" 0 dotnet "$dll" build "$site" --out "$scratch/two-$n-@RUN@" --serial 1 --only dns,dhcp)
    echo "bench: $n hosts: ansible-playbook rendering the canon zone and the DHCP reservations..." >&2
    read -r aw ac am < <(measure "$ansible_runs" 0 ansible-playbook -i "$site.inventory.yml" "$here/ansible/render.yml" -e "out=$scratch/ansible-$n-@RUN@")
    # Both made the same records: the canon zone's A records and every dnsmasq reservation.
    if ! diff -q <(awk '$3 == "A" { print $1, $4 }' "$scratch/two-$n-0/dns/zones/canon.zone" | sort) \
                 <(awk '$3 == "A" { print $1, $4 }' "$scratch/ansible-$n-0/canon.zone" | sort) >/dev/null ||
       ! diff -q <(cat "$scratch/two-$n-0"/dhcp/dnsmasq/*.conf | grep '^dhcp-host=' | sort) \
                 <(grep '^dhcp-host=' "$scratch/ansible-$n-0/dnsmasq-hosts.conf" | sort) >/dev/null; then
      echo "bench: at $n hosts Ansible's zone or reservations differ from elenta's: the comparison would be unfair" >&2
      exit 1
    fi
    records="$(awk '$3 == "A"' "$scratch/ansible-$n-0/canon.zone" | wc -l) A records, $(grep -c '^dhcp-host=' "$scratch/ansible-$n-0/dnsmasq-hosts.conf") reservations"
    side+=("| $n | $records | $cw | $nw | $(ratio "$nw" "$cw") | $ew | $aw | $(ratio "$aw" "$ew") | $em / $am |")
  fi
done

scale() { # scale ARRAY_NAME BIG SMALL
  local -n values="$1"
  if [[ -n "${values[$2]:-}" && -n "${values[$3]:-}" ]]; then ratio "${values[$2]}" "${values[$3]}"; else echo "n/a"; fi
}

{
  echo "# Benchmark results"
  echo
  echo "Written by \`bench/run.sh\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM,"
  echo "$(dotnet --version | sed 's/^/.NET SDK /')$([[ "$peers" == 1 ]] && echo ", $(nix-instantiate --version 2>/dev/null | head -1), $(ansible-playbook --version 2>/dev/null | head -1)")); load average at the start: $load_start, at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Medians of $runs runs (Ansible: $ansible_runs). Wall and CPU (user + system) in seconds, peak resident memory in MiB."
  echo
  echo "| hosts | elenta | wall s | CPU s | peak MiB | nix wall s | nix peak MiB | elenta / nix | stages (ms, one extra run) |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Scaling of check, 100,000 / 10,000 hosts (linear is 10.00): wall $(scale check_wall 100000 10000), peak memory $(scale check_mem 100000 10000) (a file per 100 hosts); wall $(scale one_wall 100000 10000), peak memory $(scale one_mem 100000 10000) (one file per section). 50,000 / 10,000 (linear is 5.00): $(scale check_wall 50000 10000)."
  if [[ "$peers" == 1 ]]; then
    echo
    echo "## Side by side"
    echo
    echo "| hosts | records | elenta check s | nix-instantiate s | nix / elenta | elenta build --only dns,dhcp s | Ansible s | Ansible / elenta | peak MiB elenta / Ansible |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|---|"
    printf '%s\n' "${side[@]}"
  fi
  echo
  echo "Targets: 10,000 hosts checked in 1 s or less; a nothing-changed build of 10,000 hosts in 1.5 s or less; a one-host change built in under 20% of a build into an empty directory; 100,000 hosts checked in at most 10x the time and memory of 10,000 (10 s, 4 GB); at least 10x faster than Ansible rendering the two files."
} >"$scratch/results.md"
cp "$scratch/results.md" "$here/results.md"
cat "$here/results.md"
