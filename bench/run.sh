#!/usr/bin/env bash
# run.sh - every benchmark of chitieu in one command; results go to stdout
# and bench/out/. See docs/PERFORMANCE.md for what each measures and the
# figures to reach. Timings are compared as ratios within this one run.
#
#   bench/run.sh            # all benchmarks
#   bench/run.sh eval       # only the evaluation
#   bench/run.sh import [N] # only the CSV import (N values, default 1000000)
#   bench/run.sh validate [N] [RUNS] [pg|CONNINFO]
#                           # what validation costs the CSV import (issue #13): the same
#                           # file without and with bounds and 27 rules between indicators,
#                           # RUNS alternating pairs (default 3), the ratio; on SQLite, or on
#                           # PostgreSQL: "pg" starts a throwaway cluster (scripts/pg_cluster.sh),
#                           # a libpq key=value conninfo uses that server (fresh databases in it)
#   bench/run.sh dvs [N] [RUNS] [pg|CONNINFO]
#                           # the DHIS2 exchange (issue #18, bench/bench_dvs.sh): N values (default
#                           # 1000000) imported as DHIS2 JSON against chitieu's CSV through POST
#                           # /api/dataValueSets, and exported through GET /api/dataValueSets and
#                           # `chitieu export` (JSON, CSV, ADX) against chitieu's CSV and sqlite3 -csv
#   bench/run.sh http       # only the HTTP server (wrk, against nginx)
#   bench/run.sh completeness # who has reported: a province of 100 communes, 300 indicators
#   bench/run.sh notify [N] # what queuing notices adds to creating a task, and emails/s to a local SMTP server
#   bench/run.sh extract    # reading figures from a 10-page narrative report (issue #19: < 100 ms)
#   bench/run.sh nation     # national scale against sqlite3, DuckDB, PostgreSQL (bench/nation.sh)
#   bench/run.sh pdf        # the report of the demo city as a native PDF (< 150 ms), against the DOCX;
#                           # the command, then GET /api/report from a server (bench/pdf_http.sh)
#   bench/run.sh load [DURATION] [CONNS]  # the 25th: writes while leaders read (bench/load.sh, issue #14)
#   bench/run.sh soak [DURATION]          # the 25th's mix for 30 minutes, the server's RSS sampled
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
if [ "$what" = load ]; then
  shift
  exec bash bench/load.sh "$@"
fi
if [ "$what" = soak ]; then
  shift
  exec bash bench/load.sh soak "$@"
fi
if [ "$what" = nation ]; then
  # national scale (issue #7): bench/nation.sh at each scale, then the tables
  for sc in ${NATION_SCALES:-city province nation}; do
    if [ "$sc" = nation ]; then bash bench/nation.sh nation ${NATION_ARGS:---commune-targets no}
    else bash bench/nation.sh "$sc"; fi
  done
  cat bench/out/nation-*/results.md
  exit 0
fi
bash scripts/deps.sh --test
if [ "$what" = dvs ]; then
  shift
  BUILD=$PWD/build-bench exec bash bench/bench_dvs.sh "$@"
fi
command -v hyperfine >/dev/null || { SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo; $SUDO apt-get install -y -qq hyperfine; }
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCHITIEU_TESTS=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" --target chitieu bench_eval nation_gen notify_bench bench_extract >/dev/null
mkdir -p bench/out
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(uname -sr)"

if [ "$what" = all ] || [ "$what" = eval ]; then
  db=bench/out/demo.db
  rm -f "$db" "$db-wal" "$db-shm"
  CHITIEU_NO_PROGRESS=1 ./build-bench/chitieu --db "$db" demo --quiet
  echo "== evaluation: demo city 058 (8 wards), all indicators, one month =="
  ./build-bench/bench_eval "$db" 058 202206 500
  ./build-bench/bench_eval "$db" 058 2020 500
  ./build-bench/bench_eval "$db" 01837 202206 500
  echo "== the whole command (process start, open, evaluate, print), hyperfine =="
  hyperfine -N --warmup 5 --runs 50 \
    "./build-bench/chitieu --db $db eval --unit 058 --period 202206 --json" \
    "./build-bench/chitieu --db $db unit show 058" 2>/dev/null | grep -E 'Time|±|chitieu' || true
fi

if [ "$what" = all ] || [ "$what" = pdf ]; then
  # issue #17: the PDF report of the demo city (June 2022, 5 pages) in < 150 ms, the whole
  # command (process start, evaluation, layout with Pango, Cairo's PDF with embedded font
  # subsets); the DOCX of the same report in the same run as the yardstick
  db=bench/out/demo-pdf.db
  rm -f "$db" "$db-wal" "$db-shm"
  CHITIEU_NO_PROGRESS=1 ./build-bench/chitieu --db "$db" demo --quiet
  echo "== report of the demo city as PDF (Cairo/Pango) and DOCX, hyperfine =="
  CHITIEU_TODAY=2022-07-05 hyperfine -N --warmup 5 --runs 30 --export-markdown bench/out/pdf.md \
    "./build-bench/chitieu --db $db report --unit 058 --period 202206 --format pdf" \
    "./build-bench/chitieu --db $db report --unit 058 --period 202206 --format docx" 2>/dev/null \
    | grep -E 'Time|±|chitieu|faster' || true
  echo "== the same from a running server (GET /api/report, a warm heavy worker) =="
  bash bench/pdf_http.sh ./build-bench/chitieu 30
fi

if [ "$what" = all ] || [ "$what" = import ]; then
  echo "== CSV import vs sqlite3 .import =="
  bash bench/bench_import.sh "${2:-1000000}"
fi

