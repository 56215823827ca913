#!/usr/bin/env bash
# test_http_tasks.sh - meetings and tasks over HTTP (issue #5) on the demo
# catalogue, with the server's day pinned by CHITIEU_TODAY=2024-07-15 (the
# demo's own meetings are of 2022, so counts here are of 2024 only): a leader
# of the city holds a meeting and assigns tasks; a ward officer sees the
# tasks its ward leads or coordinates and not another ward's; the lead ward
# reports progress, a coordinating ward cannot (403, nothing changed);
# overdue is computed from the pinned day; extending moves the status and
# keeps the history; the statistics count by status per lead; the notice
# lists the tasks grouped by lead with the right Content-Type; the agenda of
# the next meeting starts from what is still open; an attachment comes back
# byte for byte; writes need the CSRF token; every refused write leaves every
# table unchanged (fingerprinted through a read-only SQLite connection).
# The demo may hold tasks of its own: lists are narrowed to this script's
# meeting or ids, and statistics are compared with a count taken before.
# Not the scope matrix of every route x role (test_http_matrix.sh).
. "$(dirname "$0")/lib.sh"

has_route /api/tasks || skip_all "the task routes are not in this build yet"
command -v python3 >/dev/null || skip_all "needs python3"

demo_db --quiet
add_user t_admin admin --view VN
add_user t_leader leader --view 058
add_user t_leader2 leader --view 061
add_user t_leader3 leader --view 058
add_user t_kt department --agency KT --enter 058
add_user t_tckh department --agency TCKH --enter 058
add_user t_songcau ward --enter 01837
add_user t_ducxuan ward --enter 01840
add_user t_viewer viewer --view 01840
export CHITIEU_TODAY=2024-07-15
start_server
for u in t_admin t_leader t_leader2 t_leader3 t_kt t_tckh t_songcau t_ducxuan t_viewer; do login $u; done

# fp: a fingerprint of every table but sessions and login failures
fp() { db_fp; }
# unchanged NAME: the database is as it was at the last `mark`
mark() { FP=$(fp); }
unchanged() { eq "$1: nothing changed" "$FP" "$(fp)"; }

# the statistics before this script's tasks (the demo's own open tasks carry over)
as t_leader GET '/api/tasks/stats?unit=058&period=202407'
status "stats before" 200
printf '%s' "$BODY" >"$TMP/stats0.json"

# ---- a meeting, held by the city's leader
MEET='{"kind":"monthly","title":"Giao ban UBND thành phố tháng 6/2024","date":"28/06/2024","time":"08:00",
"unit":"058","chair":"Đ/c Chủ tịch UBND thành phố","attendees":"Các Phó Chủ tịch; Trưởng các phòng",
"units":["01837","01840"],"period":"202406","indicators":["KT01"],
"conclusions":"Tập trung thu ngân sách 6 tháng cuối năm."}'
mark
send t_songcau POST /api/meetings "$MEET"
error "a ward officer cannot hold a meeting" 403 forbidden
send t_leader2 POST /api/meetings "$MEET"
error "a leader of another district cannot hold the city's meeting" 403 forbidden unit
unchanged "refused meetings"
send t_leader POST /api/meetings "$MEET"
status "leader creates a meeting" 201
M1=$(jq -r .id <<<"$BODY")
js "meeting kind label" .kind_label "Giao ban tháng"
js "meeting time" .time 08:00
js "meeting period label" .period_label "tháng 6/2024"
send t_leader POST /api/meetings '{"kind":"monthly","title":"x","date":"31/02/2024","unit":"058"}'
error "bad meeting date" 400 invalid date
send t_leader POST /api/meetings '{"kind":"weekly","title":"x","date":"01/07/2024","unit":"058"}'
error "bad meeting kind" 400 invalid kind
send t_leader POST /api/meetings '{"kind":"monthly","title":"x","date":"01/07/2024","unit":"058","units":["99999"]}'
error "unknown attending unit" 400 invalid units

