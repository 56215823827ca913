#!/usr/bin/env bash
# test_disk_full.sh - a full disk (issue #14 item 6), seen as a file size
# limit (ulimit -f, SIGXFSZ ignored: each write past it fails as on a full
# disk, with no mount needed): an import of 5,472 values into the demo file
# fails with a clear message and writes nothing; a single value write fails
# clearly too; every value committed before is still there, the file passes
# integrity_check, and once there is room again both go through. SQLite only:
# a PostgreSQL server's full disk is the server's (its error reaches chitieu
# as any other failed statement, which test_faults.c covers).
set -e
. "$(dirname "$0")/lib.sh"

on_sqlite || { echo "SKIP: a file size limit is a SQLite file's"; echo "0 passed, 0 failed"; exit 0; }
expect_ok "demo" demo --quiet
expect_ok "a value committed before" value set --indicator KT02 --unit 01837 --period 202206 --value 4242 --reason "mốc"
{
  echo "indicator,unit,period,value"
  for y in $(seq 2000 2018); do for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
    for u in 01834 01837 01840 01843 01846 01849 01852 01855; do for i in KT01 KT02 KT03; do
      echo "$i,$u,$y$m,$((y % 100 + 10#$m))"
    done; done
  done; done
} >"$TMP/big.csv"

# full: 40 KiB per file (the database is larger already; its WAL starts empty)
set +e
(trap '' XFSZ; ulimit -f 40; "$BIN" import "$TMP/big.csv") >"$TMP/out" 2>"$TMP/err"
RC=$?
set -e
[ $RC -ne 0 ] && ok || bad "an import onto a full disk succeeded"
grep -q "không nhập gì.*disk I/O error\|không nhập gì.*đầy\|không nhập gì.*không ghi được" "$TMP/err" && ok ||
  bad "the import's message says nothing was written and why: $(cat "$TMP/err")"
set +e
(trap '' XFSZ; ulimit -f 1; "$BIN" value set --indicator KT02 --unit 01837 --period 202206 --value 5555 --reason "đầy") \
  >"$TMP/out" 2>"$TMP/err"
RC=$?
set -e
[ $RC -ne 0 ] && grep -q "lỗi" "$TMP/err" && ok || bad "a value write onto a full disk: exit $RC, $(cat "$TMP/err")"

eq "the file is sound" ok "$(sqlite3 "$CHITIEU_DB" 'PRAGMA integrity_check')"
run value get --indicator KT02 --unit 01837 --period 202206
has "the value committed before is there" "^4\.242"
run value get --indicator KT01 --unit 01834 --period 200001
[ $RC -ne 0 ] && ok || bad "nothing of the failed import was written: $OUT"

# room again
expect_ok "the import once there is room" import "$TMP/big.csv"
has "all of it" "5\.472 thêm mới"
expect_ok "the value write once there is room" value set --indicator KT02 --unit 01837 --period 202206 --value 5555 --reason "lại"
finish
