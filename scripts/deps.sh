#!/usr/bin/env bash
# deps.sh - installs the Debian 12 packages chitieu needs to build, run and
# test, skipping those already present. Used by demo.sh and test.sh (--test)
# and by the benchmarks (--bench); safe to run again. Needs root or sudo only
# when something is missing.
#
#   scripts/deps.sh            # build and run
#   scripts/deps.sh --test     # and every test, PostgreSQL's included
#   scripts/deps.sh --bench    # and the benchmarks' tools and peers
set -euo pipefail

build_pkgs=(gcc make cmake pkg-config libsqlite3-dev libutf8proc-dev libsodium-dev libmicrohttpd-dev libjansson-dev
            libxlsxwriter-dev libzip-dev zlib1g-dev libxml2-dev libpq-dev libgsl-dev libcurl4-openssl-dev
            libcairo2-dev libpango1.0-dev fonts-liberation)
# postgresql: the server (initdb, pg_ctl, pg_basebackup) and psql that
# scripts/pg_cluster.sh runs; passwd: useradd, with which it makes the user
# chitieu-pg the server runs as when the tests run as root (runuser, flock
# and timeout come with every Debian: util-linux, coreutils); python3-aiosmtpd:
# the SMTP server the notification tests start on 127.0.0.1 (tests/http/notify_smtpd.py)
test_pkgs=(libcmocka-dev sqlite3 postgresql passwd jq curl python3 python3-aiosmtpd unzip libxml2-utils clang
           chromium libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils)
# wrk: the HTTP load (bench/engines_http.sh); time: /usr/bin/time, peak memory (bench/nation.sh)
bench_pkgs=(sqlite3 postgresql passwd jq curl python3 wrk time)

want=("${build_pkgs[@]}")
case "${1:-}" in
  "") ;;
  --test) want+=("${test_pkgs[@]}") ;;
  --bench) want+=("${bench_pkgs[@]}") ;;
  *) echo "usage: scripts/deps.sh [--test | --bench]" >&2; exit 2 ;;
esac

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
