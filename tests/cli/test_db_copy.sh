#!/usr/bin/env bash
# test_db_copy.sh - `chitieu db copy` through the real binary: a demo
# database with something in every table is copied SQLite -> SQLite and the
# copy shows the same evaluation (byte for byte), values, meetings, tasks,
# users and every table row; a destination with data is refused without
# --force (and left as it was), --force replaces its data; a destination or
# source at another schema version, a source with a table the copy does not
# know, and a destination whose rows come out different (a trigger planted
# in it) are refused with nothing written; a failed write names the table
# and the rows; rows pointing at a later row of their own table and
# attachments of the largest size come through; a password in a conninfo is
# never printed; a copy killed with SIGKILL leaves no data in the
# destination. With CHITIEU_TEST_PG (a PostgreSQL conninfo) also SQLite ->
# PostgreSQL -> SQLite and PostgreSQL -> PostgreSQL, the identity sequences
# after the copy, and a killed copy into PostgreSQL.
set -e
. "$(dirname "$0")/lib.sh"

# a fixed "today", so task deadlines and reopened periods print the same
export CHITIEU_TODAY=2022-07-20
S="$TMP/src.db"

# the PostgreSQL schemas made here, dropped at exit with lib.sh's own
COPY_SCHEMAS=()
copy_pg_drop() {
  local s
  for s in "${COPY_SCHEMAS[@]}"; do
    psql "$CHITIEU_TEST_PG" -qAtX -c "DROP SCHEMA IF EXISTS $s CASCADE" >/dev/null 2>&1 || true
  done
  return 0
}
trap 'copy_pg_drop; pg_drop; rm -rf "$TMP"' EXIT

# the tables a copy carries (all but the schema's own, sessions and login failures)
copied_tables() {
  sqlite3 "$S" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'
                AND name NOT IN ('schema_version', 'session', 'login_failure') ORDER BY name"
}
# dump DB: every copied table of a SQLite file, as INSERT statements (exact
# types, blobs in hex), sorted (rowid order of tables without an integer key
# is not kept)
dump() {
  local t
  for t in $(copied_tables); do sqlite3 "$1" ".dump $t" | sort; done
}
# views DB: what the commands show of a database
views() {
  local db=$1 c
  while read -r c; do
    echo "== $c"
    # shellcheck disable=SC2086
    "$BIN" --db "$db" $c 2>&1 || echo "exit $?"
  done <<'EOF'
eval --unit 058 --period 202206 --json
eval --unit 058 --period 2020
value list --unit 01837 --year 2024
value history --indicator KT01 --unit 01837 --period 202407
target list --unit 058 --year 2022
target history --indicator KT01 --unit 058 --year 2022
unit list
agency list
indicator list
meeting list
meeting show 6
task list
task show 17
user list
lock list --all
lock config
report template show sentence.flow
EOF
}
# count DB TABLE: rows of a SQLite table ("none" when the file or table is missing)
count() { sqlite3 "$1" "SELECT count(*) FROM $2" 2>/dev/null || echo none; }

# ---- a source with rows in every table ------------------------------------
expect_ok "demo" --db "$S" demo
expect_ok "value set" --db "$S" value set --indicator KT01 --unit 01837 --period 202407 --value 36,5 --estimate
expect_ok "value changed (audit)" --db "$S" value set --indicator KT01 --unit 01837 --period 202407 --value 37 --reason "sửa số"
expect_ok "a value with its comment" --db "$S" value set --indicator KT15 --unit 01837 --period 202407 --value 50 \
  --comment "lễ hội Lồng tồng: khách đông hơn thường lệ"
expect_ok "target set" --db "$S" target set --indicator KT01 --unit 058 --year 2022 --value 3.500
expect_ok "target changed (audit)" --db "$S" target set --indicator KT01 --unit 058 --year 2022 --value 3.600
run --db "$S" user add --login ketoan --name "Nguyễn Văn An" --role department --agency KT --enter 058 \
  --email ketoan@backan.gov.vn \
  --password-stdin <<<"mat-khau-rat-dai-123"
