#!/usr/bin/env bash
# test_http_meetings_scale.sh - GET /api/meetings reads the store a page at a
# time (review of issue #5): a ward officer's list over 20.000 meetings of
# other units no longer makes the server hold every meeting at once (each is
# ~23 KB in memory: before the fix one request took the server from ~90 MB
# to ~1 GB and 2 s to answer an empty list). The answer is the same as
# before: only meetings of units the user may view, newest first, `total`
# counting all of them, limit and offset applied after the visibility filter
# (checked across the store's page boundary).
# Not the meeting routes' rules (test_http_tasks.sh).
. "$(dirname "$0")/lib.sh"

has_route /api/meetings || skip_all "the meeting routes are not in this build yet"
command -v sqlite3 >/dev/null || skip_all "needs the sqlite3 shell"
on_sqlite || skip_all "fills the database with SQLite's SQL (the scale is the server's, the same on both engines)"
[ -r /proc/self/status ] || skip_all "needs /proc"

demo_db --quiet
add_user m_ward ward --enter 01837
add_user m_admin admin --view VN
# 20.000 meetings of the city, and 600 of phường Sông Cầu spread among them (every 34th)
db_sql "
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 20600)
INSERT INTO meeting (kind, title, held_on, time_min, unit_id, chair, attendees, period, conclusions,
                     notice_no, created_by, created_at)
SELECT 'monthly', 'Họp ' || i, date('2020-01-01', '+' || (i / 10) || ' days'), NULL,
       CASE WHEN i % 34 = 0 AND i / 34 <= 600 THEN (SELECT id FROM unit WHERE code = '01837')
            ELSE (SELECT id FROM unit WHERE code = '058') END,
       'Chủ tịch', '', NULL, 'Kết luận', '', 'test', 0
FROM c;" || bad "inserting meetings"
WARD=$(db_sql "SELECT count(*) FROM meeting m JOIN unit u ON u.id = m.unit_id WHERE u.code = '01837'")
# under ASan freed memory waits in a 256 MB quarantine: keep it small so that
# the peak measures what the request holds at once
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8"
start_server
login m_ward
login m_admin

hwm() { awk '/VmHWM/ {print $2}' "/proc/$SRV_PID/status"; }
before=$(hwm)
as m_ward GET '/api/meetings?limit=100'
status "ward lists meetings" 200
after=$(hwm)
js "only its ward's meetings, all counted" .total "$WARD"
js "a page of 100" '.items | length' 100
js "only Sông Cầu" '[.items[].unit] | unique | join(",")' 01837
grown=$(( (after - before) / 1024 ))
if [ "$grown" -lt 100 ]; then ok; else bad "one list request grew the server by $grown MB (holds every meeting?)"; fi
echo "server peak grew by $grown MB for a ward's list over $(db_sql 'SELECT count(*) FROM meeting') meetings"

# newest first, and offset/limit after the filter, across the store's pages
as m_ward GET "/api/meetings?limit=100&offset=$((WARD - 50))"
js "the last page" '.items | length' 50
ALL=$(db_sql "SELECT group_concat(id) FROM (SELECT m.id FROM meeting m JOIN unit u ON u.id = m.unit_id
      WHERE u.code = '01837' ORDER BY m.held_on DESC, m.time_min DESC, m.id DESC)")
got=""
for off in 0 200 400; do
  as m_ward GET "/api/meetings?limit=200&offset=$off"
  got="$got${got:+,}$(jq -r '[.items[].id] | join(",")' <<<"$BODY")"
done
eq "every ward meeting once, newest first" "$ALL" "$got"
as m_admin GET '/api/meetings?limit=1&offset=20000'
js "the administrator counts every meeting" .total "$(db_sql 'SELECT count(*) FROM meeting')"
finish
