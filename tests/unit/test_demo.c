/*
 * test_demo.c - the demo database reproduces the real figures of DOMAIN.md
 * §3 when read through the real evaluation engine (eval_run on Bắc Kạn city,
 * 058), counts 11 of 65 targets not met at the end of 2020, names the
 * lagging wards, records the 2025 merger, and is the same database every
 * time it is made.
 *
 * Not for: the evaluation rules themselves (test_eval.c) or the store.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/eval.h"
#include "core/period.h"
#include "demo/demo.h"
#include "store/store.h"

typedef struct fixture {
	char dir[64];
	char path[96];
	store *s;
	demo_stats st;
	long progress_calls, progress_last, progress_total;
} fixture;

static fixture fx;

static void on_progress(void *ctx, long done, long total)
{
	fixture *f = ctx;
	f->progress_calls++;
	f->progress_last = done;
	f->progress_total = total;
}

static int make_demo(const char *path, store **out, demo_stats *st, fixture *f)
{
	err e;
	err_clear(&e);
	unlink(path);
	if (store_open(path, out, &e)) {
		fprintf(stderr, "store_open: %s\n", e.msg);
		return -1;
	}
	if (demo_create(*out, st, f ? on_progress : NULL, f, &e)) {
		fprintf(stderr, "demo_create: %s\n", e.msg);
		return -1;
	}
	return 0;
}

static int setup(void **state)
{
	(void)state;
	memset(&fx, 0, sizeof fx);
	snprintf(fx.dir, sizeof fx.dir, "/tmp/chitieu_demo_XXXXXX");
	if (!mkdtemp(fx.dir))
		return -1;
	snprintf(fx.path, sizeof fx.path, "%s/demo.db", fx.dir);
	return make_demo(fx.path, &fx.s, &fx.st, &fx);
}

static int teardown(void **state)
{
	(void)state;
	store_close(fx.s);
	char p[128];
	const char *suffix[] = { "", "-wal", "-shm", "-journal" };
	for (int k = 0; k < 4; k++) {
		snprintf(p, sizeof p, "%s%s", fx.path, suffix[k]);
		unlink(p);
		snprintf(p, sizeof p, "%s/again.db%s", fx.dir, suffix[k]);
		unlink(p);
	}
	rmdir(fx.dir);
	return 0;
}

/* ---- helpers ------------------------------------------------------------ */

static void run(const char *code, double lag_threshold, eval_report *r)
{
	period p;
	err e;
	err_clear(&e);
	assert_int_equal(period_parse(code, &p, &e), 0);
	eval_opts o;
	memset(&o, 0, sizeof o);
	o.lag_threshold = lag_threshold;
	int rc = eval_run(fx.s, "058", &p, &o, r, &e);
	if (rc)
		fprintf(stderr, "eval_run %s: %s\n", code, e.msg);
	assert_int_equal(rc, 0);
}

static const eval_row *row_of(const eval_report *r, const char *ind)
{
	for (size_t k = 0; k < r->result.n_rows; k++) {
		const eval_row *w = &r->result.rows[k];
		if (strcmp(r->inds[w->ind_index].code, ind) == 0)
			return w;
	}
	fail_msg("no row for %s", ind);
	return NULL;
}

/* A percentage as the reports print it: rounded to 2 decimals, ×100. */
static long pct2(double x)
{
	assert_false(isnan(x));
	return lround(x * 100.0);
}

/* The lagging wards of a row as "code,code," in the engine's order, sorted here. */
static void lag_codes(const eval_report *r, const eval_row *w, char *out, size_t n)
{
	const char *codes[16];
	size_t m = 0;
	for (size_t k = 0; k < w->n_lagging && m < 16; k++)
		codes[m++] = r->units[w->lagging[k].unit_index].code;
	for (size_t a = 0; a < m; a++)
		for (size_t b = a + 1; b < m; b++)
			if (strcmp(codes[b], codes[a]) < 0) {
				const char *t = codes[a];
				codes[a] = codes[b];
				codes[b] = t;
			}
	out[0] = '\0';
	size_t len = 0;
	for (size_t a = 0; a < m; a++)
		len += (size_t)snprintf(out + len, len < n ? n - len : 0, "%s,", codes[a]);
}

/* ---- the real figures ----------------------------------------------------- */