eq "user add" 0 "$RC"
expect_ok "api token" --db "$S" user token ketoan --name t1
expect_ok "lock config (settings)" --db "$S" lock config --grace-days 3
expect_ok "notify config" --db "$S" notify config --from chitieu@backan.gov.vn --backoff 30
expect_ok "notify pref" --db "$S" notify pref ketoan --webhook off
expect_ok "DHIS2 mapping" --db "$S" mapping set --kind dataElement --uid fbfJHSPpUQD --coc pq2XI5kz2BY --target KT01
# (a follow-up flag is set by a DHIS2 import over HTTP; here by hand)
sqlite3 "$S" "INSERT INTO value_followup SELECT unit_id, year, indicator_id, 6, 'ketoan', 0 FROM value_year LIMIT 1"
expect_ok "a task (its notice and queued email)" --db "$S" task add --lead KT --due 31/12/2022 --owner 058 \
  --assigned 20/07/2022 --content "Phòng Kinh tế: báo cáo doanh thu du lịch"
expect_ok "lock reopen" --db "$S" lock reopen --unit 01837 --period 202206 --until 31/07/2022 --reason "bổ sung"
expect_ok "lock close" --db "$S" lock close --unit 058 --period 202207 --reason "đã chốt số"
expect_ok "approval submit" --db "$S" approval submit --unit 01837 --period 202206
expect_ok "approval return" --db "$S" approval return --unit 01837 --period 202206 --comment "thiếu số"
echo '{ten_chi_tieu}: {gia_tri_ky}.' >"$TMP/tpl"
expect_ok "report template" --db "$S" report template set sentence.flow "$TMP/tpl"
head -c 3000 /dev/urandom >"$TMP/att.bin"
expect_ok "attachment" --db "$S" task progress 17 --percent 90 --text "gần xong" --file "$TMP/att.bin" \
  --type application/octet-stream
sqlite3 "$S" "INSERT INTO session SELECT 'h', id, 'c', 0, 9999999999 FROM app_user;
              INSERT INTO login_failure VALUES ('x', '1.2.3.4', 1)"
empty=""
for t in $(copied_tables) session login_failure; do
  [ "$(count "$S" "$t")" -gt 0 ] || empty="$empty $t"
done
eq "every table of the source has rows" "" "$empty"
views "$S" >"$TMP/views.src"
dump "$S" >"$TMP/dump.src"

# ---- SQLite -> SQLite --------------------------------------------------------
expect_ok "db copy --help" db copy --help
has "help names --from" "--from NGUỒN"
has "help names --to" "--to ĐÍCH"
has "help says --force" "--force"
has "help gives an example" "chitieu db copy --from"
D="$TMP/copy.db"
expect_ok "copy to a new file" db copy --from "$S" --to "$D"
has "copy says the checks matched" "Đã chép 37 bảng, .* dòng; kiểm tra số dòng và tổng kiểm tra: khớp"
has "copy lists value_year" "value_year"
"$BIN" --db "$S" eval --unit 058 --period 202206 --json >"$TMP/eval.src"
"$BIN" --db "$D" eval --unit 058 --period 202206 --json >"$TMP/eval.copy"
if cmp -s "$TMP/eval.src" "$TMP/eval.copy" && [ -s "$TMP/eval.src" ]; then ok; else bad "eval --json differs after the copy"; fi
views "$D" >"$TMP/views.copy"
if cmp -s "$TMP/views.src" "$TMP/views.copy"; then ok; else
  bad "the commands show another database after the copy: $(diff "$TMP/views.src" "$TMP/views.copy" | head -20)"
fi
dump "$D" >"$TMP/dump.copy"
if cmp -s "$TMP/dump.src" "$TMP/dump.copy"; then ok; else
  bad "rows differ after the copy: $(diff "$TMP/dump.src" "$TMP/dump.copy" | head -10)"
