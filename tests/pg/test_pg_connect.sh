#!/usr/bin/env bash
# test_pg_connect.sh - a PostgreSQL database that cannot be used is said so
# (issue #12, bad input and faults): a server that cannot be reached, a
# password the server refuses, a database that does not exist, a schema
# from a newer chitieu. Each: a Vietnamese message naming user@host:port/db
# (never the password), exit status 3, nothing written. Needs
# CHITIEU_TEST_PG (scripts/test.sh starts a server); skips without it.
# Prints "N passed, N failed".
. "$(dirname "$0")/../cli/lib.sh"

if [ -z "$PG_SCHEMA" ]; then
  echo "SKIP: test_pg_connect: needs CHITIEU_TEST_PG (a PostgreSQL test server)"
  echo "0 passed, 0 failed"
  exit 0
fi
PORT=$(sed -n 's/.*port=\([0-9]*\).*/\1/p' <<<"$CHITIEU_TEST_PG")
PGDATA_DIR=$(psql "$CHITIEU_TEST_PG" -qAtX -c 'SHOW data_directory')

# ---- a server that cannot be reached: nothing listens on this port
closed=$((PORT + 1))
while (exec 3<>"/dev/tcp/127.0.0.1/$closed") 2>/dev/null; do closed=$((closed + 1)); done
run --db "host=127.0.0.1 port=$closed user=chitieu password=bi-mat-123 dbname=chitieu" unit list
eq "an unreachable server exits 3" 3 "$RC"
grep -q "không kết nối được tới máy chủ PostgreSQL chitieu@127.0.0.1:$closed/chitieu" <<<"$ERR" && ok ||
  bad "the message names the host and says what failed: $ERR"
grep -q "bi-mat-123" <<<"$ERR" && bad "the password is shown: $ERR" || ok
run --db "postgresql://chitieu:bi-mat-123@127.0.0.1:$closed/chitieu" init
eq "init on an unreachable server exits 3" 3 "$RC"
grep -q "bi-mat-123" <<<"$ERR$OUT" && bad "init shows the password: $ERR" || ok

# ---- a password the server refuses: a role that must give one (scram), asked
# before the trust lines of the test cluster's pg_hba.conf
psql "$CHITIEU_TEST_PG" -qAtX -c "SET client_min_messages = warning; DROP ROLE IF EXISTS ct_pw; CREATE ROLE ct_pw LOGIN PASSWORD 'dung-mat-khau'" >/dev/null
HBA="$PGDATA_DIR/pg_hba.conf"
if [ -w "$HBA" ]; then
  cp "$HBA" "$TMP/hba.orig"
  { echo "host all ct_pw 127.0.0.1/32 scram-sha-256"; cat "$TMP/hba.orig"; } >"$HBA"
  psql "$CHITIEU_TEST_PG" -qAtX -c 'SELECT pg_reload_conf()' >/dev/null
  # the server reloads pg_hba.conf when it gets to it: wait (10 s at most) until
  # ct_pw must give its password
  for _ in $(seq 1 100); do
    psql "host=127.0.0.1 port=$PORT user=ct_pw password=sai-mat-khau dbname=chitieu" -qAtX -c 'SELECT 1' \
      >/dev/null 2>&1 || break
    sleep 0.1
  done
  run --db "host=127.0.0.1 port=$PORT user=ct_pw password=sai-mat-khau dbname=chitieu" unit list
  eq "a refused password exits 3" 3 "$RC"
  grep -q "từ chối đăng nhập: sai hoặc thiếu mật khẩu" <<<"$ERR" && ok || bad "the refusal says the password: $ERR"
  grep -q "ct_pw@127.0.0.1:$PORT/chitieu" <<<"$ERR" && ok || bad "the refusal names user, host and database: $ERR"
  grep -q "sai-mat-khau" <<<"$ERR" && bad "the password is shown: $ERR" || ok
  cat "$TMP/hba.orig" >"$HBA"
  psql "$CHITIEU_TEST_PG" -qAtX -c 'SELECT pg_reload_conf()' >/dev/null
else
  echo "SKIP: pg_hba.conf not writable here ($HBA)"
fi
psql "$CHITIEU_TEST_PG" -qAtX -c "DROP ROLE IF EXISTS ct_pw" >/dev/null

# ---- a database that does not exist
run --db "host=127.0.0.1 port=$PORT user=postgres dbname=khong_co_csdl_nay" unit list
eq "a missing database exits 3" 3 "$RC"
grep -q "khong_co_csdl_nay" <<<"$ERR" && ok || bad "the message names the database: $ERR"

# ---- a schema from a newer chitieu: refused, nothing written
expect_ok "init" init
db_sql "INSERT INTO schema_version (version, applied_at) VALUES (99, 0)" >/dev/null
before=$(db_sql "SELECT count(*) FROM unit")
run unit add --code X1 --name "Thử" --type province
eq "a newer schema exits 3" 3 "$RC"
grep -q "phiên bản 99, mới hơn phiên bản" <<<"$ERR" && ok || bad "the message says the schema is newer: $ERR"
grep -q "127.0.0.1:$PORT" <<<"$ERR" && ok || bad "the message names the server: $ERR"
eq "nothing written on a newer schema" "$before" "$(db_sql "SELECT count(*) FROM unit")"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
