# lib.sh - harness for black-box HTTP tests: starts the real chitieu binary
# on a free 127.0.0.1 port (serve --port 0, address read from its stdout)
# with a temporary database and web folder, talks to it with curl, and
# kills it at exit. Sourced by tests/http/test_*.sh; prints
# "N passed, N failed" and exits non-zero on any failure. Every wait is bounded.
set -u
BIN=${1:?usage: $0 path/to/chitieu}
BIN=$(readlink -f "$BIN")
TMP=$(mktemp -d)
SRV_PID=
SRV_PIDVARS=(SRV_PID) # the variables holding the pids of the servers killed at exit
cleanup() {
  local v p
  for v in "${SRV_PIDVARS[@]}"; do
    p=${!v:-}
    if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
      kill -KILL "$p" 2>/dev/null
      wait "$p" 2>/dev/null
    fi
  done
  pg_drop
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP # a killed test (timeout, Ctrl-C) cleans up too
export CHITIEU_DB="$TMP/t.db" CHITIEU_USER=tester NO_COLOR=1 CHITIEU_NO_PROGRESS=1
. "$(dirname "${BASH_SOURCE[0]}")/../db_lib.sh" # the database: a SQLite file, or a PostgreSQL schema
# db_fp: a fingerprint of every table but sessions and login failures, on either
# engine (rows sorted as text, so no key order is assumed); exported for scripts
db_fp() {
  local t tables
  if [ -n "$PG_SCHEMA" ]; then
    tables=$(db_sql "SELECT table_name FROM information_schema.tables WHERE table_schema = '$PG_SCHEMA' ORDER BY 1")
  else
    tables=$(db_sql "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
  fi
  for t in $tables; do
    case $t in session|login_failure) continue ;; esac
    echo "== $t"
    db_sql "SELECT * FROM \"$t\"" | LC_ALL=C sort
  done | sha256sum | cut -d' ' -f1
}
export PG_SCHEMA
export -f db_sql db_fp
WEB="$TMP/web"
mkdir -p "$WEB"
PASS=0
FAIL=0
URL=

ok()   { PASS=$((PASS + 1)); }
bad()  { FAIL=$((FAIL + 1)); echo "FAIL: $*" >&2; }
skip() { echo "SKIP: $*"; }
eq()   { if [ "$2" = "$3" ]; then ok; else bad "$1: wanted [$2], got [$3]"; fi; }

# serve_bg NAME PIDVAR [serve options...]: starts `chitieu serve` on
# $CHITIEU_DB in the background (two worker threads unless the options say
# --threads; stdout and the request log in $TMP/NAME.out and $TMP/NAME.err),
# stores its pid in PIDVAR and waits at most 10 s for its address, which it
# puts in SERVE_URL; if none comes, prints the server's output and ends the
# script (status 1).
serve_bg() {
  local name=$1 pidvar=$2 i pid
  shift 2
  local th=(--threads 2)
  case " $* " in *" --threads "*) th=() ;; esac
  # answers at once to every user (the tests read what another user just wrote)
  case " $* " in *" --dashboard-lag "*) ;; *) th+=(--dashboard-lag 0) ;; esac
  : >"$TMP/$name.out"
  "$BIN" --db "$CHITIEU_DB" serve --port 0 "${th[@]}" --web "$WEB" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err" &
  pid=$!
  printf -v "$pidvar" '%s' "$pid"
  for i in $(seq 1 200); do
    SERVE_URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$TMP/$name.out" | head -1)
    [ -n "$SERVE_URL" ] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "server $name did not start:" >&2
  cat "$TMP/$name.out" "$TMP/$name.err" >&2
  exit 1
}

# start_server [serve options...]: starts `chitieu serve` (output in
# $TMP/srv.out, log in $TMP/srv.err) and sets URL and SRV_PID.
start_server() { serve_bg srv SRV_PID "$@"; URL=$SERVE_URL; }

# start_another NAME [serve options...]: one more server on the same
# database (tests of several servers), killed at exit like the first: sets
# the variable NAME to its URL and NAME_PID to its pid (its output in
# $TMP/NAME.out and .err). `req` asks the server in URL: set URL to switch.
start_another() {
  local name=$1
  shift
  SRV_PIDVARS+=("${name}_PID")
  serve_bg "$name" "${name}_PID" "$@"
  printf -v "$name" '%s' "$SERVE_URL"
}

# stop_server: SIGTERM, then waits at most 5 s; sets SRV_RC (124 if it hung)
# and SRV_MS (how long it took).
stop_server() {
  local t0 i
  t0=$(date +%s%N)
  kill -TERM "$SRV_PID"
  SRV_RC=124
  for i in $(seq 1 100); do
    if ! kill -0 "$SRV_PID" 2>/dev/null; then
      wait "$SRV_PID"
      SRV_RC=$?
      break
    fi
    sleep 0.05
  done
  SRV_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
  [ $SRV_RC -eq 124 ] && kill -KILL "$SRV_PID" 2>/dev/null
  SRV_PID=
}

