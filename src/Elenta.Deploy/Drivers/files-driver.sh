# Elenta's files driver, run on the machine as: sh -c SCRIPT elenta-files OP ARG...
# Site data never becomes code here: targets, owners and modes are read from the generation's
# install.tsv as data; only the site's own `after` commands (after.tsv) are run by a shell.
# Written to start few programs: a deployment to many machines at once spends most of its time
# starting processes, so links are read, lists built and lines matched by the shell itself, and
# what the targets hold now is asked of one sha256sum and one stat for them all.
set -u
unset CDPATH # cd must never pick a directory elsewhere, nor print one on the protocol's output
root=${ELENTA_FILES_ROOT:-/var/lib/elenta} # the override is for the driver's own tests
gens=$root/generations
tab='	' # a tab character, written as itself: no command substitution (a fork) per run
nl='
'

link_number() { # $1: current|boot; sets n to the generation the link points at, or to nothing
  # The shell's own cd -P into the link, and back: no subshell.
  n=
  if [ -L "$root/$1" ] && cd -P "$root/$1" 2>/dev/null; then
    n=${PWD##*/}
    # Back where the script was (an after command runs there); dash leaves OLDPWD empty when that
    # directory cannot be resolved, and cd "" would stay here.
    case $OLDPWD in /*) cd "$OLDPWD" 2>/dev/null || cd / ;; *) cd / ;; esac
  fi
}

switch_link() { # atomically: $root/$1 -> generations/$2 (rename of a symlink)
  ln -sfn "generations/$2" "$root/.$1.new" && mv -T "$root/.$1.new" "$root/$1"
}

holder() { # sets h to the lock's holder
  { read -r h < "$root/lock/holder"; } 2>/dev/null || h="unknown (no holder file)"
}

take_lock() { # $1: who asks, and since when; exit status 75 when someone else holds it
  [ -d "$root" ] || mkdir -p "$root"
  if mkdir "$root/lock" 2>/dev/null; then
    printf '%s\n' "$1" > "$root/lock/holder"
  else
    holder
    echo "held by $h"
    return 75
  fi
}

release() { # $1: the holder that took the lock; anyone else's lock stays
  holder
  [ "$h" != "$1" ] || rm -rf "$root/lock"
}

numbers() { # sets list to the generations kept (not undone), last to the highest number on disk
  list='' last=0
  for d in "$gens"/*; do
    g=${d##*/}
    case $g in '' | *[!0-9]*) continue ;; esac
    [ "$g" -gt "$last" ] && last=$g
    [ -e "$d/undone" ] || list="$list$g "
  done
}

stage() { # the generation's tar on standard input; sets n to its number
  [ -d "$gens" ] || mkdir -p "$gens" || return 1
  tmp=$gens/.staging.$$
  mkdir "$tmp" 2>/dev/null || { rm -rf "$tmp" && mkdir "$tmp"; } || return 1
  tar -x -C "$tmp" || { rm -rf "$tmp"; return 1; }
  numbers
  n=$((last + 1))
  mv -T "$tmp" "$gens/$n" || { rm -rf "$tmp"; return 1; }
}

