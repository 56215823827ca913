#!/usr/bin/env bash
# test_pg_failover.sh - chitieu serve survives a PostgreSQL failover without a
# restart and loses no acknowledged write.
#
#   bash tests/pg/test_pg_failover.sh path/to/chitieu
#
# Starts a primary (scripts/pg_cluster.sh start DIR --primary) and a
# synchronous hot standby streaming from it (pg_cluster.sh standby), checks
# pg_stat_replication says sync, fills a small catalogue with the CLI on the
# two-host conninfo (target_session_attrs=read-write) and starts
# `chitieu serve` on it. Then: PUTs /api/values through an API token and a
# login session (each acknowledged write, HTTP 200, is recorded); stops the
# primary with pg_ctl stop -m immediate; while no server takes writes, writes
# and reads must answer 503 and /api/health 200; promotes the standby
# (pg_promote); writes must succeed again within RECOVER_S seconds without
# restarting chitieu, and keep succeeding; the login session still works;
# every acknowledged write (before and after) is read back both through the
# API and with `chitieu export` straight from the promoted server; the server
# is alive and stops cleanly on SIGTERM.
#
# Needs the PostgreSQL server binaries (apt-get install postgresql-15), curl
# and jq; without PostgreSQL it says SKIP and passes. Runs in about 10 s when
# chitieu recovers at once (longer when it does not: the bounded wait, then a
# diagnosis). The harness is tests/http/lib.sh. Prints the timeline of the failover and "N passed, N failed";
# exits non-zero on any failure. Every wait is bounded; the server, both
# clusters (own directories /tmp/chpg.foXXXXXX) and the temporary folder are
# removed at exit, on failure too.
# PG* variables of the caller must not redirect our psql; its own two
# clusters, not the test server of scripts/test.sh.
while read -r v; do unset "$v"; done < <(compgen -e | grep '^PG' || true)
unset CHITIEU_TEST_PG
. "$(dirname "$0")/../http/lib.sh"
PGC=$(cd "$(dirname "$0")/../.." && pwd)/scripts/pg_cluster.sh
RECOVER_S=${RECOVER_S:-30} # writes must work again this long after the promotion
N_BEFORE=30                # acknowledged writes wanted before the failover
N_AFTER=20                 # and after the recovery

export LC_ALL=C.UTF-8

note() { echo "  $*"; }
T_START=$(date +%s%3N)
D1=
D2=
trap 'cleanup; for d in "$D1" "$D2"; do [ -z "$d" ] || "$PGC" stop "$d" >/dev/null 2>&1; done' EXIT

compgen -G '/usr/lib/postgresql/*/bin/pg_basebackup' >/dev/null ||
  skip_all "no PostgreSQL server binaries (apt-get install postgresql)"

now_ms() { date +%s%3N; }
secs() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); } # ms -> "s.mmm"

# sql PORT SQL: one value from the server on 127.0.0.1:PORT (empty on failure).
sql() { psql -h 127.0.0.1 -p "$1" -U postgres -d chitieu -XAtq -c "$2" 2>/dev/null; }

# ---- the clusters ----
D1=$(mktemp -d /tmp/chpg.foXXXXXX)
D2=$(mktemp -d /tmp/chpg.foXXXXXX)
if ! "$PGC" start "$D1" --primary >"$TMP/p1.out" 2>"$TMP/p1.err"; then
  bad "primary did not start: $(cat "$TMP/p1.err")"; finish; exit
fi
P1=$(cat "$D1/port")
if ! "$PGC" standby "$D2" "$P1" >"$TMP/p2.out" 2>"$TMP/p2.err"; then
  bad "standby did not start: $(cat "$TMP/p2.err")"; finish; exit
fi
P2=$(cat "$D2/port")
ok

# wait_sync SECONDS: the standby streams and is the synchronous one.
wait_sync() {
  local end=$(($(date +%s) + $1)) s
  while :; do
    s=$(sql "$P1" "SELECT state || ':' || sync_state FROM pg_stat_replication")
    [ "$s" = streaming:sync ] && return 0
    [ "$(date +%s)" -ge "$end" ] && { echo "$s"; return 1; }
    sleep 0.2
  done
}
if s=$(wait_sync 30); then ok; else bad "standby not streaming in sync within 30 s: pg_stat_replication [$s]"; fi
eq "standby is in recovery" t "$(sql "$P2" "SELECT pg_is_in_recovery()")"
eq "primary waits for the standby" "'*'|on" \
  "$(sql "$P1" "SELECT quote_literal(current_setting('synchronous_standby_names')) || '|' || current_setting('synchronous_commit')")"

