#!/usr/bin/env bash
# test_http_tasks_scale.sh - the task lists read the store a page at a time
# (review of issue #5): GET /api/tasks, /api/tasks/due and /api/tasks/stats
# for a ward officer over 40.000 tasks of another district no longer make
# the server hold every task at once (a task is ~5 KB in memory: before the
# fix the ward's list took the server from ~90 MB to ~500 MB). The answers
# are the same: the ward's 700 tasks (more than a store page) all counted,
# overdue first and then by deadline, limit and offset after the filters,
# the due list and the statistics counting them.
# Not the task routes' rules (test_http_tasks.sh).
. "$(dirname "$0")/lib.sh"

has_route /api/tasks || skip_all "the task routes are not in this build yet"
command -v sqlite3 >/dev/null || skip_all "needs the sqlite3 shell"
on_sqlite || skip_all "fills the database with SQLite's SQL (the scale is the server's, the same on both engines)"
[ -r /proc/self/status ] || skip_all "needs /proc"

demo_db --quiet
add_user k_ward ward --enter 01837
# 40.000 open tasks of Ba Bể, and 700 led by phường Sông Cầu among them (every 57th),
# due from 01/01/2024 on, one day apart per ten tasks
db_sql "
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 40700)
INSERT INTO task (content, owner_unit_id, meeting_id, assigned_by, assigned_on, due_period, due,
                  due_original, priority, state, done_on, percent, created_at, updated_at)
SELECT 'Việc ' || i, (SELECT id FROM unit WHERE code = '061'), NULL, 'test', '2024-01-01', NULL,
       date('2024-01-01', '+' || (i / 10) || ' days'), date('2024-01-01', '+' || (i / 10) || ' days'),
       'normal', 'open', NULL, 0, 0, 0
FROM c;
CREATE TEMP TABLE mine AS SELECT id FROM task WHERE content LIKE 'Việc %' AND
       CAST(substr(content, 6) AS INTEGER) % 57 = 0 AND CAST(substr(content, 6) AS INTEGER) / 57 <= 700;
INSERT INTO task_unit (task_id, role, unit_id, agency_id, pos)
SELECT id, 'lead', CASE WHEN id IN (SELECT id FROM mine) THEN (SELECT id FROM unit WHERE code = '01837')
                        ELSE (SELECT id FROM unit WHERE code = '061') END, NULL, 0
FROM task WHERE content LIKE 'Việc %';" || bad "inserting tasks"
export CHITIEU_TODAY=2028-06-15
# what the ward sees: its tasks (the demo's and these), overdue first, then by deadline
q() { db_sql "$1"; }
VIS="SELECT t.id, t.due, t.state FROM task t WHERE t.owner_unit_id = (SELECT id FROM unit WHERE code = '01837')
     OR t.id IN (SELECT task_id FROM task_unit WHERE unit_id = (SELECT id FROM unit WHERE code = '01837'))"
WANT=$(q "SELECT group_concat(id) FROM (SELECT id FROM ($VIS) ORDER BY NOT (state = 'open' AND due < '2028-06-15'), due, id)")
N=$(q "SELECT count(*) FROM ($VIS)")
[ "$N" -gt 600 ] || bad "setup: the ward has only $N tasks"

export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8"
start_server
login k_ward
hwm() { awk '/VmHWM/ {print $2}' "/proc/$SRV_PID/status"; }
before=$(hwm)
as k_ward GET '/api/tasks?limit=1'
status "ward lists tasks" 200
as k_ward GET '/api/tasks/due?days=7'
status "ward's due tasks" 200
js "every overdue task of the ward" .overdue "$(q "SELECT count(*) FROM ($VIS) v JOIN task t USING (id) WHERE t.state = 'open' AND t.due < '2028-06-15'")"
as k_ward GET '/api/tasks/stats?unit=01837&period=2024'
status "ward's statistics" 200
# owned or led by the ward; due in 2024, or carried over: due before and not done when 2024 began
OWNLEAD="SELECT t.id FROM task t WHERE t.owner_unit_id = (SELECT id FROM unit WHERE code = '01837')
     OR t.id IN (SELECT task_id FROM task_unit WHERE role = 'lead' AND unit_id = (SELECT id FROM unit WHERE code = '01837'))"
js "statistics count the ward's tasks of 2024" .summary.total \
  "$(q "SELECT count(*) FROM ($OWNLEAD) v JOIN task t USING (id) WHERE t.state <> 'cancelled' AND t.assigned_on <= '2024-12-31'
        AND (t.due BETWEEN '2024-01-01' AND '2024-12-31'
             OR (t.due < '2024-01-01' AND NOT (t.state = 'done' AND t.done_on < '2024-01-01')))")"
after=$(hwm)
grown=$(( (after - before) / 1024 ))
if [ "$grown" -lt 100 ]; then ok; else bad "three list requests grew the server by $grown MB (hold every task?)"; fi
echo "server peak grew by $grown MB for a ward's lists over $(q 'SELECT count(*) FROM task') tasks"

got=""
for off in 0 300 600; do
  as k_ward GET "/api/tasks?limit=300&offset=$off"
  js "total at offset $off" .total "$N"
  got="$got${got:+,}$(jq -r '[.items[].id] | join(",")' <<<"$BODY")"
done
eq "every task of the ward once, overdue first, then by deadline" "$WANT" "$got"
finish