install_generation() { # $1: generation directory; prints "changed TARGET" for each file whose bytes it changed
  # $2 (the first generation only): where to keep what each target held before, to put it back on failure
  gdir=$1 keep=${2:-}
  # What the targets hold now (regular files; a symbolic link is replaced by the file), in step
  # with install.tsv: one sha256sum and one stat for them all.
  set --
  while IFS="$tab" read -r sha target owner group mode; do
    [ -n "$sha" ] && [ -f "$target" ] && [ ! -L "$target" ] && set -- "$@" "$target"
  done < "$gdir/install.tsv"
  : > "$gdir/.sums"
  : > "$gdir/.stats"
  if [ $# -gt 0 ]; then
    sha256sum -- "$@" > "$gdir/.sums" 2>/dev/null
    stat -c '%U %G %a' -- "$@" > "$gdir/.stats" 2>/dev/null
  fi
  i=0
  while IFS="$tab" read -r sha target owner group mode; do
    [ -n "$sha" ] || continue
    now='' name='' who='' grp='' perm=''
    if [ -f "$target" ] && [ ! -L "$target" ]; then
      IFS=' ' read -r now name <&3
      IFS=' ' read -r who grp perm <&4
      # A line that is not this target's (it went away meanwhile, or its name needed escaping):
      # its bytes are not known, so it is installed.
      [ "$name" = "$target" ] || now=
    fi
    if [ -n "$keep" ]; then
      i=$((i + 1))
      if [ -e "$target" ]; then
        cp -p -- "$target" "$keep/$i" && printf '%s\t%s\n' "$i" "$target" >> "$keep/list" || return 1
      else
        printf '%s\t%s\n' "-" "$target" >> "$keep/list"
      fi
    fi
    if [ "$now" = "$sha" ]; then
      # The same bytes: only the owner and the mode are seen to.
      m=$mode
      while :; do case $m in 0?*) m=${m#0} ;; *) break ;; esac; done
      [ "$who:$grp" = "$owner:$group" ] || chown -- "$owner:$group" "$target" || return 1
      [ "$perm" = "$m" ] || chmod -- "$mode" "$target" || return 1
      continue
    fi
    dir=${target%/*}
    [ -d "${dir:-/}" ] || mkdir -p -- "$dir" || return 1
    install -o "$owner" -g "$group" -m "$mode" -- "$gdir/files/$sha" "$target.elenta-new" \
      && mv -f -- "$target.elenta-new" "$target" || { rm -f -- "$target.elenta-new"; return 1; }
    echo "changed $target"
  done < "$gdir/install.tsv" 3< "$gdir/.sums" 4< "$gdir/.stats"
}

remove_dropped() { # targets $1 (old generation) installed that $2 (new) does not: removed
  [ -f "$1/install.tsv" ] || return 0
  kept=$nl
  while IFS="$tab" read -r sha target rest; do kept="$kept$target$nl"; done < "$2/install.tsv"
  while IFS="$tab" read -r sha target rest; do
    [ -n "$sha" ] || continue
    case $kept in *"$nl$target$nl"*) continue ;; esac
    rm -f -- "$target" && echo "removed $target"
  done < "$1/install.tsv"
}

run_after() { # $1: generation directory, $2: what its installation printed; each command of a changed target once, in order
  changed=$nl ran=$nl
  while IFS= read -r line; do
    case $line in "changed "*) changed="$changed${line#changed }$nl" ;; esac
  done < "$2"
  while IFS="$tab" read -r target command; do
    case $changed in *"$nl$target$nl"*) ;; *) continue ;; esac
    case $ran in *"$nl$command$nl"*) continue ;; esac
    ran="$ran$command$nl"
    echo "after $command"
    case "$command" in
      systemctl\ * | */systemctl\ *)
        # sd_booted(): a machine not booted with systemd (a container, a chroot, the simulator's
        # namespaces) has no manager to ask; the command is skipped, with a warning.
        if [ ! -d /run/systemd/system ]; then
          echo "warning: systemd is not running on this machine: '$command' skipped"
          continue
        fi ;;
    esac
    sh -c "$command" < /dev/null
    rc=$?
    if [ $rc -eq 127 ]; then
      echo "warning: '$command' not found on this machine: skipped"
    elif [ $rc -ne 0 ]; then
      echo "failed: '$command' exited $rc"
      return 1
    fi
  done < "$1/after.tsv"
}

show() { # $1: a file, printed by the shell itself
  while IFS= read -r line || [ -n "$line" ]; do printf '%s\n' "$line"; done < "$1"
}

activate() { # $1: generation number, $2: test|switch|boot
  g=$gens/$1
  [ -f "$g/install.tsv" ] || { echo "no generation $1 on this machine"; return 1; }
  if [ "$2" = boot ]; then
    switch_link boot "$1" && echo "boot $1"
    return
  fi
  link_number current
  previous=$n
  log=$g/.activation
  before=
  if [ -z "$previous" ]; then
    before=$g/.before
    rm -rf "$before" && mkdir -p "$before" && : > "$before/list" || return 1
  fi
  if install_generation "$g" "$before" > "$log" && { [ -z "$previous" ] || remove_dropped "$gens/$previous" "$g" >> "$log"; } \
    && show "$log" && run_after "$g" "$log"; then
    rm -f "$log" "$g/.sums" "$g/.stats"
    switch_link current "$1" || return 1
    if [ "$2" = switch ]; then switch_link boot "$1" || return 1; fi
    echo "activated $1"
    return 0
  fi
  show "$log" 2>/dev/null
  rm -f "$log" "$g/.sums" "$g/.stats"
  echo "activation of generation $1 failed"
  if [ -n "$previous" ]; then
    echo "restoring generation $previous"
    install_generation "$gens/$previous" > "$gens/$previous/.activation" && remove_dropped "$g" "$gens/$previous" >/dev/null
    run_after "$gens/$previous" "$gens/$previous/.activation" >/dev/null
    rm -f "$gens/$previous/.activation" "$gens/$previous/.sums" "$gens/$previous/.stats"
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
  link_number current
  [ "$n" = "$1" ] || { echo "generation $1 is not the current one: nothing to undo"; return 0; }
  if [ "$2" = "$1" ]; then
    # It ran before it was activated again (a deploy of a machine already on it): there is no other
    # generation to go back to, and it stays offered; only the boot link goes back.
    if [ -n "$3" ]; then switch_link boot "$3" || return 1; else rm -f "$root/boot"; fi
    echo "generation $1 ran before it was activated again: it keeps running"
    return 0
  fi
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

armed_by() { # $1: a canary's file; sets tg and th to the generation and the holder of the arming its token names
  # A token is "<pid> <generation> <holder>"; the holder is everything after the generation, spaces and all.
  { IFS= read -r t < "$1"; } 2>/dev/null || return 1
  t=${t#* }
  tg=${t%% *}
  case $t in *' '*) th=${t#* } ;; *) th= ;; esac
}

was_confirmed() { # $1: a generation, $2: a lock holder; true when the last arming confirmed was that holder's arming of it
  armed_by "$root/canaries/.confirmed" && [ "$tg" = "$1" ] && [ "$th" = "$2" ]
}

armed_by_another() { # $1: a generation, $2: a lock holder; true, with th the other holder, when its last arming was someone else's
  # Its canary, waiting, or the confirmation of it.
  if armed_by "$root/canaries/$1"; then [ "$th" != "$2" ]; return; fi
  armed_by "$root/canaries/.confirmed" && [ "$tg" = "$1" ] && [ "$th" != "$2" ]
}

arm() { # $1: generation just activated, $2 $3: current and boot before it, $4: seconds, $5: the deployer's lock holder
  # The canary: unless the deployer removes it over a fresh connection within $4 seconds (confirm),
  # this machine undoes generation $1 by itself and frees the deployer's lock (magic rollback).
  # One canary per generation and arming: the watcher of an earlier, confirmed generation, still
  # asleep, must not take a later one's canary; and it undoes nothing once another generation runs.
  # The canary holds this arming's token: a generation armed again (a deploy of a machine already
  # on it) has a canary of its own, which the earlier watcher, still asleep, must leave alone.
  [ -d "$root/canaries" ] || mkdir -p "$root/canaries" || return 1
  token="$$ $1 $5"
  # .confirmed holds the canary of the last arming confirmed (see confirm): none, from now on.
  : > "$root/canaries/.confirmed" && printf '%s\n' "$token" > "$root/canaries/$1" || return 1
  (
    trap '' HUP INT
    sleep "$4"
    # Confirmed (the canary is gone) or armed again since: nothing to claim, no program to start.
    { read -r armed < "$root/canaries/$1"; } 2>/dev/null || exit 0
    [ "$armed" = "$token" ] || exit 0
    link_number current
    if mv "$root/canaries/$1" "$root/canaries/.$1.fired" 2>/dev/null; then
      # The undo holds the machine's lock, in the deployer's name: taken if the deployer let it go
      # (it frees it when it cannot confirm), kept if it still holds it (it went away). Held by
      # anyone else, a new deployment owns the machine now: the undo would meet it half way.
      take_lock "$5" > /dev/null || :
      holder
      if [ "$h" != "$5" ]; then
        { date -u +%Y-%m-%dT%H:%M:%SZ; echo "not confirmed within $4 s, but $h holds the machine now: generation $1 left to it"; } >> "$root/canary.log" 2>&1
      else
        if [ "$n" = "$1" ]; then
          { date -u +%Y-%m-%dT%H:%M:%SZ; echo "not confirmed within $4 s: undoing generation $1"; revert "$1" "$2" "$3"; } >> "$root/canary.log" 2>&1
        fi
        release "$5"
      fi
      rm -f "$root/canaries/.$1.fired"
    fi
  ) < /dev/null > /dev/null 2>&1 &
  echo "armed $1 $4"
}

activate_op() { # $1: generation, $2: test|switch|boot, $3: seconds to wait for confirm (0: none), $4: the lock's holder
  # A deployer that goes away (killed, its connection closed) does not stop an activation half
  # way: it runs to its end (or its own restore), and then, armed, waits for a confirm that
  # never comes and undoes itself.
  trap '' HUP PIPE
  link_number current
  previous=$n
  link_number boot
  previous_boot=$n
  activate "$1" "$2" || return 1
  if [ "$3" -gt 0 ] && [ "$2" != boot ]; then
    arm "$1" "$previous" "$previous_boot" "$3" "$4"
  fi
}

op=$1
shift
case "$op" in
  probe)
    link_number current
    c=$n
    link_number boot
    echo "current=$c"
    echo "boot=$n"
    numbers
    echo "generations=$list"
    if [ -d "$root/lock" ]; then holder; echo "locked=$h"; fi
    echo "---"
    [ -n "$c" ] && show "$gens/$c/generation.json"
    exit 0 ;;
  show) # $1: generation number: its generation.json
    show "$gens/$1/generation.json" ;;
  lock) # $1: who asks, and since when
    take_lock "$1" || exit
    echo locked ;;
  unlock) # $1: the holder that took it; anyone else's lock stays
    release "$1"
    exit 0 ;;
  stage) # the generation's tar on standard input; prints its number
    stage || exit 1
    echo "generation $n" ;;
  install) # $1: the lock's holder, $2: test|switch|boot, $3: seconds to wait for confirm (0: none), $4: 1 to free the lock at the end
    # lock, stage (the tar on standard input) and activate in one go: what a deployment without
    # backup commands does on each machine, in one command instead of four.
    take_lock "$1" || exit
    if stage; then
      echo "generation $n"
      activate_op "$n" "$2" "$3" "$1"
      rc=$?
    else
      echo "staging failed"
      rc=1
    fi
    [ "$4" != 1 ] || release "$1"
    exit $rc ;;
  activate) # $1: generation, $2: test|switch|boot; $3 $4 (optional): seconds to wait for confirm, the lock's holder
    activate_op "$1" "$2" "${3:-0}" "${4:-}" ;;
  confirm) # $1: the generation whose canary the deployer removes, $2: the deployer's lock holder, $3: 1 to free its lock once confirmed
    # Moving the canary away claims it: the watcher's mv of it fails once it is gone, and this one
    # fails once the watcher has taken it. Kept as .confirmed, it answers a confirmation sent again
    # because the answer to this one was lost on the way back. A connection that drops as it
    # answers stops nothing: the lock is freed before the answer.
    # Only the holder's own arming is claimed: a confirmation that comes late, or again, after the
    # machine undid the holder's arming and another deployer armed the generation again, must not
    # confirm that arming (that deployer's own connection has proved nothing yet). The token is
    # read, then the canary moved: while the holder holds the lock (its deployment, or its watcher
    # undoing in its name), no one else can arm the generation again in between; after it let the
    # lock go, another deployer would have to lock, stage and activate between these two commands.
    # The race with the watcher is still the mv's.
    trap '' HUP PIPE
    [ $# -ge 2 ] || { echo "confirm: the deployer's lock holder is missing"; exit 2; }
    if armed_by_another "$1" "$2"; then
      echo "generation $1 was armed again by $th: not confirmed"
      exit 1
    fi
    if mv "$root/canaries/$1" "$root/canaries/.confirmed" 2>/dev/null || was_confirmed "$1" "$2"; then
      [ "${3:-}" != 1 ] || release "$2"
      echo "confirmed $1"
    else
      echo "no canary for generation $1: the machine has undone it already"
      exit 1
    fi ;;
  confirmed) # $1: a generation, $2: the deployer's lock holder; whether a confirmation of its last arming, the holder's, reached the machine (reads only)
    if was_confirmed "$1" "${2-}"; then echo "confirmed $1"
    elif armed_by_another "$1" "${2-}"; then echo "generation $1 was armed again by $th: not confirmed"; exit 1
    elif [ -e "$root/canaries/$1" ]; then echo "generation $1 is armed: not confirmed yet"; exit 1
    else echo "generation $1 is not confirmed"; exit 1; fi ;;
  revert) # $1: the generation to undo, $2: current before it, $3: boot before it
    trap '' HUP PIPE
    rm -f "$root/canaries/$1"
    revert "$1" "${2:-}" "${3:-}" ;;
  *)
    echo "unknown operation $op"
    exit 2 ;;
esac
