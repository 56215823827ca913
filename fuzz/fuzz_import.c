/*
 * fuzz_import.c - fuzzes import_values_csv (core/import.h) on a real SQLite
 * store in a temporary directory under /tmp, set up once in
 * LLVMFuzzerInitialize with units 06 (province), 058 (city, until
 * 30/06/2025), 01834 (ward of 058, until 30/06/2025), 01860 (ward, from
 * 01/07/2025) and indicators KT01 (monthly), KT02 (quarterly), KT03 (yearly),
 * KT04 (half-yearly).
 *
 * Two modes, by the first input byte:
 *  - '#': the rest is one value cell, imported as KT01/058/202206 (quoted,
 *    printable ASCII only). Import must accept it exactly when vn_parse_num
 *    does (on the cell without the ' the CSV reader drops before = + - @), store the same num_t, and name the value column when refusing (the
 *    import's fast number path must agree with vn_parse_num).
 *  - anything else: the whole input is the CSV file; inputs of odd length
 *    are dry runs.
 * Properties, seen through a second SQLite connection (so a transaction
 * left open by mistake shows as missing rows): a failed import, or a dry
 * run, leaves the values (count and a checksum of amounts and estimate
 * flags) and the audit unchanged and reports zero counts; a successful one
 * adds exactly `inserted` values and `updated` audit rows, changes nothing
 * when it reports nothing changed, and inserted + updated + unchanged == rows. The value and audit tables are emptied now and then so
 * they stay small.
 *
 * Not for: the CSV tokenizer alone (fuzz_csv.c) or the number forms
 * (fuzz_vn_parse_num.c).
 */
#include "fuzz.h"

#include <sqlite3.h>
#include <unistd.h>

#include "core/import.h"
#include "core/vnfmt.h"
#include "store/store.h"
#include "store/vrow.h"
#include "util/buf.h"

#define TL_FAIL fz_fail
#include "../tests/unit/testlib.h"

static tl_db g_db;
static sqlite3 *g_peek; /* a second connection: sees only committed data */

static void put_unit(const char *code, unit_type t, const char *parent, cdate from, cdate to)
{
	tl_put_unit(g_db.s, code, NULL, parent, t, from, to);
}

static void put_indicator(const char *code, ind_freq freq)
{
	indicator ind = tl_make_ind(code, NULL, freq, IND_FLOW, 2);
	tl_put_ind(g_db.s, &ind);
}

static void cleanup(void)
{
	if (g_peek)
		sqlite3_close(g_peek);
	tl_db_close(&g_db);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	err e;
	if (tl_db_open(&g_db, "chitieu_fuzz_import", "fuzz.db", &e))
		fz_fail("cannot create the store in /tmp: %s", e.msg);
	atexit(cleanup);
	cdate none = {0, 0, 0};
	put_unit("06", UNIT_PROVINCE, "", none, none);
	put_unit("058", UNIT_CITY, "06", none, (cdate){2025, 6, 30});
	put_unit("01834", UNIT_WARD, "058", none, (cdate){2025, 6, 30});
	put_unit("01860", UNIT_WARD, "06", (cdate){2025, 7, 1}, none);
	put_indicator("KT01", FREQ_MONTH);
	put_indicator("KT02", FREQ_QUARTER);
	put_indicator("KT03", FREQ_YEAR);
	put_indicator("KT04", FREQ_HALF);
	if (sqlite3_open_v2(g_db.path, &g_peek, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		fz_fail("sqlite3_open_v2: %s", sqlite3_errmsg(g_peek));
	sqlite3_busy_timeout(g_peek, 5000);
	return 0;
}

/* What another connection sees committed: values, a checksum of them, audit rows. */
typedef struct db_state {
	long values, sum, audits;
} db_state;

static db_state committed(void)
{
	sqlite3_stmt *st = NULL;
	db_state d = {0, 0, 0};
	int rc;
	if (sqlite3_prepare_v2(g_peek, "SELECT months FROM value_year", -1, &st, NULL) != SQLITE_OK)
		fz_fail("prepare: %s", sqlite3_errmsg(g_peek));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		vrow r;
		if (vrow_decode(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), &r))
			fz_fail("a row of value_year does not decode");
		for (int m = 1; m <= 12; m++) {
			if (!vrow_has(&r, m))
				continue;
			num_t a = r.amount[m - 1];
			d.values++;
			d.sum += (long)((a < 0 ? -a : a) % 1000000007) + 3 * ((r.est >> (m - 1)) & 1) +
				 (a < 0);
		}
	}
	if (rc != SQLITE_DONE)
		fz_fail("read: %s", sqlite3_errmsg(g_peek));
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(g_peek, "SELECT count(*) FROM value_audit", -1, &st, NULL) !=
		    SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		fz_fail("count: %s", sqlite3_errmsg(g_peek));
	d.audits = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return d;
}

