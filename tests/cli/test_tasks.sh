#!/usr/bin/env bash
# test_tasks.sh - black-box tests of `chitieu meeting ...`, `chitieu task ...`
# and `chitieu remind` on a small catalogue (city 058, wards 01837 and
# 01840, ward 01834 merged into 99001 on 01/07/2025, agencies TCKH and KT,
# indicator KT02) with CHITIEU_TODAY fixed: meetings, tasks led by an agency
# or a ward, the status by date, extension with history, cancel and reopen,
# progress with an attachment, the conclusions notice in three forms,
# statistics, the due list, the reminder digest to stdout and to files, and
# bad input (deadline before the meeting, merged lead, empty content,
# progress from a non-lead, future progress, unknown codes) leaving the
# tasks exactly as they were.
set -e
. "$(dirname "$0")/lib.sh"
export CHITIEU_TODAY=2022-07-15

# -- help --------------------------------------------------------------------
for c in "meeting add" "meeting list" "meeting show" "meeting notice" "meeting update" \
  "meeting delete" "task add" "task list" "task show" "task extend" "task cancel" \
  "task progress" "task stats" "task due" "remind"; do
  # shellcheck disable=SC2086
  expect_ok "help $c" $c --help
  has "help $c has usage" "Cách dùng: chitieu \[--db CSDL\] $c"
done
expect_ok "main help" --help
has "main help lists meeting" "^  meeting "
has "main help lists task" "^  task "
has "main help lists remind" "^  remind "
expect_ok "task group help" task --help
has "group help lists extend" "chitieu task extend"

# -- a small catalogue ----------------------------------------------------------
expect_ok "init" init
expect_ok "province" unit add --code 06 --name "Bắc Kạn" --type province
expect_ok "city" unit add --code 058 --name "Bắc Kạn" --type city --parent 06
expect_ok "ward" unit add --code 01837 --name "Sông Cầu" --type ward --parent 058
expect_ok "ward 2" unit add --code 01840 --name "Đức Xuân" --type ward --parent 058
expect_ok "merged ward" unit add --code 01834 --name "Nguyễn Thị Minh Khai" --type ward --parent 058 \
  --to 30/06/2025
expect_ok "new ward" unit add --code 99001 --name "Đức Xuân" --type ward --parent 058 --from 01/07/2025
expect_ok "merger link" unit link 99001 --from 01834
expect_ok "agency" agency add --code TCKH --name "Phòng Tài chính - Kế hoạch"
expect_ok "agency 2" agency add --code KT --name "Phòng Kinh tế"
expect_ok "indicator" indicator add --code KT02 --name "Thu ngân sách nhà nước trên địa bàn" \
  --uom "tỷ đồng" --scale 9 --decimals 1 --sector economy --kind flow --direction higher \
  --rollup sum --freq month --agency TCKH

# -- meetings ----------------------------------------------------------------------
expect_ok "meeting add" meeting add --title "Giao ban UBND thành phố tháng 6/2022" \
  --date 30/06/2022 --time 14:00 --unit 058 --period 202206 --indicators KT02 \
  --units 01837,01840 --chair "đồng chí Chủ tịch UBND thành phố" --notice-no 125/TB-UBND \
  --conclusions "Thu ngân sách 6 tháng đạt thấp; tập trung chống thất thu <ngoài quốc doanh>."
has "meeting id" "Đã tạo cuộc họp số 1:"
expect_fail "meeting without title" "thiếu tùy chọn --title" meeting add --date 30/06/2022 --unit 058
expect_fail "meeting bad kind" "monthly" meeting add --title X --date 30/06/2022 --unit 058 --kind weekly
expect_fail "meeting bad time" "--time" meeting add --title X --date 30/06/2022 --unit 058 --time 25:00
expect_fail "meeting unknown unit" "không có đơn vị mã \"777\"" meeting add --title X --date 30/06/2022 --unit 777
expect_ok "meeting 2" meeting add --kind monthly --title "Giao ban tháng 5/2022" --date 31/05/2022 --unit 058
expect_ok "meeting list" meeting list
has "list newest first" "^ +1 30/06/2022"
has "list counts" "\(2 cuộc họp\)"
expect_ok "meeting list kind" meeting list --kind quarterly
has "no quarterly" "\(0 cuộc họp\)"

# -- tasks -------------------------------------------------------------------------
expect_ok "task from an earlier meeting" task add --meeting 2 --lead 01840 --due 30/06/2022 \
  --content "Hoàn thành thu thuế sử dụng đất phi nông nghiệp"
expect_ok "task led by an agency" task add --meeting 1 --lead TCKH --coord 01837,KT --due 202207 \
  --content "Rà soát nguồn thu, chống thất thu ngân sách" --indicators KT02 --priority high
