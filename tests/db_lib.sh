# db_lib.sh - the database of a black-box test, sourced by tests/cli/lib.sh and
# tests/http/lib.sh after they set CHITIEU_DB to a file in $TMP and an exit
# trap that calls pg_drop. With CHITIEU_TEST_PG (the conninfo of a test
# server, as scripts/test.sh starts one) the database is instead a fresh
# schema of that server, dropped at exit, and CHITIEU_DB its conninfo.
# db_sql, db_hex and on_sqlite let a test look at the database on either engine.
PG_SCHEMA=
# pg_drop: drops the test's schema (nothing on SQLite); the includer's exit trap calls it
pg_drop() {
  [ -n "$PG_SCHEMA" ] && psql "$CHITIEU_TEST_PG" -qAtX -c "DROP SCHEMA IF EXISTS $PG_SCHEMA CASCADE" >/dev/null 2>&1
  return 0
}
if [ -n "${CHITIEU_TEST_PG:-}" ]; then
  PG_SCHEMA="t_$$_${RANDOM}"
  psql "$CHITIEU_TEST_PG" -qAtX -v ON_ERROR_STOP=1 -c "CREATE SCHEMA $PG_SCHEMA" >/dev/null ||
    { echo "cannot make schema $PG_SCHEMA on $CHITIEU_TEST_PG" >&2; PG_SCHEMA=; exit 1; }
  export CHITIEU_DB="$CHITIEU_TEST_PG options='-c search_path=$PG_SCHEMA'"
fi
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
