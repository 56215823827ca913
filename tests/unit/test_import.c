/*
 * test_import.c - unit tests of the CSV import and export of values
 * (core/import.h) on a temporary SQLite store: counts, re-import, updates with
 * audit, every kind of bad row (error names file, line and column, and the
 * database is left unchanged), dry run, and the export -> import round trip.
 *
 * Not for: the CSV tokenizer itself (test_csv.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/import.h"
#include "store/store.h"
#include "util/buf.h"
#include "testlib.h"

typedef tl_db fx;

static void put_unit(store *s, const char *code, const char *name, unit_type t, const char *parent,
		     cdate from, cdate to)
{
	tl_put_unit(s, code, name, parent, t, from, to);
}

static void put_indicator(store *s, const char *code, const char *name, ind_freq freq)
{
	indicator ind = tl_make_ind(code, name, freq, IND_FLOW, 2);
	tl_put_ind(s, &ind);
}

static int setup(void **state)
{
	fx *x;
	if (tl_setup(state, "test_import") != 0)
		return -1;
	x = *state;
	cdate none = {0, 0, 0};
	put_unit(x->s, "06", "Bắc Kạn", UNIT_PROVINCE, "", none, none);
	put_unit(x->s, "058", "Bắc Kạn", UNIT_CITY, "06", none, (cdate){2025, 6, 30});
	put_unit(x->s, "01834", "Nguyễn Thị Minh Khai", UNIT_WARD, "058", none, (cdate){2025, 6, 30});
	put_unit(x->s, "01860", "Bắc Kạn", UNIT_WARD, "06", (cdate){2025, 7, 1}, none);
	put_indicator(x->s, "KT01", "Tổng mức bán lẻ hàng hóa", FREQ_MONTH);
	put_indicator(x->s, "KT02", "Giá trị sản xuất công nghiệp", FREQ_QUARTER);
	put_indicator(x->s, "KT03", "Thu ngân sách nhà nước", FREQ_YEAR);
	return 0;
}

static int teardown(void **state)
{
	return tl_teardown(state);
}

/* Imports text as "values.csv". */
static int import_text(fx *x, const char *text, const import_opts *o, import_summary *sum, err *e)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(f);
	import_opts def = {.by = "test", .reason = "nhập thử"};
	int rc = import_values_csv(x->s, f, "values.csv", (long)strlen(text), o ? o : &def, sum, e);
	fclose(f);
	return rc;
}

static int count_cb(void *ctx, const value *v)
{
	(void)v;
	(*(long *)ctx)++;
	return 0;
}

static long count_values(fx *x)
{
	long n = 0;
	err e;
	store_value_filter f = {0};
	if (store_value_each(x->s, &f, count_cb, &n, &e))
		fail_msg("store_value_each: %s", e.msg);
	return n;
}

static num_t get_amount(fx *x, const char *ind, const char *unit_code, const char *pcode, value *out)
{
	period p;
	err e;
	assert_int_equal(period_parse(pcode, &p, &e), 0);
	value v;
	if (store_value_get(x->s, ind, unit_code, &p, &v, &e))
		fail_msg("store_value_get %s %s %s: %s", ind, unit_code, pcode, e.msg);
	if (out)
		*out = v;
	return v.amount;
}

static const char *data_path(const char *name, char *dst, size_t n)
{
	/* tests/unit/test_import.c -> tests/data/<name> */
	const char *src = __FILE__;
	const char *slash = strrchr(src, '/');
	size_t dirlen = slash ? (size_t)(slash - src) : 0;
	snprintf(dst, n, "%.*s/../data/%s", (int)dirlen, src, name);
	return dst;
}

static const char GOOD[] = "indicator,unit,period,value,estimate\n"
			   "KT01,058,202206,285,0\n"
			   "KT01,058,202205,\"1.739,5\",1\n"
			   "KT02,058,2022Q2,\"145.244,67\",0\n"
			   "KT03,01834,2021,\"155,5\",0\n";

static void test_fresh_import_counts_inserted_and_stores_values(void **state)
{
	fx *x = *state;
	import_summary sum;
	err e;
	if (import_text(x, GOOD, NULL, &sum, &e))
		fail_msg("%s", e.msg);
	assert_int_equal(sum.rows, 4);
	assert_int_equal(sum.inserted, 4);
	assert_int_equal(sum.updated, 0);
	assert_int_equal(sum.unchanged, 0);
	assert_int_equal(count_values(x), 4);
	value v;
	assert_int_equal(get_amount(x, "KT01", "058", "202205", &v), 17395000);
	assert_true(v.estimate);
	assert_string_equal(v.by, "test");
	assert_int_equal(get_amount(x, "KT02", "058", "2022Q2", NULL), 1452446700);
}