static void test_june_2022_retail_sales_match_the_report(void **state)
{
	(void)state;
	eval_report r;
	run("202206", 0, &r);
	const eval_row *w = row_of(&r, "KT01");
	assert_true(w->has_value);
	assert_int_equal(w->value, NUM_INT(285));
	assert_true(w->has_cum);
	assert_int_equal(w->cumulative, 17395000); /* 1.739,5 */
	assert_true(w->rolled_up);                 /* the sum of the 8 wards */
	assert_true(w->has_target);
	assert_int_equal(w->target, NUM_INT(3439));
	assert_int_equal(pct2(w->percent_of_target), 5058);
	assert_int_equal(w->prev_cumulative, NUM_INT(1659));
	assert_int_equal(pct2(w->change_on_last_year), 485);
	eval_report_free(&r);
}

static void test_june_2022_two_wards_lag_on_retail_sales(void **state)
{
	(void)state;
	eval_report r;
	run("202206", 0, &r);
	const eval_row *w = row_of(&r, "KT01");
	assert_int_equal(w->status, EVAL_ON_TRACK);
	char got[160];
	lag_codes(&r, w, got, sizeof got);
	assert_string_equal(got, "01849,01852,");
	eval_report_free(&r);
}

static void test_june_2022_industrial_production_matches_the_report(void **state)
{
	(void)state;
	eval_report r;
	run("202206", 0, &r);
	const eval_row *w = row_of(&r, "KT03");
	assert_int_equal(w->value, 242529200);      /* 24.252,92 */
	assert_int_equal(w->cumulative, 1452446700); /* 145.244,67 */
	assert_int_equal(w->prev_cumulative, 1439920000);
	assert_int_equal(pct2(w->change_on_last_year), 87);
	eval_report_free(&r);
}

static void test_ocop_first_half_2022_is_13_new_products(void **state)
{
	(void)state;
	eval_report r;
	run("2022S1", 0, &r);
	const eval_row *w = row_of(&r, "KT04");
	assert_int_equal(w->cumulative, NUM_INT(13));
	eval_report_free(&r);
}

static void test_year_2020_has_11_of_65_targets_not_met(void **state)
{
	(void)state;
	eval_report r;
	run("2020", 0, &r);
	assert_true(r.result.year_end);
	assert_int_equal(r.result.n_with_target, 65);
	assert_int_equal(r.result.n_not_met, 11);
	assert_int_equal(r.result.n_met, 54);
	assert_int_equal(r.result.n_no_data, 0);
	const eval_row *w = row_of(&r, "KT02"); /* budget revenue missed the province's 151 */
	assert_int_equal(w->status, EVAL_NOT_MET);
	assert_int_equal(w->target, NUM_INT(151));
	assert_int_equal(w->target_source, TGT_SRC_ASSIGNED);
	assert_false(w->rolled_up); /* the city's own figure, not the wards' sum */
	eval_report_free(&r);
}

static void test_year_2020_real_levels_and_ratios(void **state)
{
	(void)state;
	eval_report r;
	run("2020", 0, &r);
	assert_int_equal(row_of(&r, "KT05")->cumulative, 569000);          /* 56,9 % */
	assert_int_equal(row_of(&r, "KT06")->cumulative, 502000);          /* 50,2 */
	assert_int_equal(row_of(&r, "KT07")->cumulative, NUM_INT(4368));
	assert_int_equal(row_of(&r, "KT08")->cumulative, NUM_INT(206));
	assert_int_equal(row_of(&r, "KT08")->target, NUM_INT(200));
	assert_int_equal(row_of(&r, "KT08")->target_kind, TGT_X_OF_Y);
	assert_int_equal(row_of(&r, "KT09")->cumulative, NUM_INT(6));
	assert_int_equal(row_of(&r, "KT10")->cumulative, NUM_INT(315400));
	assert_int_equal(row_of(&r, "KT11")->cumulative, NUM_INT(872));
	assert_int_equal(row_of(&r, "KT11")->target, NUM_INT(836));
	assert_int_equal(row_of(&r, "VX01")->cumulative, NUM_INT(520));
	assert_int_equal(row_of(&r, "VX01")->target, NUM_INT(500));
	const eval_row *bhyt = row_of(&r, "VX03"); /* insured / population, wards rolled up */
	assert_int_equal(bhyt->cumulative, 922300);
	assert_true(bhyt->rolled_up);
	assert_int_equal(pct2(num_to_double(row_of(&r, "CQ01")->cumulative)), 9865);
	assert_int_equal(pct2(num_to_double(row_of(&r, "MT01")->cumulative)), 6579); /* wavg by land */
	const eval_row *poor = row_of(&r, "VX04");
	assert_int_equal(poor->cumulative, 17800);
	assert_int_equal(poor->prev_cumulative, 20300);
	assert_int_equal(lround(poor->change_absolute * 100), -25); /* −0,25 points */
	assert_int_equal(row_of(&r, "CQ02")->cumulative, NUM_INT(70));
	assert_int_equal(row_of(&r, "CQ03")->cumulative, NUM_INT(25));
	eval_report_free(&r);
}

