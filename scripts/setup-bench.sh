#!/usr/bin/env bash
# Installs the peers' tools the probe benchmark (bench/probe) compares against: swaks, nmap
# and openssl (s_client). The mail servers themselves come from scripts/setup-peers.sh.
# Idempotent: apt runs only when a package is missing. Benches are not part of `npm test`.
set -euo pipefail

# swaks only Recommends Net::SSLeay, but without it every TLS option fails ("TLS not available").
packages=(swaks libnet-ssleay-perl nmap openssl coreutils)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup-bench: apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

perl -MNet::SSLeay -e 1 2>/dev/null || { echo "setup-bench: perl Net::SSLeay missing after install" >&2; exit 1; }
for tool in swaks nmap openssl timeout; do
  command -v "$tool" >/dev/null 2>&1 || { echo "setup-bench: $tool missing after install" >&2; exit 1; }
done

echo "setup-bench: ready (swaks $(swaks --version 2>/dev/null | awk '/version/{print $NF; exit}'), $(nmap --version | head -1 | awk '{print "nmap " $3}'), $(openssl version | awk '{print "openssl " $2}'))"
