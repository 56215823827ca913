/*
 * test_faults.c - fault injection (issue #14 item 6): an allocation, or a
 * database statement, that fails at the Nth call, for every N until the
 * operation runs through, on both engines. The operations: a CSV import
 * (with a rule between indicators, so the check runs too), a single value
 * write, a report built and written as text, HTML and DOCX, and a DHIS2
 * metadata import (units, indicators and mapping rows). After
 * each failed run: no crash (the sanitizers watch), no leak (LeakSanitizer
 * at exit), the error is returned, and nothing is half-written: the values,
 * units, indicators and mapping rows are exactly those from before.
 *
 * Allocations: this executable is linked with -Wl,--wrap for malloc,
 * calloc, realloc, strdup and strndup (CMakeLists.txt), so every call from
 * chitieu's own code goes through the counters below (the libraries'
 * own allocations, SQLite's and libpq's, do not). Statements:
 * db_fault_after (db/db.h).
 *
 * A fault the operation absorbs (it succeeds anyway) is allowed only where
 * an allocation is an optimisation with a fallback (the import's reserve
 * and radix sort); FAULTS_VERBOSE=1 prints each absorbed one with the
 * stack of its realloc as offsets for `addr2line -f -e test_faults`.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <execinfo.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dhis2_meta.h"
#include "core/import.h"
#include "db/db.h"
#include "report/report.h"
#include "testlib.h"

/* ---- the allocation shim ------------------------------------------------------- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

static atomic_long alloc_left; /* allocations left before the one that fails; 0: off */

extern char __executable_start;
static void *fault_site; /* where the failing allocation was asked for (FAULTS_VERBOSE) */
static void *fault_stack[8];
static int fault_depth;

static bool alloc_fails(void)
{
	long v = atomic_load(&alloc_left);
	while (v > 0 && !atomic_compare_exchange_weak(&alloc_left, &v, v - 1))
		;
	return v == 1;
}

void *__wrap_malloc(size_t n)
{
	if (alloc_fails()) {
		fault_site = __builtin_return_address(0);
		return NULL;
	}
	return __real_malloc(n);
}

void *__wrap_calloc(size_t k, size_t n)
{
	if (alloc_fails()) {
		fault_site = __builtin_return_address(0);
		return NULL;
	}
	return __real_calloc(k, n);
}

void *__wrap_realloc(void *p, size_t n)
{
	if (alloc_fails()) {
		fault_site = __builtin_return_address(0);
		if (getenv("FAULTS_VERBOSE"))
			fault_depth = backtrace(fault_stack, 8);
		return NULL;
	}
	return __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	if (alloc_fails()) {
		fault_site = __builtin_return_address(0);
		return NULL;
	}
	return __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	if (alloc_fails()) {
		fault_site = __builtin_return_address(0);
		return NULL;
	}
	return __real_strndup(s, n);
}

/* ---- the fixture ------------------------------------------------------------------ */

typedef tl_db fixture;

static const char *const WARDS[] = {"A", "B", "C"};

static int setup(void **state)
{
	if (tl_setup(state, "chitieu_fault") != 0)
		return -1;
	store *s = ((fixture *)*state)->s;
	cdate none = {0, 0, 0};
	err e;
	tl_put_unit(s, "058", NULL, "", UNIT_CITY, none, none);
	for (size_t k = 0; k < 3; k++)
		tl_put_unit(s, WARDS[k], NULL, "058", UNIT_WARD, none, none);
	indicator a = tl_make_ind("KT01", NULL, FREQ_MONTH, IND_FLOW, 1);
	indicator b = tl_make_ind("KT02", NULL, FREQ_MONTH, IND_FLOW, 1);
	tl_put_ind(s, &a);
	tl_put_ind(s, &b);
	vrule r;
	memset(&r, 0, sizeof r);
	snprintf(r.code, sizeof r.code, "KT02_KT01");
	snprintf(r.name, sizeof r.name, "Phần không vượt tổng");
	snprintf(r.left, sizeof r.left, "KT02");
	r.op = VR_LE;
	snprintf(r.right, sizeof r.right, "KT01");
	r.importance = VR_ERROR;
	if (store_vrule_put(s, &r, &e) != 0)
		fail_msg("store_vrule_put: %s", e.msg);
	return 0;
}