has "period deadline" "Đã giao nhiệm vụ số 2, hạn tháng 7/2022 \(31/07/2022\)"
expect_ok "task led by a ward" task add --meeting 1 --lead 01837 --due 10/07/2022 \
  --content "Ra quân thu nợ thuế"
expect_ok "task due soon" task add --meeting 1 --lead KT --due 18/07/2022 --content "Báo cáo sản xuất công nghiệp"
expect_ok "task to cancel" task add --meeting 1 --lead KT --due 2022Q3 --content "Khảo sát chợ đêm"
expect_ok "direct task" task add --owner 058 --assigned 01/07/2022 --lead 01840 --due 15/07/2022 \
  --content "Ra quân vệ sinh môi trường"

# Snapshot of everything a failed command must leave alone.
snapshot() {
  local s=""
  run task list; s+="$OUT"
  run meeting list; s+="$OUT"
  for i in 1 2 3 4 5 6; do run task show $i; s+="$OUT"; done
  printf '%s' "$s"
}
BEFORE=$(snapshot)

expect_fail "deadline before the meeting" "hạn hoàn thành \(due\) 29/06/2022 trước ngày giao 30/06/2022" \
  task add --meeting 1 --lead TCKH --due 29/06/2022 --content "Quá khứ"
expect_fail "empty content" "nội dung \(content\) trống" task add --meeting 1 --lead TCKH --due 202207 --content "   "
expect_fail "merged lead" "01834.*không còn tồn tại.*99001" \
  task add --owner 058 --assigned 01/08/2025 --lead 01834 --due 31/08/2025 --content "Bàn giao hồ sơ"
expect_fail "unknown lead" "không có đơn vị hay cơ quan mã \"ZZZ\"" \
  task add --meeting 1 --lead ZZZ --due 202207 --content "X"
expect_fail "unknown coordinator" "YYY" task add --meeting 1 --lead TCKH --coord 01837,YYY --due 202207 --content "X"
expect_fail "unknown indicator" "XX99" task add --meeting 1 --lead TCKH --due 202207 --content "X" --indicators XX99
expect_fail "lead coordinating itself" "coord" task add --meeting 1 --lead TCKH --coord TCKH --due 202207 --content "X"
expect_fail "bad deadline" "due" task add --meeting 1 --lead TCKH --due 202213 --content "X"
expect_fail "no meeting nor owner" "--meeting.*--owner" task add --lead TCKH --due 202207 --content "X"
expect_fail "unknown meeting" "không có cuộc họp số 99" task add --meeting 99 --lead TCKH --due 202207 --content "X"
expect_fail "progress from a non-lead" "01837 không phải đơn vị chủ trì.*TCKH" \
  task progress 2 --lead 01837 --percent 50 --text "Đã phối hợp"
expect_fail "progress in the future" "sau hôm nay" task progress 2 --percent 50 --text "X" --date 16/07/2022
expect_fail "progress without text" "--text" task progress 2 --percent 50
expect_fail "progress bad percent" "--percent" task progress 2 --percent 120 --text X
expect_fail "progress --type without --file" "--type chỉ dùng kèm --file" \
  task progress 2 --percent 50 --text X --type application/pdf
expect_fail "extend without reason" "--reason" task extend 3 --due 20/07/2022
expect_fail "extend earlier" "phải sau hạn hiện tại" task extend 3 --due 05/07/2022 --reason "nhầm"
expect_fail "cancel without reason" "lý do \(reason\)" task cancel 5 --reason "  "
expect_fail "reopen an open task" "chỉ mở lại được nhiệm vụ đã hoàn thành" task reopen 3 --reason "X"
expect_fail "delete a meeting with tasks" "đã giao 4 nhiệm vụ" meeting delete 1
expect_fail "show unknown task" "không có nhiệm vụ số 77" task show 77
expect_fail "move the meeting past a deadline" "sau hạn hoàn thành" meeting update 1 --date 20/07/2022
AFTER=$(snapshot)
eq "bad input changed nothing" "$BEFORE" "$AFTER"

