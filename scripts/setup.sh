#!/usr/bin/env bash
# Installs what a fresh machine with only Node and npm lacks, then the npm dependencies.
# Idempotent: a second run does nothing that is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# Headless Chromium drives the panel's UI tests (playwright-core, no browser download).
if [ "${LIBERO_SETUP_BROWSER:-1}" = "1" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
fi
# Studio mode's tests start a real Redis (BullMQ) and a real PostgreSQL in temp folders.
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)

if [ "${#need[@]}" -gt 0 ]; then
  echo "setup: installing system packages: ${need[*]}"
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# npm dependencies: install when missing or when the lock file is newer than the install.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi
echo "setup: ok ($(ffmpeg -hide_banner -version | head -1 | cut -d' ' -f1-3))"
