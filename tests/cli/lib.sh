# lib.sh - a tiny harness for black-box tests of the chitieu binary: each
# check runs the real program on a temporary database and compares its
# output or exit status. Sourced by tests/cli/test_*.sh; prints
# "N passed, N failed" at the end and exits non-zero on any failure.
set -u
BIN=${1:?usage: $0 path/to/chitieu}
BIN=$(readlink -f "$BIN")
TMP=$(mktemp -d)
trap 'pg_drop; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM HUP # a killed test (timeout, Ctrl-C) cleans up too
export CHITIEU_DB="$TMP/t.db" CHITIEU_USER=tester NO_COLOR=1 CHITIEU_NO_PROGRESS=1
. "$(dirname "${BASH_SOURCE[0]}")/../db_lib.sh" # the database: a SQLite file, or a PostgreSQL schema
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

# need_tools TOOL...: ends the test (status 0) with a SKIP line naming the
# first TOOL not installed (scripts/deps.sh --test installs them)
need_tools() {
  local tool
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null; then echo "SKIP: $tool not installed (scripts/deps.sh --test)"; exit 0; fi
  done
}

finish() {
  echo "$PASS passed, $FAIL failed"
  [ $FAIL -eq 0 ]
}
