#!/usr/bin/env bash
# test_http_tasks_scope.sh - a leader assigns tasks only to units in his
# scope (review of issue #5): the lead unit and every coordinating unit of a
# task written by POST or PUT /api/tasks must be units the assigner may view
# (an administrator: any). Without this, a leader of Ba Bể (061) could put an
# overdue task on phường Sông Cầu of Bắc Kạn city: it showed in the ward's
# "due" list and in the city's statistics. Refusals are 403 naming the field
# and change nothing; an unknown code stays 400 (the store's message).
# The assigner changes his task only while he may still assign for its
# owner unit (a leader made a viewer no longer cancels it).
# Not the general task story (test_http_tasks.sh) nor the route matrix.
. "$(dirname "$0")/lib.sh"

has_route /api/tasks || skip_all "the task routes are not in this build yet"

demo_db --quiet
add_user s_admin admin --view VN
add_user s_city leader --view 058
add_user s_babe leader --view 061
add_user s_ward leader --view 01837
add_user s_songcau ward --enter 01837
export CHITIEU_TODAY=2024-07-15
start_server
for u in s_admin s_city s_babe s_ward s_songcau; do login $u; done

count() { db_sql "SELECT (SELECT count(*) FROM task) || '/' || (SELECT count(*) FROM task_unit)"; }
command -v sqlite3 >/dev/null || count() { echo n/a; }

T='{"content":"Rà soát hồ sơ đất đai","owner_unit":"061","due":"31/07/2024"'
before=$(count)
send s_babe POST /api/tasks "$T"',"lead_unit":"01837"}'
error "a leader of Ba Bể cannot make a ward of the city lead" 403 forbidden lead_unit
send s_babe POST /api/tasks "$T"',"lead_agency":"KT","coord_units":["061","01837"]}'
error "nor make it coordinate" 403 forbidden coord_units
send s_ward POST /api/tasks '{"content":"Việc của phường khác","owner_unit":"01837","lead_unit":"01840","due":"31/07/2024"}'
error "a ward's leader cannot give a task to the next ward" 403 forbidden lead_unit
eq "refused tasks: nothing written" "$before" "$(count)"

as s_songcau GET '/api/tasks/due?days=30'
status "ward's due list" 200
js "no task of Ba Bể in the ward's list" '[.items[] | select(.owner_unit == "061")] | length' 0

# the store still names an unknown code (400), not a refusal of scope
send s_babe POST /api/tasks "$T"',"lead_unit":"99999"}'
error "an unknown lead unit is still bad input" 400 invalid lead_unit

# in scope: a leader's own unit and its wards; an administrator anywhere
send s_babe POST /api/tasks "$T"',"lead_unit":"061"}'
status "a leader gives his own district a task" 201
TB=$(jq -r .id <<<"$BODY")
send s_city POST /api/tasks '{"content":"Thu ngân sách","owner_unit":"058","lead_unit":"01837","coord_units":["01840"],"due":"31/07/2024"}'
status "the city's leader gives its wards a task" 201
send s_admin POST /api/tasks "$T"',"lead_unit":"01837"}'
status "an administrator assigns anywhere" 201

# PUT: the assigner cannot move his task out of his scope
before=$(count)
send s_babe PUT "/api/tasks/$TB" '{"lead_unit":"01837"}'
error "edit: lead moved out of scope" 403 forbidden lead_unit
send s_babe PUT "/api/tasks/$TB" '{"coord_units":["01840"]}'
error "edit: coordinator out of scope" 403 forbidden coord_units
eq "refused edits: nothing written" "$before" "$(count)"
send s_babe PUT "/api/tasks/$TB" '{"content":"Rà soát hồ sơ đất đai năm 2024"}'
status "edit within scope" 200
js "lead kept" .lead_unit 061

# a former assigner: a leader made a viewer of the same city (he still sees
# the task) no longer extends, cancels or edits the tasks he gave
send s_city POST /api/tasks '{"content":"Kiểm tra an toàn thực phẩm","owner_unit":"058","lead_unit":"01840","due":"31/07/2024"}'
status "the city's leader assigns" 201
TC=$(jq -r .id <<<"$BODY")
send s_admin PUT /api/users/s_city '{"role":"viewer"}'
status "the leader is made a viewer of the city" 200
before=$(count)
send s_city POST "/api/tasks/$TC/cancel" '{"reason":"không còn phụ trách"}'
error "a former leader cannot cancel" 403 forbidden
send s_city POST "/api/tasks/$TC/extend" '{"due":"31/08/2024","reason":"x"}'
error "nor extend" 403 forbidden
send s_city PUT "/api/tasks/$TC" '{"content":"Sửa"}'
error "nor edit" 403 forbidden
eq "refused changes by a former assigner: nothing written" "$before" "$(count)"
as s_admin GET "/api/tasks/$TC"
js "still open" .state open
send s_admin PUT /api/users/s_city '{"role":"leader"}'
status "a leader again" 200
send s_city POST "/api/tasks/$TC/extend" '{"due":"31/08/2024","reason":"chờ kết quả xét nghiệm"}'
status "back in charge, he extends" 200
finish
