#!/usr/bin/env bash
# The deployer's benchmark: a one-file change (a role's file, with an after-change command) to 50
# simulated machines, applied four ways from one lab machine (the operator's, n000000), a few rounds
# each, medians printed:
#   elenta deploy --parallel P   (P = BENCH_DEPLOY_PARALLEL, default 50: every machine at once)
#   elenta deploy --parallel 1   (one machine at a time)
#   elenta deploy --parallel P --no-rollback   (no confirming connection after activation: what the
#                                automatic rollback's second connection costs)
#   a plain ssh loop, P at once  (the floor: one ssh per machine that writes the file and runs the command)
#   the same loop, and then a second, new ssh connection per machine that runs one command (the
#                                floor of a deployment with automatic rollback, which confirms each
#                                machine over a new connection; curve25519 key exchange, as elenta's)
#   ansible-playbook, P forks    (Debian's ansible-core: copy + command, pipelining on, no fact gathering)
# Every way starts cold (no ssh connection kept from a previous run) and checks host keys strictly
# against the lab's known_hosts. elenta's time is the whole command: it builds the site first.
# Writes the table to bench/results-deploy.md. Needs root (the lab is network namespaces); installs
# ansible-core with apt-get when it is missing. See docs/benchmarks.md.
#
#   sudo bench/deploy.sh
#   BENCH_DEPLOY_ROUNDS=5 BENCH_DEPLOY_MACHINES=50 BENCH_DEPLOY_PARALLEL=16 sudo bench/deploy.sh
#
# Whatever stops it (an error, Ctrl-C, kill), it takes its lab down before it exits.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
machines="${BENCH_DEPLOY_MACHINES:-50}"
rounds="${BENCH_DEPLOY_ROUNDS:-3}"
parallel="${BENCH_DEPLOY_PARALLEL:-$machines}"
lab="bench-dep-$$"
lab="${lab:0:20}"
operator=n000000

if [[ "$(id -u)" != 0 ]]; then
  echo "bench/deploy.sh: needs root (elenta sim makes network namespaces): run it with sudo" >&2
  exit 1
fi

if ! command -v ansible-playbook >/dev/null; then
  echo "bench: installing ansible-core (Debian's) for the comparison..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ansible-core >/dev/null
fi

bench=deploy
# shellcheck source=bench/lab-common.sh
source "$here/lab-common.sh"

