# wrk_lib.sh - what the HTTP load benchmarks (bench/load.sh, bench/engines_http.sh)
# share: starting a chitieu server on a free port and reading wrk's figures.
# Sourced; needs BIN (the chitieu binary) and W (a scratch directory).
#
#   wrk_serve NAME DB [serve options...]  starts a server on DB (its output in
#                                          $W/NAME.out); sets SRV (its pid) and URL
#   wrk_rps FILE            requests/s of a wrk output
#   wrk_pct PCT FILE        a latency percentile ("50%", "99%") in ms
#   wrk_bad FILE            non-2xx answers, and wrk's socket errors if any

wrk_serve() {
  local name=$1 db=$2
  shift 2
  "$BIN" --db "$db" serve --port 0 "$@" >"$W/$name.out" 2>/dev/null &
  SRV=$!
  URL=
  for _ in $(seq 1 200); do
    URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$W/$name.out" 2>/dev/null | head -1 || true)
    [ -n "$URL" ] && return 0
    sleep 0.05
  done
  echo "the server $name did not start" >&2
  exit 1
}
wrk_rps() { awk '/^Requests\/sec/ { print $2 }' "$1"; }
wrk_pct() { awk -v q="$1" '$1 == q { v = $2; u = v; sub(/^[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
  if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000;
  printf "%.1f", v }' "$2"; }
wrk_bad() { awk '/Non-2xx/ { n = $NF } /Socket errors/ { e = $0 } END { printf "%d%s", n, e ? " (" e ")" : "" }' "$1"; }