# ---- chitieu on the two hosts ----
CONN="host=127.0.0.1,127.0.0.1 port=$P1,$P2 user=postgres dbname=chitieu target_session_attrs=read-write"
export CHITIEU_DB="$CONN"
WARDS=(01834 01837 01840)
cli() { "$BIN" --db "$CONN" "$@" >>"$TMP/cli.out" 2>&1 || bad "chitieu $*: $(tail -3 "$TMP/cli.out")"; }
t0=$(now_ms)
cli init
cli lock config --enabled no # every period open: the test writes 2021-2024
cli agency add --code TCKH --name "Phòng Tài chính - Kế hoạch"
cli unit add --code 06 --name "Bắc Kạn" --type province --from 01/01/2019
cli unit add --code 058 --name "Bắc Kạn" --type city --parent 06 --from 01/01/2019
for w in "${WARDS[@]}"; do
  cli unit add --code "$w" --name "Phường $w" --type ward --parent 058 --from 01/01/2019
done
for k in 1 2 3 4; do
  cli indicator add --code "FO0$k" --name "Chỉ tiêu thử $k" --uom "tỷ đồng" --sector economy --kind flow \
    --rollup sum --freq month --agency TCKH
done
PW='mat-khau-dai-123'
printf '%s\n' "$PW" | cli user add fo --role admin --name "Người fo" --view 06 --password-stdin
TOKEN=$("$BIN" --db "$CONN" user token fo --name failover 2>>"$TMP/cli.out" | tail -1)
if [ -z "$TOKEN" ]; then bad "no API token: $(tail -3 "$TMP/cli.out")"; finish; exit; fi
note "catalogue made with the CLI on the primary in $(secs $(($(now_ms) - t0))) s"
eq "the catalogue is on the primary" 4 "$(sql "$P1" "SELECT count(*) FROM indicator")"

start_server

# A login session, as the web interface has one: cookie and CSRF token.
req POST /api/login -c "$TMP/jar" -H 'Content-Type: application/json' \
  --data-binary "{\"login\":\"fo\",\"password\":\"$PW\"}"
eq "login" 200 "$CODE"
CSRF=$(jq -r .csrf <<<"$BODY" 2>/dev/null)

# Write i goes to its own key, so every acknowledged write can be found:
# indicator FO01-FO04, a ward, a month of 2021-2024; the value is 100 + i.
KEY=0
key() {
  local i=$1
  K_IND=FO0$((i % 4 + 1))
  K_UNIT=${WARDS[$(((i / 4) % 3))]}
  K_PER=$((2021 + i / 144))$(printf '%02d' $(((i / 12) % 12 + 1)))
  K_VAL=$((100 + i))
}
# put PHASE [session]: PUTs the next key (token, or the login session) and
# records it: acknowledged writes in $TMP/acked, the others in $TMP/refused,
# every attempt in $TMP/attempts ("ms phase status key").
put() {
  local phase=$1 via=${2:-token} i=$KEY t
  KEY=$((KEY + 1))
  key "$i"
  local body="{\"indicator\":\"$K_IND\",\"unit\":\"$K_UNIT\",\"period\":\"$K_PER\",\"value\":$K_VAL}"
  if [ "$via" = session ]; then
    req PUT /api/values -b "$TMP/jar" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
      --data-binary "$body"
  else
    req PUT /api/values -H "Authorization: Bearer $TOKEN" --data-binary "$body"
  fi
  t=$(now_ms)
  echo "$t $phase $CODE $K_IND,$K_UNIT,$K_PER,$K_VAL $via" >>"$TMP/attempts"
  if [ "$CODE" = 200 ] && [ "$(jq -r .result <<<"$BODY" 2>/dev/null)" = inserted ]; then
    echo "$K_IND,$K_UNIT,$K_PER,$K_VAL" >>"$TMP/acked"
    return 0
  fi
  echo "$K_IND,$K_UNIT,$K_PER,$K_VAL" >>"$TMP/refused"
  return 1
}
: >"$TMP/acked"
: >"$TMP/refused"
: >"$TMP/attempts"

