#!/usr/bin/env bash
# test_due.sh - GET /api/due (the web "what is due" page): a ward officer sees
# only their ward's missing entries, late ones (deadline passed, closed) first
# and those due soon; entering a value removes it; deleting a value brings a
# late item back; a department officer sees only their agency's indicators for
# the wards that report them (not the city, which rolls them up); a leader has
# nothing to enter; bad parameters are refused naming the field; anonymous 401.
. "$(dirname "$0")/lib.sh"

has_users && has_route /api/due || skip_all "needs \`chitieu user add\` and GET /api/due"

# the demo as of the end of 2024 (its seed years: every value up to December 2024)
CHITIEU_TODAY=2024-12-31 demo_db --quiet
add_user d_ward ward --enter 01837
add_user d_dept department --agency KT --enter 058
add_user d_leader leader --view 058

# 20/01/2025: January 2025 (deadline 25/01) is due in 5 days, nothing is late
# (the demo has every value up to December 2024)
CHITIEU_TODAY=2025-01-20 start_server
login d_ward
login d_dept
login d_leader

as d_ward GET /api/due
status "ward due" 200
js "ward: today" .today 2025-01-20
js "ward: something is due" '.due > 0' true
js "ward: nothing late yet" .late 0
js "ward: only own ward" '[.items[].unit] | unique | join(",")' 01837
js "ward: January 2025 due in 5 days" '[.items[] | select(.period == "202501")][0] | "\(.days_left) \(.late) \(.open) \(.deadline) \(.label)"' \
  "5 false true 2025-01-25 tháng 1/2025"
js "ward: KT01 January is listed" '[.items[] | select(.indicator == "KT01" and .period == "202501")] | length' 1
js "ward: counts add up" '.total == (.late + .due) and .total == (.items | length)' true
js "ward: the next month is not due yet" '[.items[] | select(.period == "202502")] | length' 0

# entering the value (the CLI is never period-locked) removes the item
"$BIN" value set --indicator KT01 --unit 01837 --period 202501 --value 40,5 >/dev/null || bad "value set"
as d_ward GET /api/due
js "ward: entered value no longer due" '[.items[] | select(.indicator == "KT01" and .period == "202501")] | length' 0

as d_dept GET /api/due
status "department due" 200
js "department: only KT indicators" '[.items[].indicator] | unique | map(startswith("KT")) | all' true
DEPT_INDS=$(jq -r '[.items[].indicator] | unique | join(" ")' <<<"$BODY")
req GET /api/indicators?limit=500 -b "$TMP/ck_d_dept"
for i in $DEPT_INDS; do
  js "department: $i belongs to agency KT" ".items[] | select(.code == \"$i\") | .agency" KT
done
as d_dept GET /api/due
js "department: wards report, not the city" '[.items[] | select(.unit == "058")] | length' 0
js "department: several wards" '[.items[].unit] | unique | length > 1' true

as d_leader GET /api/due
status "leader due" 200
js "leader: nothing to enter" .total 0

as d_ward GET '/api/due?days=abc'
error "bad days" 400 invalid days
as d_ward GET '/api/due?months=99'
error "months out of range" 400 invalid months
req GET /api/due
status "anonymous" 401
stop_server

# 10/02/2025: January is late and closed (locked from 26/01), February not due
# yet within the default 10 days (deadline 25/02), but within days=20
CHITIEU_TODAY=2025-02-10 start_server
login d_ward
as d_ward GET /api/due
js "late: January is late" '[.items[] | select(.period == "202501")] | all(.late and (.open | not) and .days_left == -16)' true
js "late: counted" '.late > 0 and .due == 0' true
js "late: KT01 January stays entered" '[.items[] | select(.indicator == "KT01" and .period == "202501")] | length' 0
as d_ward GET '/api/due?days=20'
js "days=20: February due, after the late ones" \
  '[.items[] | .late] as $l | ($l | index(false)) as $f | $f != null and ($l[$f:] | all(. == false)) and ($l[:$f] | all)' true
# a deleted December value is late only when the window reaches back to it
"$BIN" value delete --indicator KT01 --unit 01837 --period 202412 >/dev/null || bad "value delete"
as d_ward GET '/api/due?months=0'
js "months=0: December not listed" '[.items[] | select(.period == "202412")] | length' 0
as d_ward GET /api/due
js "default window: deleted December value is late" '[.items[] | select(.indicator == "KT01" and .period == "202412")] | length' 1
stop_server

finish