# ---- tasks
task() { # task NAME JSON: the leader assigns; sets ID
  send t_leader POST /api/tasks "$2"
  status "leader assigns $1" 201
  ID=$(jq -r .id <<<"$BODY")
}
task T1 "{\"meeting\":$M1,\"content\":\"Sông Cầu: đôn đốc thu nợ thuế\",\"lead_unit\":\"01837\",\"coord_units\":[\"01840\"],\"due\":\"10/07/2024\",\"indicators\":[\"KT01\"]}"
T1=$ID
js "T1 overdue on 15/07" .status overdue
js "T1 status label" .status_label "Quá hạn chưa hoàn thành"
js "T1 days left" .days_left -5
js "T1 owner is the meeting's unit" .owner_unit 058
js "T1 assigned on the meeting's day" .assigned_on 2024-06-28
task T2 "{\"meeting\":$M1,\"content\":\"Phòng Kinh tế: kế hoạch phát triển thương mại\",\"lead_agency\":\"KT\",\"coord_agencies\":[\"TCKH\"],\"due\":\"202407\",\"priority\":\"high\"}"
T2=$ID
js "T2 due as a period: its last day" .due 2024-07-31
js "T2 due text" .due_text "tháng 7/2024 (31/07/2024)"
js "T2 in progress" .status in_progress
js "T2 lead name" .lead_name "Phòng Kinh tế"
task T3 "{\"meeting\":$M1,\"content\":\"Đức Xuân: rà soát hộ nghèo\",\"lead_unit\":\"01840\",\"due\":\"31/07/2024\"}"
T3=$ID
task T4 "{\"meeting\":$M1,\"content\":\"Phùng Chí Kiên: chỉnh trang đô thị\",\"lead_unit\":\"01843\",\"due\":\"30/09/2024\"}"
T4=$ID

# ---- bad input: the field named, nothing changed
mark
send t_leader POST /api/tasks "{\"meeting\":$M1,\"content\":\"x\",\"lead_unit\":\"01837\",\"due\":\"01/06/2024\"}"
error "deadline before the meeting" 400 invalid due
send t_leader POST /api/tasks "{\"meeting\":$M1,\"content\":\"   \",\"lead_unit\":\"01837\",\"due\":\"31/07/2024\"}"
error "empty content" 400 invalid content
send t_leader POST /api/tasks "{\"meeting\":$M1,\"content\":\"x\",\"lead_unit\":\"01837\",\"lead_agency\":\"KT\",\"due\":\"31/07/2024\"}"
error "two leads" 400 invalid
send t_leader POST /api/tasks "{\"meeting\":$M1,\"content\":\"x\",\"lead_unit\":\"01837\",\"coord_units\":[\"01837\"],\"due\":\"31/07/2024\"}"
error "lead among the coordinating units" 400 invalid coord_units
send t_leader POST /api/tasks "{\"meeting\":$M1,\"content\":\"x\",\"lead_unit\":\"99999\",\"due\":\"31/07/2024\"}"
error "unknown lead unit" 400 invalid lead_unit
send t_admin POST /api/tasks '{"owner_unit":"19","assigned_on":"01/08/2025","content":"x","lead_unit":"01837","due":"31/12/2025"}'
error "a lead merged in 2025" 409 conflict lead_unit
js "the refusal names the successor" '.error.message | contains("BK2025")' true
send t_leader POST /api/tasks "{\"meeting\":$M1,\"content\":\"x\",\"lead_unit\":\"01837\",\"due\":\"hôm nay\"}"
error "a deadline that is not a date" 400 invalid due
send t_leader POST /api/tasks '{"content":"x","lead_unit":"01837","due":"31/07/2024"}'
error "no meeting and no owner" 400 invalid owner_unit
send t_leader2 POST /api/tasks "{\"meeting\":$M1,\"content\":\"x\",\"lead_unit\":\"01837\",\"due\":\"31/07/2024\"}"
error "a leader of another district cannot assign at the city's meeting" 403 forbidden meeting
send t_kt POST /api/tasks '{"owner_unit":"058","content":"x","lead_unit":"01837","due":"31/07/2024"}'
error "a department officer cannot assign" 403 forbidden
as t_leader POST /api/tasks -H 'Content-Type: application/json' \
  --data-binary '{"owner_unit":"058","content":"x","lead_unit":"01837","due":"31/07/2024"}'
