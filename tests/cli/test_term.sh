#!/usr/bin/env bash
# test_term.sh - black-box tests of `chitieu eval --term` (issue #16 item 1)
# on the demo (SQLite, or PostgreSQL with CHITIEU_TEST_PG): the Congress's
# 2021-2025 targets of Bắc Kạn city against their paths at the end of 2024
# (KT02 "tăng bình quân 10%/năm" from 143,3 in 2020: 143,3 × 1,1⁴ = 209,81 in
# 2024, 199,8 is behind; KT04 "5 năm đạt tổng 40": 37 by 2024 against 32)
# (KT05 "đến năm 2025 đạt 60%" from 56,9 in 2020: path 59,38 in 2024, 57,2
# is behind it); the three term-only forms set with `target set --term`
# (growth_avg compound, points_per_year, term_total) and their paths in the
# JSON; the form refused on a year's target; the table's title and summary
# sentence; --term refused with --period and in a bad shape; a term without
# targets says so; a year report inside the term has the section "Đánh giá
# thực hiện các chỉ tiêu Nghị quyết nhiệm kỳ" with the counts on and off the path.
set -e
. "$(dirname "$0")/lib.sh"

expect_ok "demo" demo
expect_ok "help" eval --help
has "help names --term" "--term"

expect_ok "term table" eval --unit 058 --term 2021-2025 --as-of 31/12/2024
has "title" "ĐÁNH GIÁ THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT NHIỆM KỲ 2021-2025 - thành phố Bắc Kạn"
has "data to 2024" "Số liệu đến hết năm 2024; lộ trình tính từ năm gốc 2020"
has "summary" "Tổng hợp: 4/7 chỉ tiêu đúng lộ trình; 3 chỉ tiêu chậm so với lộ trình\."

expect_ok "term json" eval --unit 058 --term 2021-2025 --as-of 31/12/2024 --json
J=$OUT
eq "last year" 2024 "$(jq -r .term.last_year <<<"$J")"
eq "summary counts" "7 4 3 0" "$(jq -r '.summary | "\(.targets) \(.on_path) \(.behind) \(.no_data)"' <<<"$J")"
eq "behind codes" "KT02,KT05,KT06" "$(jq -r '.summary.behind_codes | join(",")' <<<"$J")"
eq "KT05 reach" "reach 56.9 57.2 2024 59.38 behind" \
  "$(jq -r '.indicators[] | select(.code=="KT05") | "\(.form) \(.baseline) \(.latest) \(.latest_year) \(.expected) \(.status)"' <<<"$J")"
# 2,80 points a year: (60 - 57,2) / 1
eq "KT05 required" "2.8" "$(jq -r '.indicators[] | select(.code=="KT05") | .required_per_year' <<<"$J")"
eq "KT02 growth" "growth 143.3 209.81 199.8 behind" \
  "$(jq -r '.indicators[] | select(.code=="KT02") | "\(.form) \(.baseline) \(.expected) \(.latest) \(.status)"' <<<"$J")"
eq "KT04 total" "total 37 32 on_path 3" \
  "$(jq -r '.indicators[] | select(.code=="KT04") | "\(.form) \(.latest) \(.expected) \(.status) \(.required_per_year)"' <<<"$J")"
eq "KT05 path" "57.52 58.14 58.76 59.38 60" \
  "$(jq -r '[.indicators[] | select(.code=="KT05") | .path[].value] | join(" ")' <<<"$J")"
# VX04 "giảm xuống 1%" from its own baseline 1,78: lower is better
eq "VX04 reduce" "true lower on_path" \
  "$(jq -r '.indicators[] | select(.code=="VX04") | "\(.baseline_from_target) \(.judged) \(.status)"' <<<"$J")"

# the year report's section on the term targets (judged at the end of that year)
expect_ok "report 2022" report --unit 058 --period 2022 --as-of 31/12/2022
has "term part" "^III\. ĐÁNH GIÁ THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT NHIỆM KỲ 2021-2025$"
has "term counts" "^Có 04/07 chỉ tiêu Nghị quyết nhiệm kỳ 2021-2025 đúng lộ trình \(số liệu đến hết năm 2022\); 03 chỉ tiêu chậm so với lộ trình\.$"
has "term item" "Tỷ trọng thương mại - dịch vụ trong cơ cấu kinh tế: thực hiện 56,6% \(năm 2022\), lộ trình 58,1%, mục tiêu 60% năm 2025; mỗi năm còn lại cần tăng 1,1 điểm %\."
expect_ok "report 2020" report --unit 058 --period 2020 --as-of 31/12/2020
if grep -q "NHIỆM KỲ" <<<"$OUT"; then bad "2020 is before the term: no term part"; else ok; fi

# the term-only forms
expect_ok "growth_avg" target set --indicator KT02 --unit 058 --term 2021-2025 --kind growth_avg --value 10
expect_ok "points_per_year" target set --indicator VX04 --unit 058 --term 2021-2025 --kind points_per_year \
  --value -0,15 --source own
expect_ok "term_total" target set --indicator KT04 --unit 058 --term 2021-2025 --kind term_total --value 10
expect_fail "growth_avg for a year" "chỉ dùng cho chỉ tiêu nhiệm kỳ" \
  target set --indicator KT02 --unit 058 --year 2022 --kind growth_avg --value 10
expect_ok "term json 2" eval --unit 058 --term 2021-2025 --as-of 31/12/2024 --json
J=$OUT
# growth: the path is the baseline × 1,1^k
eq "KT02 growth path" "ok" "$(jq -r '.indicators[] | select(.code=="KT02") |
  if .form == "growth" and ((.expected - .baseline * pow(1.1; 4)) | fabs) < 0.01
     and ((.goal - .baseline * pow(1.1; 5)) | fabs) < 0.01 then "ok" else . end' <<<"$J")"
# points: 1,78 - 0,15 × 4 = 1,18 in 2024; the goal 1,78 - 0,75 = 1,03
eq "VX04 points" "points 1.18 1.03 lower" \
  "$(jq -r '.indicators[] | select(.code=="VX04") | "\(.form) \(.expected) \(.goal) \(.judged)"' <<<"$J")"
# total: 10 × 4/5 = 8 by 2024, the sum of 2021..2024's figures
eq "KT04 total" "total 8 2024 true" \
  "$(jq -r '.indicators[] | select(.code=="KT04") | "\(.form) \(.expected) \(.latest_year) \(.latest >= 8)"' <<<"$J")"
eq "seven targets" 7 "$(jq -r .summary.targets <<<"$J")"
expect_ok "table shows the forms" eval --unit 058 --term 2021-2025 --as-of 31/12/2024
has "growth shown" "\+10,00%/năm"
has "points shown" "-0,15 điểm/năm"
has "total shown" "tổng 10"

# a term whose first year has not ended
expect_ok "not started" eval --unit 058 --term 2021-2025 --as-of 30/06/2021 --json
eq "not started" "not_started" "$(jq -r '[.indicators[].status] | unique | join(",")' <<<"$OUT")"

expect_fail "with --period" "--term không dùng cùng --period" eval --unit 058 --term 2021-2025 --period 2022
expect_fail "bad shape" "NĂM-NĂM" eval --unit 058 --term 2021
expect_fail "unknown unit" "999" eval --unit 999 --term 2021-2025
expect_ok "no targets" eval --unit 058 --term 2026-2030
has "no targets" "chưa có chỉ tiêu nhiệm kỳ 2026-2030"

finish