# -- status by date ----------------------------------------------------------------
expect_ok "task list" task list
has "overdue first" "^ +1 Quá hạn chưa hoàn thành +30/06/2022 +-15 01840"
has "ward task overdue" "^ +3 Quá hạn chưa hoàn thành +10/07/2022 +-5 01837"
has "due today is in progress" "^ +6 Đang thực hiện trong hạn +15/07/2022 +0 01840"
has "counted" "\(6 nhiệm vụ; tình trạng tính đến ngày 15/07/2022\)"
first=$(sed -n 2p <<<"$OUT")
if grep -q "^ *1 " <<<"$first"; then ok; else bad "most overdue first: $first"; fi
CHITIEU_TODAY=2022-07-10 run task list --status overdue
has "on 10/07 only task 1 is overdue" "^ +1 Quá hạn"
if grep -q "^ *3 " <<<"$OUT"; then bad "task 3 not overdue on its due day"; else ok; fi
CHITIEU_TODAY=2022-07-11 run task list --status overdue
has "on 11/07 task 3 is overdue" "^ +3 Quá hạn"
expect_ok "list of a unit" task list --unit 01837
has "lead and coordinated" "\(2 nhiệm vụ"
expect_ok "list of a unit as lead" task list --unit 01837 --lead-only
has "lead only" "\(1 nhiệm vụ"
expect_ok "list of an agency" task list --agency TCKH
has "agency task" "Rà soát nguồn thu"
expect_ok "list by indicator" task list --indicator KT02
has "indicator task" "\(1 nhiệm vụ"

# -- extend, progress, done, cancel, reopen ----------------------------------------
CHITIEU_USER=chutich expect_ok "extend" task extend 3 --due 20/07/2022 --reason "Chờ số liệu của Chi cục Thuế"
has "extended" "Đã gia hạn nhiệm vụ số 3 đến ngày 20/07/2022"
expect_ok "show extended" task show 3
has "in progress again" "Đang thực hiện trong hạn \(còn 5 ngày\)"
has "first due kept" "đã gia hạn; hạn ban đầu 10/07/2022"
has "history of extension" "Gia hạn bởi chutich: từ 10/07/2022 đến 20/07/2022 \(lý do: Chờ số liệu của Chi cục Thuế\)"

printf 'bien ban\000binary' >"$TMP/bien-ban.pdf"
expect_ok "progress with a file" task progress 2 --percent 60 --text "Đã thu 60% kế hoạch" \
  --file "$TMP/bien-ban.pdf" --type application/pdf --date 14/07/2022
has "progress recorded" "Đã ghi báo cáo tiến độ số 1 của nhiệm vụ số 2: 60%"
expect_ok "get the attachment back" task attachment 1 --out "$TMP/back.pdf"
if cmp -s "$TMP/bien-ban.pdf" "$TMP/back.pdf"; then ok; else bad "attachment round trip"; fi
expect_ok "done on the due day" task progress 6 --done --text "Đã hoàn thành" --date 15/07/2022
expect_ok "done late" task progress 1 --done --text "Đã thu xong" --date 12/07/2022
expect_ok "show done late" task show 1
has "late" "tình trạng: +Hoàn thành quá hạn"
expect_ok "show done on time" task show 6
has "on time" "tình trạng: +Hoàn thành đúng hạn"
expect_fail "progress on a done task" "đã hoàn thành" task progress 6 --percent 100 --text X
expect_ok "cancel" task cancel 5 --reason "Trùng với kế hoạch của tỉnh"
expect_fail "cancel twice" "đã bị hủy" task cancel 5 --reason "lại"
expect_fail "extend a cancelled task" "đã bị hủy" task extend 5 --due 2022Q4 --reason "x"
expect_ok "reopen" task reopen 1 --reason "Số liệu chưa khớp"
expect_ok "show reopened" task show 1
has "overdue again" "Quá hạn chưa hoàn thành \(quá hạn 15 ngày\)"
has "history of reopening" "Mở lại bởi tester.*Số liệu chưa khớp"
expect_ok "done again" task progress 1 --done --text "Đã khớp số liệu" --date 15/07/2022

# -- meeting show: what is still open from earlier meetings --------------------------
expect_ok "add an open task to May" task add --meeting 2 --lead KT --due 10/06/2022 --content "Kiểm tra an toàn thực phẩm"
expect_ok "meeting show" meeting show 1
has "carried over" "Nhiệm vụ còn tồn từ các cuộc họp trước \(1\)"
has "carried task" "Kiểm tra an toàn thực phẩm"
has "own tasks" "Nhiệm vụ giao tại cuộc họp này \(4\)"