static int teardown(void **state)
{
	return tl_teardown(state);
}

/* Every value of 2022 of the wards (KT01 and KT02, 12 months), as one text
 * ("A KT01 202201 = 10\n..." for those present): what "nothing
 * half-written" compares. */
static void snapshot(store *s, buf *out)
{
	buf_reset(out);
	const char *inds[] = {"KT01", "KT02"};
	for (size_t u = 0; u < 3; u++)
		for (size_t i = 0; i < 2; i++)
			for (int m = 1; m <= 12; m++) {
				period p = period_month(2022, m);
				value v;
				err e;
				int rc = store_value_get(s, inds[i], WARDS[u], &p, &v, &e);
				if (rc == ERR_NOTFOUND)
					continue;
				if (rc != 0)
					fail_msg("store_value_get: %s", e.msg);
				buf_printf(out, "%s %s %d = %lld\n", WARDS[u], inds[i], m, (long long)v.amount);
			}
	/* the catalogue and the DHIS2 mapping (the metadata import writes them) */
	unit *us = NULL;
	indicator *is = NULL;
	store_xmap *xs = NULL;
	size_t nu = 0, ni = 0, nx = 0;
	err e;
	if (store_unit_list(s, NULL, NULL, &us, &nu, &e) || store_indicator_list(s, &is, &ni, &e) ||
	    store_xmap_list(s, NULL, &xs, &nx, &e))
		fail_msg("snapshot: %s", e.msg);
	for (size_t k = 0; k < nu; k++)
		buf_printf(out, "unit %s %s %s %d\n", us[k].code, us[k].name, us[k].parent_code, (int)us[k].type);
	for (size_t k = 0; k < ni; k++)
		buf_printf(out, "indicator %s %s %d %d\n", is[k].code, is[k].name_vi, (int)is[k].kind, (int)is[k].rollup);
	for (size_t k = 0; k < nx; k++)
		buf_printf(out, "map %s %s %s %s\n", xs[k].kind, xs[k].uid, xs[k].coc, xs[k].target);
	free(us);
	free(is);
	free(xs);
}

/* The CSV every import run reads: 72 rows, every rule kept. */
static void csv_text(buf *b, int base)
{
	buf_puts(b, "indicator,unit,period,value\n");
	for (size_t u = 0; u < 3; u++)
		for (int m = 1; m <= 12; m++) {
			buf_printf(b, "KT01,%s,2022%02d,%d\n", WARDS[u], m, base + 10 * m);
			buf_printf(b, "KT02,%s,2022%02d,%d\n", WARDS[u], m, base + m);
		}
}

typedef int (*op_fn)(store *s, err *e);

static int op_import(store *s, err *e)
{
	buf b;
	buf_init(&b, 0);
	csv_text(&b, 100);
	if (buf_failed(&b)) { /* the shim's failure hit the test's own text */
		buf_free(&b);
		return err_set(e, ERR_NOMEM, "test text");
	}
	FILE *f = fmemopen(b.data, b.len, "r");
	if (!f) {
		buf_free(&b);
		return err_set(e, ERR_NOMEM, "fmemopen");
	}
	import_opts o = {.by = "faults", .reason = "thử lỗi"};
	import_summary sum;
	int rc = import_values_csv(s, f, "faults.csv", (long)b.len, &o, &sum, e);
	fclose(f);
	buf_free(&b);
	return rc;
}