error "assigning without the CSRF token" 403 csrf
unchanged "refused tasks"

# ---- who sees what
as t_songcau GET "/api/tasks?meeting=$M1"
status "ward lists the meeting's tasks" 200
js "Sông Cầu sees only its own task of the meeting" '[.items[].id] | map(tostring) | join(",")' "$T1"
as t_songcau GET /api/tasks
js "every task Sông Cầu sees involves Sông Cầu" \
  '[.items[] | select(.lead_unit != "01837" and (.coord_units | index("01837") | not) and .owner_unit != "01837")] | length' 0
as t_ducxuan GET "/api/tasks?meeting=$M1"
js "Đức Xuân sees the task it coordinates and the one it leads" '[.items[].id] | sort | map(tostring) | join(",")' "$T1,$T3"
js "overdue first" '.items[0].id | tostring' "$T1"
as t_songcau GET "/api/tasks/$T4"
error "Sông Cầu cannot read Phùng Chí Kiên's task" 403 forbidden
as t_songcau GET "/api/tasks/$T1"
status "Sông Cầu reads its task" 200
as t_leader GET "/api/tasks?meeting=$M1"
js "the leader sees all four" .total 4
as t_kt GET "/api/tasks?agency=KT&role=lead&meeting=$M1"
js "the department's own tasks as lead" '[.items[].id] | map(tostring) | join(",")' "$T2"
as t_tckh GET "/api/tasks?agency=TCKH&role=coord&meeting=$M1"
js "the coordinating department's tasks" '[.items[].id] | map(tostring) | join(",")' "$T2"
as t_leader GET "/api/tasks?meeting=$M1&status=overdue"
js "filter by computed status" '[.items[].id] | map(tostring) | join(",")' "$T1"
as t_leader GET "/api/tasks?meeting=$M1&due_within=20"
js "due within 20 days (open, from today)" '[.items[].id] | sort | map(tostring) | join(",")' "$T2,$T3"
as t_leader GET "/api/tasks?meeting=$M1&open=false"
js "no closed task yet" .total 0
as t_leader GET "/api/tasks?meeting=$M1&status=late"
error "an unknown status" 400 invalid status
as t_leader GET "/api/tasks?unit=01840&role=coord&meeting=$M1"
js "filter by coordinating unit" '[.items[].id] | map(tostring) | join(",")' "$T1"
as t_songcau GET "/api/tasks?unit=01840"
error "listing another ward's tasks" 403 forbidden unit
as t_viewer GET "/api/meetings/$M1"
error "a viewer of one ward cannot read the city's meeting" 403 forbidden
as t_leader GET "/api/meetings/$M1"
js "the meeting carries its tasks" '.tasks | length' 4
as t_leader GET '/api/meetings?unit=058&kind=monthly&from=2024-01-01'
js "meetings list" '[.items[].id] | map(tostring) | join(",")' "$M1"

