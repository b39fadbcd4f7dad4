#!/usr/bin/env bash
# Installs, from Debian's packages, the real programs Elenta's tests and artifacts are checked
# with. Skips apt entirely when everything is already there. Needs root (or sudo).
set -euo pipefail
packages=(
  nix-bin             # nix-instantiate: .nix site files
  nsd                 # nsd, nsd-checkzone, nsd-checkconf, nsd-control-setup: the generated zones and nsd.conf
  unbound             # unbound, unbound-checkconf: the generated resolver configuration, run in the tests
  ldnsutils           # ldns-keygen, ldns-signzone (build signs public zones), ldns-verify-zone
  bind9-utils         # named-checkzone
  bind9-dnsutils      # dig
  dnsmasq-base        # dnsmasq --test
  kea-dhcp4-server    # kea-dhcp4 -t
  kea-dhcp6-server    # kea-dhcp6 -t: the DHCPv6 configuration
  radvd               # radvd --configtest: router advertisements of DHCPv6 networks
  prometheus          # promtool check config: the generated prometheus.yml
  openssl             # the throwaway certificates of the TLS proxy test
  nginx-light         # nginx -t
  openssh-client      # ssh-keygen -F
  libvirt-clients     # virt-xml-validate
  libxml2-utils       # xmllint, which virt-xml-validate runs
  time                # /usr/bin/time for the benchmark's peak memory
  git
  iproute2            # ip netns: the live DHCP exchange runs in namespaces the test creates
  python3             # the small DHCP client of that test; listeners and probes of the firewall tests; the HTTP server of the deploy health checks test
  nftables            # nft -c -f: the generated rulesets (firewall tests' namespaces) and the input rules the nix library makes from each view
  iputils-ping        # ping inside the sim lab's machines (its tests)
  openssh-server      # sshd in every machine of the sim lab
  socat               # the sim lab's stand-in listeners for services it has no daemon for
  udhcpc              # busybox's DHCP client: sim verify's leases
  isc-dhcp-client     # dhclient -6: the client of the live DHCPv6 exchange test (Kea in a namespace the test makes)
  dns-root-data       # the root trust anchor Unbound starts with in the sim lab
  util-linux          # losetup, wipefs, blkid, lsblk (format-disks tests); unshare, nsenter, setsid (the sim lab)
  e2fsprogs           # mkfs.ext4: a filesystem on one of those loop devices, which format-disks must refuse
  fdisk               # sfdisk: a partition table on another
  shellcheck          # shellcheck: the generated format-disks scripts
  graphviz            # dot: elenta graph's SVG and PNG, the report's network graph
  fonts-dejavu-core   # the font the graphs name, so Graphviz lays them out the same everywhere (golden SVGs)
  chromium            # the report's browser tests: Debian's headless Chromium...
  chromium-driver     # ...driven through its chromedriver (Selenium); no browser is downloaded
  tar                 # the files driver: a generation travels to its machine as one tar (deploy tests)
  postgresql          # initdb, pg_ctl, postgres: the deploy journal's tests start a PostgreSQL server of their own
  strace              # the NixOS plan test counts the nix commands a plan of several machines starts
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
if ((${#missing[@]} > 0)); then
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null
  # nginx and kea ship services that would start on install; the tests start their own on free ports.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Microsoft's SARIF multitool (from the npm registry) validates `check --format sarif` output
# against the SARIF 2.1.0 schema in the tests. Kept under .tools/ (ignored by git).
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sarif="$here/.tools/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [[ ! -x "$sarif" ]]; then
  if ! command -v npm >/dev/null; then
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
  mkdir -p "$here/.tools/sarif"
  (cd "$here/.tools/sarif" && npm install --silent --no-audit --no-fund @microsoft/sarif-multitool-linux@5.7.0 >/dev/null)
  chmod +x "$sarif"
fi
