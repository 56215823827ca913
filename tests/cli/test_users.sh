#!/usr/bin/env bash
# test_users.sh - black-box tests of `chitieu user ...`: users of every role
# with their scopes, a list that never shows hashes, passwords only from
# stdin or generated (printed once, never taken as an argument), the policy
# and the refusals, tokens printed once and stored only as a hash, resets,
# disabling, and help for every user command.
set -e
. "$(dirname "$0")/lib.sh"

PW='mật khẩu tốt 2024'

# -- help for every user command ---------------------------------------------
for c in "user add" "user list" "user passwd" "user token" "user disable" "user enable"; do
  # shellcheck disable=SC2086
  expect_ok "help $c" $c --help
  has "help $c has usage" "Cách dùng: chitieu \[--db CSDL\] $c"
done
expect_ok "user group help" user --help
has "group help lists token" "chitieu user token"
expect_ok "main help lists user" --help
has "main help has user" "^  user "
expect_fail "no password argument" "không có tùy chọn --password" \
  user add --login a1 --name A --role viewer --password "$PW"

# -- a small catalogue ----------------------------------------------------------
expect_ok "init" init
expect_ok "province" unit add --code 06 --name "Bắc Kạn" --type province
expect_ok "city" unit add --code 058 --name "Bắc Kạn" --type city --parent 06
expect_ok "ward" unit add --code 01837 --name "Sông Cầu" --type ward --parent 058
expect_ok "ward 2" unit add --code 01834 --name "Nguyễn Thị Minh Khai" --type ward --parent 058
expect_ok "agency" agency add --code KT --name "Phòng Kinh tế"

# -- users of every role ---------------------------------------------------------
expect_ok "admin with generated password" user add --login admin --name "Quản trị viên" --role admin
has "generated password printed" "Mật khẩu \(chỉ hiện một lần"
GEN=$(sed -n 's/^Mật khẩu (chỉ hiện một lần[^:]*: //p' <<<"$OUT")
eq "generated password is 16 characters" 16 "${#GEN}"

run user add --login lanhdao --name "Lê Văn Lãnh" --role leader --view 058 --password-stdin <<<"$PW"
eq "leader added" 0 "$RC"
run user add --login KeToan --name "Nguyễn Văn An" --role department --agency KT --enter 058 \
  --password-stdin <<<"$PW"
eq "department added" 0 "$RC"
run user add --login songcau --name "Trần Thị Bình" --role ward --enter 01837 --password-stdin <<<"$PW"
eq "ward added" 0 "$RC"
if grep -q "Mật khẩu" <<<"$OUT"; then bad "a password from stdin is not echoed"; else ok; fi
run user add positional --login khac --name X --role viewer --password-stdin <<<"$PW"
if [ $RC -ne 0 ] && grep -q "hai tên đăng nhập khác nhau" <<<"$ERR"; then ok; else bad "two logins refused: $ERR"; fi
run user add xem --name "Phạm Xem" --role viewer --view "01837, 01834" --password-stdin <<<"$PW"
eq "viewer added" 0 "$RC"

expect_ok "list" user list
for l in admin lanhdao ketoan songcau xem; do has "list shows $l" "^$l "; done
has "list shows role labels" "Cán bộ phòng ban"
has "list shows agency and scopes" "ketoan .*KT .*nhập: 058"
has "list shows view scopes" "xem: 01834, 01837"
has "list counts" "\(5 người dùng\)"
if grep -qE 'argon2|\$' <<<"$OUT"; then bad "list shows no hashes: $OUT"; else ok; fi
if grep -qF "$PW" "$CHITIEU_DB"* 2>/dev/null; then bad "password stored in the clear"; else ok; fi

# -- refusals ----------------------------------------------------------------------
run user add --login yeu --name "Yếu" --role viewer --password-stdin <<<"ngắn quá"
if [ $RC -ne 0 ] && grep -q "ít nhất 10 ký tự" <<<"$ERR"; then ok; else bad "weak password refused: $RC $ERR"; fi
run user add --login trunglogin --name "Trùng" --role viewer --password-stdin <<<"trunglogin"
if [ $RC -ne 0 ] && grep -q "trùng với tên đăng nhập" <<<"$ERR"; then ok; else bad "password = login refused: $ERR"; fi
expect_fail "duplicate login" "đã có người dùng" user add --login KETOAN --name X --role viewer
expect_fail "department without agency" "agency" user add --login pb --name X --role department
expect_fail "unknown agency" "NOPE" user add --login pb --name X --role department --agency NOPE
expect_fail "unknown scope unit" "99999" user add --login pb --name X --role ward --enter 99999
expect_fail "long scope code names its option" "--view: mã đơn vị .* quá dài" \
  user add --login pb --name X --role ward --view 01837,$(printf 'A%.0s' {1..40})
expect_fail "too many scope units names the option" "--enter: quá 64 đơn vị" \
  user add --login pb --name X --role ward --enter "$(seq -s, 1 65)"
expect_fail "unknown role" "vai trò|role" user add --login pb --name X --role boss
expect_fail "bad login" "tên đăng nhập" user add --login "có dấu" --name X --role viewer
expect_ok "nothing written by refusals" user list
has "still five users" "\(5 người dùng\)"

# -- tokens: printed once, stored as a hash ----------------------------------------
expect_ok "token" user token ketoan --name "nhập liệu" --days 30
TOKEN=$OUT
eq "token alone on stdout, 43 characters" 43 "${#TOKEN}"
if grep -qE '^[A-Za-z0-9_-]{43}$' <<<"$TOKEN"; then ok; else bad "token is base64url: $TOKEN"; fi
if grep -q "chỉ hiện một lần" <<<"$ERR"; then ok; else bad "token note on stderr: $ERR"; fi
if grep -qF "$TOKEN" "$CHITIEU_DB"* 2>/dev/null; then bad "token stored in the clear"; else ok; fi
expect_ok "second token" user token ketoan --name khac
if [ "$OUT" != "$TOKEN" ]; then ok; else bad "tokens differ"; fi
expect_fail "same token name twice" "đã có mã truy cập" user token ketoan --name khac
expect_fail "token needs a name" "--name" user token ketoan
expect_fail "token for unknown user" "nobody" user token nobody --name x
expect_fail "days out of range" "--days" user token ketoan --name y --days -1

# -- reset and disable ------------------------------------------------------------
expect_ok "reset generated" user passwd songcau
has "new password printed once" "Mật khẩu mới \(chỉ hiện một lần\): [A-Za-z0-9]{16}$"
run user passwd songcau --password-stdin <<<"ngắn"
if [ $RC -ne 0 ] && grep -q "ít nhất 10" <<<"$ERR"; then ok; else bad "weak reset refused: $ERR"; fi
run user passwd songcau --password-stdin <<<"một mật khẩu mới dài"
eq "reset from stdin" 0 "$RC"
expect_fail "reset unknown" "nobody" user passwd nobody
expect_ok "disable" user disable xem
expect_ok "list after disable" user list
has "disabled shown" "^xem .*đã khóa"
expect_ok "enable" user enable xem
expect_ok "list after enable" user list
has "enabled shown" "^xem .*hoạt động"
expect_fail "disable unknown" "nobody" user disable nobody

finish