# ---- progress: the lead only
mark
send t_ducxuan POST "/api/tasks/$T1/progress" '{"text":"Đã phối hợp","percent":50}'
error "a coordinating ward cannot report" 403 forbidden
send t_tckh POST "/api/tasks/$T2/progress" '{"text":"Đã phối hợp","percent":50}'
error "a coordinating department cannot report" 403 forbidden
send t_leader POST "/api/tasks/$T1/progress" '{"text":"Tốt","percent":50}'
error "the assigner does not report for the lead" 403 forbidden
send t_songcau POST "/api/tasks/$T1/progress" '{"text":"  ","percent":50}'
error "empty progress text" 400 invalid text
send t_songcau POST "/api/tasks/$T1/progress" '{"text":"Đã làm","percent":101}'
error "percent over 100" 400 invalid percent
send t_songcau POST "/api/tasks/$T1/progress" '{"text":"Đã làm","percent":50,"date":"16/07/2024"}'
error "a report dated after today" 400 invalid date
send t_songcau POST "/api/tasks/$T1/progress" '{"text":"Đã làm","percent":50,"attachment_name":"a.pdf","attachment_base64":"!!!"}'
error "attachment not base64" 400 invalid attachment_base64
send t_songcau POST "/api/tasks/$T1/progress" '{"text":"Đã làm","percent":50,"attachment_name":"../../etc/passwd","attachment_base64":"YQ=="}'
error "an attachment name with a path" 400 invalid attachment_name
head -c $((4 * 1024 * 1024 + 1)) /dev/zero >"$TMP/big.bin"
printf '{"text":"Tệp lớn","percent":10,"attachment_name":"big.bin","attachment_base64":"%s"}' \
  "$(base64 -w0 "$TMP/big.bin")" >"$TMP/big.json"
send t_songcau POST "/api/tasks/$T1/progress" "@$TMP/big.json"
error "attachment over 4 MiB" 413 too_big attachment_base64
unchanged "refused progress reports"
head -c 150000 /dev/urandom >"$TMP/bienban.pdf"
printf '{"text":"Đã thu được 60%% nợ thuế","percent":60,"date":"14/07/2024","attachment_name":"biên bản.pdf","attachment_type":"application/pdf","attachment_base64":"%s"}' \
  "$(base64 -w0 "$TMP/bienban.pdf")" >"$TMP/prog.json"
send t_songcau POST "/api/tasks/$T1/progress" "@$TMP/prog.json"
status "the lead ward reports with an attachment" 201
P1=$(jq -r .progress.id <<<"$BODY")
js "percent on the task" .task.percent 60
js "attachment size" .progress.attachment.size 150000
# (curl directly: the bytes are not text for $BODY)
CODE=$(curl -s --max-time 20 -b "$TMP/ck_t_ducxuan" -o "$TMP/back.pdf" -D "$TMP/hdrs" -w '%{http_code}' \
  "$URL/api/tasks/$T1/progress/$P1/attachment")
BODY=
HDRS=$(tr -d '\r' <"$TMP/hdrs")
status "the coordinating ward downloads the attachment" 200
header "attachment served as PDF" '^Content-Type: application/pdf'
header "attachment named for saving (ASCII fallback and UTF-8)" \
  "^Content-Disposition: attachment; filename=\"bi_n_b_n.pdf\"; filename\\*=UTF-8''bi%C3%AAn%20b%E1%BA%A3n.pdf\$"
if cmp -s "$TMP/bienban.pdf" "$TMP/back.pdf"; then ok; else bad "attachment not byte-identical"; fi
as t_leader2 GET "/api/tasks/$T1/progress/$P1/attachment"
error "a leader of another district cannot download it" 403 forbidden
as t_songcau GET "/api/tasks/$T3/progress/$P1/attachment"
status "an attachment under another task" 403
as t_leader GET "/api/tasks/$T3/progress/$P1/attachment"
error "an attachment under another task" 404 not_found pid
send t_kt POST "/api/tasks/$T2/progress" '{"text":"Đã xây dựng dự thảo kế hoạch","percent":40}'
status "the lead department reports" 201
send t_ducxuan POST "/api/tasks/$T3/progress" '{"text":"Đã rà soát xong","percent":100,"done":true,"date":"14/07/2024"}'
error "a lead cannot date its completion back" 400 invalid date
send t_ducxuan POST "/api/tasks/$T3/progress" '{"text":"Đã rà soát xong","percent":100,"done":true}'
status "Đức Xuân reports its task done" 201
js "done on time" .task.status done_on_time
js "done on the day it is reported" .task.done_on 2024-07-15
send t_ducxuan POST "/api/tasks/$T3/progress" '{"text":"Thêm","percent":100}'
error "no report on a done task" 409 conflict

