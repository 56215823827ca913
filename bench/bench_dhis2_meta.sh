#!/usr/bin/env bash
# bench_dhis2_meta.sh - DHIS2 metadata in at a nation's size (issue #18 item
# 5): a generated metadata JSON of Vietnam's tree since 01/07/2025 (the
# nation, 34 provinces, 3.321 communes and wards) and 300 data elements,
# imported with `chitieu mapping import` into a fresh database: the dry
# run, the real import (--apply) and a re-run (everything matched, nothing
# written), each timed with /usr/bin/time. On SQLite, and on PostgreSQL too
# when $CHITIEU_TEST_PG holds a test server's conninfo (a schema made and
# dropped here).
#
#   bench/bench_dhis2_meta.sh
#
# Not for: correctness (the tests); it only checks the import says it wrote.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$ROOT/build-rel/chitieu}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
python3 - "$TMP/nation.json" <<'PY'
import json, sys
ous = [{"id": "VNroot00001", "code": "VN", "name": "Việt Nam", "level": 1, "path": "/VNroot00001"}]
n = 0
for p in range(34):
    pid = "PROV%07d" % p
    ous.append({"id": pid, "code": "P%02d" % p, "name": "Tỉnh Số %d" % p, "level": 2,
                "parent": {"id": "VNroot00001"}, "path": "/VNroot00001/" + pid})
    for c in range(98 if p < 33 else 3321 - 33 * 98):
        cid = "COMM%07d" % n
        n += 1
        ous.append({"id": cid, "code": "C%05d" % n, "name": ("Xã" if c % 4 else "Phường") + " Số %d" % n,
                    "level": 3, "parent": {"id": pid}, "path": "/VNroot00001/%s/%s" % (pid, cid)})
des = [{"id": "DE%09d" % i, "code": "DE_%d" % i, "name": "Chỉ số %d" % i,
        "valueType": ["NUMBER", "INTEGER", "PERCENTAGE"][i % 3], "aggregationType": ["SUM", "AVERAGE", "LAST"][i % 3],
        "domainType": "AGGREGATE", "categoryCombo": {"id": "bjDvmb4bfuf"}} for i in range(300)]
json.dump({"organisationUnits": ous, "dataElements": des}, open(sys.argv[1], "w"), ensure_ascii=False)
PY
echo "metadata: $(stat -c %s "$TMP/nation.json") bytes, 3356 organisationUnits, 300 dataElements"
one_engine() {
  local name=$1
  "$BIN" init >/dev/null
  /usr/bin/time -f "$name dry run: %e s, %M KB" "$BIN" mapping import "$TMP/nation.json" >/dev/null
  /usr/bin/time -f "$name import: %e s, %M KB" "$BIN" mapping import "$TMP/nation.json" --apply >"$TMP/out"
  grep -q "Đã nhập" "$TMP/out" || { echo "$name: the import did not write"; exit 1; }
  /usr/bin/time -f "$name re-run: %e s" "$BIN" mapping import "$TMP/nation.json" --apply >/dev/null
}
CHITIEU_DB=$TMP/n.db one_engine sqlite
if [ -n "${CHITIEU_TEST_PG:-}" ]; then
  schema=bench_meta_$$
  psql "$CHITIEU_TEST_PG" -qAtX -c "CREATE SCHEMA $schema" >/dev/null
  CHITIEU_DB="$CHITIEU_TEST_PG options='-c search_path=$schema'" one_engine postgresql || true
  psql "$CHITIEU_TEST_PG" -qAtX -c "DROP SCHEMA $schema CASCADE" >/dev/null 2>&1
fi
