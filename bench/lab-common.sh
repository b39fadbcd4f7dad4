# Shared by bench/sim.sh and bench/deploy.sh (sourced, not run): a scratch directory, the lab
# taken down and the scratch removed on any exit (Ctrl-C too), and the CLI and the site generator
# built. Set here, root, lab and bench (the script's name) first; it sets scratch, elenta (the
# CLI's command line) and sitegen.
scratch="$(mktemp -d "${TMPDIR:-/tmp}/elenta-bench-$bench.XXXXXX")"
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if [[ -f "/var/lib/elenta/sim/$lab/journal" ]]; then
    echo "bench: taking lab $lab down..." >&2
    dotnet "$root/.build/elenta/elenta.dll" sim down --lab "$lab" >&2 || true
  fi
  rm -rf "$scratch"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

echo "bench: building the CLI as ./elenta does..." >&2
"$root/elenta" --version >/dev/null
elenta=(dotnet "$root/.build/elenta/elenta.dll")
dotnet build "$here/Elenta.Bench.SiteGen/Elenta.Bench.SiteGen.csproj" -c Release --nologo -v q >/dev/null
sitegen="$here/Elenta.Bench.SiteGen/bin/Release/net10.0/elenta-sitegen.dll"
