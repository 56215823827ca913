#!/usr/bin/env bash
# deps.sh - installs the Debian 12 packages chitieu needs to build, run and
# test, skipping those already present. Used by demo.sh and test.sh; safe to
# run again. Needs root or sudo only when something is missing.
set -euo pipefail

build_pkgs=(gcc make cmake pkg-config libsqlite3-dev libutf8proc-dev libsodium-dev libmicrohttpd-dev libjansson-dev
            libxlsxwriter-dev libzip-dev libxml2-dev libpq-dev)
test_pkgs=(libcmocka-dev sqlite3 postgresql jq curl python3 unzip libxml2-utils
           chromium libreoffice-writer-nogui libreoffice-calc-nogui)

want=("${build_pkgs[@]}")
[ "${1:-}" = "--test" ] && want+=("${test_pkgs[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Node.js and npm: the web interface's charting library (web/package.json) and the
# browser tests (tests/browser/package.json) come from npm. A node already on the
# machine (e.g. a newer one whose package ships npm itself) is kept: Debian's nodejs
# and npm are added only when the commands are missing.
if ! command -v node >/dev/null 2>&1; then
  dpkg-query -W -f='${Status}' nodejs 2>/dev/null | grep -q 'install ok installed' || missing+=(nodejs)
fi
if ! command -v npm >/dev/null 2>&1; then
  dpkg-query -W -f='${Status}' npm 2>/dev/null | grep -q 'install ok installed' || missing+=(npm)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Cài các gói còn thiếu (installing): ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