static void test_year_2021_targets_from_the_report(void **state)
{
	(void)state;
	eval_report r;
	run("2021", 0, &r);
	const eval_row *w = row_of(&r, "KT01");
	assert_int_equal(w->target, NUM_INT(3250)); /* own before assigned */
	assert_int_equal(w->target_source, TGT_SRC_OWN);
	assert_true(w->has_assigned_target);
	assert_int_equal(w->assigned_target, NUM_INT(3200));
	assert_int_equal(row_of(&r, "KT02")->target, 1555000);
	assert_int_equal(row_of(&r, "KT07")->target, NUM_INT(3900));
	assert_int_equal(row_of(&r, "KT04")->target, NUM_INT(2));
	assert_int_equal(row_of(&r, "KT09")->target, NUM_INT(2));
	const eval_row *poor = row_of(&r, "VX04");
	assert_int_equal(poor->target_kind, TGT_REDUCE_TO);
	assert_int_equal(poor->target, 15300);
	const eval_row *acc = row_of(&r, "QP02"); /* fewer accidents than 2020 */
	assert_int_equal(acc->target_kind, TGT_CHANGE_PCT);
	assert_true(acc->cumulative < acc->prev_cumulative);
	assert_int_equal(acc->status, EVAL_EXCEEDED);
	const eval_row *mil = row_of(&r, "QP03"); /* 56 + 12 fit, quota 70 */
	assert_int_equal(mil->cumulative, NUM_INT(68));
	assert_int_equal(mil->target, NUM_INT(70));
	assert_int_equal(mil->status, EVAL_NOT_MET);
	assert_int_equal(row_of(&r, "QSGOI")->cumulative, NUM_INT(216));
	assert_int_equal(row_of(&r, "QSKHAM")->cumulative, NUM_INT(168));
	assert_int_equal(row_of(&r, "QSKD")->cumulative, NUM_INT(90));
	assert_int_equal(row_of(&r, "CQ03")->target, NUM_INT(50));
	assert_int_equal(row_of(&r, "MT02")->target, NUM_INT(100));
	assert_int_equal(row_of(&r, "MT03")->target, NUM_INT(80));
	assert_int_equal(row_of(&r, "VX08")->target, NUM_INT(95));
	assert_int_equal(row_of(&r, "VX09")->target, NUM_INT(75));
	assert_int_equal(row_of(&r, "QP01")->target, NUM_INT(85));
	eval_report_free(&r);
}

static void test_november_2020_budget_lags_in_song_cau_and_minh_khai(void **state)
{
	(void)state;
	eval_report r;
	run("202011", 100, &r);
	const eval_row *w = row_of(&r, "KT02");
	assert_int_equal(w->cumulative, 1053000); /* 105,3 of 151 */
	assert_false(w->rolled_up);
	char got[160];
	lag_codes(&r, w, got, sizeof got);
	assert_string_equal(got, "01834,01837,");
	for (size_t k = 0; k < w->n_lagging; k++) {
		assert_true(w->lagging[k].percent_of_target > 70.0);
		assert_true(w->lagging[k].percent_of_target < 100.0);
	}
	eval_report_free(&r);

	run("202011", 0, &r); /* by status alone (behind), the same two */
	lag_codes(&r, row_of(&r, "KT02"), got, sizeof got);
	assert_string_equal(got, "01834,01837,");
	eval_report_free(&r);
}

/* ---- the units ------------------------------------------------------------ */

