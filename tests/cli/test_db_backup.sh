#!/usr/bin/env bash
# test_db_backup.sh - `chitieu db backup FILE`, `db restore FILE` and the
# scheduled backups of `serve --backup-dir` (issue #14 item 5), on the engine
# of the run (SQLite file, or a PostgreSQL schema through pg_dump): a backup
# taken while another process writes holds every write acknowledged before
# it began; restoring it brings the database back to it (later writes gone)
# and needs --force over data; a damaged file, a file that is no backup and
# a backup of a newer schema are refused before anything is touched (the
# database keeps its value); a backup left half-written leaves no file; the
# server takes a backup every second and keeps the newest two.
set -e
. "$(dirname "$0")/lib.sh"

if on_sqlite; then EXT=db; else EXT=dump; fi
expect_ok "demo" demo --quiet

# ---- a backup under concurrent writes --------------------------------------------------
# the writer: KT02 of each ward for each month of 2024, value = its sequence number;
# every acknowledged write is logged ("ward month value") after the command returned
WARDS=(01834 01837 01840 01843 01846 01849 01852 01855)
: >"$TMP/acked"
(
  i=0
  for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
    for w in "${WARDS[@]}"; do
      i=$((i + 1))
      "$BIN" value set --indicator KT02 --unit "$w" --period "2024$m" --value "$i" --reason "thử sao lưu" >/dev/null 2>&1 &&
        echo "$w 2024$m $i" >>"$TMP/acked"
    done
  done
) &
WRITER=$!
for _ in $(seq 1200); do [ "$(wc -l <"$TMP/acked")" -ge 15 ] && break; sleep 0.05; done
[ "$(wc -l <"$TMP/acked")" -ge 15 ] || { bad "the writer wrote nothing"; kill $WRITER; finish; exit 1; }
cp "$TMP/acked" "$TMP/before"          # acknowledged before the backup began
expect_ok "backup while another process writes" db backup "$TMP/b.$EXT"
has "the backup says what it wrote" "Đã sao lưu .* vào .*b\.$EXT .*phiên bản lược đồ [0-9]+"
wait $WRITER
eq "the writer wrote all 96" 96 "$(wc -l <"$TMP/acked")"
[ -f "$TMP/b.$EXT" ] && [ ! -e "$TMP/b.$EXT.tmp" ] && ok || bad "the backup file, and no .tmp left"

# restoring over data needs --force; then the database is the backup's
expect_fail "restore over data without --force" "đang có dữ liệu.*--force" db restore "$TMP/b.$EXT"
expect_ok "restore --force" db restore --force "$TMP/b.$EXT"
has "the restore says what it did" "Đã phục hồi"
missing=0
while read -r w p v; do
  run value get --indicator KT02 --unit "$w" --period "$p"
  grep -q "^$v[[:space:]]" <<<"$OUT" || { missing=$((missing + 1)); echo "missing $w $p $v: $OUT" >&2; }
done <"$TMP/before"
eq "every write acknowledged before the backup is in it ($(wc -l <"$TMP/before") checked)" 0 "$missing"
run value get --indicator KT02 --unit 01855 --period 202412
[[ "$OUT" != 96* ]] && ok || bad "the last write, made after the backup began, is not in the restored database: $OUT"

# ---- refusals before anything is touched -----------------------------------------------
expect_ok "a value to watch" value set --indicator KT02 --unit 01837 --period 202206 --value 4242 --reason "mốc"
head -c 20000 "$TMP/b.$EXT" >"$TMP/cut.$EXT"
expect_fail "a truncated backup" "hỏng|không đọc được|malformed" db restore --force "$TMP/cut.$EXT"
printf 'indicator,unit\n' >"$TMP/not.csv"
expect_fail "a file that is no backup" "không phải tệp sao lưu" db restore --force "$TMP/not.csv"
# a backup of a newer schema (a SQLite file, whatever the engine: the check comes first)
CHITIEU_DB="$TMP/new.db" "$BIN" demo --quiet >/dev/null
CHITIEU_DB="$TMP/new.db" "$BIN" db backup "$TMP/new.bak" >/dev/null
sqlite3 "$TMP/new.bak" "INSERT INTO schema_version (version, applied_at) VALUES (9999, 0)"
expect_fail "a backup of a newer schema" "phiên bản lược đồ 9999 mới hơn" db restore --force "$TMP/new.bak"
run value get --indicator KT02 --unit 01837 --period 202206
has "after the refusals the database is as it was" "^4\.242"
expect_fail "a backup into a path that cannot be written" "không" db backup "$TMP/no/such/dir/x.$EXT"
[ ! -e "$TMP/no/such/dir/x.$EXT.tmp" ] && ok || bad "no half-written file"

# ---- scheduled backups in the server ------------------------------------------------------
mkdir -p "$TMP/bk"
expect_fail "--backup-keep without --backup-dir" "backup-dir" serve --port 0 --backup-keep 2
expect_fail "a bad --backup-every" "backup-every" serve --port 0 --backup-dir "$TMP/bk" --backup-every 5x
"$BIN" serve --port 0 --backup-dir "$TMP/bk" --backup-keep 2 --backup-every 1s >"$TMP/srv.out" 2>"$TMP/srv.err" &
SRV=$!
for _ in $(seq 100); do
  [ "$(grep -c 'sao lưu định kỳ: .*chitieu-' "$TMP/srv.err" 2>/dev/null)" -ge 4 ] && break
  sleep 0.1
done
kill -TERM $SRV
wait $SRV || true
n=$(ls "$TMP/bk" | grep -c "^chitieu-.*\.$EXT$" || true)
eq "the server keeps the newest two backups" 2 "$n"
grep -q "đã xóa bản cũ" "$TMP/srv.err" && ok || bad "the log names the backups pruned: $(cat "$TMP/srv.err")"
newest=$(ls "$TMP/bk" | grep "\.$EXT$" | sort | tail -1)
expect_ok "a scheduled backup restores" db restore --force "$TMP/bk/$newest"
run value get --indicator KT02 --unit 01837 --period 202206
has "the scheduled backup holds the latest value" "^4\.242"
finish