# req METHOD PATH [curl args...]: sets CODE (HTTP status), BODY and HDRS.
req() {
  local m=$1 p=$2
  shift 2
  CODE=$(curl -s --max-time 20 --path-as-is -X "$m" -o "$TMP/body" -D "$TMP/hdrs" -w '%{http_code}' \
    "$@" "$URL$p")
  BODY=$(cat "$TMP/body")
  HDRS=$(tr -d '\r' <"$TMP/hdrs")
}

# status NAME WANT: the last response had status WANT.
status() { if [ "$CODE" = "$2" ]; then ok; else bad "$1: status $CODE (wanted $2): $BODY"; fi; }

# js NAME JQ WANT: jq's raw output on the last body equals WANT.
js() {
  local got
  got=$(jq -r "$2" <<<"$BODY" 2>&1)
  eq "$1" "$3" "$got"
}

# error NAME STATUS CODE [FIELD]: a JSON error with that status, code and field.
error() {
  status "$1" "$2"
  js "$1 error code" .error.code "$3"
  js "$1 has a message" '.error.message | length > 0' true
  [ $# -ge 4 ] && js "$1 field" .error.field "$4"
  return 0
}

# header NAME PATTERN: the last response's headers match PATTERN.
header() { if grep -qiE -- "$2" <<<"$HDRS"; then ok; else bad "$1: headers lack /$2/:"$'\n'"$HDRS"; fi; }

# alive NAME: the server still answers.
alive() { req GET /api/health; status "$1: server still alive" 200; }

finish() {
  echo "$PASS passed, $FAIL failed"
  [ $FAIL -eq 0 ]
}

# ---- setup shared by the scripts that need users ----

# skip_all WHY: says SKIP with the script's name and WHY, prints the tally
# and ends the script (status 0: a feature not built yet is not a failure).
skip_all() { skip "$(basename "$0" .sh): $1"; finish; exit; }
# has_route PATH: `serve --routes` of this build lists PATH.
has_route() { "$BIN" serve --routes 2>/dev/null | grep -q -- "$1"; }
# has_users: this build has `chitieu user add`.
has_users() { "$BIN" user add --help >/dev/null 2>&1; }

# demo_db [demo options...]: fills $CHITIEU_DB with the demo data; on failure
# counts it, prints the tally and ends the script.
demo_db() { "$BIN" demo "$@" >/dev/null || { bad "demo failed"; finish; exit; }; }

# The password add_user gives and login uses; a script may set its own.
PW='mat-khau-dai-123'

# add_user LOGIN ROLE [user add options...]: creates a user named
# "Người LOGIN" with password $PW, answered on stdin.
add_user() {
  local login=$1 role=$2
  shift 2
  printf '%s\n' "$PW" | "$BIN" user add "$login" --role "$role" --name "Người $login" "$@" --password-stdin \
    >"$TMP/ua.out" 2>"$TMP/ua.err" || bad "user add $login: $(cat "$TMP/ua.err")"
}

# make_token LOGIN NAME: creates API token NAME for LOGIN with the CLI; sets
# TOKEN and saves it in $TMP/token_LOGIN. Counts a failure and returns 1 if
# the CLI printed none.
make_token() {
  TOKEN=$("$BIN" user token "$1" --name "$2" 2>"$TMP/tok.err" | tail -1)
  printf '%s\n' "$TOKEN" >"$TMP/token_$1"
  [ -n "$TOKEN" ] && return 0
  bad "user token $1 printed nothing: $(cat "$TMP/tok.err")"
  return 1
}

# login LOGIN [PASSWORD [JAR]]: logs in (password $PW by default) into the
# cookie jar $TMP/ck_JAR (JAR defaults to LOGIN) and checks the 200; keeps the
# CSRF token in CSRF and in $TMP/csrf_JAR. The login response stays in
# CODE, BODY and HDRS.
login() {
  local u=$1 pw=${2:-$PW} jar=${3:-$1}
  req POST /api/login -c "$TMP/ck_$jar" -H 'Content-Type: application/json' \
    --data-binary "{\"login\":\"$u\",\"password\":\"$pw\"}"
  status "login $u ($jar)" 200
  CSRF=$(jq -r .csrf <<<"$BODY")
  printf '%s' "$CSRF" >"$TMP/csrf_$jar"
}

# as JAR METHOD PATH [curl args...]: a request with the jar's session cookie
# and no CSRF token.
as() { local u=$1 m=$2 p=$3; shift 3; req "$m" "$p" -b "$TMP/ck_$u" "$@"; }

# send JAR METHOD PATH [BODY [TYPE]]: with the jar's cookie and CSRF token;
# BODY goes as curl --data-binary takes it (@FILE sends FILE), with
# Content-Type TYPE (application/json unless told).
send() {
  local u=$1 m=$2 p=$3
  if [ $# -ge 4 ]; then
    as "$u" "$m" "$p" -H "X-CSRF-Token: $(cat "$TMP/csrf_$u")" -H "Content-Type: ${5:-application/json}" \
      --data-binary "$4"
  else
    as "$u" "$m" "$p" -H "X-CSRF-Token: $(cat "$TMP/csrf_$u")"
  fi
}
