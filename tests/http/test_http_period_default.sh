#!/usr/bin/env bash
# test_http_period_default.sh - GET /api/period/default (core/period_default.h)
# on the demo database with the server's day pinned by CHITIEU_TODAY: the city
# that ended on 30/06/2025 opens on December 2024, its last month with data,
# passing over the six locked empty months of 2025 (never June 2025); the unit
# formed on 01/07/2025 opens on the month being reported (open for entry); once
# that month is closed by hand it falls back to the latest month with data (a
# value entered by the CLI), and with none to the usual month ("usual"); a
# reopening makes a locked empty month the default again; a month reported
# under Decree 09 (due the 25th) is this month on its due day, and the next
# month once that month has begun; the scope (403), the input errors (400, 404) and login (401).
. "$(dirname "$0")/lib.sh"

has_route /api/period/default || skip_all "the route is not in this build yet"

# the demo as of the end of 2024 (its seed years): the months of 2025 are still empty
CHITIEU_TODAY=2024-12-31 demo_db
add_user admin1 admin --view VN
add_user ward1 ward --enter 01837
add_user lead1 leader --view 058

export CHITIEU_TODAY=2026-12-07
start_server
for u in admin1 ward1 lead1; do login $u; done

as lead1 GET '/api/period/default?unit=058'
status "city default" 200
js "ended city: its last month with data" .period 202412
js "reason data" .reason data
js "label" .label "tháng 12/2024"
js "usual month is its last month" .usual 202506
js "passed over Jan..Jun 2025, locked and empty" .skipped 6
as ward1 GET '/api/period/default?unit=01837'
js "ward under it: the same" .period 202412
# GET /api/eval?period=default evaluates that month
as lead1 GET '/api/eval?unit=058&period=202412'
WANT=$(jq -c '.summary' <<<"$BODY")
as lead1 GET '/api/eval?unit=058&period=default'
status "eval of the default month" 200
js "eval period=default: that month" .period.code 202412
eq "eval period=default: the same summary" "$WANT" "$(jq -c '.summary' <<<"$BODY")"
# the unit named as the page shows it before /api/units arrives (issue #17: the phone's first paint)
js "eval: the unit's type label" '.unit.type_label + " " + .unit.name' "thành phố Bắc Kạn"
as ward1 GET '/api/eval?unit=01834&period=default'
error "eval period=default outside the scope" 403 forbidden unit
as lead1 GET '/api/eval?unit=058&period=defaults'
error "eval with a bad period still refused" 400 invalid period

as admin1 GET '/api/period/default?unit=BK2025'
js "new unit: the month being reported" .period 202612
js "reason open" .reason open
js "its usual month" .usual 202612

# closed by hand: December is locked and empty, nothing entered since 07/2025
send admin1 POST /api/locks/close '{"unit":"BK2025","period":"202612","reason":"thử khóa sổ"}'
status "close December for BK2025" 200
as admin1 GET '/api/period/default?unit=BK2025'
js "nothing but locked empty months: the usual one, said so" .reason usual
js "usual period" .period 202612
"$BIN" value set --indicator KT02 --unit BK2025 --period 202608 --value 7 >/dev/null 2>"$TMP/vs.err" || bad "value set: $(cat "$TMP/vs.err")"
as admin1 GET '/api/period/default?unit=BK2025'
js "the latest month with data" .period 202608
js "reason data after a value" .reason data
js "September..December passed over" .skipped 4
as admin1 GET '/api/period/default?unit=19'
js "the province above: closing BK2025 leaves its December open" .period 202612

# a reopening opens a locked empty month
send admin1 POST /api/locks/reopen '{"unit":"058","period":"202506","until":"10/12/2026","reason":"bổ sung"}'
status "reopen June 2025 for the city" 200
as lead1 GET '/api/period/default?unit=058'
js "reopened June 2025: open, so the default" .period 202506
js "reason open after reopening" .reason open
stop_server

# the day decides the month being reported: 25/07/2022 July, 03/08/2022 August
export CHITIEU_TODAY=2022-07-25
start_server
login ward1
as ward1 GET '/api/period/default?unit=01837'
js "on its due day July is still reported" .usual 202207
stop_server
export CHITIEU_TODAY=2022-08-03
start_server
login ward1
as ward1 GET '/api/period/default?unit=01837'
js "after July's deadline, August" .usual 202208
js "August chosen" .period 202208

# scope and input
as ward1 GET '/api/period/default?unit=01834'
error "a ward outside the scope" 403 forbidden unit
as ward1 GET '/api/period/default'
error "no unit" 400 invalid unit
login admin1
as admin1 GET '/api/period/default?unit=99999'
error "unknown unit" 404 not_found unit
req GET '/api/period/default?unit=058'
error "without login" 401 unauthorized

# ---- GET /api/eval/trend: the months as GET /api/eval says them
login lead1
as lead1 GET '/api/eval/trend?unit=058&period=202206'
status "trend" 200
js "trend months" '.months | map(tostring) | join(",")' "1,2,3,4,5,6"
TREND=$BODY
for m in 03 06; do
  as lead1 GET "/api/eval?unit=058&period=2022$m"
  for code in KT01 KT02 VX01 KT05; do
    want=$(jq -c --arg c "$code" '.indicators[] | select(.code == $c) | [.cumulative, .percent_of_target, .status]' <<<"$BODY")
    got=$(jq -c --arg c "$code" --argjson k "$((10#$m - 1))" '.indicators[] | select(.code == $c) | [.cumulative[$k], .percent[$k], .status[$k]]' <<<"$TREND")
    [ -n "$want" ] || bad "no $code in the eval of 2022$m"
    eq "trend of $code in 2022$m is the eval's" "$want" "$got"
  done
done
as lead1 GET '/api/eval/trend?unit=058&period=2022Q3'
js "a quarter: up to its last month" '.months | length' 9
as ward1 GET '/api/eval/trend?unit=01834&period=202206'
error "trend outside the scope" 403 forbidden unit
as lead1 GET '/api/eval/trend?unit=058'
error "trend without a period" 400 invalid period
as admin1 GET '/api/eval/trend?unit=99999&period=202206'
error "trend of an unknown unit" 404 not_found unit
req GET '/api/eval/trend?unit=058&period=202206'
error "trend without login" 401 unauthorized
finish
