#!/usr/bin/env bash
# test_demo_live.sh - the demo alive today (issue #17, item 5): built with
# CHITIEU_TODAY=2026-12-07 it has figures up to today's month (the new wards
# DX2025 and BK2025 from July 2025, the old city and wards to June 2025),
# targets of 2026, nothing entered after today, today's month partly entered,
# a late ward, and a briefing of a few days ago with tasks due soon and one
# overdue; its seed years 2019-2024 are byte for byte the ones the demo made
# before it went on (the checksum of their export, taken from the generator
# before the second pass existed) and the same as a demo built as of 2024.
. "$(dirname "$0")/lib.sh"

export_seed() { for y in 2019 2020 2021 2022 2023 2024; do "$BIN" export --year "$y"; done; }
# sha256 of `chitieu export --year Y` for Y = 2019..2024, concatenated, from the
# demo of the first pass only (commit 721fe01, before the second pass)
SEED_SUM=9192e98bfb0058b97a09614964f4aa8efa90f19fef034e68aea9af651cb1349e

# ---- as of the end of 2024: the seed years only ----------------------------------
CHITIEU_TODAY=2024-12-31 "$BIN" demo >/dev/null || { bad "demo as of 2024 failed"; finish; exit; }
export_seed >"$TMP/seed-2024.csv"
eq "seed years as before (as of 2024)" "$SEED_SUM" "$(sha256sum <"$TMP/seed-2024.csv" | cut -d' ' -f1)"
expect_ok "export 2025 (as of 2024)" export --year 2025
eq "nothing in 2025 as of 2024" 1 "$(wc -l <<<"$OUT")"

# ---- as of 07/12/2026 -----------------------------------------------------------
export CHITIEU_TODAY=2026-12-07
expect_ok "demo up to today" demo --force
export_seed >"$TMP/seed-2026.csv"
eq "seed years as before (as of 2026)" "$SEED_SUM" "$(sha256sum <"$TMP/seed-2026.csv" | cut -d' ' -f1)"
if cmp -s "$TMP/seed-2024.csv" "$TMP/seed-2026.csv"; then ok; else bad "seed years differ between the two demos"; fi

expect_ok "export 2026" export --year 2026
echo "$OUT" >"$TMP/y26.csv"
# today's month: Đức Xuân has entered part of its monthly figures, Bắc Kạn nothing yet
dx12=$(grep -c '^[^,]*,DX2025,202612,' "$TMP/y26.csv" || true)
bk12=$(grep -c '^[^,]*,BK2025,202612,' "$TMP/y26.csv" || true)
dx11=$(grep -c '^[^,]*,DX2025,202611,' "$TMP/y26.csv" || true)
bk11=$(grep -c '^[^,]*,BK2025,202611,' "$TMP/y26.csv" || true)
[ "$dx12" -gt 0 ] && ok || bad "the current month 202612 has no data"
[ "$dx12" -lt "$dx11" ] && ok || bad "the current month is not partial ($dx12 of $dx11)"
eq "BK2025 has not entered December yet" 0 "$bk12"
[ "$bk11" -gt 0 ] && [ "$bk11" -lt "$dx11" ] && ok || bad "BK2025 should owe part of November ($bk11 of $dx11)"
grep -q ',2027\|,2026Q4,\|,2026S2,' "$TMP/y26.csv" && bad "a period not over yet has figures" || ok
expect_ok "export 2025" export --year 2025
grep -q '^KT02,058,202506,' <<<"$OUT" && ok || bad "the city has June 2025 (its own budget figure)"
grep -q '^KT02,058,202507,' <<<"$OUT" && bad "the city (ended 30/06/2025) has July 2025" || ok
grep -q '^KT01,DX2025,202506,' <<<"$OUT" && bad "DX2025 (formed 01/07/2025) has June 2025" || ok
grep -q '^KT01,DX2025,202507,' <<<"$OUT" && ok || bad "DX2025 has July 2025"

# entry times: the 20th of the month when it has passed, never after today
expect_ok "history of November" value history --indicator KT01 --unit DX2025 --period 202611
has "November entered on the 20th" "20/11/2026 10:00"
expect_ok "history of December" value history --indicator KT01 --unit DX2025 --period 202612
has "December entered before today" "06/12/2026 10:00"

# the city's last months and the new wards' year, evaluated
expect_ok "eval DX2025 202611" eval --unit DX2025 --period 202611 --json
n=$(jq '[.indicators[] | select(.value != null or .cumulative != null)] | length' <<<"$OUT")
[ "$n" -gt 10 ] && ok || bad "DX2025 November 2026: only $n indicators with figures"
t=$(jq '[.indicators[] | select(.target != null)] | length' <<<"$OUT")
[ "$t" -gt 10 ] && ok || bad "DX2025 2026: only $t indicators with a target"
expect_ok "eval 058 202506" eval --unit 058 --period 202506 --json
t=$(jq '[.indicators[] | select(.target != null)] | length' <<<"$OUT")
eq "the city has its 65 targets of 2025" 65 "$t"

# who has reported: Bắc Kạn late for November, Đức Xuân partly in December
expect_ok "completeness 19" completeness --unit 19 --year 2026
has "BK2025 named as not complete" "chưa đủ hoặc muộn: BK2025"

# today's briefing and its tasks
expect_ok "task list" task list
has "an overdue task of today's briefing" "Quá hạn chưa hoàn thành +06/12/2026 +-1 BK2025"
has "a task due in 3 days" "10/12/2026 +3 DX2025"
n=$(grep -c "BK2025\|DX2025" <<<"$OUT")
[ "$n" -ge 5 ] && ok || bad "today's tasks: only $n"

# the same again: the same database
db_sql "SELECT unit_id, year, indicator_id, $(db_hex months) FROM value_year ORDER BY 1, 2, 3" >"$TMP/v1"
n1=$(db_sql "SELECT count(*) FROM task")
expect_ok "demo --force again" demo --force
db_sql "SELECT unit_id, year, indicator_id, $(db_hex months) FROM value_year ORDER BY 1, 2, 3" >"$TMP/v2"
if cmp -s "$TMP/v1" "$TMP/v2"; then ok; else bad "a second run changed the values"; fi
eq "a second run adds no task" "$n1" "$(db_sql "SELECT count(*) FROM task")"

finish
