/*
 * test_validate.c - the validation analysis (core/validate.h), on both
 * engines: a value stored before its indicator got bounds is an error; a
 * figure typed ten times too large is a warning with the expected range; a
 * steady growth, a unit with too little history, another period type and a
 * unit outside the tree are not looked at or not listed; errors come first.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/validate.h"
#include "testlib.h"

typedef tl_db fixture;

static void put(store *s, const char *ind, const char *unit_code, period p, num_t amount)
{
	value v;
	err e;
	memset(&v, 0, sizeof v);
	snprintf(v.indicator_code, sizeof v.indicator_code, "%s", ind);
	snprintf(v.unit_code, sizeof v.unit_code, "%s", unit_code);
	v.period = p;
	v.amount = amount;
	snprintf(v.by, sizeof v.by, "ward");
	if (store_value_put(s, &v, "", NULL, &e) != 0)
		fail_msg("store_value_put %s %s: %s", ind, unit_code, e.msg);
}

/* City 058 with wards A, B, C; ward X under another city. */
static int setup(void **state)
{
	if (tl_setup(state, "chitieu_validate") != 0)
		return -1;
	store *s = ((fixture *)*state)->s;
	cdate none = {0, 0, 0};
	tl_put_unit(s, "06", NULL, "", UNIT_PROVINCE, none, none);
	tl_put_unit(s, "058", NULL, "06", UNIT_CITY, none, none);
	tl_put_unit(s, "059", NULL, "06", UNIT_CITY, none, none);
	tl_put_unit(s, "A", NULL, "058", UNIT_WARD, none, none);
	tl_put_unit(s, "B", NULL, "058", UNIT_WARD, none, none);
	tl_put_unit(s, "C", NULL, "058", UNIT_WARD, none, none);
	tl_put_unit(s, "X", NULL, "059", UNIT_WARD, none, none);
	indicator kt1 = tl_make_ind("KT01", NULL, FREQ_MONTH, IND_FLOW, 1);
	indicator kt5 = tl_make_ind("KT05", NULL, FREQ_MONTH, IND_COUNT, 0);
	indicator q = tl_make_ind("KT09", NULL, FREQ_QUARTER, IND_FLOW, 1);
	tl_put_ind(s, &kt1);
	tl_put_ind(s, &kt5);
	tl_put_ind(s, &q);
	/* June of four earlier years, growing 10 a year; then June 2022 */
	for (int y = 2018; y <= 2021; y++) {
		put(s, "KT01", "A", period_month(y, 6), NUM_INT(100 + 10 * (y - 2018)));
		put(s, "KT01", "B", period_month(y, 6), NUM_INT(100 + 10 * (y - 2018)));
		put(s, "KT01", "X", period_month(y, 6), NUM_INT(100));
	}
	put(s, "KT01", "A", period_month(2022, 6), NUM_INT(1300)); /* typed ten times too large */
	put(s, "KT01", "B", period_month(2022, 6), NUM_INT(140));  /* the steady growth */
	put(s, "KT01", "C", period_month(2021, 6), NUM_INT(10));   /* two years only */
	put(s, "KT01", "C", period_month(2022, 6), NUM_INT(500));
	put(s, "KT01", "X", period_month(2022, 6), NUM_INT(5000)); /* outside the city */
	put(s, "KT05", "B", period_month(2022, 6), NUM_INT(80));
	put(s, "KT09", "A", (period){PERIOD_QUARTER, 2022, 2}, NUM_INT(99999)); /* another period type */
	/* KT05 gets a maximum after B's 80 came in */
	err e;
	kt5.has_max = true;
	kt5.max = NUM_INT(50);
	if (store_indicator_put(s, &kt5, &e) != 0)
		fail_msg("%s", e.msg);
	return 0;
}

static int teardown(void **state)
{
	return tl_teardown(state);
}