# ---- extend, cancel, reopen: the assigner only
mark
send t_songcau POST "/api/tasks/$T1/extend" '{"due":"31/07/2024","reason":"chờ số liệu"}'
error "the lead cannot extend its own task" 403 forbidden
send t_leader POST "/api/tasks/$T1/extend" '{"due":"05/07/2024","reason":"x"}'
error "an extension must move the deadline later" 400 invalid due
send t_leader POST "/api/tasks/$T1/extend" '{"due":"31/07/2024","reason":"  "}'
error "an extension needs a reason" 400 invalid reason
send t_leader PUT "/api/tasks/$T1" '{"due":"31/07/2024"}'
error "a later deadline through PUT is an extension" 400 invalid due
send t_leader POST "/api/tasks/$T4/reopen" '{"reason":"x"}'
error "reopening an open task" 409 conflict
send t_leader3 PUT "/api/tasks/$T4" '{"content":"Việc khác"}'
error "another leader of the city, not the assigner, cannot edit" 403 forbidden
send t_leader3 POST "/api/tasks/$T4/cancel" '{"reason":"x"}'
error "nor cancel" 403 forbidden
unchanged "refused changes"
send t_leader POST "/api/tasks/$T1/extend" '{"due":"31/07/2024","reason":"Chờ số liệu quyết toán của Chi cục Thuế"}'
status "the assigner extends" 200
js "in progress after the extension" .status in_progress
js "new due" .due 2024-07-31
js "original due kept" .due_original 2024-07-10
js "marked extended" .extended true
js "history keeps the extension" '[.history[] | select(.kind == "extended")][0] | "\(.old_due) \(.new_due) \(.reason)"' \
  "2024-07-10 2024-07-31 Chờ số liệu quyết toán của Chi cục Thuế"
js "history starts with the creation" '.history[0] | "\(.kind) \(.by)"' "created t_leader"
js "history keeps the progress" '[.progress[].percent] | map(tostring) | join(",")' 60
send t_leader PUT "/api/tasks/$T4" '{"content":"Phùng Chí Kiên: chỉnh trang đô thị, vỉa hè","priority":"urgent"}'
status "the assigner edits" 200
js "edited content" .content "Phùng Chí Kiên: chỉnh trang đô thị, vỉa hè"
js "edited priority" .priority_label "Khẩn"
send t_leader POST "/api/tasks/$T4/cancel" '{"reason":"Giao cho dự án khác"}'
status "the assigner cancels" 200
js "cancelled" .status cancelled
send t_admin POST "/api/tasks/$T3/reopen" '{"reason":"Số liệu chưa đủ"}'
status "an administrator reopens a done task" 200
js "reopened: in progress" .status in_progress
send t_ducxuan POST "/api/tasks/$T3/progress" '{"text":"Đã bổ sung","percent":100,"done":true,"date":"15/07/2024"}'
status "done again" 201

