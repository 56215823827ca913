# lib.sh - a tiny harness for black-box tests of the chitieu binary: each
# check runs the real program on a temporary database and compares its
# output or exit status. Sourced by tests/cli/test_*.sh; prints
# "N passed, N failed" at the end and exits non-zero on any failure.
set -u
BIN=${1:?usage: $0 path/to/chitieu}
BIN=$(readlink -f "$BIN")
TMP=$(mktemp -d)
trap 'pg_drop; rm -rf "$TMP"' EXIT
export CHITIEU_DB="$TMP/t.db" CHITIEU_USER=tester NO_COLOR=1 CHITIEU_NO_PROGRESS=1
# On PostgreSQL: with CHITIEU_TEST_PG (the conninfo of a test server, as
# scripts/test.sh starts one) the database is a fresh schema of that server,
# dropped at exit, and CHITIEU_DB its conninfo; db_sql runs SQL on it either way.
PG_SCHEMA=
if [ -n "${CHITIEU_TEST_PG:-}" ]; then
  PG_SCHEMA="t_$$_${RANDOM}"
  psql "$CHITIEU_TEST_PG" -qAtX -v ON_ERROR_STOP=1 -c "CREATE SCHEMA $PG_SCHEMA" >/dev/null ||
    { echo "cannot make schema $PG_SCHEMA on $CHITIEU_TEST_PG" >&2; exit 1; }
  export CHITIEU_DB="$CHITIEU_TEST_PG options='-c search_path=$PG_SCHEMA'"
fi
pg_drop() {
  [ -n "$PG_SCHEMA" ] && psql "$CHITIEU_TEST_PG" -qAtX -c "DROP SCHEMA IF EXISTS $PG_SCHEMA CASCADE" >/dev/null 2>&1
  return 0
}
# db_sql SQL: runs SQL on $CHITIEU_DB (sqlite3, or psql in the test schema), rows as a|b lines
db_sql() {
  if [ -n "$PG_SCHEMA" ]; then
    psql "$CHITIEU_DB" -qAtX -v ON_ERROR_STOP=1 -c "$1"
  else
    sqlite3 "$CHITIEU_DB" "$1"
  fi
}
# db_hex COL: the SQL that writes a blob column as hex on the engine in use
db_hex() { if [ -n "$PG_SCHEMA" ]; then echo "upper(encode($1, 'hex'))"; else echo "hex($1)"; fi; }
# on_sqlite: true when the tests run on a SQLite file (for checks of the file itself)
on_sqlite() { [ -z "$PG_SCHEMA" ]; }
PASS=0
FAIL=0

ok()   { PASS=$((PASS + 1)); }
bad()  { FAIL=$((FAIL + 1)); echo "FAIL: $*" >&2; }

# run CMD...: runs chitieu, keeping stdout in $OUT, stderr in $ERR, status in $RC
run() {
  set +e
  "$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
  RC=$?
  set -e
  OUT=$(cat "$TMP/out")
  ERR=$(cat "$TMP/err")
}

# expect_ok NAME CMD...: the command succeeds
expect_ok() { local n=$1; shift; run "$@"; if [ $RC -eq 0 ]; then ok; else bad "$n: exit $RC: $ERR"; fi; }

# expect_fail NAME PATTERN CMD...: the command fails and stderr matches PATTERN
expect_fail() {
  local n=$1 pat=$2; shift 2; run "$@"
  if [ $RC -ne 0 ] && grep -qE -- "$pat" <<<"$ERR"; then ok; else bad "$n: exit $RC, stderr: $ERR (wanted /$pat/)"; fi
}

# has NAME PATTERN: the last stdout matches PATTERN
has() { if grep -qE -- "$2" <<<"$OUT"; then ok; else bad "$1: output lacks /$2/:"$'\n'"$OUT"; fi; }

# eq NAME WANT GOT
eq() { if [ "$2" = "$3" ]; then ok; else bad "$1: wanted [$2], got [$3]"; fi; }

finish() {
  echo "$PASS passed, $FAIL failed"
  [ $FAIL -eq 0 ]
}