fi
eq "sessions are not copied" 0 "$(count "$D" session)"
eq "login failures are not copied" 0 "$(count "$D" login_failure)"
eq "the copy has its own schema_version" 17 "$(sqlite3 "$D" "SELECT max(version) FROM schema_version")"
eq "an indicator's synonyms are copied (schema 16)" "thu nhập bình quân đầu người; TNBQ; thu nhập bình quân" \
  "$(sqlite3 "$D" "SELECT synonyms FROM indicator WHERE code = 'KT06'")"
eq "the attachment is byte for byte" "$(sqlite3 "$S" "SELECT hex(data) FROM task_attachment")" \
  "$(sqlite3 "$D" "SELECT hex(data) FROM task_attachment")"

# ---- a destination with data: refused, then --force ----------------------------
expect_ok "a change in the copy" --db "$D" agency add --code ZZ --name "Cơ quan thử"
sqlite3 "$D" "INSERT INTO session SELECT 'h2', id, 'c', 0, 9999999999 FROM app_user"
dump "$D" >"$TMP/dump.before"
expect_fail "a destination with data is refused" "đã có dữ liệu.*--force" db copy --from "$S" --to "$D"
eq "refusal exits 1" 1 "$RC"
dump "$D" >"$TMP/dump.after"
if cmp -s "$TMP/dump.before" "$TMP/dump.after"; then ok; else bad "a refused copy changed the destination"; fi
expect_ok "--force copies over" db copy --from "$S" --to "$D" --force
dump "$D" >"$TMP/dump.force"
if cmp -s "$TMP/dump.src" "$TMP/dump.force"; then ok; else
  bad "--force did not give the source's rows: $(diff "$TMP/dump.src" "$TMP/dump.force" | head -10)"
fi
eq "--force removed the destination's own agency" 0 "$(sqlite3 "$D" "SELECT count(*) FROM agency WHERE code = 'ZZ'")"
eq "--force removed the destination's sessions" 0 "$(count "$D" session)"
expect_ok "the copy takes new rows" --db "$D" agency add --code ZZ --name "Cơ quan thử"
eq "a new id follows the copied ones" "$(sqlite3 "$S" "SELECT max(id) + 1 FROM agency")" \
  "$(sqlite3 "$D" "SELECT id FROM agency WHERE code = 'ZZ'")"

# ---- refusals: schema versions, unknown tables, the same database -------------
V="$TMP/v99.db"
expect_ok "init" --db "$V" init
sqlite3 "$V" "INSERT INTO schema_version VALUES (99, 0)"
expect_fail "a destination at another schema version is refused" "phiên bản lược đồ 17.*99|99.*17" \
  db copy --from "$S" --to "$V"
eq "schema refusal exits 3 (the database is unusable by this build)" 3 "$RC"
eq "nothing written at the other version" 0 "$(count "$V" unit)"
expect_fail "a source at another schema version is refused" "99" db copy --from "$V" --to "$TMP/n1.db"
eq "source refusal exits 3" 3 "$RC"
if [ -e "$TMP/n1.db" ]; then bad "a refused copy left a new destination file"; else ok; fi

X="$TMP/extra.db"
cp "$S" "$X"
sqlite3 "$X" "CREATE TABLE extra (x TEXT); INSERT INTO extra VALUES ('a')"
expect_fail "a source with an unknown table is refused" "extra" db copy --from "$X" --to "$TMP/n2.db"
eq "unknown table exits 1" 1 "$RC"
expect_fail "the same database is refused" "cùng một" db copy --from "$S" --to "$TMP/./src.db"
expect_fail "a missing source is refused" "không có cơ sở dữ liệu nguồn" db copy --from "$TMP/none.db" --to "$TMP/n3.db"
expect_fail "--to is required" "--to" db copy --from "$S"

# ---- the check before the commit: a destination that changes rows ------------
T1="$TMP/sab1.db"
expect_ok "init" --db "$T1" init
sqlite3 "$T1" "CREATE TRIGGER sab AFTER INSERT ON agency
               BEGIN UPDATE agency SET name = name || '!' WHERE id = new.id; END"