static void test_2025_merger_links_are_recorded(void **state)
{
	(void)state;
	err e;
	unit_link *l = NULL;
	size_t n = 0;
	assert_int_equal(store_unit_link_list(fx.s, "DX2025", &l, &n, &e), 0);
	assert_int_equal(n, 3);
	int seen = 0;
	for (size_t k = 0; k < n; k++) {
		assert_int_equal(l[k].date.y, 2025);
		assert_int_equal(l[k].date.m, 7);
		assert_int_equal(l[k].date.d, 1);
		seen |= strcmp(l[k].from_code, "01834") == 0 ? 1 : strcmp(l[k].from_code, "01846") == 0 ? 2
			: strcmp(l[k].from_code, "01840") == 0 ? 4 : 8;
	}
	assert_int_equal(seen, 7);
	free(l);
	assert_int_equal(store_unit_link_list(fx.s, "BK2025", &l, &n, &e), 0);
	assert_int_equal(n, 4);
	free(l);
	assert_int_equal(store_unit_link_list(fx.s, "19", &l, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(l[0].from_code, "06");
	free(l);

	unit u;
	assert_int_equal(store_unit_get(fx.s, "01837", &u, &e), 0);
	assert_string_equal(u.parent_code, "058");
	assert_int_equal(u.valid_to.y, 2025);
	assert_int_equal(u.valid_to.m, 6);
	assert_int_equal(u.valid_to.d, 30);
	assert_int_equal(store_unit_get(fx.s, "DX2025", &u, &e), 0);
	assert_string_equal(u.parent_code, "19");
	assert_int_equal(u.valid_from.m, 7);
}

/* ---- stats and determinism ------------------------------------------------ */

typedef struct sum_ctx {
	uint64_t h;
	long n;
	int max_year;   /* 0: every year; else only values of years up to it */
	int64_t max_at; /* the latest entry time seen */
} sum_ctx;

static void fnv(uint64_t *h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t k = 0; k < n; k++) {
		*h ^= b[k];
		*h *= 1099511628211ULL;
	}
}

static int sum_value(void *ctx, const value *v)
{
	sum_ctx *c = ctx;
	if (v->at > c->max_at)
		c->max_at = v->at;
	if (c->max_year && v->period.year > c->max_year)
		return 0;
	int64_t f[5] = { v->period.type, v->period.year, v->period.index, v->amount, v->at };
	fnv(&c->h, v->indicator_code, strlen(v->indicator_code) + 1);
	fnv(&c->h, v->unit_code, strlen(v->unit_code) + 1);
	fnv(&c->h, v->by, strlen(v->by) + 1);
	fnv(&c->h, f, sizeof f);
	fnv(&c->h, &v->estimate, 1);
	c->n++;
	return 0;
}

static sum_ctx checksum_to(store *s, int max_year)
{
	sum_ctx c = { 1469598103934665603ULL, 0, max_year, 0 };
	store_value_filter f;
	memset(&f, 0, sizeof f);
	err e;
	assert_int_equal(store_value_each(s, &f, sum_value, &c, &e), 0);
	return c;
}

static sum_ctx checksum(store *s)
{
	return checksum_to(s, 0);
}

static void test_stats_and_progress_describe_what_was_written(void **state)
{
	(void)state;
	sum_ctx c = checksum(fx.s);
	assert_int_equal(fx.st.values, c.n);
	/* retail sales: 8 wards x 72 months; budget revenue: the city too */
	store_value_filter f;
	memset(&f, 0, sizeof f);
	f.indicator_code = "KT01";
	sum_ctx k = { 0, 0, 0, 0 };
	err e;
	assert_int_equal(store_value_each(fx.s, &f, sum_value, &k, &e), 0);
	assert_int_equal(k.n, 8 * 72);
	f.indicator_code = "KT02";
	k.n = 0;
	assert_int_equal(store_value_each(fx.s, &f, sum_value, &k, &e), 0);
	assert_int_equal(k.n, 9 * 72);
	assert_int_equal(fx.st.units, 17);
	assert_int_equal(fx.st.agencies, 12);
	indicator *inds = NULL;
	size_t n = 0;
	assert_int_equal(store_indicator_list(fx.s, &inds, &n, &e), 0);
	assert_int_equal(fx.st.indicators, (long)n);
	free(inds);
	target *t = NULL;
	assert_int_equal(store_target_list(fx.s, NULL, NULL, 0, &t, &n, &e), 0);
	assert_int_equal(fx.st.targets, (long)n);
	free(t);
	assert_true(fx.progress_calls > 1);
	assert_int_equal(fx.progress_last, fx.progress_total);
}

static void test_making_the_demo_twice_gives_the_same_values(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof path, "%s/again.db", fx.dir);
	store *s2 = NULL;
	demo_stats st2;
	assert_int_equal(make_demo(path, &s2, &st2, NULL), 0);
	sum_ctx a = checksum(fx.s), b = checksum(s2);
	assert_int_equal(a.n, b.n);
	assert_true(a.h == b.h);
	assert_int_equal(st2.targets, fx.st.targets);

	/* and again into the same file: nothing changes */
	err e;
	assert_int_equal(demo_create(s2, &st2, NULL, NULL, &e), 0);
	sum_ctx c = checksum(s2);
	assert_true(c.h == a.h);
	value_audit *h = NULL;
	size_t n = 0;
	period p = { PERIOD_MONTH, 2022, 6 };
	assert_int_equal(store_value_history(s2, "KT01", "01834", &p, &h, &n, &e), 0);
	assert_true(n <= 1); /* at most its first entry: no second change */
	free(h);
	store_close(s2);
}

