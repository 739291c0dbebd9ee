#!/usr/bin/env bash
# The dashboard test drives a real Chromium (Debian's package; browsers downloaded by test tools are not
# reachable here). Installs it when missing and we may (root with apt-get); otherwise says what to do.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "[chromium] installing Debian's chromium for the dashboard test" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "[chromium] not found: install Chromium (Debian: apt-get install chromium) or set CHROMIUM_PATH" >&2
exit 1