# -- the notice ----------------------------------------------------------------------
expect_ok "notice text" meeting notice 1
has "issuing body" "^UBND THÀNH PHỐ BẮC KẠN +CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
has "motto" "Độc lập - Tự do - Hạnh phúc"
has "number and date line" "Số: 125/TB-UBND +Bắc Kạn, ngày 30 tháng 6 năm 2022"
has "title" "Kết luận của đồng chí Chủ tịch UBND thành phố tại cuộc họp Giao ban UBND thành phố tháng 6/2022"
has "time" "Thời gian: 14 giờ 00, ngày 30/06/2022"
has "reviewed" "tháng 6/2022, trong đó: Thu ngân sách nhà nước trên địa bàn"
has "group TCKH" "^1\. Phòng Tài chính - Kế hoạch chủ trì:"
has "task with coordination" "Rà soát nguồn thu, chống thất thu ngân sách\. Phối hợp: Phòng Kinh tế, UBND phường Sông Cầu\. Thời hạn: tháng 7/2022 \(31/07/2022\)\."
has "group ward" "UBND phường Sông Cầu chủ trì:"
has "recipients" "^Nơi nhận:"
has "archive" "^- Lưu: VT\.$"
if grep -q "Khảo sát chợ đêm" <<<"$OUT"; then bad "cancelled task left out of the notice"; else ok; fi
expect_ok "notice html" meeting notice 1 --format html --out "$TMP/tb.html"
if grep -q "&lt;ngoài quốc doanh&gt;" "$TMP/tb.html" && ! grep -q "<ngoài" "$TMP/tb.html"; then ok; else bad "html escaped"; fi
if grep -q "</html>" "$TMP/tb.html"; then ok; else bad "html complete"; fi
expect_ok "notice markdown" meeting notice 1 --format markdown
has "markdown heading" "^# THÔNG BÁO"
expect_fail "notice bad format" "text, markdown, html, docx hoặc pdf" meeting notice 1 --format odt
# the same notice as Word and PDF (Decree 30 layout): tests/cli/test_notice_office.sh

# -- statistics ------------------------------------------------------------------------
expect_ok "stats July" task stats --period 202207
# KT: one due in July (in progress), one carried over from June (overdue).
has "KT in progress and carried over" "^KT +2 +0 +0 +1 +1 +0,0%$"
# 01840: one done on its due day, one carried over from June and done late.
has "01840 on time and late" "^01840 +2 +1 +1 +0 +0 +50,0%$"
has "in progress only: no percentage" "^TCKH +1 +0 +0 +1 +0 +-$"
has "total" "^Tổng +6 +1 +1 +3 +1 +33,3%$"
has "total" "^Tổng "
expect_ok "stats of one agency" task stats --period 2022Q3 --agency TCKH
has "TCKH only" "^TCKH +1 "
if grep -q "^01840" <<<"$OUT"; then bad "stats --agency shows only that agency"; else ok; fi

# -- due and remind ------------------------------------------------------------------------
expect_ok "due" task due --days 7
has "due lists overdue" "Kiểm tra an toàn thực phẩm"
has "due lists soon" "Báo cáo sản xuất công nghiệp"
if grep -q "Rà soát nguồn thu" <<<"$OUT"; then bad "due 31/07 is not within 7 days"; else ok; fi
expect_ok "remind" remind --days 7
has "digest of KT" "^NHẮC VIỆC: Phòng Kinh tế \(KT\), ngày 15/07/2022"
has "overdue section" "^Quá hạn chưa hoàn thành \(01\):"
has "overdue line" "quá hạn 35 ngày \| hạn 10/06/2022 \| chủ trì"
has "soon line" "còn 3 ngày \| hạn 18/07/2022"
mkdir "$TMP/nhac"
expect_ok "remind to files" remind --days 30 --out "$TMP/nhac"
has "files written" "Đã ghi [0-9]+ bản nhắc việc"
if [ -f "$TMP/nhac/KT.txt" ] && [ -f "$TMP/nhac/TCKH.txt" ] && [ -f "$TMP/nhac/01837.txt" ]; then ok; else bad "one file per unit: $(ls "$TMP/nhac")"; fi
if grep -q "phối hợp" "$TMP/nhac/01837.txt"; then ok; else bad "ward coordinates TCKH's task"; fi
expect_ok "remind one unit with nothing" remind --unit 01840
has "nothing to remind" "Không có nhiệm vụ"
expect_fail "remind unknown unit" "không có đơn vị mã" remind --unit 55555
expect_fail "remind missing dir" "không có thư mục" remind --out "$TMP/none"

# -- meetings: update and delete -------------------------------------------------------------
expect_ok "meeting update" meeting update 1 --title "Giao ban UBND thành phố tháng 6 năm 2022"
expect_ok "meeting show updated" meeting show 1
has "title updated" "Giao ban UBND thành phố tháng 6 năm 2022"
has "kept its indicators" "chỉ tiêu: +KT02"
expect_ok "empty meeting" meeting add --title "Họp chuyên đề" --kind thematic --date 01/07/2022 --unit 058
expect_ok "delete it" meeting delete 3
expect_fail "deleted" "không có cuộc họp số 3" meeting show 3

finish