static int op_value_put(store *s, err *e)
{
	value v;
	memset(&v, 0, sizeof v);
	snprintf(v.indicator_code, sizeof v.indicator_code, "KT01");
	snprintf(v.unit_code, sizeof v.unit_code, "B");
	v.period = period_month(2022, 6);
	v.amount = NUM_INT(999);
	snprintf(v.by, sizeof v.by, "faults");
	return store_value_put(s, &v, "thử lỗi", NULL, e);
}

static int op_report(store *s, err *e)
{
	report_opts o;
	memset(&o, 0, sizeof o);
	period p = period_month(2022, 6);
	report_doc d;
	int rc = report_build(s, "058", &p, &o, &d, e);
	if (rc)
		return rc;
	const report_format fs[] = {REPORT_TEXT, REPORT_HTML, REPORT_DOCX};
	for (size_t k = 0; k < sizeof fs / sizeof fs[0] && rc == 0; k++) {
		buf b;
		buf_init(&b, 0);
		rc = report_write(&b, &d, fs[k], e);
		if (rc == 0 && buf_failed(&b))
			rc = err_set(e, ERR_NOMEM, "report_write returned 0 for a failed buffer");
		buf_free(&b);
	}
	report_doc_free(&d);
	return rc;
}

/* A DHIS2 metadata document: two wards (one under the other's parent by the
 * file, one under 058 by its code), a disaggregated data element, a text one. */
static const char META[] =
	"{\"organisationUnits\":["
	"{\"id\":\"WardNew0001\",\"code\":\"W1\",\"name\":\"Phường Mới\",\"level\":2,\"parent\":{\"id\":\"X\",\"code\":\"058\"}},"
	"{\"id\":\"WardNew0002\",\"code\":\"W2\",\"name\":\"Xã Mới\",\"level\":3,\"parent\":{\"id\":\"WardNew0001\"}}],"
	"\"categoryOptionCombos\":["
	"{\"id\":\"MaleCoc0001\",\"code\":\"NAM\",\"name\":\"Nam\",\"categoryCombo\":{\"id\":\"SexCombo001\"}},"
	"{\"id\":\"FemaleCoc01\",\"code\":\"NU\",\"name\":\"Nữ\",\"categoryCombo\":{\"id\":\"SexCombo001\"}}],"
	"\"dataElements\":["
	"{\"id\":\"ImmFull0001\",\"code\":\"TC\",\"name\":\"Tiêm chủng\",\"valueType\":\"INTEGER\","
	"\"aggregationType\":\"SUM\",\"categoryCombo\":{\"id\":\"SexCombo001\"}},"
	"{\"id\":\"Rate0000001\",\"code\":\"TL\",\"name\":\"Tỷ lệ\",\"valueType\":\"PERCENTAGE\",\"aggregationType\":\"AVERAGE\"},"
	"{\"id\":\"Note0000001\",\"name\":\"Ghi chú\",\"valueType\":\"TEXT\"}]}";

/* The real import: on success every object is created (or, after an absorbed
 * fault wrote them, kept). */
static int op_meta(store *s, err *e)
{
	dhis2_meta_opts o = {.who = "faults"};
	dhis2_meta_report r;
	int rc = dhis2_meta_import(s, META, sizeof META - 1, &o, &r, e);
	if (rc == 0 && (r.units[DM_CREATE] + r.units[DM_SKIP] != 2 || r.indicators[DM_CREATE] + r.indicators[DM_SKIP] != 3))
		rc = err_set(e, ERR_INVALID, "metadata: %zu units, %zu indicators", r.units[DM_CREATE], r.indicators[DM_CREATE]);
	dhis2_meta_report_free(&r);
	return rc;
}

/* The dry run and its report as JSON: never writes. */
static int op_meta_dry(store *s, err *e)
{
	dhis2_meta_opts o = {.who = "faults", .dry_run = true};
	dhis2_meta_report r;
	int rc = dhis2_meta_import(s, META, sizeof META - 1, &o, &r, e);
	if (rc == 0) {
		buf b;
		buf_init(&b, 0);
		if ((rc = dhis2_meta_report_json(&r, &b)))
			err_set(e, rc, "report_json");
		buf_free(&b);
	}
	dhis2_meta_report_free(&r);
	return rc;
}

