#!/usr/bin/env bash
# one-host.sh HOSTFILE CMD...: changes the CPU count of the first host in HOSTFILE (a site file made
# by elenta-sitegen) to 31, or to 30 if it is 31, then runs CMD. bench/run.sh times a build after a
# one-host change with it: each run sees a change from the run before (the host's view changes).
set -euo pipefail
file="$1"; shift
if [[ "$(grep -m1 -o 'cpus: [0-9]*' "$file")" == "cpus: 31" ]]; then
  sed -i '0,/cpus: [0-9]*/s//cpus: 30/' "$file"
else
  sed -i '0,/cpus: [0-9]*/s//cpus: 31/' "$file"
fi
exec "$@"
