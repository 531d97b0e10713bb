#!/usr/bin/env bash
# Installs the real mail peers the probe tests start on loopback (test/peers/): Postfix,
# Dovecot (IMAP + POP3), dnsmasq, nftables for the filtered port, iproute2 and openssl.
# Idempotent: apt runs only when a package is missing. The tests start their own daemons
# with their own configuration, so any stock service a package brings up is stopped and
# disabled here: the tests use high ports of their own, but a stock daemon would hold
# 25/53/143/… on the machine for no reason.
set -euo pipefail

packages=(postfix dovecot-imapd dovecot-pop3d dnsmasq nftables iproute2 openssl)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup-peers: apt-get install ${missing[*]}"
  # "No configuration": no /etc/postfix/main.cf, so the package never starts a listener on :25.
  echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections
  apt-get update -qq
  # policy-rc.d 101 keeps maintainer scripts from starting daemons while they install.
  created_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    created_policy=1
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ "$created_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; trap - EXIT; fi
fi

# Belt and braces: if anything did start (a machine without policy-rc.d support, an earlier
# manual install), stop it. Errors are ignored: without systemd there is nothing to stop.
for svc in postfix dovecot dnsmasq; do
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl disable --now "$svc" >/dev/null 2>&1 || true
  fi
  if [ -x "/etc/init.d/$svc" ]; then "/etc/init.d/$svc" stop >/dev/null 2>&1 || true; fi
done

# The peers run their daemons as these users; the packages create them, check anyway.
for user in postfix dovecot dovenull dnsmasq; do
  id "$user" >/dev/null 2>&1 || { echo "setup-peers: user $user missing after install" >&2; exit 1; }
done
getent group postdrop >/dev/null || { echo "setup-peers: group postdrop missing" >&2; exit 1; }

echo "setup-peers: ready ($(/usr/sbin/postconf -d mail_version 2>/dev/null | sed 's/.*= //' | sed 's/^/postfix /'), $(dovecot --version 2>/dev/null | sed 's/^/dovecot /'), $(dnsmasq --version | head -1 | awk '{print "dnsmasq " $3}'))"