/* The demo up to today (issue #17): its seed years are the first pass's,
 * byte for byte; today's month has figures, entered no later than now; the
 * new wards have 2026 targets. */
static void test_the_demo_up_to_today_keeps_the_seed_years(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof path, "%s/again.db", fx.dir);
	unlink(path);
	store *s2 = NULL;
	demo_stats st2;
	err e;
	err_clear(&e);
	assert_int_equal(store_open(path, &s2, &e), 0);
	cdate today = {2026, 12, 7};
	int64_t now = (int64_t)cdate_to_days(today) * 86400 + 5 * 3600; /* noon in Hà Nội */
	int rc = demo_create_to(s2, &st2, today, now, NULL, NULL, &e);
	if (rc)
		fprintf(stderr, "demo_create_to: %s\n", e.msg);
	assert_int_equal(rc, 0);
	sum_ctx a = checksum(fx.s), b = checksum_to(s2, 2024), all = checksum(s2);
	assert_int_equal(a.n, b.n);
	assert_true(a.h == b.h);
	assert_true(all.n > a.n + 500);
	assert_true(st2.values == all.n);
	assert_true(st2.targets > fx.st.targets);
	assert_true(all.max_at <= now);
	/* today's month: phường Đức Xuân has entered part, the day before */
	value v;
	period dec = {PERIOD_MONTH, 2026, 12}, nov = {PERIOD_MONTH, 2026, 11};
	assert_int_equal(store_value_get(s2, "KT01", "DX2025", &dec, &v, &e), 0);
	assert_true(v.amount > 0);
	assert_true(v.at < now && v.at > now - 86400 * 2);
	assert_int_equal(store_value_get(s2, "KT01", "DX2025", &nov, &v, &e), 0);
	/* the new wards' plans of today's year */
	target *t = NULL;
	size_t n = 0;
	assert_int_equal(store_target_list(s2, NULL, "DX2025", 2026, &t, &n, &e), 0);
	assert_true(n > 10);
	free(t);
	store_close(s2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_june_2022_retail_sales_match_the_report),
		cmocka_unit_test(test_june_2022_two_wards_lag_on_retail_sales),
		cmocka_unit_test(test_june_2022_industrial_production_matches_the_report),
		cmocka_unit_test(test_ocop_first_half_2022_is_13_new_products),
		cmocka_unit_test(test_year_2020_has_11_of_65_targets_not_met),
		cmocka_unit_test(test_year_2020_real_levels_and_ratios),
		cmocka_unit_test(test_year_2021_targets_from_the_report),
		cmocka_unit_test(test_november_2020_budget_lags_in_song_cau_and_minh_khai),
		cmocka_unit_test(test_2025_merger_links_are_recorded),
		cmocka_unit_test(test_stats_and_progress_describe_what_was_written),
		cmocka_unit_test(test_making_the_demo_twice_gives_the_same_values),
		cmocka_unit_test(test_the_demo_up_to_today_keeps_the_seed_years),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
