# Elenta's NixOS driver, run on the machine as: sh -c SCRIPT elenta-nixos OP ARG...
# The system profile's generations are the machine's generations: the profile link says what
# boots (the boot default), /run/current-system what runs. Store paths reach this script as data.
set -u
profiles=/nix/var/nix/profiles
profile=$profiles/system
root=/var/lib/elenta
undone=$root/nixos-undone # N holds the store path of profile generation N, undone by an automatic rollback

generation_of_link() { # system-N-link (or a path ending so: an absolute link) -> N
  n=${1##*/}
  n=${n#system-}
  echo "${n%-link}"
}

link_of() { # N -> the generation's link, if the machine holds it
  [ -L "$profiles/system-$1-link" ] && echo "$profiles/system-$1-link"
}

boot_generation() {
  [ -L "$profile" ] && generation_of_link "$(readlink "$profile")"
}

switch_profile() { # make generation $1 the profile's (the boot default)
  nix-env -p "$profile" --switch-generation "$1" >/dev/null 2>&1
}

system_of() { # N -> the store path of generation N
  readlink -f "$profiles/system-$1-link"
}

running() {
  readlink -e /run/current-system 2>/dev/null
}

holder_of() {
  cat "$root/lock/holder" 2>/dev/null || echo unknown
}

revert() { # $1: the generation to undo; $2: the system that ran before it (empty: none); $3: the boot generation before it (empty: none)
  system=$(system_of "$1")
  [ "$(running)" = "$system" ] || { echo "generation $1 is not the running system: nothing to undo"; return 0; }
  boot_moved=
  if [ "$(boot_generation)" != "$3" ]; then
    boot_moved=yes
    if [ -n "$3" ]; then
      switch_profile "$3" || { echo "could not make generation $3 the profile's again"; return 1; }
    else
      rm -f "$profile" # no generation booted before: the profile points at none again
    fi
  fi
  if [ "$2" = "$system" ]; then
    # It ran before it was activated again (a deploy of a machine already on it): there is no other
    # system to go back to, and it stays offered; only a boot entry this activation moved goes back.
    [ -n "$boot_moved" ] && [ -n "$3" ] && { "$(link_of "$3")/bin/switch-to-configuration" boot || return 1; }
    echo "generation $1 ran before it was activated again: it keeps running"
    return 0
  fi
  if [ -n "$2" ] && [ -x "$2/bin/switch-to-configuration" ]; then
    if [ -n "$boot_moved" ] && [ -n "$3" ] && [ "$(system_of "$3")" = "$2" ]; then
      echo "re-activating $2 (switch)"
      "$2/bin/switch-to-configuration" switch || return 1
    else
      if [ -n "$boot_moved" ] && [ -n "$3" ]; then
        "$(link_of "$3")/bin/switch-to-configuration" boot || return 1
      fi
      echo "re-activating $2 (test)"
      "$2/bin/switch-to-configuration" test || return 1
    fi
  else
    # Nothing ran before (not a booted NixOS: a fresh lab machine): nothing to re-activate; what
    # the new system's activation did stays, but it is no longer the running one.
    [ -n "$boot_moved" ] && [ -n "$3" ] && { "$(link_of "$3")/bin/switch-to-configuration" boot || return 1; }
    rm -f /run/current-system
    echo "no system ran before generation $1: /run/current-system removed"
  fi
  # Kept in the profile, for its number, but no longer offered: probe and rollback skip it.
  mkdir -p "$undone" && printf '%s\n' "$system" > "$undone/$1"
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

arm() { # $1: generation just activated, $2 $3: running system and boot generation before it, $4: seconds, $5: the deployer's lock holder
  # The canary: unless the deployer removes it over a fresh connection within $4 seconds (confirm),
  # this machine undoes generation $1 by itself and frees the deployer's lock. One canary per
  # generation, and a watcher undoes nothing once another system runs.
  # The canary holds this arming's token: a generation armed again (a deploy of a machine already
  # on it) has a canary of its own, which the earlier watcher, still asleep, must leave alone.
  token="$$ $1 $5"
  # .confirmed holds the canary of the last arming confirmed (see confirm): none, from now on.
  mkdir -p "$root/canaries" && : > "$root/canaries/.confirmed" && printf '%s\n' "$token" > "$root/canaries/$1" || return 1
  (
    trap '' HUP INT
    sleep "$4"
    { read -r armed < "$root/canaries/$1"; } 2>/dev/null || exit 0
    [ "$armed" = "$token" ] || exit 0
    if mv "$root/canaries/$1" "$root/canaries/.$1.fired" 2>/dev/null; then
      # The undo holds the machine's lock, in the deployer's name: taken if the deployer let it go
      # (it frees it when it cannot confirm), kept if it still holds it (it went away). Held by
      # anyone else, a new deployment owns the machine now: the undo would meet it half way.
      if mkdir "$root/lock" 2>/dev/null; then printf '%s\n' "$5" > "$root/lock/holder"; fi
      if [ "$(holder_of)" != "$5" ]; then
        { date -u +%Y-%m-%dT%H:%M:%SZ; echo "not confirmed within $4 s, but $(holder_of) holds the machine now: generation $1 left to it"; } >> "$root/canary.log" 2>&1
      else
        if [ "$(running)" = "$(system_of "$1")" ]; then
          { date -u +%Y-%m-%dT%H:%M:%SZ; echo "not confirmed within $4 s: undoing generation $1"; revert "$1" "$2" "$3"; } >> "$root/canary.log" 2>&1
        fi
        rm -rf "$root/lock"
      fi
    fi
    rm -f "$root/canaries/.$1.fired"
  ) </dev/null >/dev/null 2>&1 &
  echo "armed $1 $4"
}

is_undone() { # $1: generation number, $2: its store path
  [ -f "$undone/$1" ] && [ "$(cat "$undone/$1")" = "$2" ]
}

op=$1
shift
case "$op" in
  probe)
    current=$(readlink -e /run/current-system 2>/dev/null)
    echo "current=$current"
    echo "boot=$(boot_generation)"
    for l in "$profiles"/system-*-link; do
      [ -L "$l" ] || continue
      n=$(generation_of_link "$(basename "$l")")
      is_undone "$n" "$(readlink -f "$l")" && continue
      echo "generation=$n $(readlink -f "$l")"
    done
    [ -n "$current" ] && [ -f "$current/elenta-revision" ] && echo "revision=$(cat "$current/elenta-revision")"
    [ -d /var/lib/elenta/lock ] && echo "locked=$(cat /var/lib/elenta/lock/holder 2>/dev/null || echo unknown)"
    exit 0 ;;
  set) # $1: a system's store path, already copied here: a new generation of the profile; the boot default stays
    [ -x "$1/bin/switch-to-configuration" ] || { echo "$1 is not a system here (no bin/switch-to-configuration)"; exit 1; }
    before=$(boot_generation)
    nix-env -p "$profile" --set "$1" || exit 1
    after=$(boot_generation)
    # nix-env gives the system the newest generation again when it is that generation's: an undone
    # generation deployed anew is offered again.
    rm -f "$undone/$after"
    [ -n "$before" ] && { switch_profile "$before" || exit 1; }
    echo "generation $after" ;;
  activate) # $1: generation, $2: test|switch|boot; on failure, what ran and what booted before stay
    # $3 $4 (optional): seconds to wait for confirm, the lock's holder (the machine arms a canary).
    # A deployer that goes away does not stop an activation half way: it runs to its end (or its
    # own restore), and then, armed, waits for a confirm that never comes and undoes itself.
    trap '' HUP PIPE
    link=$(link_of "$1") || { echo "no generation $1 on this machine"; exit 1; }
    previous=$(running)
    before=$(boot_generation)
    if [ "$2" != test ]; then
      switch_profile "$1" || { echo "could not make generation $1 the profile's"; exit 1; }
    fi
    if "$link/bin/switch-to-configuration" "$2"; then
      echo "activated $1 ($2)"
      if [ "${3:-0}" -gt 0 ] && [ "$2" != boot ]; then
        arm "$1" "$previous" "$before" "$3" "${4:-}" || exit 1
      fi
      exit 0
    fi
    echo "switch-to-configuration $2 of generation $1 failed"
    if [ "$2" != test ] && [ -n "$before" ]; then
      switch_profile "$before" && "$(link_of "$before")/bin/switch-to-configuration" boot >/dev/null 2>&1
    fi
    if [ "$2" != boot ] && [ -n "$previous" ] && [ -x "$previous/bin/switch-to-configuration" ]; then
      echo "restoring $previous"
      "$previous/bin/switch-to-configuration" test
    fi
    exit 1 ;;
  confirm) # $1: the generation whose canary the deployer removes, $2: the deployer's lock holder
    # Moving the canary away claims it (the watcher's mv then fails). Kept as .confirmed, it answers
    # a confirmation sent again because the answer to this one was lost on the way back.
    # Only the holder's own arming is claimed: a confirmation that comes late, or again, after the
    # machine undid the holder's arming and another deployer armed the generation again, must not
    # confirm that arming (that deployer's own connection has proved nothing yet). The token is
    # read, then the canary moved: while the holder holds the lock (its deployment, or its watcher
    # undoing in its name), no one else can arm the generation again in between; after it let the
    # lock go, another deployer would have to lock, copy and activate between these two commands.
    # The race with the watcher is still the mv's.
    trap '' HUP PIPE
    [ $# -ge 2 ] || { echo "confirm: the deployer's lock holder is missing"; exit 2; }
    if armed_by_another "$1" "$2"; then
      echo "generation $1 was armed again by $th: not confirmed"
      exit 1
    fi
    if mv "$root/canaries/$1" "$root/canaries/.confirmed" 2>/dev/null || was_confirmed "$1" "$2"; then
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
  revert) # $1: the generation to undo, $2: the system that ran before it, $3: the boot generation before it
    trap '' HUP PIPE
    rm -f "$root/canaries/$1"
    revert "$1" "${2:-}" "${3:-}" ;;
  *)
    echo "unknown operation $op"
    exit 2 ;;
esac
