/*
 * fuzz_dhis2_meta.c - fuzzes DHIS2 metadata in (core/dhis2_meta.h) on a
 * real SQLite store in a temporary directory under /tmp, set up once with
 * the province 06 and an orgUnit mapping row to it (so parents resolve by
 * code and by the mapping as well as within the file).
 *
 * The input is the metadata document; inputs of odd length are dry runs.
 * Properties, seen through a second SQLite connection (a transaction left
 * open by mistake shows as missing rows): a dry run, a refused document
 * (ERR_INVALID, ERR_TOOBIG) or one with conflicts (ERR_CONFLICT) leaves
 * the units, indicators and mapping rows unchanged; a real run without
 * conflicts adds exactly the units and indicators it reports as created
 * and never reports conflicts; the report's JSON is valid (jansson reads
 * it back). Everything but 06 and its row is wiped after each real run.
 *
 * Not for: the rules of the words alone (tests/unit/test_dhis2_meta.c).
 */
#include "fuzz.h"

#include <jansson.h>
#include <sqlite3.h>

#include "core/dhis2_meta.h"
#include "store/store.h"
#include "util/buf.h"

#define TL_FAIL fz_fail
#include "../tests/unit/testlib.h"

static tl_db g_db;
static sqlite3 *g_peek;

static void cleanup(void)
{
	if (g_peek)
		sqlite3_close(g_peek);
	tl_db_close(&g_db);
}

static long count(const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(g_peek, sql, -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		fz_fail("%s: %s", sql, sqlite3_errmsg(g_peek));
	long n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void exec_peek(const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(g_peek, sql, NULL, NULL, &msg) != SQLITE_OK)
		fz_fail("%s: %s", sql, msg ? msg : "?");
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	err e;
	if (tl_db_open(&g_db, "chitieu_fuzz_meta", "fuzz.db", &e))
		fz_fail("cannot create the store in /tmp: %s", e.msg);
	atexit(cleanup);
	cdate none = {0, 0, 0};
	tl_put_unit(g_db.s, "06", NULL, "", UNIT_PROVINCE, none, none);
	store_xmap m;
	memset(&m, 0, sizeof m);
	snprintf(m.kind, sizeof m.kind, "orgUnit");
	snprintf(m.uid, sizeof m.uid, "ProvMapped1");
	snprintf(m.target, sizeof m.target, "06");
	if (store_xmap_put(g_db.s, &m, &e))
		fz_fail("mapping: %s", e.msg);
	if (sqlite3_open_v2(g_db.path, &g_peek, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		fz_fail("sqlite3_open_v2: %s", sqlite3_errmsg(g_peek));
	sqlite3_busy_timeout(g_peek, 5000);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	long u0 = count("SELECT count(*) FROM unit"), i0 = count("SELECT count(*) FROM indicator"),
	     m0 = count("SELECT count(*) FROM exchange_map");
	dhis2_meta_opts o = {.dry_run = size % 2 == 1, .update = size % 4 == 0, .who = "fuzz"};
	dhis2_meta_report r;
	err e;
	err_clear(&e);
	int rc = dhis2_meta_import(g_db.s, (const char *)data, size, &o, &r, &e);
	long u1 = count("SELECT count(*) FROM unit"), i1 = count("SELECT count(*) FROM indicator"),
	     m1 = count("SELECT count(*) FROM exchange_map");
	bool unchanged = u0 == u1 && i0 == i1 && m0 == m1;
	if (rc && rc != ERR_INVALID && rc != ERR_TOOBIG && rc != ERR_CONFLICT)
		fz_fail("unexpected error %d: %s", rc, e.msg);
	if ((rc || o.dry_run) && !unchanged)
		fz_fail("rc %d dry %d changed the store: units %ld->%ld, indicators %ld->%ld, map %ld->%ld", rc,
			o.dry_run, u0, u1, i0, i1, m0, m1);
	if (rc == ERR_CONFLICT && !r.conflicts)
		fz_fail("ERR_CONFLICT without a conflict");
	if (!rc && r.conflicts)
		fz_fail("success with %zu conflicts", r.conflicts);
	if (!rc && !o.dry_run &&
	    (u1 - u0 != (long)r.units[DM_CREATE] || i1 - i0 != (long)r.indicators[DM_CREATE] || !r.written))
		fz_fail("created %zu units, %zu indicators but the store has %ld, %ld more", r.units[DM_CREATE],
			r.indicators[DM_CREATE], u1 - u0, i1 - i0);
	if (rc == 0 || rc == ERR_CONFLICT) {
		buf b;
		buf_init(&b, 0);
		if (dhis2_meta_report_json(&r, &b))
			fz_fail("report_json failed");
		json_error_t je;
		json_t *j = json_loadb(b.data, b.len, 0, &je);
		if (!j)
			fz_fail("the report is not JSON: %s", je.text);
		json_decref(j);
		buf_free(&b);
	}
	dhis2_meta_report_free(&r);
	if (!o.dry_run && !rc) {
		exec_peek("DELETE FROM exchange_map WHERE uid <> 'ProvMapped1';"
			  "DELETE FROM indicator;"
			  "DELETE FROM unit WHERE code <> '06';"
			  "UPDATE unit SET parent_id = NULL WHERE code = '06';");
	}
	return 0;
}