expect_fail "a changed row fails the checksum" "bảng agency.*tổng kiểm tra" db copy --from "$S" --to "$T1"
eq "a failed check exits 3" 3 "$RC"
eq "nothing committed after a failed checksum" "0 0" "$(count "$T1" unit) $(count "$T1" agency)"
T2="$TMP/sab2.db"
expect_ok "init" --db "$T2" init
sqlite3 "$T2" "CREATE TRIGGER sab AFTER INSERT ON unit_link BEGIN DELETE FROM unit_link
               WHERE unit_id = new.unit_id AND from_unit_id = new.from_unit_id; END"
expect_fail "a lost row fails the row count" "bảng unit_link.*8 dòng ở nguồn nhưng 0" db copy --from "$S" --to "$T2"
eq "nothing committed after a failed count" 0 "$(count "$T2" unit)"

# ---- a failed write names the table and the rows ------------------------------
T3="$TMP/sab3.db"
expect_ok "init" --db "$T3" init
sqlite3 "$T3" "CREATE TRIGGER sab BEFORE INSERT ON agency BEGIN SELECT RAISE(ABORT, 'chặn thử'); END"
expect_fail "a refused INSERT names the table and its rows" \
  "bảng agency ở đích, các dòng từ id [0-9]+ đến id [0-9]+: không ghi được.*chặn thử" db copy --from "$S" --to "$T3"
eq "nothing committed after a refused INSERT" 0 "$(count "$T3" unit)"
# a parent that does not exist (the sqlite3 shell checks no foreign key)
G="$TMP/dangling.db"
cp "$S" "$G"
child=$(sqlite3 "$G" "SELECT min(id) FROM unit WHERE parent_id IS NOT NULL")
sqlite3 "$G" "UPDATE unit SET parent_id = 99999 WHERE id = $child"
expect_fail "a reference to a missing row names that row" "bảng unit ở đích, dòng id $child: " \
  db copy --from "$G" --to "$TMP/n4.db"
if [ -e "$TMP/n4.db" ]; then bad "a failed copy left a new destination file"; else ok; fi

# ---- rows pointing forward in their own table, attachments of 4 MB ---------------
# A unit put under a unit made after it (a merger), a ratio indicator whose
# numerator was made after it, and four attachments of the largest size
# (more bytes than one batch of rows takes).
E="$TMP/edge.db"
cp "$S" "$E"
sqlite3 "$E" "INSERT INTO unit (id, code, name, type, parent_id, valid_from, valid_to)
                SELECT max(id) + 100, 'MOI', 'Tỉnh mới', 'province', NULL, '2025-07-01', NULL FROM unit;
              UPDATE unit SET parent_id = (SELECT max(id) FROM unit) WHERE parent_id IS NULL AND code <> 'MOI';
              UPDATE indicator SET numerator_id = (SELECT max(id) FROM indicator)
                WHERE id = (SELECT min(id) FROM indicator WHERE numerator_id IS NOT NULL);
              INSERT INTO task_attachment
                SELECT id, randomblob(4194304) FROM task_progress
                WHERE id NOT IN (SELECT progress_id FROM task_attachment) LIMIT 4"
eq "the edge source points forward" "1|1|5" "$(sqlite3 "$E" "SELECT (SELECT count(*) FROM unit WHERE parent_id > id),
  (SELECT count(*) FROM indicator WHERE numerator_id > id), (SELECT count(*) FROM task_attachment)")"
dump "$E" >"$TMP/dump.edge"
expect_ok "copy of forward references and 4 MB attachments" db copy --from "$E" --to "$TMP/edge.copy"
dump "$TMP/edge.copy" >"$TMP/dump.edge.copy"
if cmp -s "$TMP/dump.edge" "$TMP/dump.edge.copy"; then ok; else
  bad "forward references or attachments differ after the copy: $(diff "$TMP/dump.edge" "$TMP/dump.edge.copy" | cut -c1-200 | head -10)"
fi

# ---- passwords are never printed -----------------------------------------------
SECRET=mat-khau-khong-duoc-in
no_secret() { if grep -q -- "$SECRET" <<<"$OUT$ERR"; then bad "$1: the password was printed: $OUT$ERR"; else ok; fi; }
expect_fail "an unreachable server is refused" "không kết nối được" \
  db copy --from "$S" --to "host=127.0.0.1 port=1 dbname=x user=u password=$SECRET connect_timeout=5"