# ---- before the failover ----
n_ok=0
for i in $(seq 1 $N_BEFORE); do
  via=token
  [ $((i % 5)) = 0 ] && via=session
  put before $via && n_ok=$((n_ok + 1))
done
eq "writes before the failover acknowledged" $N_BEFORE $n_ok
[ $n_ok = $N_BEFORE ] || note "statuses: $(awk '$2 == "before" {print $3}' "$TMP/attempts" | sort | uniq -c | xargs)"
s=$(sql "$P1" "SELECT state || ':' || sync_state FROM pg_stat_replication")
eq "still in sync before the failover" streaming:sync "$s"

# ---- the primary dies ----
t_kill=$(now_ms)
# pg_cluster.sh stop: pg_ctl stop -m immediate (no shutdown checkpoint, as in a
# crash), then the primary's folder is removed: it never comes back
"$PGC" stop "$D1" >"$TMP/kill.out" 2>&1 || bad "stopping the primary: $(cat "$TMP/kill.out")"
D1=
note "primary 127.0.0.1:$P1 stopped (immediate) at +0.000 s"

# No server takes writes now: writes and reads answer 503, health 200.
down_codes=
first_down=
for i in 1 2 3 4 5 6; do
  put outage
  down_codes="$down_codes $CODE"
  [ -n "$first_down" ] || first_down="$CODE $(head -c 300 "$TMP/body")"
done
eq "PUTs while no database takes writes answer 503" " 503 503 503 503 503 503" "$down_codes"
key 0
req GET "/api/values?indicator=$K_IND&unit=$K_UNIT&period=$K_PER" -H "Authorization: Bearer $TOKEN"
down_codes="$down_codes GET:$CODE"
eq "a GET while no database takes writes answers 503" 503 "$CODE"
req GET /api/health
eq "health while the database is down" 200 "$CODE"
note "while down (standby not yet promoted): statuses:$down_codes"
note "first answer while down: $first_down"

# ---- promote the standby ----
t_prom=$(now_ms)
eq "pg_promote" t "$(sql "$P2" "SELECT pg_promote(true, 60)")"
t_promoted=$(now_ms)
eq "the standby is now a primary" f "$(sql "$P2" "SELECT pg_is_in_recovery()")"
note "standby 127.0.0.1:$P2 promoted at +$(secs $((t_prom - t_kill))) s (took $(secs $((t_promoted - t_prom))) s)"

# recover SECONDS PHASE: PUTs (token) every 0.2 s until 5 in a row are
# acknowledged or SECONDS pass; sets T_REC (ms of the first of the 5) and
# returns 0, or returns 1.
recover() {
  local end=$(($(now_ms) + $1 * 1000)) run=0 first=0
  while [ "$(now_ms)" -lt "$end" ]; do
    if put "$2"; then
      [ $run = 0 ] && first=$(awk 'END {print $1}' "$TMP/attempts")
      run=$((run + 1))
      if [ $run -ge 5 ]; then T_REC=$first; return 0; fi
      continue
    fi
    run=0
    sleep 0.2
  done
  return 1
}

recovered=0
if recover "$RECOVER_S" recovery; then
  recovered=1
  ok
  note "writes work again at +$(secs $((T_REC - t_kill))) s: $(secs $((T_REC - t_promoted))) s after the promotion"
else
  bad "writes did not work again within $RECOVER_S s of the promotion, without a restart"
fi
codes=$(awk '$2 == "recovery" {print $3}' "$TMP/attempts" | uniq -c | awk '{printf " %s×%s", $2, $1}')
note "PUT statuses after the promotion, in order:$codes"
odd=$(awk '$2 == "recovery" && $3 != 200 && $3 != 500 && $3 != 503 {print $3}' "$TMP/attempts" | sort -u | xargs)
eq "statuses after the promotion are 200, 500 or 503 only" "" "$odd"

