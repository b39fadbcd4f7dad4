# Elenta's files driver, run on the machine as: sh -c SCRIPT elenta-files OP ARG...
# Site data never becomes code here: targets, owners and modes are read from the generation's
# install.tsv as data; only the site's own `after` commands (after.tsv) are run by a shell.
set -u
root=/var/lib/elenta
gens=$root/generations
tab=$(printf '\t')

number_of() { # the generation a link points at, or nothing
  [ -L "$root/$1" ] && basename "$(readlink "$root/$1")"
}

switch_link() { # atomically: $root/$1 -> generations/$2 (rename of a symlink)
  ln -sfn "generations/$2" "$root/.$1.new" && mv -T "$root/.$1.new" "$root/$1"
}

holder_of() {
  cat "$root/lock/holder" 2>/dev/null || echo "unknown (no holder file)"
}

install_generation() { # $1: generation directory; prints "changed TARGET" for each file it changed
  # $2 (the first generation only): where to keep what each target held before, to put it back on failure
  while IFS="$tab" read -r sha target owner group mode; do
    [ -n "$sha" ] || continue
    now=$(sha256sum "$target" 2>/dev/null | cut -d' ' -f1)
    if [ -n "${2:-}" ]; then
      key=$(printf '%s' "$target" | sha256sum | cut -c1-32)
      if [ -e "$target" ]; then
        cp -p -- "$target" "$2/$key" && printf '%s\t%s\n' "$key" "$target" >> "$2/list" || return 1
      else
        printf '%s\t%s\n' "-" "$target" >> "$2/list"
      fi
    fi
    dir=$(dirname -- "$target")
    mkdir -p -- "$dir" || return 1
    cp -- "$1/files/$sha" "$target.elenta-new" && chown -- "$owner:$group" "$target.elenta-new" \
      && chmod -- "$mode" "$target.elenta-new" && mv -f -- "$target.elenta-new" "$target" || { rm -f -- "$target.elenta-new"; return 1; }
    [ "$now" = "$sha" ] || echo "changed $target"
  done < "$1/install.tsv"
}

remove_dropped() { # targets $1 (old generation) installed that $2 (new) does not: removed
  [ -f "$1/install.tsv" ] || return 0
  cut -f2 "$2/install.tsv" | sort > "$2/.targets"
  cut -f2 "$1/install.tsv" | sort | comm -23 - "$2/.targets" | while IFS= read -r target; do
    rm -f -- "$target" && echo "removed $target"
  done
  rm -f "$2/.targets"
}

run_after() { # $1: generation directory, $2: file listing changed targets; each command once, in order
  : > "$1/.ran"
  while IFS="$tab" read -r target command; do
    grep -qxF -- "changed $target" "$2" || continue
    grep -qxF -- "$command" "$1/.ran" && continue
    echo "$command" >> "$1/.ran"
    echo "after $command"
    case "$command" in
      systemctl\ *|*/systemctl\ *)
        # sd_booted(): a machine not booted with systemd (a container, a chroot, the simulator's
        # namespaces) has no manager to ask; the command is skipped, with a warning.
        if [ ! -d /run/systemd/system ]; then
          echo "warning: systemd is not running on this machine: '$command' skipped"
          continue
        fi ;;
    esac
    sh -c "$command"
    rc=$?
    if [ $rc -eq 127 ]; then
      echo "warning: '$command' not found on this machine: skipped"
    elif [ $rc -ne 0 ]; then
      echo "failed: '$command' exited $rc"
      rm -f "$1/.ran"
      return 1
    fi
  done < "$1/after.tsv"
  rm -f "$1/.ran"
}

activate() { # $1: generation number, $2: test|switch|boot
  g=$gens/$1
  [ -f "$g/install.tsv" ] || { echo "no generation $1 on this machine"; return 1; }
  if [ "$2" = boot ]; then
    switch_link boot "$1" && echo "boot $1"
    return
  fi
  previous=$(number_of current)
  log=$g/.activation
  before=
  if [ -z "$previous" ]; then
    before=$g/.before
    rm -rf "$before" && mkdir -p "$before" && : > "$before/list" || return 1
  fi
  if install_generation "$g" "$before" > "$log" && { [ -z "$previous" ] || remove_dropped "$gens/$previous" "$g" >> "$log"; } \
     && cat "$log" && run_after "$g" "$log"; then
    rm -f "$log"
    switch_link current "$1" || return 1
    [ "$2" = switch ] && { switch_link boot "$1" || return 1; }
    echo "activated $1"
    return 0
  fi
  cat "$log" 2>/dev/null
  rm -f "$log"
  echo "activation of generation $1 failed"
  if [ -n "$previous" ]; then
    echo "restoring generation $previous"
    install_generation "$gens/$previous" > "$gens/$previous/.activation" && remove_dropped "$g" "$gens/$previous" >/dev/null
    run_after "$gens/$previous" "$gens/$previous/.activation" >/dev/null
    rm -f "$gens/$previous/.activation"
  else
    # No generation before: each target gets back what it held before this one (or goes, if it was not there).
    restore_before "$before"
  fi
  return 1
}

