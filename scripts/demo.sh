#!/usr/bin/env bash
# demo.sh - the README's first command: installs what is missing, builds
# chitieu, creates the demo database (Bắc Kạn city, 2019-2024) if it does not
# exist yet, and runs the main job: the city's dashboard for June 2022.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCHITIEU_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null

DB=${CHITIEU_DB:-demo.db}
if [ ! -s "$DB" ]; then
  ./build/chitieu --db "$DB" demo
fi
./build/chitieu --db "$DB" eval --unit 058 --period 202206
echo
echo "Cơ sở dữ liệu mẫu: $DB. Thử thêm: ./build/chitieu --db $DB eval --unit 058 --period 2020"
echo "                                   ./build/chitieu --help"