# The synthetic site of $machines hosts (each brings a VM, also a lab machine), in which every host
# uses the files driver and carries one more role: one file, and a command after it changes.
site="$scratch/site"
dotnet "$sitegen" --hosts "$machines" --out "$site" >/dev/null
mapfile -t hosts < <(grep -ho '^    n[0-9]\{6\}:' "$site"/cadaster/compute/*.yaml | tr -d ' :' | sort)
if ((${#hosts[@]} != machines)); then
  echo "bench/deploy.sh: expected $machines hosts in the generated site, found ${#hosts[@]}" >&2
  exit 1
fi
mkdir -p "$site/templates"
echo "round 0" >"$site/templates/bench.liquid"
{
  echo "# bench/deploy.sh: every host deployed by the files driver, with the bench role."
  echo "roles:"
  echo "  bench:"
  echo "    description: \"One file, and a command after it changes: what the benchmark changes.\""
  echo "    config:"
  echo "      files: [ { path: /etc/elenta-bench.conf, template: templates/bench.liquid } ]"
  echo "      activate: [ \"touch /run/elenta-bench-applied\" ]"
  echo "cadaster:"
  echo "  compute:"
  for h in "${hosts[@]}"; do echo "    $h: { driver: !force files }"; done
  echo "constellations:"
  echo "  bench:"
  echo "    machines:"
  for h in "${hosts[@]}"; do echo "      $h: { hostConfig: { $h-bench: { role: bench } } }"; done
} >"$site/bench-deploy.yaml"
if ! "${elenta[@]}" check "$site" >"$scratch/check" 2>&1; then
  echo "bench/deploy.sh: the bench site does not check clean:" >&2
  cat "$scratch/check" >&2
  exit 1
fi

echo "bench: sim up of $machines hosts and their VMs..." >&2
"${elenta[@]}" sim up "$site" --lab "$lab" >"$scratch/up" 2>&1 || {
  echo "bench/deploy.sh: sim up failed:" >&2
  tail -n 20 "$scratch/up" >&2
  exit 1
}
state="/var/lib/elenta/sim/$lab"
known_hosts="$state/ssh/known_hosts"
identity="$state/ssh/id_ed25519"
home="/run/elenta/sim/$lab/machines/$operator/root" # the operator's private /root, seen from here
pid="$(cat "/run/elenta/sim/$lab/machines/$operator/pid")"
cp -a "$root/.build/elenta" "$home/elenta-cli"
cp -a "$site" "$home/site"
in_operator() { nsenter -t "$pid" -n -m -u -- env HOME=/root DOTNET_CLI_TELEMETRY_OPTOUT=1 "$@"; }
deployer=(dotnet /root/elenta-cli/elenta.dll)

# The floor and Ansible reach each host at its cadaster address, its key checked under its canon name.
: >"$home/hosts.tsv"
for h in "${hosts[@]}"; do
  ip="$(grep -A20 "^    $h:" "$site"/cadaster/compute/*.yaml | sed -n 's/.*lab00: { ip: "\([0-9.]*\)".*/\1/p' | head -n 1)"
  printf '%s\t%s\n' "$h" "$ip" >>"$home/hosts.tsv"
done
cat >"$home/one-host.sh" <<'EOF'
#!/bin/sh
# FILE KNOWN_HOSTS IDENTITY NAME IP: one ssh, a fresh connection, that writes the file beside its target, renames it over it and runs the command.
exec ssh -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$2" -o HostKeyAlias="$4.canon" -o ControlMaster=no -o ControlPath=none \
  -i "$3" "root@$5" 'cat > /etc/elenta-bench.conf.new && mv /etc/elenta-bench.conf.new /etc/elenta-bench.conf && touch /run/elenta-bench-applied' <"$1"
EOF
chmod +x "$home/one-host.sh"
cat >"$home/one-host-confirm.sh" <<'EOF'
#!/bin/sh
# FILE KNOWN_HOSTS IDENTITY NAME IP: the floor's one ssh, then a second, new connection that runs one
# command, as a deployment's confirmation does (its key exchange curve25519, as elenta's confirmation).
/root/one-host.sh "$@" || exit 1
exec ssh -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$2" -o HostKeyAlias="$4.canon" -o ControlMaster=no -o ControlPath=none \
  -o KexAlgorithms=^curve25519-sha256,curve25519-sha256@libssh.org -i "$3" "root@$5" 'rm -f /run/elenta-bench-canary'
EOF
chmod +x "$home/one-host-confirm.sh"
cat >"$home/ssh-loop.sh" <<'EOF'
#!/bin/sh
# FILE PARALLEL KNOWN_HOSTS IDENTITY [ONE-HOST]: every host, PARALLEL at once (xargs exits non-zero when one failed).
tr '\t' ' ' </root/hosts.tsv | xargs -P "$2" -L 1 "${5:-/root/one-host.sh}" "$1" "$3" "$4"
EOF
{
  echo "[bench]"
  while IFS=$'\t' read -r name ip; do echo "$name ansible_host=$ip ansible_ssh_extra_args='-o HostKeyAlias=$name.canon'"; done <"$home/hosts.tsv"
  echo "[bench:vars]"
  echo "ansible_user=root"
  echo "ansible_python_interpreter=/usr/bin/python3"
  echo "ansible_ssh_private_key_file=$identity"
  echo "ansible_ssh_common_args='-o StrictHostKeyChecking=yes -o UserKnownHostsFile=$known_hosts'"
} >"$home/inventory.ini"
cat >"$home/playbook.yml" <<'EOF'
- hosts: bench
  gather_facts: false
  tasks:
    - name: the file
      copy: { src: /root/bench.conf, dest: /etc/elenta-bench.conf, mode: "0644" }
      register: file
    - name: the command after it changes
      command: touch /run/elenta-bench-applied
      when: file.changed
EOF

now() { date +%s.%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
round=0
change() { # a new content for the one file, in the site (for elenta) and as a plain file (for the others)
  round=$((round + 1))
  printf 'round %d %s\n' "$round" "$(date +%s%N)" >"$home/site/templates/bench.liquid"
  printf 'round %d %s\n' "$round" "$(date +%s%N)" >"$home/bench.conf"
}
# --force: each round changes every machine, which the too-much-change guard stops by design.
deploy_opts=(--no-dns --known-hosts "$known_hosts" --identity "$identity" --force)

echo "bench: first switch of the $machines hosts (not measured)..." >&2
if ! in_operator "${deployer[@]}" switch /root/site --constellation bench --parallel "$parallel" "${deploy_opts[@]}" >"$scratch/first" 2>&1; then
  echo "bench/deploy.sh: the first switch failed:" >&2
  tail -n 30 "$scratch/first" >&2
  exit 1
fi

# CPU seconds of every process on the machine so far (user, nice, system, irq, softirq; USER_HZ is
# 100 on Linux): with 50 machines at once both cores stay busy, so a way's CPU is its work, and
# steadier from run to run than its wall time.
cpu_now() { awk '/^cpu / { print ($2 + $3 + $4 + $7 + $8) / 100 }' /proc/stat; }
run() { # NAME COMMAND...: one timed run, in the operator's machine; its CPU seconds go to $scratch/NAME.cpu
  local name="$1" t0 t1 c0 c1
  shift
  change
  c0="$(cpu_now)"
  t0="$(now)"
  if ! in_operator "$@" >"$scratch/$name.out" 2>&1; then
    echo "bench/deploy.sh: $name failed:" >&2
    tail -n 30 "$scratch/$name.out" >&2
    exit 1
  fi
  t1="$(now)"
  c1="$(cpu_now)"
  awk -v a="$c0" -v b="$c1" 'BEGIN { print b - a }' >>"$scratch/$name.cpu"
  awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'
}

declare -A times
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= rounds; r++)); do
  echo "bench: round $r/$rounds..." >&2
  times[elenta]+="$(run elenta "${deployer[@]}" deploy /root/site --constellation bench --parallel "$parallel" "${deploy_opts[@]}") "
  times[elenta1]+="$(run elenta1 "${deployer[@]}" deploy /root/site --constellation bench --parallel 1 "${deploy_opts[@]}") "
  times[elentanr]+="$(run elentanr "${deployer[@]}" deploy /root/site --constellation bench --parallel "$parallel" --no-rollback "${deploy_opts[@]}") "
  times[ssh]+="$(run ssh sh /root/ssh-loop.sh /root/bench.conf "$parallel" "$known_hosts" "$identity") "
  times[ssh2]+="$(run ssh2 sh /root/ssh-loop.sh /root/bench.conf "$parallel" "$known_hosts" "$identity" /root/one-host-confirm.sh) "
  rm -rf "$home/.ansible/cp"
  times[ansible]+="$(run ansible env ANSIBLE_HOST_KEY_CHECKING=True ANSIBLE_PIPELINING=True ANSIBLE_FORKS="$parallel" ANSIBLE_SSH_CONTROL_PATH_DIR="/root/.ansible/cp-$r" \
    ansible-playbook -i /root/inventory.ini /root/playbook.yml) "
  echo "bench:   so far: elenta --parallel $parallel: ${times[elenta]}| --parallel 1: ${times[elenta1]}| --no-rollback: ${times[elentanr]}| ssh loop: ${times[ssh]}| with a confirmation: ${times[ssh2]}| ansible: ${times[ansible]}" >&2
