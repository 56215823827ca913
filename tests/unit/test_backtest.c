/*
 * test_backtest.c - the forecast's track record (core/backtest.h): the
 * accumulation by hand (two forecasts: MAPE 10%, coverage 50%, Brier
 * 0,065), and backtest_run over a store (SQLite, or PostgreSQL with
 * $CHITIEU_TEST_PG) holding a synthetic monthly flow whose every year is
 * the same profile times (10 + year index): from March on the seasonal
 * ratio forecast is exact, so MAPE 0, coverage 100% and Brier 0, and
 * January and February have too little data; and eval_run reading the
 * year before last for a flow's record only while it can be used.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "core/backtest.h"
#include "core/eval.h"
#include "testlib.h"

#define near(a, b, tol) assert_true(fabs((a) - (b)) < (tol))

static forecast_result fc(double v, double lo, double hi, double p)
{
	forecast_result f;
	memset(&f, 0, sizeof f);
	f.status = FC_OK;
	f.value = v;
	f.lo80 = lo;
	f.hi80 = hi;
	f.p_meet = p;
	return f;
}

/* 110 and 90 against 100: APE 10% each; 100 in [95, 120], not in [85, 95];
 * Brier ((0,8 - 1)² + (0,3 - 0)²)/2 = 0,065. A too-little forecast is only
 * counted as such; one without an actual is not counted. */
static void backtest_sums_by_hand(void **state)
{
	(void)state;
	backtest_result r;
	memset(&r, 0, sizeof r);
	forecast_result a = fc(110, 95, 120, 0.8), b = fc(90, 85, 95, 0.3), c = fc(1, 0, 2, 0.5);
	forecast_result t = {.status = FC_TOO_LITTLE};
	backtest_add(&r, 6, IND_FLOW, &a, true, 100, 1);
	backtest_add(&r, 6, IND_FLOW, &b, true, 100, 0);
	backtest_add(&r, 6, IND_FLOW, &c, false, 0, 1);
	backtest_add(&r, 1, IND_FLOW, &t, true, 100, 1);
	backtest_finish(&r);
	const backtest_cell *m6 = &r.cell[5][IND_FLOW - 1];
	assert_int_equal(m6->n, 2);
	near(m6->mape, 10, 1e-9);
	near(m6->coverage, 50, 1e-9);
	near(m6->brier, 0.065, 1e-12);
	assert_int_equal(r.cell[0][IND_FLOW - 1].n_too_little, 1);
	assert_true(isnan(r.cell[0][IND_FLOW - 1].mape));
	assert_int_equal(r.total[IND_FLOW - 1].n, 2);
	assert_int_equal(r.total[IND_FLOW - 1].n_too_little, 1);
	assert_int_equal(r.n_forecasts, 2);
}

static void put_value(store *s, const char *unit_code, int y, int m, double v)
{
	value val;
	memset(&val, 0, sizeof val);
	snprintf(val.indicator_code, sizeof val.indicator_code, "TN");
	snprintf(val.unit_code, sizeof val.unit_code, "%s", unit_code);
	val.period = (period){.type = PERIOD_MONTH, .year = y, .index = m};
	assert_int_equal(num_from_double(v, &val.amount), 0);
	snprintf(val.by, sizeof val.by, "test");
	err e;
	if (store_value_put(s, &val, NULL, NULL, &e))
		fail_msg("store_value_put %s %d/%d: %s", unit_code, m, y, e.msg);
}

static void put_month(store *s, int y, int m, double v)
{
	put_value(s, "058", y, m, v);
}

/* City 058's own target for TN in year y: at least v. */
static void put_target(store *s, int y, double v)
{
	target t;
	memset(&t, 0, sizeof t);
	snprintf(t.indicator_code, sizeof t.indicator_code, "TN");
	snprintf(t.unit_code, sizeof t.unit_code, "058");
	t.year_from = t.year_to = y;
	t.kind = TGT_AT_LEAST;
	t.source = TGT_SRC_OWN;
	assert_int_equal(num_from_double(v, &t.value), 0);
	err e;
	if (store_target_put(s, &t, &e))
		fail_msg("store_target_put %d: %s", y, e.msg);
}

/* Years 2019..2023: month m of year 2019+j is profile[m] × (10 + j); the
 * targets alternate: met in 2020 and 2022 (below the year), not met in
 * 2021 and 2023 (above it). */
