#!/usr/bin/env bash
# run.sh - builds the libFuzzer harnesses of fuzz/ with clang (ASan + UBSan)
# into build-fuzz/ and runs each for SECONDS seconds on its seed corpus.
#
#   fuzz/run.sh [SECONDS] [HARNESS...]     (default 30 s, all harnesses)
#   fuzz/run.sh 10                         quick smoke run
#   FUZZ_BUILD_ONLY=1 fuzz/run.sh          build only
#   FUZZ_JOBS=2 fuzz/run.sh 60             two harnesses at a time
#
# New interesting inputs go to build-fuzz/corpus/<name>/ (the seeds in
# fuzz/corpus/<name>/ are only read), crashes to build-fuzz/artifacts/ and
# each run's log to build-fuzz/logs/<name>.log. Exits non-zero when a
# harness does not build or finds a crash. Not part of ctest (too slow).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build-fuzz
secs=${1:-30}
[ $# -gt 0 ] && shift
all=(vn_parse_num vn_parse_date period_parse vn_format_double csv import text report_template task_due xlsx vrow vrule adx dhis2_csv dxf2 extract dhis2_meta jflat api)
if [ $# -gt 0 ]; then harnesses=("$@"); else harnesses=("${all[@]}"); fi

max_len() {
  case $1 in
    vn_parse_num) echo 128 ;;
    vn_parse_date) echo 64 ;;
    task_due) echo 64 ;;
    period_parse) echo 32 ;;
    vn_format_double) echo 9 ;;
    csv) echo 8192 ;;
    import) echo 4096 ;;
    text) echo 512 ;;
    xlsx) echo 65536 ;;
    vrow) echo 2048 ;;
    vrule) echo 512 ;;
    adx) echo 8192 ;;
    api) echo 8192 ;;
    extract) echo 16384 ;;
    dhis2_csv) echo 8192 ;;
    dxf2) echo 8192 ;;
    dhis2_meta) echo 8192 ;;
    jflat) echo 2048 ;;
    *) echo 4096 ;;
  esac
}

CC=${CC:-clang}
common=(-std=c17 -g -O1 -Wall -Wextra -I"$root/src"
        -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
        -fno-omit-frame-pointer -fno-sanitize-recover=undefined $(pkg-config --cflags libxml-2.0 libpq))
mkdir -p "$out/obj" "$out/corpus" "$out/artifacts" "$out/logs"

# The library: the sources the harnesses reach (not eval or demo), instrumented
# for coverage. No -Werror here: clang may warn where the project's gcc does not.
objs=()
for src in "$root"/src/util/*.c "$root"/src/core/{vnfmt,period,model,import,task,vrule,source,adx_read,adx_period,dhis2_csv,dxf2_read,extract,extract_text,jsonw,dhis2_meta,dhis2_meta_rules,xmap}.c \
           "$root"/src/core/{unit_rules,catalog_rules,value_rules}.c "$root"/src/db/*.c \
           "$root"/src/store/*.c "$root"/src/report/report_template.c "$root"/src/office/{ooxml,xlsx_read,docx_read}.c; do
  o=$out/obj/$(basename "$(dirname "$src")")_$(basename "$src" .c).o
  if [ ! -f "$o" ] || [ "$src" -nt "$o" ] || [ -n "$(find "$root/src" -name '*.h' -newer "$o")" ]; then
    "$CC" "${common[@]}" -fsanitize=fuzzer-no-link,address,undefined -c "$src" -o "$o" ||
      exit 1
  fi
  objs+=("$o")
done
rm -f "$out/libchitieu_fuzz.a"
ar rcs "$out/libchitieu_fuzz.a" "${objs[@]}" || exit 1

# fuzz_api runs the whole server: every source but the command line, and its libraries
all_libs=()
case " ${harnesses[*]} " in *" api "*)
  pc=(libmicrohttpd jansson libsodium xlsxwriter libzip libxml-2.0 gsl libcurl libpq sqlite3 libutf8proc zlib pangocairo cairo-pdf)
  aobjs=()
  for src in "$root"/src/{util,core,db,store,demo,auth,http,api,report,office,notify}/*.c; do
    o=$out/obj/$(basename "$(dirname "$src")")_$(basename "$src" .c).o
    if [ ! -f "$o" ] || [ "$src" -nt "$o" ] || [ -n "$(find "$root/src" -name '*.h' -newer "$o")" ]; then
      "$CC" "${common[@]}" $(pkg-config --cflags "${pc[@]}") -fsanitize=fuzzer-no-link,address,undefined \
        -c "$src" -o "$o" || exit 1
    fi
    aobjs+=("$o")
  done
  rm -f "$out/libchitieu_fuzz_all.a"
  ar rcs "$out/libchitieu_fuzz_all.a" "${aobjs[@]}" || exit 1
  all_libs=("$out/libchitieu_fuzz_all.a" $(pkg-config --libs "${pc[@]}") -lpthread) ;;
esac

for h in "${harnesses[@]}"; do
  if [ "$h" = api ]; then libs=("${all_libs[@]}"); else
    libs=("$out/libchitieu_fuzz.a" -lsqlite3 -lpq -lutf8proc -ljansson $(pkg-config --libs libzip libxml-2.0)); fi
  "$CC" "${common[@]}" -Werror -fsanitize=fuzzer,address,undefined "$root/fuzz/fuzz_$h.c" \
    "${libs[@]}" -lm -o "$out/fuzz_$h" || {
    echo "fuzz_$h: build failed"; exit 1; }
done
[ -n "${FUZZ_BUILD_ONLY:-}" ] && { echo "built: ${harnesses[*]}"; exit 0; }

# One harness: its log in logs/<name>.log, "exit-code executions" in logs/<name>.result.
run_one() {
  local h=$1
  mkdir -p "$out/corpus/$h"
  local seeds=()
  [ -d "$root/fuzz/corpus/$h" ] && seeds=("$root/fuzz/corpus/$h")
  "$out/fuzz_$h" -max_total_time="$secs" -max_len="$(max_len "$h")" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/artifacts/$h-" \
    "$out/corpus/$h" "${seeds[@]}" >"$out/logs/$h.log" 2>&1
  local rc=$?
  local execs
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/logs/$h.log" | tail -1)
  echo "$rc ${execs:-0}" >"$out/logs/$h.result"
}

jobs=${FUZZ_JOBS:-1} # harnesses run at once
for h in "${harnesses[@]}"; do
  rm -f "$out/logs/$h.result"
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
  run_one "$h" &
done
wait

status=0
total=0
for h in "${harnesses[@]}"; do
  read -r rc execs <"$out/logs/$h.result" || { rc=1; execs=0; }
  total=$((total + execs))
  if [ "$rc" -eq 0 ]; then
    printf '%-18s ok     %12s executions\n' "$h" "$execs"
  else
    printf '%-18s FAILED (exit %d), see %s\n' "$h" "$rc" "$out/logs/$h.log"
    grep -E 'PROPERTY FAILED|ERROR: |runtime error|Test unit written' "$out/logs/$h.log" | head -5
    status=1
  fi
done
echo "total executions: $total"
exit $status