/*
 * Runs op with the Nth allocation (alloc) or statement (!alloc) failing, N
 * = 1, 2, ... until a run goes through with no fault; after each failed
 * run the values are those of before (writes) and op returned an error.
 * Returns how many runs it took.
 */
static int every_n(store *s, op_fn op, bool alloc, bool writes)
{
	buf before, after;
	buf_init(&before, 0);
	buf_init(&after, 0);
	snapshot(s, &before);
	int n;
	for (n = 1; n < 100000; n++) {
		err e;
		err_clear(&e);
		if (alloc)
			atomic_store(&alloc_left, n);
		else
			db_fault_after(n);
		int rc = op(s, &e);
		bool pending = alloc ? atomic_load(&alloc_left) > 0 : db_fault_left() > 0;
		atomic_store(&alloc_left, 0);
		db_fault_after(0);
		if (pending) { /* op ran out of calls before the Nth: it runs through */
			assert_int_equal(rc, 0);
			break;
		}
		if (rc == 0) { /* a fault absorbed (e.g. a cache that could not grow): fine, and written */
			if (getenv("FAULTS_VERBOSE"))
			{
				fprintf(stderr, "%s fault at %d absorbed (site %p)", alloc ? "allocation" : "statement", n,
					alloc ? (void *)((char *)fault_site - &__executable_start) : NULL);
				for (int k = 1; k < fault_depth; k++)
					fprintf(stderr, " %p", (void *)((char *)fault_stack[k] - &__executable_start));
				fprintf(stderr, "\n");
				fault_depth = 0;
			}
			snapshot(s, &before);
			continue;
		}
		assert_true(rc < 0);
		assert_true(e.msg[0] != '\0'); /* an error says what failed */
		if (writes) {
			snapshot(s, &after);
			if (strcmp(buf_cstr(&before), buf_cstr(&after)))
				fail_msg("%s fault at %d (%s): half-written:\nbefore:\n%.300s\nafter:\n%.300s",
					 alloc ? "allocation" : "statement", n, e.msg, buf_cstr(&before), buf_cstr(&after));
		}
	}
	buf_free(&before);
	buf_free(&after);
	if (getenv("FAULTS_VERBOSE"))
		fprintf(stderr, "%s faults: %d runs\n", alloc ? "allocation" : "statement", n);
	return n;
}

static void test_import_under_allocation_faults(void **state)
{
	fixture *f = *state;
	int n = every_n(f->s, op_import, true, true);
	assert_true(n > 10); /* the import allocates: the faults were reached */
}

static void test_import_under_statement_faults(void **state)
{
	fixture *f = *state;
	int n = every_n(f->s, op_import, false, true);
	assert_true(n > 3);
}

static void test_value_write_under_faults(void **state)
{
	fixture *f = *state;
	/* some values first, so the write checks the rule against stored ones */
	err e;
	assert_int_equal(op_import(f->s, &e), 0);
	assert_true(every_n(f->s, op_value_put, true, true) > 1);
	assert_true(every_n(f->s, op_value_put, false, true) > 1);
}

static void test_report_under_faults(void **state)
{
	fixture *f = *state;
	err e;
	assert_int_equal(op_import(f->s, &e), 0);
	assert_true(every_n(f->s, op_report, true, false) > 10);
	assert_true(every_n(f->s, op_report, false, false) > 3);
}

static void test_metadata_under_faults(void **state)
{
	fixture *f = *state;
	assert_true(every_n(f->s, op_meta_dry, true, true) > 10);
	assert_true(every_n(f->s, op_meta, true, true) > 10);
	tl_teardown(state);
	assert_int_equal(setup(state), 0);
	f = *state;
	assert_true(every_n(f->s, op_meta, false, true) > 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_under_allocation_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_under_statement_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_write_under_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_under_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_metadata_under_faults, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