static void test_vietnamese_semicolon_bom_crlf_file_imports(void **state)
{
	fx *x = *state;
	char path[512];
	FILE *f = fopen(data_path("import_values_vi.csv", path, sizeof path), "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	import_opts o = {.by = "mac_dinh"};
	import_summary sum;
	err e;
	int rc = import_values_csv(x->s, f, "import_values_vi.csv", 0, &o, &sum, &e);
	fclose(f);
	if (rc)
		fail_msg("%s", e.msg);
	assert_int_equal(sum.inserted, 5);
	value v;
	assert_int_equal(get_amount(x, "KT01", "058", "202205", &v), 17395000);
	assert_true(v.estimate);                 /* "có" */
	assert_string_equal(v.by, "van_phong"); /* the file's "Người nhập" column */
	assert_int_equal(get_amount(x, "KT01", "01834", "202206", &v), 242529200);
	assert_false(v.estimate);                /* "không" */
	assert_string_equal(v.by, "mac_dinh");  /* empty cell: opts->by */
	get_amount(x, "KT02", "058", "2022Q2", &v);
	assert_true(v.estimate);                 /* "ước" */
	assert_string_equal(v.by, "tckh");
}

static void test_reimport_reports_all_unchanged(void **state)
{
	fx *x = *state;
	import_summary sum;
	err e;
	assert_int_equal(import_text(x, GOOD, NULL, &sum, &e), 0);
	if (import_text(x, GOOD, NULL, &sum, &e))
		fail_msg("%s", e.msg);
	assert_int_equal(sum.rows, 4);
	assert_int_equal(sum.inserted, 0);
	assert_int_equal(sum.updated, 0);
	assert_int_equal(sum.unchanged, 4);
	assert_int_equal(count_values(x), 4);
}

static void test_changed_value_is_updated_and_audited(void **state)
{
	fx *x = *state;
	import_summary sum;
	err e;
	assert_int_equal(import_text(x, GOOD, NULL, &sum, &e), 0);
	static const char changed[] = "chi_tieu,don_vi,ky,gia_tri\n"
				      "KT01,058,202206,290\n"
				      "KT01,058,202205,\"1.739,5\"\n"; /* estimate flag 1 -> 0 */
	import_opts o = {.by = "sua", .reason = "số liệu chính thức"};
	if (import_text(x, changed, &o, &sum, &e))
		fail_msg("%s", e.msg);
	assert_int_equal(sum.updated, 2);
	assert_int_equal(sum.inserted, 0);
	assert_int_equal(get_amount(x, "KT01", "058", "202206", NULL), NUM_INT(290));
	period p;
	assert_int_equal(period_parse("202206", &p, &e), 0);
	value_audit *h = NULL;
	size_t n = 0;
	if (store_value_history(x->s, "KT01", "058", &p, &h, &n, &e))
		fail_msg("%s", e.msg);
	assert_true(n >= 1);
	const value_audit *last = &h[n - 1];
	assert_true(last->had_old);
	assert_int_equal(last->old_amount, NUM_INT(285));
	assert_int_equal(last->new_amount, NUM_INT(290));
	assert_string_equal(last->by, "sua");
	assert_string_equal(last->reason, "số liệu chính thức");
	free(h);
}

static void test_dry_run_counts_but_writes_nothing(void **state)
{
	fx *x = *state;
	import_opts o = {.dry_run = true, .by = "test"};
	import_summary sum;
	err e;
	if (import_text(x, GOOD, &o, &sum, &e))
		fail_msg("%s", e.msg);
	assert_int_equal(sum.inserted, 4);
	assert_int_equal(count_values(x), 0);
	/* And after a real import, a dry run of a change counts the update only. */
	assert_int_equal(import_text(x, GOOD, NULL, &sum, &e), 0);
	static const char one[] = "indicator,unit,period,value\nKT01,058,202206,300\nKT01,058,202204,1\n";
	assert_int_equal(import_text(x, one, &o, &sum, &e), 0);
	assert_int_equal(sum.updated, 1);
	assert_int_equal(sum.inserted, 1);
	assert_int_equal(get_amount(x, "KT01", "058", "202206", NULL), NUM_INT(285));
	assert_int_equal(count_values(x), 4);
}

/* A bad file: its error must name file, line and column, and nothing may change. */
typedef struct bad_case {
	const char *what;
	const char *text;
	const char *where;  /* "values.csv, dòng N, cột X" */
	const char *also;   /* another substring of the message, or NULL */
} bad_case;

static const bad_case BAD[] = {
	{"unknown indicator", "indicator,unit,period,value\nKT01,058,202207,1\nKT99,058,202206,1\n",
	 "values.csv, dòng 3, cột indicator", "KT99"},
	{"unknown unit", "indicator,unit,period,value\nKT01,058,202207,1\nKT01,9999,202206,1\n",
	 "values.csv, dòng 3, cột unit", "9999"},
	{"unit code lost its leading zero", "indicator,unit,period,value\nKT01,58,202206,1\n",
	 "values.csv, dòng 2, cột unit", "058"},
	{"impossible period", "chi_tieu,don_vi,ky,gia_tri\nKT01,058,202207,1\nKT01,058,202213,1\n",
	 "values.csv, dòng 3, cột ky", "202213"},
	{"period type not the frequency", "indicator,unit,period,value\nKT01,058,2022Q2,1\n",
	 "values.csv, dòng 2, cột period", "2022Q2"},
	{"unit not yet valid", "indicator,unit,period,value\nKT01,058,202207,1\nKT01,01860,202506,1\n",
	 "values.csv, dòng 3, cột unit", "01860"},
	{"unit no longer valid", "indicator,unit,period,value\nKT03,01834,2026,1\n",
	 "values.csv, dòng 2, cột unit", "01834"},
	{"ambiguous number", "indicator,unit,period,gia_tri\nKT01,058,202207,1\nKT01,058,202206,\"1,739.5\"\n",
	 "values.csv, dòng 3, cột gia_tri", "1,739.5"},
	{"duplicate key with different values",
	 "indicator,unit,period,value\nKT01,058,202206,285\nKT01,058,202207,1\nKT01,058,202206,290\n",
	 "values.csv, dòng 4, cột value", "dòng 2"},
	{"duplicate key differing in the estimate flag only",
	 "indicator,unit,period,value,estimate\nKT01,058,202207,1,0\nKT01,058,202207,1,1\n",
	 "values.csv, dòng 3, cột estimate", "dòng 2"},
	{"bad estimate flag", "indicator,unit,period,value,uoc_tinh\nKT01,058,202206,285,maybe\n",
	 "values.csv, dòng 2, cột uoc_tinh", "maybe"},
	{"empty value", "indicator,unit,period,value\nKT01,058,202206,\n",
	 "values.csv, dòng 2, cột value", NULL},
	{"missing column", "indicator,unit,value\nKT01,058,285\n", "values.csv, dòng 1", "period"},
	{"unknown column", "indicator,unit,period,value,ghi_chu\nKT01,058,202206,285,x\n",
	 "values.csv, dòng 1", "ghi_chu"},
	{"cell outside the header", "indicator,unit,period,value\nKT01,058,202206,285,extra\n",
	 "values.csv, dòng 2", "extra"},
	{"unterminated quote", "indicator,unit,period,value\nKT01,058,202206,\"285\n",
	 "values.csv, dòng 2", NULL},
	{"empty file", "", "values.csv", NULL},
};

static void test_every_bad_row_names_file_line_column_and_changes_nothing(void **state)
{
	fx *x = *state;
	import_summary sum;
	err e;
	assert_int_equal(import_text(x, GOOD, NULL, &sum, &e), 0);
	long before = count_values(x);
	for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
		const bad_case *b = &BAD[i];
		err_clear(&e);
		int rc = import_text(x, b->text, NULL, &sum, &e);
		if (rc >= 0)
			fail_msg("%s: accepted", b->what);
		if (!strstr(e.msg, b->where))
			fail_msg("%s: message lacks '%s': %s", b->what, b->where, e.msg);
		if (b->also && !strstr(e.msg, b->also))
			fail_msg("%s: message lacks '%s': %s", b->what, b->also, e.msg);
		if (count_values(x) != before)
			fail_msg("%s: the database changed", b->what);
		assert_int_equal(sum.inserted + sum.updated + sum.unchanged, 0);
	}
	/* The good row before each bad one (KT01 058 202207) was not written either. */
	period p;
	value v;
	assert_int_equal(period_parse("202207", &p, &e), 0);
	assert_int_equal(store_value_get(x->s, "KT01", "058", &p, &v, &e), ERR_NOTFOUND);
	assert_int_equal(get_amount(x, "KT01", "058", "202206", NULL), NUM_INT(285));
}

