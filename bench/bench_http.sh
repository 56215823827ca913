#!/usr/bin/env bash
# bench_http.sh - the HTTP figures of issue #3: GET /api/eval for the demo
# city (058, June 2022) with wrk on loopback (-t2 -c64 -d10s, an API token
# in the Authorization header), against nginx (Debian's, started here on
# another loopback port) serving a static file of exactly the same size, in
# the same run; and the server's memory (VmRSS and peak VmHWM from /proc).
#
#   bench/bench_http.sh [BIN] [DURATION]   # BIN default build-bench/chitieu, DURATION default 10s
#
# Not for: correctness (tests/http/test_http_cache.sh proves answers are fresh).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(readlink -f "${1:-build-bench/chitieu}")
DUR=${2:-10s}
command -v wrk >/dev/null && command -v nginx >/dev/null || {
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get install -y -qq --no-install-recommends wrk nginx-light >/dev/null
}
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

W=$(mktemp -d)
SRV=; NGX=
cleanup() {
  [ -n "$SRV" ] && kill "$SRV" 2>/dev/null && wait "$SRV" 2>/dev/null
  [ -n "$NGX" ] && kill "$NGX" 2>/dev/null && wait "$NGX" 2>/dev/null
  rm -rf "$W"
}
trap cleanup EXIT
chmod 755 "$W"

db=$W/demo.db
CHITIEU_NO_PROGRESS=1 "$BIN" --db "$db" demo --quiet
pw=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
printf '%s\n' "$pw" | "$BIN" --db "$db" user add bench --role admin --name "Đo hiệu năng" --view VN --password-stdin >/dev/null
TOKEN=$("$BIN" --db "$db" user token bench --name bench 2>/dev/null | tail -1)

"$BIN" --db "$db" serve --port 0 --threads 2 >"$W/srv.out" 2>/dev/null &
SRV=$!
URL=
for _ in $(seq 1 100); do
  URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$W/srv.out" | head -1 || true)
  [ -n "$URL" ] && break
  sleep 0.05
done
[ -n "$URL" ] || { echo "chitieu serve did not start" >&2; exit 1; }
rss() { awk -v k="$2:" '$1==k {print int($2/1024+0.5) " MB"}' "/proc/$1/status"; }
path='/api/eval?unit=058&period=202206'
curl -sf -H "Authorization: Bearer $TOKEN" "$URL$path" -o "$W/eval.json"
size=$(stat -c %s "$W/eval.json")
echo "server started: RSS $(rss $SRV VmRSS); answer of $path: $size bytes"

# nginx: the same number of bytes as a static file
mkdir -p "$W/www" "$W/ngx"
head -c "$size" /dev/urandom | base64 -w 0 >"$W/www/eval.json"
truncate -s "$size" "$W/www/eval.json"
nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$W/ngx/nginx.conf" <<NGX
worker_processes 2;
daemon off;
pid $W/ngx/nginx.pid;
error_log $W/ngx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on; tcp_nopush on; keepalive_requests 1000000;
  client_body_temp_path $W/ngx; proxy_temp_path $W/ngx; fastcgi_temp_path $W/ngx;
  uwsgi_temp_path $W/ngx; scgi_temp_path $W/ngx;
  types { application/json json; }
  server { listen 127.0.0.1:$nport; root $W/www; }
}
NGX
"$NGINX" -p "$W/ngx" -c "$W/ngx/nginx.conf" 2>"$W/ngx/start.err" &
NGX=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$nport/eval.json" -o /dev/null && break; sleep 0.05; done
[ "$(curl -sf "http://127.0.0.1:$nport/eval.json" | wc -c)" = "$size" ] || { echo "nginx did not start: $(cat "$W/ngx/start.err")" >&2; exit 1; }

run_wrk() { # NAME URL [wrk args]: prints the line, sets RPS
  local name=$1 url=$2
  shift 2
  wrk -t2 -c64 -d"$DUR" "$@" "$url" >"$W/wrk.out" 2>&1
  RPS=$(awk '/^Requests\/sec:/ {printf "%d", $2}' "$W/wrk.out")
  printf '%-44s %10s req/s  %s\n' "$name" "$RPS" "$(grep -E '^ +Latency' "$W/wrk.out" | awk '{print "latency avg " $2 ", max " $4}')"
  grep -q 'Non-2xx' "$W/wrk.out" && { echo "  $(grep Non-2xx "$W/wrk.out")" >&2; } || true
}
wrk -t2 -c64 -d2s -H "Authorization: Bearer $TOKEN" "$URL$path" >/dev/null 2>&1 # warm up
run_wrk "chitieu GET /api/eval 058 202206 (token)" "$URL$path" -H "Authorization: Bearer $TOKEN"
api=$RPS
echo "server after the run: RSS $(rss $SRV VmRSS), peak $(rss $SRV VmHWM)"
run_wrk "nginx static file of $size bytes" "http://127.0.0.1:$nport/eval.json"
ngx=$RPS
# Where the time goes: the same server without SQL or payload, and with authentication only.
run_wrk "  for comparison: GET /api/health (no auth)" "$URL/api/health"
run_wrk "  for comparison: GET /api/me (token only)" "$URL/api/me" -H "Authorization: Bearer $TOKEN"
echo "ratio chitieu / nginx: $(awk -v a="$api" -v b="$ngx" 'BEGIN {printf "%.2f", a / b}') (target >= 0.50; chitieu target >= 20000 req/s)"
