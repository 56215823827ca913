#!/usr/bin/env bash
# demo.sh - the README's first command: installs what is missing, builds
# chitieu, creates the demo database (Bắc Kạn city, 2019-2024) if it does not
# exist yet, creates the demo accounts the first time (an administrator and
# three users of Thái Nguyên province and its ward Bắc Kạn, the units of today,
# each with a generated password printed once, never a fixed one), prints the address and how to log in, then runs the server in
# the foreground (Ctrl-C stops it).
#
#   scripts/demo.sh              # build, demo data, accounts, serve on 127.0.0.1:8080
#   scripts/demo.sh --dashboard  # the terminal dashboard of the city, June 2022 (no server)
#   CHITIEU_DB=x.db CHITIEU_PORT=9090 scripts/demo.sh
#
# Not for: production set-up (use `chitieu user add` and `chitieu serve`).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=serve
case "${1:-}" in
  "") ;;
  --dashboard) mode=dashboard ;;
  -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "demo.sh: không hiểu tùy chọn \"$1\" (dùng --dashboard hoặc không gì cả)" >&2; exit 2 ;;
esac

bash scripts/deps.sh
echo "demo.sh: đang biên dịch chitieu (build/, lần đầu mất vài phút)..." >&2
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCHITIEU_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null

BIN=./build/chitieu
DB=${CHITIEU_DB:-demo.db}

# The web interface's charting library (Chart.js, web/package.json), served by
# chitieu itself from web/node_modules: installed when missing or older than the lock.
if [ ! -f web/node_modules/.package-lock.json ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  npm ci --prefix web --no-audit --no-fund --loglevel=error ||
    echo "demo.sh: không cài được Chart.js (npm ci --prefix web); trang web vẫn chạy nhưng không có biểu đồ" >&2
fi
if [ ! -s "$DB" ]; then
  "$BIN" --db "$DB" demo
fi

if [ "$mode" = dashboard ]; then
  "$BIN" --db "$DB" eval --unit 058 --period 202206
  echo
  echo "Cơ sở dữ liệu mẫu: $DB. Thử thêm: $BIN --db $DB eval --unit 058 --period 2020"
  echo "                                   $BIN --help"
  exit 0
fi

HOST=${CHITIEU_HOST:-127.0.0.1}
PORT=${CHITIEU_PORT:-8080}

# The accounts, made once: when `admin` exists they are left alone (their
# passwords were printed the first time; reset one with `chitieu user passwd`).
# `chitieu user add` without --password-stdin generates a random password
# (libsodium, 16 characters) and prints it once; we collect it for the table.
rows=()
add_user() { # LOGIN NAME ROLE [options...]
  local login=$1 name=$2 role=$3 out pw
  shift 3
  out=$("$BIN" --db "$DB" user add "$login" --name "$name" --role "$role" "$@")
  pw=$(sed -n 's/^Mật khẩu[^:]*: //p' <<<"$out" | tail -1)
  [ -n "$pw" ] || { echo "demo.sh: không đọc được mật khẩu sinh cho $login" >&2; exit 1; }
  rows+=("$(printf '%-8s  %-16s  %-10s  %s' "$login" "$pw" "$role" "$*")")
}
if ! "$BIN" --db "$DB" user list | grep -q '^admin '; then
  add_user admin "Quản trị hệ thống" admin --view VN
  # The accounts work where the demo lives today (src/demo/demo_live.c): the
  # units formed on 01/07/2025 (Thái Nguyên 19, phường Bắc Kạn BK2025), whose
  # current month is open for entry and which owe figures and tasks now.
  # Bắc Kạn city (058) and its old wards ended on 30/06/2025: their history
  # (2019 - June 2025) is seen with the admin account.
  add_user lanhdao "Lãnh đạo UBND tỉnh Thái Nguyên" leader --view 19
  add_user phongkt "Cán bộ Phòng Kinh tế" department --agency KT --enter 19
  add_user backan "Cán bộ phường Bắc Kạn" ward --enter BK2025
  # Last month's deadline has passed and it is locked, with figures still owed
  # (late): open it for the province and its wards for 30 days so the ward and
  # department accounts can enter them (an administrator's reopening, as in
  # real use). Today's month is open anyway.
  last=$(date -d "$(date +%Y-%m-01) -1 month" +%Y%m)
  until=$(date -d '+30 days' +%d/%m/%Y)
  "$BIN" --db "$DB" lock reopen --unit 19 --period "$last" --until "$until" --by demo \
    --reason "Mở kỳ tháng trước để thử nhập số liệu còn nợ (dữ liệu mẫu)" >/dev/null
  echo
  echo "Kỳ tháng $((10#${last:4:2}))/${last:0:4} của tỉnh 19 và các phường được mở nhập đến $until."
  echo
  echo "Tài khoản mẫu (mật khẩu chỉ hiện MỘT lần, hãy ghi lại):"
  echo "login     mật khẩu          vai trò     phạm vi (tùy chọn của chitieu user add)"
  printf '%s\n' "${rows[@]}"
else
  echo
  echo "Tài khoản mẫu đã có trong $DB (mật khẩu đã in lần đầu;"
  echo "đặt lại: $BIN --db $DB user passwd admin)."
fi

cat <<EOF

Máy chủ: http://$HOST:$PORT/   (API: http://$HOST:$PORT/api/openapi.json)
Giao diện web: http://$HOST:$PORT/#/dashboard?unit=19  (tháng gần nhất; đăng nhập bằng một tài khoản ở trên)
Lịch sử thành phố Bắc Kạn (2019 - 6/2025, tài khoản admin): http://$HOST:$PORT/#/dashboard?unit=058&period=202206
Đăng nhập bằng curl (cookie phiên + mã CSRF cho các yêu cầu ghi):
  curl -c ck.txt -H 'Content-Type: application/json' \\
       -d '{"login":"admin","password":"MẬT_KHẨU"}' http://$HOST:$PORT/api/login
  curl -b ck.txt 'http://$HOST:$PORT/api/eval?unit=058&period=202206'
Hoặc một mã truy cập cho kịch bản:
  TOKEN=\$($BIN --db $DB user token admin --name thu)
  curl -H "Authorization: Bearer \$TOKEN" 'http://$HOST:$PORT/api/eval?unit=058&period=202206'
Dừng máy chủ: Ctrl-C.

EOF
exec "$BIN" --db "$DB" serve --host "$HOST" --port "$PORT" --web "$PWD/web"