done
grep -q "activated generation" "$scratch/elenta.out" || { echo "bench/deploy.sh: elenta deploy activated nothing:" >&2; tail "$scratch/elenta.out" >&2; exit 1; }
# Every host really got the last content (Ansible ran last).
for h in "${hosts[@]:0:3}"; do
  got="$(nsenter -t "$(cat "/run/elenta/sim/$lab/machines/$h/pid")" -n -m -u -- cat /etc/elenta-bench.conf)"
  [[ "$got" == "$(cat "$home/bench.conf")" ]] || { echo "bench/deploy.sh: $h has '$got', not the last change" >&2; exit 1; }
done
# One more elenta run, not counted, with ELENTA_TIMINGS=1: where its time goes (phases and steps).
echo "bench: one more elenta run with ELENTA_TIMINGS=1 (not counted)..." >&2
run timed env ELENTA_TIMINGS=1 "${deployer[@]}" deploy /root/site --constellation bench --parallel "$parallel" "${deploy_opts[@]}" >/dev/null

ansible_version="$(ansible-playbook --version 2>/dev/null | sed -n 1p)"
m() { printf '%s\n' ${times[$1]} | median; }
c() { median <"$scratch/$1.cpu"; }
e="$(m elenta)" e1="$(m elenta1)" enr="$(m elentanr)" s="$(m ssh)" s2="$(m ssh2)" a="$(m ansible)"
ce="$(c elenta)" ce1="$(c elenta1)" cenr="$(c elentanr)" cs="$(c ssh)" cs2="$(c ssh2)" ca="$(c ansible)"
{
  echo "# Deploy benchmark results"
  echo
  echo "Written by \`bench/deploy.sh\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM);"
  echo "load average at the start: $load_start, at the end: $(cut -d' ' -f1-3 /proc/loadavg). $ansible_version."
  echo "A one-file change (and its after-change command) to $machines simulated machines, from one of them;"
  echo "medians of $rounds rounds, each way cold (no ssh connection kept between runs)."
  echo
  echo "| way | seconds | ratio | CPU seconds, every process | CPU ratio |"
  echo "|---|---:|---:|---:|---:|"
  awk -v e="$e" -v e1="$e1" -v enr="$enr" -v s="$s" -v s2="$s2" -v a="$a" -v p="$parallel" \
    -v ce="$ce" -v ce1="$ce1" -v cenr="$cenr" -v cs="$cs" -v cs2="$cs2" -v ca="$ca" 'BEGIN {
    printf "| plain ssh loop, %d at once (the floor) | %.2f | 1.00 | %.2f | 1.00 |\n", p, s, cs
    printf "| the same, then a second, new connection per machine (the floor with a confirmation) | %.2f | %.2f x the floor | %.2f | %.2f |\n", s2, s2 / s, cs2, cs2 / cs
    printf "| elenta deploy --parallel %d | %.2f | %.2f x the floor, %.2f x the floor with a confirmation | %.2f | %.2f, %.2f |\n", p, e, e / s, e / s2, ce, ce / cs, ce / cs2
    printf "| elenta deploy --parallel 1 | %.2f | %.2f x --parallel %d | %.2f | |\n", e1, e1 / e, p, ce1
    printf "| elenta deploy --parallel %d --no-rollback | %.2f | %.2f x the floor | %.2f | %.2f |\n", p, enr, enr / s, cenr, cenr / cs
    printf "| ansible-playbook, %d forks | %.2f | %.2f x elenta deploy | %.2f | %.2f |\n", p, a, a / e, ca, ca / ce
  }'
  echo
  echo "Targets: elenta deploy --parallel within 1.5 x the plain ssh loop; at least 3 x faster than Ansible."
  echo "elenta deploy confirms every machine over a new connection (automatic rollback); --no-rollback does not."
  echo "CPU: medians of every process's CPU time on the machine during each run (/proc/stat); ratios against the floor (and the floor with a confirmation), Ansible's against elenta deploy."
  echo
  echo "Where one more \`elenta deploy --parallel $parallel\` spent its time (ELENTA_TIMINGS=1):"
  echo
  echo '```'
  grep -E 'timing (phase|step|the last|total|gc)' "$scratch/timed.out" | sed 's/^elenta: timing //'
  echo '```'
} >"$scratch/results.md"
cp "$scratch/results.md" "$here/results-deploy.md"
cat "$here/results-deploy.md"
