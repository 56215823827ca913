#!/usr/bin/env bash
# test_http_sources.sh - own figure or aggregated figure over HTTP (issue #13,
# item 2; core/source.h), the department officer's case of the issue on the
# demo: the economic department saves one city-level figure of retail sales
# (KT01) for December 2024; the city's figure for 2024 stays the wards' sum
# (3.910,6, 105,69 %, exceeded) with the department's 410,5 beside it; the
# other months are unchanged; the own figure is removed (DELETE) and the gap
# goes. An administrator sets KT01 at the city to its own figure: the
# evaluation then uses the 410,5 and shows the wards' sum beside; a setting
# the rule refuses (an indicator that is not added up) is 400 and changes
# nothing; only an administrator may set (403); GET lists the settings,
# with the demo's budget revenue (KT02) at every city.
. "$(dirname "$0")/lib.sh"

has_route /api/sources || skip_all "the source routes are not in this build yet"

demo_db
add_user admin1 admin
add_user econ1 department --agency KT --enter 058
export CHITIEU_TODAY=2024-12-20 # December still open for entry
start_server
for u in admin1 econ1; do login $u; done

kt01() { # kt01 PERIOD JQ: a field of KT01's row in the city's evaluation
  as econ1 GET "/api/eval?unit=058&period=$1"
  jq -r ".indicators[] | select(.code == \"KT01\") | $2" <<<"$BODY"
}
before_nov=$(kt01 202411 '.cumulative')
eq "the year's figure before" "3910.6 105.69 aggregated null" "$(kt01 202412 '"\(.cumulative) \(.percent_of_target) \(.source) \(.other_cumulative)"')"

send econ1 PUT /api/values '{"indicator":"KT01","unit":"058","period":"202412","value":"410,5"}'
status "the department saves the city's December" 200
eq "the year's figure is still the wards' sum, met" "3910.6 105.69 exceeded" \
  "$(kt01 202412 '"\(.cumulative) \(.percent_of_target) \(.status)"')"
eq "the department's figure beside it" "410.5 410.5 aggregated" \
  "$(kt01 202412 '"\(.other_value) \(.other_cumulative) \(.source)"')"
eq "November is unchanged" "$before_nov" "$(kt01 202411 '.cumulative')"
eq "November shows no own figure" "null" "$(kt01 202411 '.other_value')"

send econ1 DELETE '/api/values?indicator=KT01&unit=058&period=202412&reason=nh%E1%BA%ADp%20nh%E1%BA%A7m'
status "the own figure is removed" 200
eq "no gap any more" "null 3910.6" "$(kt01 202412 '"\(.other_value) \(.cumulative)"')"

# an administrator makes the city's figure its own
send econ1 PUT /api/sources '{"indicator":"KT01","unit":"058","source":"own"}'
error "only an administrator sets a source" 403 forbidden
send admin1 PUT /api/sources '{"indicator":"VX04","unit":"058","source":"aggregated"}'
error "an indicator that is not added up cannot be aggregated" 400 invalid source
js "the refusal names the indicator" '.error.message | test("VX04.*own")' true
send admin1 PUT /api/sources '{"indicator":"KT01","source":"own"}'
error "a unit or a level is needed" 400 invalid unit
send admin1 PUT /api/sources '{"indicator":"KT01","unit":"058","source":"own"}'
status "the administrator sets KT01 at the city to its own" 200
send econ1 PUT /api/values '{"indicator":"KT01","unit":"058","period":"202412","value":"410,5"}'
status "the department saves December again" 200
eq "the city's own figure is used, the wards' sum beside" "own 410.5 3910.6" \
  "$(kt01 202412 '"\(.source) \(.cumulative) \(.other_cumulative)"')"
as econ1 GET /api/sources
status "the settings are listed" 200
js "with the demo's budget revenue at every city" '[.items[] | select(.indicator == "KT02") | .level] | join(",")' city
js "and KT01 at the city" '[.items[] | select(.indicator == "KT01") | "\(.unit) \(.source) \(.by)"] | join(",")' "058 own admin1"
send admin1 PUT /api/sources '{"indicator":"KT01","unit":"058","source":"default"}'
status "the setting is removed" 200
eq "back to the wards' sum" "aggregated 3910.6 410.5" \
  "$(kt01 202412 '"\(.source) \(.cumulative) \(.other_cumulative)"')"
out=$("$BIN" source show --indicator KT01 --unit 058 2>&1)
eq "the CLI says the same" "Chỉ tiêu KT01 tại đơn vị 058: tổng hợp từ đơn vị trực thuộc (theo chỉ tiêu)" "$out"
finish