static void backtest_on_a_series_that_grows_exactly(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	tl_put_unit(s, "058", "Bắc Kạn", "", UNIT_CITY, (cdate){0}, (cdate){0});
	indicator ind = tl_make_ind("TN", NULL, FREQ_MONTH, IND_FLOW, 1);
	tl_put_ind(s, &ind);
	static const int profile[12] = {9, 6, 8, 9, 9, 10, 9, 9, 9, 9, 10, 26}; /* Σ 123 */
	for (int j = 0; j < 5; j++)
		for (int m = 1; m <= 12; m++)
			put_month(s, 2019 + j, m, profile[m - 1] * (10 + j));
	for (int y = 2020; y <= 2023; y++)
		put_target(s, y, 123.0 * (10 + (y - 2019)) + (y % 2 ? 1 : -1));
	backtest_result r;
	err e;
	assert_int_equal(backtest_run(s, "058", 2020, (cdate){2024, 3, 1}, &r, &e), 0);
	assert_int_equal(r.year_from, 2020);
	assert_int_equal(r.year_to, 2023);
	int k = IND_FLOW - 1;
	assert_int_equal(r.cell[0][k].n_too_little, 4); /* January: one month */
	assert_int_equal(r.cell[1][k].n_too_little, 4);
	for (int m = 3; m <= 11; m++) {
		const backtest_cell *c = &r.cell[m - 1][k];
		assert_int_equal(c->n, 4);
		near(c->mape, 0, 1e-9);
		near(c->coverage, 100, 1e-9);
		near(c->brier, 0, 1e-12);
	}
	assert_int_equal(r.total[k].n, 36);
	assert_int_equal(r.n_forecasts, 36);
	/* nothing has ended from 2024 on */
	assert_int_equal(backtest_run(s, "058", 2024, (cdate){2024, 3, 1}, &r, &e), ERR_INVALID);
}

/* eval_run with opts.forecast reads the year before last and rolls it up
 * for a flow's record (the case of test_forecast.c's
 * flow_interval_widens_by_last_years_record, through the store: a ward
 * holds the figures, the city's are its roll-up), and only while a flow's
 * forecast can use it: not in February (too few months), December (the
 * actual), with approved figures only, or without forecasts. */
static void eval_run_reads_the_year_before_last_only_for_a_flows_record(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	tl_put_unit(s, "058", "Bắc Kạn", "", UNIT_CITY, (cdate){0}, (cdate){0});
	tl_put_unit(s, "01837", "Sông Cầu", "058", UNIT_WARD, (cdate){0}, (cdate){0});
	indicator ind = tl_make_ind("TN", NULL, FREQ_MONTH, IND_FLOW, 1);
	tl_put_ind(s, &ind);
	static const double y2020[12] = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10};
	static const double y2021[12] = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 20};
	static const double y2022[12] = {10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12};
	for (int m = 1; m <= 12; m++) {
		put_value(s, "01837", 2020, m, y2020[m - 1]);
		put_value(s, "01837", 2021, m, y2021[m - 1]);
		put_value(s, "01837", 2022, m, y2022[m - 1]);
	}
	put_target(s, 2022, 150);
	err e;

	static const struct {
		int month;
		bool forecast, approved, reads;
	} cases[] = {
		{6, true, false, true},  {2, true, false, false}, {12, true, false, false},
		{6, true, true, false},  {6, false, false, false},
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		period p = {.type = PERIOD_MONTH, .year = 2022, .index = cases[c].month};
		eval_opts o;
		memset(&o, 0, sizeof o);
		o.forecast = cases[c].forecast;
		o.approved_only = cases[c].approved;
		eval_report r;
		if (eval_run(s, "058", &p, &o, &r, &e))
			fail_msg("eval_run case %zu: %s", c, e.msg);
		assert_int_equal(r.prev2 != NULL, cases[c].reads);
		if (c == 0) { /* by hand in test_forecast.c: sd 7,1614 with the record of 2020 (4,5387 without) */
			const forecast_result *f = &r.result.rows[0].forecast;
			assert_int_equal(f->status, FC_OK);
			near(f->value, 143, 1e-9);
			near(f->hi80, 143 + 1.475884 * 7.161384, 1e-4);
		}
		eval_report_free(&r);
	}
}

static int setup(void **state)
{
	return tl_setup(state, "backtest");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(backtest_sums_by_hand),
		cmocka_unit_test_setup_teardown(backtest_on_a_series_that_grows_exactly, setup, tl_teardown),
		cmocka_unit_test_setup_teardown(eval_run_reads_the_year_before_last_only_for_a_flows_record, setup,
						tl_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