no_secret "unreachable server"
expect_fail "the same server twice is refused" "cùng một" \
  db copy --from "postgresql://u:$SECRET@127.0.0.1:1/x" --to "postgresql://u:$SECRET@127.0.0.1:1/x"
no_secret "same database"

# ---- kill -9 in the middle: nothing half-copied ---------------------------------
BIG="$TMP/big.db"
cp "$S" "$BIG"
sqlite3 "$BIG" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)
  INSERT INTO value_audit (indicator_id, unit_id, year, month, old_amount, old_estimate, new_amount,
    new_estimate, changed_by, changed_at, reason)
  SELECT 1, 1, 2020, 1 + i % 12, i, 0, i + 1, 0, 'bulk', 1600000000 + i, 'thử ngắt giữa chừng' FROM n"
big_units=$(count "$BIG" unit)
big_audit=$(count "$BIG" value_audit)
t0=$(date +%s%N)
expect_ok "copy of a large source" db copy --from "$BIG" --to "$TMP/k0.db"
ms=$((($(date +%s%N) - t0) / 1000000))
eq "the large copy is complete" "$big_units $big_audit" "$(count "$TMP/k0.db" unit) $(count "$TMP/k0.db" value_audit)"
# kill_check NAME DEST SLEEP COUNT: starts a copy of BIG to DEST, kills it after
# SLEEP seconds; COUNT DEST TABLE says the rows of a table there afterwards
kill_check() {
  local name=$1 dest=$2 pause=$3 counter=$4 st
  "$BIN" db copy --from "$BIG" --to "$dest" >/dev/null 2>&1 &
  local pid=$!
  sleep "$pause"
  kill -9 "$pid" 2>/dev/null || true
  set +e
  wait "$pid" 2>/dev/null
  st=$?
  set -e
  local got="$("$counter" "$dest" unit) $("$counter" "$dest" value_audit)"
  if [ "$st" -eq 137 ]; then
    # nothing, or everything (killed after its commit, while closing): never a part
    case "$got" in
      "0 0" | "none none" | "$big_units $big_audit") ok ;;
      *) bad "$name: the killed copy left rows in the destination: $got" ;;
    esac
  elif [ "$st" -eq 0 ]; then
    echo "note: $name: the copy finished before the kill (${pause}s)" >&2
    eq "$name: a finished copy is complete" "$big_units $big_audit" "$got"
  else
    bad "$name: the copy exited $st"
  fi
}
# killed half-way through the time a whole copy took
kill_check "SQLite killed" "$TMP/k1.db" "$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 2000 }')" count
if [ "$(count "$TMP/k1.db" unit)" != "$big_units" ]; then
  expect_ok "a copy into the killed destination needs no --force" db copy --from "$S" --to "$TMP/k1.db"
fi

# ---- PostgreSQL -------------------------------------------------------------
if [ -z "${CHITIEU_TEST_PG:-}" ]; then
  echo "SKIP: PostgreSQL copies (set CHITIEU_TEST_PG to a conninfo of a test server)"