static void test_bounds_and_outliers_of_the_city(void **state)
{
	fixture *f = *state;
	validate_result r;
	err e;
	period jun = period_month(2022, 6);
	assert_int_equal(validate_run(f->s, "058", &jun, &r, &e), 0);
	assert_int_equal(r.n_units, 4);  /* the city and its three wards */
	assert_int_equal(r.n_values, 4); /* A, B, C's KT01 and B's KT05 */
	assert_int_equal(r.n_errors, 1);
	assert_int_equal(r.n_warnings, 1);
	assert_int_equal(r.n_items, 2);
	/* errors first */
	assert_int_equal(r.items[0].kind, VALIDATE_BOUNDS);
	assert_string_equal(r.items[0].unit_code, "B");
	assert_string_equal(r.items[0].indicator_code, "KT05");
	assert_non_null(strstr(r.items[0].message, "mức tối đa 50"));
	assert_non_null(strstr(r.items[0].message, "tháng 6/2022"));
	assert_int_equal(r.items[1].kind, VALIDATE_OUTLIER);
	assert_string_equal(r.items[1].unit_code, "A");
	assert_int_equal(r.items[1].value, NUM_INT(1300));
	/* median of 100, 110, 120, 130 = 115; the range at least ± half of it */
	assert_true(r.items[1].has_range);
	assert_true(r.items[1].low <= NUM_INT(58) && r.items[1].high >= NUM_INT(172));
	assert_true(r.items[1].high < NUM_INT(1300));
	assert_non_null(strstr(r.items[1].message, "khác xa các năm trước"));
	buf b;
	buf_init(&b, 1 << 16);
	assert_int_equal(validate_json(&b, "058", &r), 0);
	const char *j = buf_cstr(&b);
	assert_non_null(strstr(j, "\"errors\":1,\"warnings\":1"));
	assert_non_null(strstr(j, "\"importance\":\"warning\",\"rule\":\"outlier\",\"value\":1300,"));
	buf_free(&b);
	validate_free(&r);
}

static void test_a_ward_alone_and_errors(void **state)
{
	fixture *f = *state;
	validate_result r;
	err e;
	period jun = period_month(2022, 6), q2 = {PERIOD_QUARTER, 2022, 2}, bad = {PERIOD_MONTH, 2022, 13};
	assert_int_equal(validate_run(f->s, "A", &jun, &r, &e), 0);
	assert_int_equal(r.n_units, 1);
	assert_int_equal(r.n_items, 1);
	validate_free(&r);
	/* a quarter looks at the quarterly indicator only: one value, too little history */
	assert_int_equal(validate_run(f->s, "058", &q2, &r, &e), 0);
	assert_int_equal(r.n_values, 1);
	assert_int_equal(r.n_items, 0);
	validate_free(&r);
	assert_int_equal(validate_run(f->s, "ZZ", &jun, &r, &e), ERR_NOTFOUND);
	assert_int_equal(validate_run(f->s, "058", &bad, &r, &e), ERR_INVALID);
}

/* Shares among siblings: six wards of city 059 report a coverage rate (%) in
 * 2022 without any history; one at 41 % among 94-97 % is a warning naming
 * the group's median; an amount (KT01) is never compared between wards of
 * different sizes; a group of fewer than VALIDATE_MIN_SIBLINGS is not. */
static void test_a_share_far_from_its_siblings(void **state)
{
	fixture *f = *state;
	cdate none = {0, 0, 0};
	indicator pct = tl_make_ind("VX03", NULL, FREQ_YEAR, IND_LEVEL, 1);
	snprintf(pct.uom, sizeof pct.uom, "%%");
	pct.uom_scale = 0;
	pct.value_type = VT_PERCENT;
	pct.has_min = pct.has_max = false;
	tl_put_ind(f->s, &pct);
	static const char *const wards[] = {"Y1", "Y2", "Y3", "Y4", "Y5"};
	static const double cover[] = {95.5, 94.0, 96.8, 41.0, 95.1};
	period y22 = {PERIOD_YEAR, 2022, 1};
	validate_result r;
	err e;
	for (int k = 0; k < 5; k++) {
		tl_put_unit(f->s, wards[k], NULL, "059", UNIT_WARD, none, none);
		num_t v;
		assert_int_equal(num_from_double(cover[k], &v), 0);
		put(f->s, "VX03", wards[k], y22, v);
		if (k == 3) { /* four siblings with a value, one far off: too few to tell */
			assert_int_equal(validate_run(f->s, "059", &y22, &r, &e), 0);
			assert_int_equal(r.n_items, 0);
			validate_free(&r);
		}
	}
	put(f->s, "VX03", "X", y22, NUM_INT(97));
	assert_int_equal(validate_run(f->s, "06", &y22, &r, &e), 0);
	assert_int_equal(r.n_items, 1);
	assert_int_equal(r.items[0].kind, VALIDATE_OUTLIER_SIBLINGS);
	assert_string_equal(r.items[0].unit_code, "Y4");
	assert_true(r.items[0].has_range && r.items[0].low > NUM_INT(41) && r.items[0].high >= NUM_INT(97));
	assert_non_null(strstr(r.items[0].message, "khác xa các đơn vị cùng cấp thuộc 059 (6 đơn vị có số liệu"));
	buf b;
	buf_init(&b, 1 << 16);
	assert_int_equal(validate_json(&b, "06", &r), 0);
	assert_non_null(strstr(buf_cstr(&b), "\"rule\":\"outlier_siblings\""));
	buf_free(&b);
	validate_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bounds_and_outliers_of_the_city, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_ward_alone_and_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_share_far_from_its_siblings, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
