#!/usr/bin/env bash
# test_rollup_init.sh - `chitieu init` recomputes roll-ups marked stale.
# Moving a ward to another parent marks value_rollup stale (the sums would
# sit under the old parent); evaluations stay right through the slow path,
# and `init` rebuilds the roll-ups in one pass: the flag clears, the new
# parent gets the ward's sums, and every figure is unchanged.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

expect_ok "demo" demo --quiet
stale() { db_sql "SELECT stale FROM rollup_state"; }
rollup_rows() { # roll-up rows kept for unit code $1
  db_sql "SELECT count(*) FROM value_rollup r JOIN unit u ON u.id = r.unit_id WHERE u.code = '$1'"
}
eq "fresh demo: roll-ups ready" 0 "$(stale)"
eq "district 060 has no children with values" 0 "$(rollup_rows 060)"

run init
has "init on ready roll-ups: no rebuild" "sẵn sàng"
if grep -q "Đã tính lại" <<<"$OUT"; then bad "init rebuilt ready roll-ups"; else ok; fi

expect_ok "move ward 01837 under district 060" unit update 01837 --parent 060
eq "moving a unit marks the roll-ups stale" 1 "$(stale)"
for p in 202206 2022; do
  run eval --unit 058 --period $p --json; eq "eval 058 $p (stale)" 0 "$RC"; echo "$OUT" >"$TMP/before_058_$p"
  run eval --unit 060 --period $p --json; eq "eval 060 $p (stale)" 0 "$RC"; echo "$OUT" >"$TMP/before_060_$p"
done

run init
eq "init after the move" 0 "$RC"
has "init says it rebuilt" "Đã tính lại số liệu tổng hợp"
eq "roll-ups ready again" 0 "$(stale)"
if [ "$(rollup_rows 060)" -gt 0 ]; then ok; else bad "district 060 got no roll-up rows for its new ward"; fi
for p in 202206 2022; do
  run eval --unit 058 --period $p --json; eq "eval 058 $p unchanged by the rebuild" "$(cat "$TMP/before_058_$p")" "$OUT"
  run eval --unit 060 --period $p --json; eq "eval 060 $p unchanged by the rebuild" "$(cat "$TMP/before_060_$p")" "$OUT"
done

run init
if grep -q "Đã tính lại" <<<"$OUT"; then bad "second init rebuilt again"; else ok; fi

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
