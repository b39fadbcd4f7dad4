#!/usr/bin/env bash
# Installs, from Debian's packages, the real programs Elenta's tests and artifacts are checked
# with. Skips apt entirely when everything is already there. Needs root (or sudo).
set -euo pipefail
packages=(
  nix-bin             # nix-instantiate: .nix site files
  nsd                 # nsd, nsd-checkzone, nsd-checkconf: the generated zones
  bind9-utils         # named-checkzone
  bind9-dnsutils      # dig
  dnsmasq-base        # dnsmasq --test
  kea-dhcp4-server    # kea-dhcp4 -t
  nginx-light         # nginx -t
  openssh-client      # ssh-keygen -F
  libvirt-clients     # virt-xml-validate
  libxml2-utils       # xmllint, which virt-xml-validate runs
  time                # /usr/bin/time for the benchmark's peak memory
  git
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "installing: ${missing[*]}" >&2
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
# nginx and kea ship services that would start on install; the tests start their own on free ports.
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod +x /usr/sbin/policy-rc.d
  trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
fi
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
