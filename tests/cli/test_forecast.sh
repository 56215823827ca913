#!/usr/bin/env bash
# test_forecast.sh - black-box tests of the year-end forecast (issue #16
# items 2 and 3) on the demo (SQLite, or PostgreSQL with CHITIEU_TEST_PG):
# `eval --json` carries a forecast object on every row with an annual target
# and null on the others, the same bytes on every run; June 2022's retail
# sales (a flow) projected by the seasonal ratio inside its own 80% interval;
# January's forecast says it has too little data; the table lists the
# targets at risk; `forecast backtest` reports by month and kind, as a table
# and as JSON, and refuses a year not yet ended.
set -e
. "$(dirname "$0")/lib.sh"

expect_ok "demo" demo

expect_ok "eval json" eval --unit 058 --period 202206 --as-of 01/07/2022 --json
J=$OUT
expect_ok "eval json again" eval --unit 058 --period 202206 --as-of 01/07/2022 --json
eq "deterministic" "$J" "$OUT"
eq "forecast on every row with a target" 0 \
  "$(jq '[.indicators[] | select(.target != null and .forecast == null)] | length' <<<"$J")"
eq "no forecast without a target" 0 \
  "$(jq '[.indicators[] | select(.target == null and .forecast != null)] | length' <<<"$J")"
eq "KT01 seasonal" "ok seasonal_ratio 6 true true" "$(jq -r '.indicators[] | select(.code=="KT01") | .forecast |
  "\(.status) \(.method) \(.known_month) \(.low80 <= .value and .value <= .high80) \(.probability >= 0 and .probability <= 1)"' <<<"$J")"
# the projected path: July to December, cumulative, rising
eq "KT01 path" "7,8,9,10,11,12 true" "$(jq -r '.indicators[] | select(.code=="KT01") | .forecast.path |
  "\(map(.month) | join(",")) \(. as $p | [range(1; length)] | all($p[.].value > $p[. - 1].value))"' <<<"$J")"

expect_ok "january" eval --unit 058 --period 202201 --as-of 01/02/2022 --json
eq "one month is too little" "too_little_data null true" "$(jq -r '.indicators[] | select(.code=="KT01") | .forecast |
  "\(.status) \(.value) \(.reason | length > 0)"' <<<"$OUT")"

expect_ok "table" eval --unit 058 --period 202206 --as-of 01/07/2022
has "at risk" "Có nguy cơ không đạt kế hoạch năm \(dự báo\):"
has "at risk sentence" "dự báo cả năm đạt khoảng [0-9.,]+ \(khoảng 80%: [0-9.,]+ - [0-9.,]+ .*\), khả năng hoàn thành kế hoạch [0-9]+%"

expect_ok "backtest" forecast backtest --unit 058 --from-year 2021 --as-of 31/12/2024
has "backtest title" "KIỂM TRA LẠI DỰ BÁO CUỐI NĂM - đơn vị 058 - các năm 2021-2024"
has "flows" "Chỉ tiêu cộng dồn \(flow\)"
expect_ok "backtest json" forecast backtest --unit 058 --from-year 2021 --as-of 31/12/2024 --json
eq "backtest years" "2021 2024" "$(jq -r '"\(.year_from) \(.year_to)"' <<<"$OUT")"
eq "eleven months a kind" "true" "$(jq -r '[.kinds[].months | length == 11] | all' <<<"$OUT")"
eq "forecasts counted" "true" "$(jq -r '.forecasts > 0 and (.kinds[] | select(.kind=="flow") | .mape != null and .coverage80 != null)' <<<"$OUT")"
expect_fail "a year not ended" "chưa có năm nào" forecast backtest --unit 058 --from-year 2030 --as-of 31/12/2024
expect_fail "no from-year" "from-year" forecast backtest --unit 058

finish
