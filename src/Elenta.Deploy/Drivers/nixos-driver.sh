# Elenta's NixOS driver, run on the machine as: sh -c SCRIPT elenta-nixos OP ARG...
# The system profile's generations are the machine's generations: the profile link says what
# boots (the boot default), /run/current-system what runs. Store paths reach this script as data.
set -u
profiles=/nix/var/nix/profiles
profile=$profiles/system

generation_of_link() { # system-N-link -> N
  n=${1#system-}
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

op=$1
shift
case "$op" in
  probe)
    current=$(readlink -e /run/current-system 2>/dev/null)
    echo "current=$current"
    echo "boot=$(boot_generation)"
    for l in "$profiles"/system-*-link; do
      [ -L "$l" ] || continue
      echo "generation=$(generation_of_link "$(basename "$l")") $(readlink -f "$l")"
    done
    [ -n "$current" ] && [ -f "$current/elenta-revision" ] && echo "revision=$(cat "$current/elenta-revision")"
    [ -d /var/lib/elenta/lock ] && echo "locked=$(cat /var/lib/elenta/lock/holder 2>/dev/null || echo unknown)"
    exit 0 ;;
  set) # $1: a system's store path, already copied here: a new generation of the profile; the boot default stays
    [ -x "$1/bin/switch-to-configuration" ] || { echo "$1 is not a system here (no bin/switch-to-configuration)"; exit 1; }
    before=$(boot_generation)
    nix-env -p "$profile" --set "$1" || exit 1
    after=$(boot_generation)
    [ -n "$before" ] && { switch_profile "$before" || exit 1; }
    echo "generation $after" ;;
  activate) # $1: generation, $2: test|switch|boot; on failure, what ran and what booted before stay
    link=$(link_of "$1") || { echo "no generation $1 on this machine"; exit 1; }
    previous=$(readlink -e /run/current-system 2>/dev/null)
    before=$(boot_generation)
    if [ "$2" != test ]; then
      switch_profile "$1" || { echo "could not make generation $1 the profile's"; exit 1; }
    fi
    if "$link/bin/switch-to-configuration" "$2"; then
      echo "activated $1 ($2)"
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
  *)
    echo "unknown operation $op"
    exit 2 ;;
esac
