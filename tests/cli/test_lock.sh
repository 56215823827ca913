#!/usr/bin/env bash
# test_lock.sh - black-box tests of `chitieu lock ...` with the day pinned by
# CHITIEU_TODAY: help for every lock command; a month open before its due
# day is closed by hand for the city (its wards too, the province not), with
# the closing shown by status and list; closing twice, a month not begun, a
# missing reason and an unknown unit are refused, nothing written; a later
# reopening of one ward opens it alone; the closing holds with calendar
# locking switched off.
set -e
. "$(dirname "$0")/lib.sh"

for c in "lock status" "lock close" "lock reopen" "lock list" "lock config"; do
  # shellcheck disable=SC2086
  expect_ok "help $c" $c --help
  has "help $c has usage" "Cách dùng: chitieu \[--db CSDL\] $c"
done
expect_ok "lock group help" lock --help
has "group help lists close" "chitieu lock close"

expect_ok "init" init
expect_ok "province" unit add --code 06 --name "Bắc Kạn" --type province
expect_ok "city" unit add --code 058 --name "Bắc Kạn" --type city --parent 06
expect_ok "ward" unit add --code 01837 --name "Sông Cầu" --type ward --parent 058
expect_ok "ward 2" unit add --code 01834 --name "Nguyễn Thị Minh Khai" --type ward --parent 058

# 10/07/2022: July is open (due 25/07)
export CHITIEU_TODAY=2022-07-10
expect_ok "status before" lock status --unit 01837 --period 202207
has "July open" "đang mở"
expect_fail "close without a reason" "reason" lock close --unit 058 --period 202207
expect_fail "close an unknown unit" "99999" lock close --unit 99999 --period 202207 --reason x
expect_fail "close a month not begun" "chưa bắt đầu" lock close --unit 058 --period 202208 --reason x
expect_ok "list before" lock list
if grep -q "khóa sổ bằng tay" <<<"$OUT"; then bad "a refused closing was written: $OUT"; else ok; fi

expect_ok "close July for the city" lock close --unit 058 --period 202207 --reason "đã chốt số báo cáo tỉnh" --by admin1
has "close says so" "Đã khóa sổ kỳ tháng 7/2022 cho đơn vị 058"
expect_ok "status of a ward" lock status --unit 01837 --period 202207
has "the ward is closed" "ĐÃ KHÓA"
has "the status names the closing" "khóa sổ ngày [0-9/]+ cho đơn vị 058, bởi admin1: đã chốt số báo cáo tỉnh"
expect_ok "status of the province" lock status --unit 06 --period 202207
has "the province stays open" "đang mở"
expect_fail "closing twice" "đã khóa rồi" lock close --unit 01834 --period 202207 --reason x
expect_ok "list" lock list
has "list shows the closing" "058 +tháng 7/2022 .*admin1 +đã chốt số báo cáo tỉnh"
has "list counts it" "\(1 lần khóa sổ bằng tay\)"

# a reopening made after the closing opens one ward, not its sibling
expect_ok "reopen one ward" lock reopen --unit 01837 --period 202207 --until 20/07/2022 --reason "sửa số"
expect_ok "status of the reopened ward" lock status --unit 01837 --period 202207
has "reopened" "MỞ LẠI"
expect_ok "status of its sibling" lock status --unit 01834 --period 202207
has "the sibling stays closed" "ĐÃ KHÓA"

# calendar locking off: the closing by hand still holds
expect_ok "calendar off" lock config --enabled no
expect_ok "status with the calendar off" lock status --unit 01834 --period 202207
has "still closed" "ĐÃ KHÓA"
finish