static void test_ambiguous_number_fixture_file_refused(void **state)
{
	fx *x = *state;
	char path[512];
	FILE *f = fopen(data_path("import_ambiguous_number.csv", path, sizeof path), "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	import_summary sum;
	err e;
	int rc = import_values_csv(x->s, f, "import_ambiguous_number.csv", 0, NULL, &sum, &e);
	fclose(f);
	assert_true(rc < 0);
	assert_non_null(strstr(e.msg, "import_ambiguous_number.csv, dòng 3, cột value"));
	assert_int_equal(count_values(x), 0);
}

static void test_unit_merged_mid_year_still_takes_that_year(void **state)
{
	fx *x = *state;
	import_summary sum;
	err e;
	/* 01834 ended on 30/06/2025: its 2025 figure and June 2025 are accepted. */
	static const char t[] = "indicator,unit,period,value\nKT03,01834,2025,1\nKT01,01834,202506,2\n";
	if (import_text(x, t, NULL, &sum, &e))
		fail_msg("%s", e.msg);
	assert_int_equal(sum.inserted, 2);
}

static void test_numbers_read_exactly_as_vn_parse_num_reads_them(void **state)
{
	fx *x = *state;
	static const char *nums[] = {"0", "-0", "285", "0285", "1739,5", "1.739,5", "-0,25",
				     "24.252,92", "145.244,67", "315.000", "1.234", "1739.5", "0.25",
				     "9.999.999.999.999,9999", "1,0000", "1,00000", " 1.739,5 ",
				     "+5", "-1.000.000,0001", "89999999999999", "1234567890123,5"};
	size_t n = sizeof nums / sizeof nums[0];
	buf b;
	buf_init(&b, 0);
	assert_int_equal(buf_puts(&b, "indicator;unit;period;value\n"), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(buf_printf(&b, "KT01;058;%04zu01;%s\n", 2000 + i, nums[i]), 0);
	import_summary sum;
	err e;
	if (import_text(x, buf_cstr(&b), NULL, &sum, &e))
		fail_msg("%s", e.msg);
	assert_int_equal(sum.inserted, (long)n);
	for (size_t i = 0; i < n; i++) {
		num_t want;
		assert_int_equal(vn_parse_num(nums[i], &want, &e), 0);
		char pc[16];
		snprintf(pc, sizeof pc, "%04zu01", 2000 + i);
		if (get_amount(x, "KT01", "058", pc, NULL) != want)
			fail_msg("'%s' imported as %lld, vn_parse_num gives %lld", nums[i],
				 (long long)get_amount(x, "KT01", "058", pc, NULL), (long long)want);
	}
	buf_free(&b);
	/* Malformed numbers are refused, each naming the value column. */
	static const char *bad[] = {"1.73.9", "12.34,5", "1,2,3", "5,", ",5", "-", "1.2345,6",
				    "1 739", "12a", "99999999999999"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char t[128];
		snprintf(t, sizeof t, "indicator;unit;period;value\nKT01;058;202401;%s\n", bad[i]);
		if (import_text(x, t, NULL, &sum, &e) >= 0)
			fail_msg("'%s' accepted", bad[i]);
		assert_non_null(strstr(e.msg, "values.csv, dòng 2, cột value"));
	}
}

/*
 * Found by fuzz/fuzz_import.c: the fast number path took "0.123,5" as 123,5
 * while vn_parse_num refuses it (a leading 0 cannot start thousands groups).
 */
static void test_leading_zero_before_thousands_dot_refused_like_vn_parse_num(void **state)
{
	fx *x = *state;
	static const char *bad[] = {"0.123,5", "-0.123,5", "00.123,5", "0.123.456,7"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		num_t v;
		err e;
		assert_int_equal(vn_parse_num(bad[i], &v, &e), ERR_INVALID);
		char t[128];
		snprintf(t, sizeof t, "indicator;unit;period;value\nKT01;058;202206;%s\n", bad[i]);
		import_summary sum;
		if (import_text(x, t, NULL, &sum, &e) >= 0)
			fail_msg("'%s' imported as %lld", bad[i],
				 (long long)get_amount(x, "KT01", "058", "202206", NULL));
		assert_non_null(strstr(e.msg, "values.csv, dòng 2, cột value"));
	}
	assert_int_equal(count_values(x), 0);
}

static void test_identical_repeated_row_is_accepted_once(void **state)
{
	fx *x = *state;
	static const char t[] = "indicator,unit,period,value\nKT01,058,202206,285\n"
				"KT01,058,202206,\"285,0\"\n,,,\n";
	import_summary sum;
	err e;
	if (import_text(x, t, NULL, &sum, &e))
		fail_msg("%s", e.msg);
	assert_int_equal(sum.rows, 2);
	assert_int_equal(sum.inserted, 1);
	assert_int_equal(sum.unchanged, 1);
	assert_int_equal(count_values(x), 1);
}

typedef struct prog {
	long calls, last_rows;
} prog;

static void on_progress(void *ctx, long rows, long bytes, long total)
{
	prog *p = ctx;
	(void)bytes;
	(void)total;
	p->calls++;
	p->last_rows = rows;
}

static void test_progress_called_every_65536_rows(void **state)
{
	fx *x = *state;
	buf b;
	buf_init(&b, 0);
	assert_int_equal(buf_puts(&b, "indicator,unit,period,value\n"), 0);
	for (int i = 0; i < 70000; i++)
		assert_int_equal(buf_puts(&b, "KT01,058,202206,285\n"), 0);
	prog p = {0};
	import_opts o = {.by = "t", .progress = on_progress, .progress_ctx = &p};
	import_summary sum;
	err e;
	if (import_text(x, buf_cstr(&b), &o, &sum, &e))
		fail_msg("%s", e.msg);
	assert_int_equal(sum.rows, 70000);
	assert_true(p.calls >= 2); /* at 65536 and at the end */
	assert_int_equal(p.last_rows, 70000);
	buf_free(&b);
}

static void test_export_writes_vietnamese_numbers_and_round_trips_unchanged(void **state)
{
	fx *x = *state;
	import_opts o = {.by = "demo"};
	import_summary sum;
	err e;
	assert_int_equal(import_text(x, GOOD, &o, &sum, &e), 0);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	assert_non_null(out);
	long rows = 0;
	if (export_values_csv(x->s, out, NULL, &rows, &e))
		fail_msg("%s", e.msg);
	fclose(out);
	assert_int_equal(rows, 4);
	assert_true(strncmp(text, "indicator,unit,period,value,estimate,by\n", 40) == 0);
	assert_non_null(strstr(text, "KT01,058,202206,\"285\",0,demo\n"));
	assert_non_null(strstr(text, "KT01,058,202205,\"1.739,5\",1,demo\n"));
	assert_non_null(strstr(text, "KT02,058,2022Q2,\"145.244,67\",0,demo\n"));
	if (import_text(x, text, NULL, &sum, &e))
		fail_msg("%s", e.msg);
	assert_int_equal(sum.rows, 4);
	assert_int_equal(sum.unchanged, 4);
	assert_int_equal(sum.inserted + sum.updated, 0);
	free(text);

	/* A filtered export keeps only the matching values. */
	export_filter f = {.indicator_code = "KT01", .year_from = 2022, .year_to = 2022};
	out = open_memstream(&text, &len);
	assert_int_equal(export_values_csv(x->s, out, &f, &rows, &e), 0);
	fclose(out);
	assert_int_equal(rows, 2);
	assert_null(strstr(text, "KT02"));
	free(text);
}

/* ---- checked imports (import_checks, import_values_rows) ----------------- */

/* Imports text as "bulk.csv" with checks. */
static int import_checked(fx *x, const char *text, const import_opts *o, const import_checks *chk,
			  import_summary *sum, err *e)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(f);
	import_opts def = {.by = "api"};
	int rc = import_values_csv_checked(x->s, f, "bulk.csv", (long)strlen(text), o ? o : &def, chk, sum, e);
	fclose(f);
	return rc;
}

/* An allow callback refusing unit 01834, counting its calls. */
typedef struct deny_ctx {
	int calls;
	char seen_period[16];
} deny_ctx;

static int deny_01834(void *ctx, const indicator *ind, const char *unit_code, const period *p, int *field,
		      err *e)
{
	deny_ctx *d = ctx;
	(void)ind;
	(void)field;
	d->calls++;
	buf b;
	buf_init(&b, 16);
	period_format_code(&b, p);
	snprintf(d->seen_period, sizeof d->seen_period, "%s", buf_cstr(&b));
	buf_free(&b);
	if (!strcmp(unit_code, "01834"))
		return err_set(e, ERR_FORBIDDEN, "không được nhập cho đơn vị %s", unit_code);
	return 0;
}

static void test_allow_refusing_one_row_refuses_the_whole_import_naming_it(void **state)
{
	fx *x = *state;
	deny_ctx d = {0};
	import_conflict cf[8];
	import_checks chk = {.allow = deny_01834, .allow_ctx = &d, .conflicts = cf, .conflicts_max = 8};
	import_summary sum;
	err e;
	int rc = import_checked(x, GOOD, NULL, &chk, &sum, &e);
	assert_int_equal(rc, ERR_FORBIDDEN);
	assert_int_equal(d.calls, 4); /* every good row is asked about */
	assert_int_equal(sum.conflicts, 1);
	assert_int_equal(cf[0].row, 5); /* KT03,01834 is line 5 */
	assert_string_equal(cf[0].field, "unit");
	assert_string_equal(cf[0].object, "01834");
	assert_int_equal(cf[0].code, ERR_FORBIDDEN);
	assert_non_null(strstr(cf[0].msg, "01834"));
	assert_non_null(strstr(e.msg, "bulk.csv, dòng 5, cột unit"));
	assert_int_equal(count_values(x), 0);
	/* the callback sees the parsed period */
	assert_string_equal(d.seen_period, "2021");
}

/* An allow callback whose store fails on unit 01834 (as a dropped connection would). */
static int fail_01834(void *ctx, const indicator *ind, const char *unit_code, const period *p, int *field, err *e)
{
	(void)ctx;
	(void)ind;
	(void)p;
	(void)field;
	return strcmp(unit_code, "01834") ? 0 : err_set(e, ERR_DB, "lỗi CSDL giả lập");
}

static void test_a_fault_in_the_allow_check_is_the_import_s_error_not_a_row_conflict(void **state)
{
	fx *x = *state;
	import_conflict cf[8];
	import_checks chk = {.allow = fail_01834, .conflicts = cf, .conflicts_max = 8};
	import_summary sum;
	err e;
	/* a bad row first, then the fault: atomicMode NONE must not write the rows read before it */
	const char *text = "indicator,unit,period,value\n"
			   "ZZ,058,202206,1\n"
			   "KT01,058,202206,285\n"
			   "KT03,01834,2021,\"155,5\"\n"
			   "KT01,058,202205,1\n";
	for (int none = 0; none <= 1; none++) {
		import_opts o = {.by = "api", .atomic_none = none};
		assert_int_equal(import_checked(x, text, &o, &chk, &sum, &e), ERR_DB);
		assert_int_equal(sum.conflicts, 0); /* a fault, not bad data: the API answers 500, not 409 */
		assert_int_equal(sum.inserted, 0);
		assert_non_null(strstr(e.msg, "dòng 4"));
		assert_non_null(strstr(e.msg, "lỗi CSDL giả lập"));
		assert_int_equal(count_values(x), 0);
	}
}

static void test_conflicts_list_every_bad_row_with_field_and_object(void **state)
{
	fx *x = *state;
	import_conflict cf[8];
	import_checks chk = {.conflicts = cf, .conflicts_max = 8};
	import_summary sum;
	err e;
	const char *text = "chi_tieu,don_vi,ky,gia_tri\n"
			   "KT01,058,202206,\"1,739.5\"\n"
			   "KT01,058,202207,1\n"
			   "KT02,058,202206,1\n"
			   "ZZ,058,202206,1\n";
	int rc = import_checked(x, text, NULL, &chk, &sum, &e);
	assert_true(rc < 0);
	assert_int_equal(sum.conflicts, 3);
	assert_int_equal(cf[0].row, 2);
	assert_string_equal(cf[0].field, "gia_tri");
	assert_string_equal(cf[0].object, "1,739.5");
	assert_int_equal(cf[1].row, 4);
	assert_string_equal(cf[1].field, "ky"); /* KT02 is quarterly */
	assert_int_equal(cf[2].row, 5);
	assert_string_equal(cf[2].field, "chi_tieu");
	assert_string_equal(cf[2].object, "ZZ");
	/* the error returned is the first row's */
	assert_non_null(strstr(e.msg, "dòng 2"));
	assert_int_equal(sum.inserted, 0);
	assert_int_equal(count_values(x), 0);
}

static void test_conflicts_stop_at_the_room_given(void **state)
{
	fx *x = *state;
	import_conflict cf[2];
	import_checks chk = {.conflicts = cf, .conflicts_max = 2};
	import_summary sum;
	err e;
	const char *text = "indicator,unit,period,value\nZZ,058,202206,1\nZZ,058,202206,1\nZZ,058,202206,1\n";
	assert_true(import_checked(x, text, NULL, &chk, &sum, &e) < 0);
	assert_int_equal(sum.conflicts, 2);
	assert_int_equal(cf[1].row, 3);
}

static void test_duplicate_key_conflict_names_the_later_row(void **state)
{
	fx *x = *state;
	import_conflict cf[4];
	import_checks chk = {.conflicts = cf, .conflicts_max = 4};
	import_summary sum;
	err e;
	const char *text = "indicator,unit,period,value\nKT01,058,202206,1\nKT01,058,202206,2\n";
	assert_int_equal(import_checked(x, text, NULL, &chk, &sum, &e), ERR_CONFLICT);
	assert_int_equal(sum.conflicts, 1);
	assert_int_equal(cf[0].row, 3);
	assert_string_equal(cf[0].field, "value");
	assert_string_equal(cf[0].object, "2");
	assert_int_equal(count_values(x), 0);
}

static void test_max_rows_refuses_the_document_without_conflicts(void **state)
{
	fx *x = *state;
	import_conflict cf[4];
	import_checks chk = {.conflicts = cf, .conflicts_max = 4, .max_rows = 3};
	import_summary sum;
	err e;
	assert_int_equal(import_checked(x, GOOD, NULL, &chk, &sum, &e), ERR_TOOBIG);
	assert_int_equal(sum.conflicts, 0);
	assert_int_equal(count_values(x), 0);
	chk.max_rows = 4;
	assert_int_equal(import_checked(x, GOOD, NULL, &chk, &sum, &e), 0);
	assert_int_equal(sum.inserted, 4);
}

static void test_by_fixed_refuses_a_by_column_and_uses_opts_by(void **state)
{
	fx *x = *state;
	import_checks chk = {.by_fixed = true};
	import_summary sum;
	err e;
	assert_int_equal(import_checked(x, "indicator,unit,period,value,by\nKT01,058,202206,1,ai_do\n", NULL, &chk,
					&sum, &e),
			 ERR_INVALID);
	assert_non_null(strstr(e.msg, "by"));
	assert_int_equal(count_values(x), 0);
	assert_int_equal(import_checked(x, "indicator,unit,period,value\nKT01,058,202206,1\n", NULL, &chk, &sum, &e), 0);
	value v;
	get_amount(x, "KT01", "058", "202206", &v);
	assert_string_equal(v.by, "api");
}

/* A reader over a fixed array of rows, as the JSON reader hands them over. */
typedef struct rows_src {
	const import_in *rows;
	size_t n, next;
	int fail_at; /* -1 = never: else return ERR_INVALID before row fail_at */
} rows_src;

static int rows_next(void *ctx, import_in *row, err *e)
{
	rows_src *r = ctx;
	if (r->fail_at >= 0 && r->next == (size_t)r->fail_at)
		return err_set(e, ERR_INVALID, "JSON không hợp lệ");
	if (r->next == r->n)
		return 0;
	*row = r->rows[r->next++];
	return 1;
}

static void test_rows_import_counts_and_reimport_is_unchanged(void **state)
{
	fx *x = *state;
	import_in in[3];
	memset(in, 0, sizeof in);
	in[0].text[IMPORT_F_INDICATOR] = "KT01";
	in[0].text[IMPORT_F_UNIT] = "058";
	in[0].text[IMPORT_F_PERIOD] = "202206";
	in[0].text[IMPORT_F_VALUE] = "285";
	in[0].has_amount = true;
	in[0].amount = 2850000;
	in[1] = in[0];
	in[1].text[IMPORT_F_PERIOD] = "202205";
	in[1].has_amount = false;
	in[1].text[IMPORT_F_VALUE] = "1.739,5";
	in[1].text[IMPORT_F_ESTIMATE] = "1";
	in[2] = in[0]; /* an identical repeat */
	import_opts o = {.by = "nguoi_api"};
	import_summary sum;
	err e;
	rows_src src = {in, 3, 0, -1};
	if (import_values_rows(x->s, rows_next, &src, "dataValues", &o, NULL, &sum, &e))
		fail_msg("%s", e.msg);
	assert_int_equal(sum.rows, 3);
	assert_int_equal(sum.inserted, 2);
	assert_int_equal(sum.unchanged, 1);
	value v;
	assert_int_equal(get_amount(x, "KT01", "058", "202205", &v), 17395000);
	assert_true(v.estimate);
	assert_string_equal(v.by, "nguoi_api");
	assert_int_equal(get_amount(x, "KT01", "058", "202206", NULL), 2850000);
	src.next = 0;
	if (import_values_rows(x->s, rows_next, &src, "dataValues", &o, NULL, &sum, &e))
		fail_msg("%s", e.msg);
	assert_int_equal(sum.inserted + sum.updated, 0);
	assert_int_equal(sum.unchanged, 3);
}

static void test_rows_conflicts_use_the_input_names_and_row_index(void **state)
{
	fx *x = *state;
	import_in in[3];
	memset(in, 0, sizeof in);
	for (int i = 0; i < 3; i++) {
		in[i].text[IMPORT_F_INDICATOR] = "KT01";
		in[i].text[IMPORT_F_UNIT] = "058";
		in[i].text[IMPORT_F_PERIOD] = i == 0 ? "202206" : "202207";
		in[i].text[IMPORT_F_VALUE] = "1";
		in[i].name[IMPORT_F_UNIT] = "orgUnit";
	}
	in[1].text[IMPORT_F_UNIT] = "99999";
	in[2].bad_field = "comment";
	in[2].bad_object = "";
	in[2].bad_msg = "trường \"comment\" không được biết";
	import_conflict cf[4];
	import_checks chk = {.conflicts = cf, .conflicts_max = 4};
	import_summary sum;
	err e;
	rows_src src = {in, 3, 0, -1};
	assert_true(import_values_rows(x->s, rows_next, &src, "dataValues", NULL, &chk, &sum, &e) < 0);
	assert_int_equal(sum.conflicts, 2);
	assert_int_equal(cf[0].row, 1);
	assert_string_equal(cf[0].field, "orgUnit");
	assert_string_equal(cf[0].object, "99999");
	assert_int_equal(cf[1].row, 2);
	assert_string_equal(cf[1].field, "comment");
	assert_non_null(strstr(e.msg, "dataValues[1].orgUnit"));
	assert_int_equal(count_values(x), 0);
}

static void test_rows_reader_failure_is_a_document_error_and_writes_nothing(void **state)
{
	fx *x = *state;
	import_in in[2];
	memset(in, 0, sizeof in);
	in[0].text[IMPORT_F_INDICATOR] = "ZZ";
	in[0].text[IMPORT_F_UNIT] = "058";
	in[0].text[IMPORT_F_PERIOD] = "202206";
	in[0].text[IMPORT_F_VALUE] = "1";
	in[1] = in[0];
	in[1].text[IMPORT_F_INDICATOR] = "KT01";
	import_conflict cf[4];
	import_checks chk = {.conflicts = cf, .conflicts_max = 4};
	import_summary sum;
	err e;
	rows_src src = {in, 2, 0, 1};
	assert_int_equal(import_values_rows(x->s, rows_next, &src, "dataValues", NULL, &chk, &sum, &e), ERR_INVALID);
	assert_int_equal(sum.conflicts, 0); /* the bad document wins over the bad row before it */
	assert_non_null(strstr(e.msg, "JSON"));
	assert_int_equal(count_values(x), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_fresh_import_counts_inserted_and_stores_values),
		T(test_vietnamese_semicolon_bom_crlf_file_imports),
		T(test_reimport_reports_all_unchanged),
		T(test_changed_value_is_updated_and_audited),
		T(test_dry_run_counts_but_writes_nothing),
		T(test_every_bad_row_names_file_line_column_and_changes_nothing),
		T(test_ambiguous_number_fixture_file_refused),
		T(test_unit_merged_mid_year_still_takes_that_year),
		T(test_numbers_read_exactly_as_vn_parse_num_reads_them),
		T(test_leading_zero_before_thousands_dot_refused_like_vn_parse_num),
		T(test_identical_repeated_row_is_accepted_once),
		T(test_progress_called_every_65536_rows),
		T(test_export_writes_vietnamese_numbers_and_round_trips_unchanged),
		T(test_allow_refusing_one_row_refuses_the_whole_import_naming_it),
		T(test_a_fault_in_the_allow_check_is_the_import_s_error_not_a_row_conflict),
		T(test_conflicts_list_every_bad_row_with_field_and_object),
		T(test_conflicts_stop_at_the_room_given),
		T(test_duplicate_key_conflict_names_the_later_row),
		T(test_max_rows_refuses_the_document_without_conflicts),
		T(test_by_fixed_refuses_a_by_column_and_uses_opts_by),
		T(test_rows_import_counts_and_reimport_is_unchanged),
		T(test_rows_conflicts_use_the_input_names_and_row_index),
		T(test_rows_reader_failure_is_a_document_error_and_writes_nothing),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