# ---- statistics (July 2024, as of 15/07): T1 extended and open, T2 open, T3 done on time; T4 cancelled
as t_leader GET '/api/tasks/stats?unit=058&period=202407'
status "stats" 200
printf '%s' "$BODY" >"$TMP/stats1.json"
# delta CODE: "total on_time late in_progress overdue" added since the first count (summary for "")
delta() {
  jq -rn --slurpfile a "$TMP/stats0.json" --slurpfile b "$TMP/stats1.json" --arg c "$1" '
    def pick($d): if $c == "" then $d.summary else ([$d.items[] | select(.code == $c)][0] // {}) end;
    def n($o; $k): ($o[$k] // 0);
    [ "total", "done_on_time", "done_late", "in_progress", "overdue" ]
    | map(n(pick($b[0]); .) - n(pick($a[0]); .)) | map(tostring) | join(" ")'
}
eq "stats: all counted" "3 1 0 2 0" "$(delta "")"
eq "stats: Sông Cầu (extended, in progress)" "1 0 0 1 0" "$(delta 01837)"
eq "stats: Đức Xuân (done on time)" "1 1 0 0 0" "$(delta 01840)"
eq "stats: Phòng Kinh tế (in progress)" "1 0 0 1 0" "$(delta KT)"
eq "stats: the cancelled task is not counted" "0 0 0 0 0" "$(delta 01843)"
js "share on time = on time / (on time + late + overdue)" \
  '.summary | if (.done_on_time + .done_late + .overdue) == 0 then .pct_on_time == null
     else ((.pct_on_time - 100 * .done_on_time / (.done_on_time + .done_late + .overdue)) | fabs) < 0.01 end' true
js "share on time in Vietnamese" '[.items[] | select(.code == "01840")][0].pct_on_time_text | test("^[0-9]+,[0-9]{2}%$")' true
as t_songcau GET '/api/tasks/stats?unit=058&period=202407'
error "a ward cannot read the city's statistics" 403 forbidden unit
as t_leader GET '/api/tasks/stats?unit=058&period=2024Q5'
error "stats with a bad period" 400 invalid period

# ---- due for the logged-in user
as t_songcau GET '/api/tasks/due?days=30'
status "due" 200
js "Sông Cầu's due task, as lead" "[.items[] | select(.id >= $T1) | \"\\(.id):\\(.role)\"] | join(\",\")" "$T1:lead"
as t_ducxuan GET '/api/tasks/due?days=30'
js "Đức Xuân's due task, as coordinator" "[.items[] | select(.id >= $T1) | \"\\(.id):\\(.role)\"] | join(\",\")" "$T1:coord"
as t_kt GET '/api/tasks/due?days=30'
js "the department's due task" "[.items[] | select(.id >= $T1) | \"\\(.id):\\(.role)\"] | join(\",\")" "$T2:lead"

# ---- the next meeting's agenda starts from what is still open
send t_leader POST /api/meetings '{"kind":"monthly","title":"Giao ban UBND thành phố tháng 7/2024","date":"30/07/2024","unit":"058"}'
status "the next monthly meeting" 201
M2=$(jq -r .id <<<"$BODY")
as t_leader GET "/api/meetings/$M2/agenda"
status "agenda" 200
js "agenda: the open tasks of the earlier meeting" "[.items[].id | select(. >= $T1)] | sort | map(tostring) | join(\",\")" "$(printf '%s\n' "$T1" "$T2" | sort | paste -sd,)"
js "agenda names the meeting they came from" "[.items[] | select(.id == $T1)][0].from_meeting.id | tostring" "$M1"
js "agenda: overdue first" '[.items[].status] | (index("in_progress") // 1e9) >= (rindex("overdue") // -1)' true
send t_leader POST /api/meetings '{"kind":"thematic","title":"Họp chuyên đề","date":"30/07/2024","unit":"058"}'
M3=$(jq -r .id <<<"$BODY")
as t_leader GET "/api/meetings/$M3/agenda"
js "a meeting of another kind does not carry the monthly tasks" "[.items[].id | select(. >= $T1)] | length" 0

# ---- the conclusions notice
as t_leader GET "/api/meetings/$M1/notice?format=text"
status "notice as text" 200
header "text Content-Type" '^Content-Type: text/plain; charset=utf-8'
if grep -q "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" <<<"$BODY"; then ok; else bad "notice lacks the national motto"; fi
# grouped by lead: each lead's name comes before its task, and Sông Cầu's task after Sông Cầu
n_sc=$(grep -n "Sông Cầu" <<<"$BODY" | head -1 | cut -d: -f1)
n_t1=$(grep -n "đôn đốc thu nợ thuế" <<<"$BODY" | head -1 | cut -d: -f1)
n_kt=$(grep -n "Phòng Kinh tế" <<<"$BODY" | head -1 | cut -d: -f1)
n_t2=$(grep -n "kế hoạch phát triển thương mại" <<<"$BODY" | head -1 | cut -d: -f1)
if [ -n "$n_sc" ] && [ -n "$n_t1" ] && [ "$n_sc" -le "$n_t1" ] && [ -n "$n_kt" ] && [ -n "$n_t2" ] && [ "$n_kt" -le "$n_t2" ]; then ok
else bad "notice does not group the tasks by lead (lines: SC $n_sc T1 $n_t1 KT $n_kt T2 $n_t2)"; fi
if grep -q "chỉnh trang đô thị" <<<"$BODY"; then bad "the cancelled task is in the notice"; else ok; fi
as t_leader GET "/api/meetings/$M1/notice?format=html"
header "html Content-Type" '^Content-Type: text/html; charset=utf-8'
if grep -q "<html" <<<"$BODY"; then ok; else bad "html notice is not a page"; fi
header "the html notice may use its inline styles, nothing else" \
  "^Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline';"
if grep -qi '^Content-Security-Policy:.*script-src' <<<"$HDRS"; then bad "the html notice may run scripts"; else ok; fi
as t_leader GET "/api/meetings/$M1/notice?format=markdown"
header "markdown Content-Type" '^Content-Type: text/markdown; charset=utf-8'
as t_leader GET "/api/meetings/$M1/notice?format=pdf"
header "pdf notice Content-Type" '^Content-Type: application/pdf'
header "pdf notice downloads" "^Content-Disposition: attachment; filename=\"thong-bao-$M1.pdf\""
if [ "$(head -c 4 "$TMP/body" 2>/dev/null)" = "%PDF" ]; then ok; else bad "the pdf notice is not a PDF"; fi
as t_leader GET "/api/meetings/$M1/notice?format=docx"
header "docx notice Content-Type" '^Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document'
as t_leader GET /api/openapi.json
js "the notice (a PDF to draw) runs in the heavy pool" '.paths["/api/meetings/{id}/notice"].get["x-heavy"]' true
as t_leader GET "/api/meetings/$M1/notice?format=odt"
error "unknown notice format" 400 invalid format
as t_viewer GET "/api/meetings/$M1/notice"
error "the notice of a meeting the user cannot see" 403 forbidden

# ---- editing and deleting meetings
mark
send t_songcau PUT "/api/meetings/$M1" '{"title":"x"}'
error "a ward cannot edit the meeting" 403 forbidden
send t_leader PUT "/api/meetings/$M1" '{"date":"01/08/2024"}'
error "moving the meeting after its tasks' deadlines" 400 invalid date
send t_leader DELETE "/api/meetings/$M1"
error "a meeting with tasks is not deleted" 409 conflict
unchanged "refused meeting changes"
send t_leader PUT "/api/meetings/$M1" '{"notice_no":"125/TB-UBND"}'
status "numbering the notice" 200
js "notice number" .notice_no "125/TB-UBND"
js "other fields kept" .title "Giao ban UBND thành phố tháng 6/2024"
send t_leader DELETE "/api/meetings/$M3"
status "deleting an empty meeting" 200
as t_leader GET "/api/meetings/$M3"
error "the deleted meeting is gone" 404 not_found

alive "after the task tests"
grep -q ' 500 ' "$TMP/srv.err" && bad "a 500 in the log: $(grep ' 500 ' "$TMP/srv.err" | head -3)" || ok
stop_server
eq "SIGTERM exits 0 (no leaks under ASan)" 0 "$SRV_RC"
finish