restore_before() { # $1: a first generation's .before: each target gets back what it held (or goes, if it was not there)
  while IFS="$tab" read -r key target; do
    if [ "$key" = - ]; then rm -f -- "$target"; else cp -p -- "$1/$key" "$target"; fi
  done < "$1/list"
}

revert() { # $1: the generation to undo; $2: the one that ran before it (empty: none); $3: the boot generation before it (empty: none)
  [ "$(number_of current)" = "$1" ] || { echo "generation $1 is not the current one: nothing to undo"; return 0; }
  if [ -n "$2" ]; then
    activate "$2" test || return 1
  else
    restore_before "$gens/$1/.before" && rm -f "$root/current" || return 1
  fi
  if [ -n "$3" ]; then switch_link boot "$3" || return 1; else rm -f "$root/boot"; fi
  # Kept, for its number and its log, but no longer offered: rollback never goes back to it.
  : > "$gens/$1/undone"
  echo "reverted $1"
}

arm() { # $1: generation just activated, $2 $3: current and boot before it, $4: seconds, $5: the deployer's lock holder
  # The canary: unless the deployer removes it over a fresh connection within $4 seconds (confirm),
  # this machine undoes generation $1 by itself and frees the deployer's lock (magic rollback).
  # One canary per generation: the watcher of an earlier, confirmed generation, still asleep, must
  # not take a later generation's canary; and it undoes nothing once another generation runs.
  mkdir -p "$root/canaries" && printf '%s\n' "$1" > "$root/canaries/$1" || return 1
  (
    trap '' HUP INT
    sleep "$4"
    if mv "$root/canaries/$1" "$root/canaries/.$1.fired" 2>/dev/null && [ "$(number_of current)" = "$1" ]; then
      { date -u +%Y-%m-%dT%H:%M:%SZ; echo "not confirmed within $4 s: undoing generation $1"; revert "$1" "$2" "$3"; } >> "$root/canary.log" 2>&1
      [ "$(holder_of)" = "$5" ] && rm -rf "$root/lock"
    fi
    rm -f "$root/canaries/.$1.fired"
  ) </dev/null >/dev/null 2>&1 &
  echo "armed $1 $4"
}

op=$1
shift
case "$op" in
  probe)
    echo "current=$(number_of current)"
    echo "boot=$(number_of boot)"
    echo "generations=$(ls "$gens" 2>/dev/null | grep -E '^[0-9]+$' | sort -n | while read -r n; do [ -e "$gens/$n/undone" ] || printf '%s ' "$n"; done)"
    [ -d "$root/lock" ] && echo "locked=$(holder_of)"
    c=$(number_of current)
    echo "---"
    [ -n "$c" ] && cat "$gens/$c/generation.json"
    exit 0 ;;
  show) # $1: generation number: its generation.json
    cat "$gens/$1/generation.json" ;;
  lock) # $1: who asks, and since when
    mkdir -p "$root"
    if mkdir "$root/lock" 2>/dev/null; then
      printf '%s\n' "$1" > "$root/lock/holder"
      echo locked
    else
      echo "held by $(holder_of)"
      exit 75
    fi ;;
  unlock) # $1: the holder that took it; anyone else's lock stays
    [ "$(holder_of)" = "$1" ] && rm -rf "$root/lock"
    exit 0 ;;
  stage) # the generation's tar on standard input; prints its number
    mkdir -p "$gens" || exit 1
    tmp=$(mktemp -d "$gens/.staging.XXXXXX") || exit 1
    tar -x -C "$tmp" || { rm -rf "$tmp"; exit 1; }
    last=$(ls "$gens" | grep -E '^[0-9]+$' | sort -n | tail -1)
    n=$(( ${last:-0} + 1 ))
    mv -T "$tmp" "$gens/$n" || { rm -rf "$tmp"; exit 1; }
    echo "generation $n" ;;
  activate) # $1: generation, $2: test|switch|boot; $3 $4 (optional): seconds to wait for confirm, the lock's holder
    # A deployer that goes away (killed, its connection closed) does not stop an activation half
    # way: it runs to its end (or its own restore), and then, armed, waits for a confirm that
    # never comes and undoes itself.
    trap '' HUP PIPE
    previous=$(number_of current)
    previous_boot=$(number_of boot)
    activate "$1" "$2" || exit 1
    if [ "${3:-0}" -gt 0 ] && [ "$2" != boot ]; then
      arm "$1" "$previous" "$previous_boot" "$3" "${4:-}"
    fi ;;
  confirm) # $1: the generation whose canary the deployer removes
    if mv "$root/canaries/$1" "$root/canaries/.$1.confirmed" 2>/dev/null; then
      rm -f "$root/canaries/.$1.confirmed"
      echo "confirmed $1"
    else
      echo "no canary for generation $1: the machine has undone it already"
      exit 1
    fi ;;
  revert) # $1: the generation to undo, $2: current before it, $3: boot before it
    trap '' HUP PIPE
    rm -f "$root/canaries/$1"
    revert "$1" "${2:-}" "${3:-}" ;;
  *)
    echo "unknown operation $op"
    exit 2 ;;
esac
