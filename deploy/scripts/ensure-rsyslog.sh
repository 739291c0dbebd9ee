#!/usr/bin/env bash
# The syslog sink is tested against a real rsyslog (Debian's package), started unprivileged on loopback
# by the tests. Installs rsyslogd and its TLS driver (gnutls) when missing and we may (root with
# apt-get); otherwise says what to do. Safe to run twice.
set -euo pipefail
have_rsyslogd() { command -v rsyslogd >/dev/null 2>&1 || [ -x /usr/sbin/rsyslogd ]; }
have_tls_driver() {
  local driver
  for driver in /usr/lib/*/rsyslog/lmnsd_gtls.so /usr/lib/rsyslog/lmnsd_gtls.so; do
    [ -e "$driver" ] && return 0
  done
  return 1
}
if have_rsyslogd && have_tls_driver; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "[rsyslog] installing Debian's rsyslog and rsyslog-gnutls for the syslog sink tests" >&2
  apt-get update -qq >/dev/null
  # policy-rc.d answer 101 keeps the package from starting a system-wide rsyslogd: the tests start
  # their own on loopback ports. The file is removed again whatever the outcome.
  policy=/usr/sbin/policy-rc.d
  created_policy=false
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created_policy=true
  fi
  trap 'if [ "$created_policy" = true ]; then rm -f "$policy"; fi' EXIT
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rsyslog rsyslog-gnutls >/dev/null
  exit 0
fi
echo "[rsyslog] not found: install rsyslog and rsyslog-gnutls (Debian: apt-get install rsyslog rsyslog-gnutls)" >&2
exit 1