else
  # pg_schema NAME: makes a schema, prints the conninfo that uses it
  pg_schema() {
    psql "$CHITIEU_TEST_PG" -qAtX -v ON_ERROR_STOP=1 -c "CREATE SCHEMA $1" >/dev/null
    echo "$CHITIEU_TEST_PG options='-c search_path=$1'"
  }
  base="cp_$$_${RANDOM}"
  COPY_SCHEMAS=("${base}_a" "${base}_b" "${base}_k" "${base}_e")
  PA=$(pg_schema "${base}_a")
  PB=$(pg_schema "${base}_b")
  PK=$(pg_schema "${base}_k")
  PE=$(pg_schema "${base}_e")
  pcount() { psql "$1" -qAtX -c "SELECT count(*) FROM $2" 2>/dev/null || echo none; }

  expect_ok "copy SQLite -> PostgreSQL" db copy --from "$S" --to "$PA"
  has "PostgreSQL copy checked" "kiểm tra số dòng và tổng kiểm tra: khớp"
  "$BIN" --db "$PA" eval --unit 058 --period 202206 --json >"$TMP/eval.pg"
  if cmp -s "$TMP/eval.src" "$TMP/eval.pg"; then ok; else bad "eval --json differs on PostgreSQL"; fi
  views "$PA" >"$TMP/views.pg"
  if cmp -s "$TMP/views.src" "$TMP/views.pg"; then ok; else
    bad "PostgreSQL shows another database: $(diff "$TMP/views.src" "$TMP/views.pg" | head -20)"
  fi
  eq "no sessions on PostgreSQL" 0 "$(pcount "$PA" session)"

  expect_ok "copy PostgreSQL -> PostgreSQL" db copy --from "$PA" --to "$PB"
  expect_fail "a PostgreSQL destination with data is refused" "đã có dữ liệu" db copy --from "$S" --to "$PB"
  eq "PostgreSQL refusal exits 1" 1 "$RC"
  expect_ok "--force on PostgreSQL" db copy --from "$S" --to "$PB" --force

  R="$TMP/back.db"
  expect_ok "copy PostgreSQL -> SQLite" db copy --from "$PA" --to "$R"
  "$BIN" --db "$R" eval --unit 058 --period 202206 --json >"$TMP/eval.back"
  if cmp -s "$TMP/eval.src" "$TMP/eval.back"; then ok; else bad "eval --json differs after the round trip"; fi
  views "$R" >"$TMP/views.back"
  if cmp -s "$TMP/views.src" "$TMP/views.back"; then ok; else
    bad "the round trip shows another database: $(diff "$TMP/views.src" "$TMP/views.back" | head -20)"
  fi
  dump "$R" >"$TMP/dump.back"
  if cmp -s "$TMP/dump.src" "$TMP/dump.back"; then ok; else
    bad "rows differ after SQLite -> PostgreSQL -> SQLite: $(diff "$TMP/dump.src" "$TMP/dump.back" | head -10)"
  fi

  # forward references and 4 MB attachments, there and back
  expect_ok "forward references and attachments SQLite -> PostgreSQL" db copy --from "$E" --to "$PE"
  expect_ok "forward references and attachments PostgreSQL -> SQLite" db copy --from "$PE" --to "$TMP/edge.back"
  dump "$TMP/edge.back" >"$TMP/dump.edge.back"
  if cmp -s "$TMP/dump.edge" "$TMP/dump.edge.back"; then ok; else
    bad "forward references or attachments differ after PostgreSQL: $(diff "$TMP/dump.edge" "$TMP/dump.edge.back" | cut -c1-200 | head -10)"
  fi

  # a password in the conninfo (the test server trusts, so it is only carried) is never printed
  expect_ok "a copy with a password in the conninfo" db copy --from "$S" --to "$PB password=$SECRET" --force
  no_secret "copy into PostgreSQL"
  expect_fail "a refusal with a password in the conninfo" "đã có dữ liệu" db copy --from "$S" --to "$PB password=$SECRET"
  no_secret "refused copy"
  expect_ok "init with a password in the conninfo" --db "$PB password=$SECRET" init
  no_secret "init"

  # the identity sequences were moved past the copied ids
  expect_ok "a new agency on the PostgreSQL copy" --db "$PA" agency add --code ZZ --name "Cơ quan thử"
  eq "its id follows the copied ones" "$(sqlite3 "$S" "SELECT max(id) + 1 FROM agency")" \
    "$(psql "$PA" -qAtX -c "SELECT id FROM agency WHERE code = 'ZZ'")"
  expect_ok "a new meeting on the PostgreSQL copy" --db "$PA" meeting add --kind monthly \
    --title "Giao ban thử" --date 20/07/2022 --unit 058
  eq "the meeting id follows" "$(sqlite3 "$S" "SELECT max(id) + 1 FROM meeting")" \
    "$(psql "$PA" -qAtX -c "SELECT max(id) FROM meeting")"

  kill_check "PostgreSQL killed" "$PK" 1 pcount
fi

finish
