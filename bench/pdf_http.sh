#!/usr/bin/env bash
# pdf_http.sh - the demo city's report as PDF and DOCX from a running server
# (issue #17), the way a clerk downloads it: GET /api/report one request at a
# time on one connection's worth of load, RUNS times each after 3 warm-ups,
# curl's time_total per request; prints min, median and max in ms. The
# server's heavy workers are long-lived threads, so this is the cost of a
# document once the worker has its fonts (the CLI's figure adds the process
# start and fontconfig's first load). Uses the HTTP tests' harness.
#
#   bash bench/pdf_http.sh path/to/chitieu [RUNS]
RUNS=${2:-30}
. "$(dirname "$0")/../tests/http/lib.sh"
demo_db
add_user leader1 leader --view 058
export CHITIEU_TODAY=2022-07-05
start_server
login leader1
# the server's utime + stime in clock ticks (fields 14 and 15 of /proc/PID/stat)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SRV_PID/stat"; }
for f in pdf docx; do
  q="/api/report?unit=058&period=202206&format=$f"
  for i in 1 2 3; do CODE=$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/ck_leader1" "$URL$q"); done
  status "$f" 200
  c0=$(cpu_ticks)
  for i in $(seq 1 "$RUNS"); do
    curl -s -o /dev/null -w '%{time_total}\n' -b "$TMP/ck_leader1" "$URL$q"
  done | sort -n >"$TMP/times"
  c1=$(cpu_ticks)
  awk -v f="$f" -v n="$RUNS" -v cpu="$(( (c1 - c0) * 1000 / $(getconf CLK_TCK) ))" '{ t[NR] = $1 * 1000 }
    END { printf "GET /api/report %s: min %.1f ms, median %.1f ms, max %.1f ms (%d requests); server CPU %.1f ms a request\n",
          f, t[1], t[int((n + 1) / 2)], t[n], n, cpu / n }' "$TMP/times"
done
finish