if [ "$what" = all ] || [ "$what" = validate ]; then
  echo "== what validation costs the CSV import (bounds and rules between indicators) =="
  pg=${4:-}
  if [ "$pg" = pg ]; then
    pgdir=$(mktemp -d /tmp/chpg.XXXXXX)
    trap 'bash scripts/pg_cluster.sh stop "$pgdir" >/dev/null 2>&1 || true' EXIT
    pg=$(bash scripts/pg_cluster.sh start "$pgdir")
  fi
  bash bench/bench_import.sh validate "${2:-1000000}" "${3:-3}" "$pg"
  if [ -n "${pgdir:-}" ]; then
    bash scripts/pg_cluster.sh stop "$pgdir"
    trap - EXIT
  fi
fi

if [ "$what" = all ] || [ "$what" = http ]; then
  echo "== HTTP: GET /api/eval for the demo city with wrk, against nginx (same file size) =="
  bash bench/bench_http.sh build-bench/chitieu 10s
fi

if [ "$what" = all ] || [ "$what" = notify ]; then
  # issue #15: queuing adds < 1 ms to creating a task; the worker delivers >= 100 emails/s
  n=${2:-300}
  db=bench/out/notify.db
  rm -f "$db" "$db-wal" "$db-shm"
  echo "== notify: task_put of $n tasks without and with five users to tell (SQLite)"
  ./build-bench/notify_bench "$db" "$n"
  # the queued emails (five per task) delivered to aiosmtpd on 127.0.0.1
  mail=$(mktemp -d)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  /usr/bin/python3 tests/http/notify_smtpd.py "$port" "$mail" >/dev/null 2>&1 & # Debian's, with python3-aiosmtpd
  smtpd=$!
  for _ in $(seq 100); do [ -e "$mail/ready" ] && break; sleep 0.1; done
  ./build-bench/chitieu --db "$db" notify config --smtp-url "smtp://127.0.0.1:$port" --from bench@chitieu.local >/dev/null
  queued=$(sqlite3 "$db" "SELECT count(*) FROM notice_delivery WHERE channel = 'email' AND state = 'pending'")
  t0=$(date +%s%N)
  ./build-bench/chitieu --db "$db" notify run --quiet --no-remind >/dev/null
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  sent=$(ls "$mail" | grep -c '^msg-' || true)
  kill "$smtpd" 2>/dev/null || true
  wait "$smtpd" 2>/dev/null || true
  rm -rf "$mail"
  echo "notify run: $sent of $queued queued emails in $ms ms: $(( sent * 1000 / (ms > 0 ? ms : 1) )) emails/s"
fi

if [ "$what" = all ] || [ "$what" = completeness ]; then
  # issue #13: the completeness table of a province of 100 communes x 12 months (< 50 ms),
  # beside the province's dashboard (the evaluation) of the same data, in the same run
  db=bench/out/compl.db
  rm -f "$db" "$db-wal" "$db-shm"
  B=./build-bench/chitieu
  ./build-bench/nation_gen --provinces 1 --communes 100 --years 2 --last-year 2025 --db "$db" >/dev/null
  prov=$($B --db "$db" unit list | awk 'NR > 1 && $(NF-3) == "VN" { print $1; exit }')
  echo "== who has reported: province $prov, 100 communes, 300 indicators, 2 years =="
  echo 'mat-khau-bench-completeness' | $B --db "$db" user add bench --name Bench --role admin --view VN --password-stdin >/dev/null
  tok=$($B --db "$db" user token bench --name bench | grep -oE '[A-Za-z0-9_-]{30,}' | head -1)
  port=$((20000 + RANDOM % 20000))
  $B --db "$db" serve --port "$port" >bench/out/compl-server.log 2>&1 &
  srv=$!
  trap 'kill $srv 2>/dev/null || true' EXIT
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/api/health" && break; sleep 0.1; done
  # GET answers (the server warm: as a leader's browser asks), 30 of each, medians
  med() { sort -g | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] * 1000 }'; }
  for q in "completeness?unit=$prov&year=2025" "eval?unit=$prov&period=202506"; do
    curl -s -o /dev/null -H "Authorization: Bearer $tok" "http://127.0.0.1:$port/api/$q"
    t=$(for _ in $(seq 30); do curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $tok" \
      -H 'Cache-Control: no-cache' "http://127.0.0.1:$port/api/$q"; done | med)
    echo "GET /api/${q%%\?*} median_ms $t runs 30"
  done
  kill $srv
  wait $srv 2>/dev/null || true
  trap - EXIT
  echo "== the whole command (process start, open, compute, print), hyperfine =="
  hyperfine -N --warmup 3 --runs 30 \
    "$B --db $db completeness --unit $prov --year 2025 --on 10/07/2025 --json" \
    "$B --db $db eval --unit $prov --period 202506 --json" 2>/dev/null | grep -E 'Time|±|chitieu' || true
fi

if [ "$what" = all ] || [ "$what" = extract ]; then
  # issue #19: a 10-page report is extracted in < 100 ms
  db=bench/out/extract.db
  rm -f "$db" "$db-wal" "$db-shm"
  ./build-bench/chitieu --db "$db" demo >/dev/null
  echo "== extract: a 10-page report (~500 words a page) against the demo's catalogue"
  ./build-bench/bench_extract "$db" 10 21 bench/out/report-10p.txt
  echo "== the whole command (process start, open, read the catalogue, extract, print JSON), hyperfine"
  hyperfine -N --warmup 3 --runs 30 \
    "./build-bench/chitieu --db $db extract bench/out/report-10p.txt --unit 058 --year 2022 --json" 2>/dev/null |
    grep -E 'Time|Range' || true
fi