if [ $recovered = 0 ]; then
  # Diagnosis for the developer: does a read (GET) mend it?
  note "last answer: $(head -c 300 "$TMP/body")"
  g=
  key 0 # acknowledged before the failover
  for i in 1 2 3 4 5 6; do
    req GET "/api/values?indicator=$K_IND&unit=$K_UNIT&period=$K_PER" -H "Authorization: Bearer $TOKEN"
    g="$g $CODE"
  done
  if recover 10 diagnosis; then
    recovered=1
    note "diagnosis: after 6 GETs (statuses:$g) PUTs work again: only reads reconnect"
  else
    note "diagnosis: PUTs still fail after 6 GETs (statuses:$g)"
  fi
fi

# ---- after the failover ----
if [ $recovered = 1 ]; then
  n_ok=0
  for i in $(seq 1 $N_AFTER); do put after && n_ok=$((n_ok + 1)); done
  eq "writes after the recovery acknowledged" $N_AFTER $n_ok
  [ $n_ok = $N_AFTER ] || note "statuses: $(awk '$2 == "after" {print $3}' "$TMP/attempts" | sort | uniq -c | xargs)"
  put after session
  eq "the login session still writes after the failover" 200 "$CODE"
  req GET /api/me -b "$TMP/jar"
  eq "the login session is still valid" 200 "$CODE"
fi

# ---- every acknowledged write is in the promoted database ----
n_acked=$(wc -l <"$TMP/acked")
note "acknowledged writes: $n_acked; refused: $(wc -l <"$TMP/refused")"
# 1. read straight from the promoted server with the CLI (not through chitieu serve)
if "$BIN" --db "host=127.0.0.1 port=$P2 user=postgres dbname=chitieu" export >"$TMP/export.csv" 2>"$TMP/export.err"; then
  # indicator,unit,period,"value",estimate,by -> indicator,unit,period,value (1.234 -> 1234)
  tail -n +2 "$TMP/export.csv" | awk -F, '{v = $4; gsub(/[".]/, "", v); print $1 "," $2 "," $3 "," v}' |
    sort >"$TMP/present"
  missing=$(sort "$TMP/acked" | comm -23 - "$TMP/present" | tr '\n' ' ')
  eq "acknowledged writes missing from the promoted database" "" "$missing"
  late=$(sort "$TMP/refused" | comm -12 - "$TMP/present" | wc -l)
  [ "$late" -gt 0 ] && note "$late refused write(s) were applied anyway (allowed: the answer was lost, not the commit)"
else
  bad "chitieu export from the promoted server: $(cat "$TMP/export.err")"
fi
# 2. through the API of the same, never restarted, server
if [ $recovered = 1 ]; then
  wrong=0
  while IFS=, read -r ind unit per val; do
    req GET "/api/values?indicator=$ind&unit=$unit&period=$per" -H "Authorization: Bearer $TOKEN"
    got=$(jq -r .value <<<"$BODY" 2>/dev/null)
    if [ "$CODE" != 200 ] || [ "$got" != "$val" ]; then
      wrong=$((wrong + 1))
      [ $wrong -le 3 ] && echo "  GET $ind $unit $per: $CODE $got (wanted $val)" >&2
    fi
  done <"$TMP/acked"
  eq "acknowledged writes read back through the API" 0 "$wrong"
fi

# ---- the server lived through it ----
if kill -0 "$SRV_PID" 2>/dev/null; then ok; else bad "the server died: $(tail -20 "$TMP/srv.err")"; fi
req GET /api/health
eq "health after the failover" 200 "$CODE"
n500=$(grep -c ' 500 ' "$TMP/srv.err")
note "server log: $n500 request(s) answered 500, $(grep -c ' 503 ' "$TMP/srv.err") answered 503"
if grep -q 'chitieu serve: lỗi' "$TMP/srv.err"; then
  note "first server fault logged:"
  grep -m1 -A2 'chitieu serve: lỗi' "$TMP/srv.err" | head -c 600 | sed 's/^/    /'
fi
[ -s "$TMP/srv.err" ] && grep -qiE 'AddressSanitizer|runtime error|Segmentation' "$TMP/srv.err" &&
  bad "sanitizer or crash report in the server log: $(grep -m3 -iE 'AddressSanitizer|runtime error|Segmentation' "$TMP/srv.err")"

# SIGTERM: a clean stop (stop_server waits at most 5 s)
stop_server
eq "server stops cleanly on SIGTERM after the failover" 0 "$SRV_RC"
note "server stopped in $(secs "$SRV_MS") s; whole test $(secs $(($(now_ms) - T_START))) s"

finish
