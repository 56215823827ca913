#!/usr/bin/env bash
# test_open_while_writing.sh - opening a database takes no write lock when it
# is already at the current schema: while another process holds the write
# lock (SQLite's BEGIN IMMEDIATE, PostgreSQL's writers' advisory lock, as a
# long import does), a command that only reads answers at once, and a write
# waits its bounded turn and then says the database is busy. On either
# engine (tests/db_lib.sh). Prints "N passed, N failed".
. "$(dirname "$0")/lib.sh"

expect_ok "demo" demo
# hold_lock SECONDS: another process holds the write lock that long (background)
hold_lock() {
  if on_sqlite; then
    { echo "BEGIN IMMEDIATE;"; echo "UPDATE setting SET value = value;"; sleep "$1"; echo "COMMIT;"; } |
      sqlite3 "$CHITIEU_DB" >/dev/null &
  else
    { echo "BEGIN;"; echo "SELECT pg_advisory_xact_lock(2025070101, hashtext(current_schema()));"
      sleep "$1"; echo "COMMIT;"; } | psql -qX "$CHITIEU_DB" >/dev/null &
  fi
  HOLDER=$!
  sleep 1 # the holder has the lock by now
}

hold_lock 8
t0=$(date +%s%N)
expect_ok "a reading command while another process writes" eval --unit 058 --period 202206
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$ms" -lt 4000 ] && ok || bad "the read waited ${ms} ms for the writer's lock"
run value set --indicator KT01 --unit 01837 --period 202206 --value 1 --reason "thử"
[ "$RC" -ne 0 ] && ok || bad "a write went through while another process held the write lock"
grep -qiE "bận|busy|lock|khóa" <<<"$ERR" && ok || bad "a refused write should say the database is busy: $ERR"
wait "$HOLDER"
expect_ok "the same write once the lock is free" value set --indicator KT01 --unit 01837 --period 202206 --value 1 --reason "thử"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