static int import_text(const char *text, size_t len, bool dry_run, import_summary *sum, err *e)
{
	FILE *f = len ? fmemopen((void *)text, len, "r") : fopen("/dev/null", "r");
	if (!f)
		abort();
	import_opts o = {.dry_run = dry_run, .by = "fuzz", .reason = "fuzz"};
	int rc = import_values_csv(g_db.s, f, "fuzz.csv", (long)len, &o, sum, e);
	fclose(f);
	return rc;
}

/* '#' mode: one value cell, compared with vn_parse_num. */
static void one_number(const char *cell, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!((cell[i] >= 0x20 && cell[i] < 0x7F) || cell[i] == '\t'))
			return;
	char *s = fz_cstr((const uint8_t *)cell, len);
	/* always quoted, so ',' and '"' stay inside the cell */
	buf q;
	buf_init(&q, 0);
	buf_puts(&q, "indicator,unit,period,value\nKT01,058,202206,\"");
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			buf_putc(&q, '"');
		buf_putc(&q, s[i]);
	}
	buf_puts(&q, "\"\n");

	num_t want = 0;
	err pe;
	/* the CSV reader drops the ' that neutralises a formula-like cell
	 * (util/csv.h: ' before = + - @ TAB or CR): the number is what follows */
	const char *num = s[0] == '\'' && s[1] && strchr("=+-@\t\r", s[1]) ? s + 1 : s;
	int prc = vn_parse_num(num, &want, &pe);
	import_summary sum;
	err e;
	int rc = import_text(buf_cstr(&q), q.len, false, &sum, &e);
	if ((rc == 0) != (prc == 0))
		fz_fail("cell \"%s\": import says %d (%s), vn_parse_num says %d (%s)", s, rc,
			rc ? e.msg : "ok", prc, prc ? pe.msg : "ok");
	if (rc == 0) {
		period p = period_month(2022, 6);
		value v;
		if (store_value_get(g_db.s, "KT01", "058", &p, &v, &e))
			fz_fail("cell \"%s\" imported but not stored: %s", s, e.msg);
		if (v.amount != want)
			fz_fail("cell \"%s\": import stored %lld, vn_parse_num gives %lld", s,
				(long long)v.amount, (long long)want);
	} else if (!strstr(e.msg, "cột value")) {
		fz_fail("cell \"%s\" refused without naming the value column: %s", s, e.msg);
	}
	buf_free(&q);
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned long runs;
	db_state before = committed();
	if (before.values > 2000 || ++runs % 4096 == 0) { /* the audit grows too */
		char *msg = NULL;
		if (sqlite3_exec(g_peek,
				 "DELETE FROM value_year; DELETE FROM value_rollup;"
				 " DELETE FROM value_audit;",
				 NULL, NULL, &msg) != SQLITE_OK)
			fz_fail("emptying the values: %s", msg ? msg : "?");
		before = committed();
	}
	if (size >= 1 && data[0] == '#') {
		one_number((const char *)data + 1, size - 1);
		return 0;
	}
	bool dry = size % 2 == 1;
	import_summary sum;
	err e;
	err_clear(&e);
	int rc = import_text((const char *)data, size, dry, &sum, &e);
	db_state after = committed();
	if (rc > 0)
		fz_fail("import returned %d", rc);
	if (rc < 0) {
		if (!e.msg[0])
			fz_fail("import failed (%d) without a message", rc);
		if (after.values != before.values || after.sum != before.sum ||
		    after.audits != before.audits)
			fz_fail("failed import (%s) changed the database: values %ld -> %ld, checksum "
				"%ld -> %ld, audit %ld -> %ld", e.msg, before.values, after.values,
				before.sum, after.sum, before.audits, after.audits);
		if (sum.inserted || sum.updated || sum.unchanged)
			fz_fail("failed import reports counts %ld/%ld/%ld", sum.inserted, sum.updated,
				sum.unchanged);
		return 0;
	}
	if (sum.inserted + sum.updated + sum.unchanged != sum.rows)
		fz_fail("rows %ld but inserted %ld + updated %ld + unchanged %ld", sum.rows, sum.inserted,
			sum.updated, sum.unchanged);
	if (dry) {
		if (after.values != before.values || after.sum != before.sum ||
		    after.audits != before.audits)
			fz_fail("dry run changed the database");
	} else {
		if (after.values != before.values + sum.inserted)
			fz_fail("import of %ld rows (%ld inserted): value count %ld -> %ld", sum.rows,
				sum.inserted, before.values, after.values);
		if (after.audits != before.audits + sum.updated)
			fz_fail("import updated %ld values but the audit grew %ld -> %ld", sum.updated,
				before.audits, after.audits);
		if (sum.inserted == 0 && sum.updated == 0 && after.sum != before.sum)
			fz_fail("an import that changed nothing changed the values' checksum");
	}
	return 0;
}
