/*
 * test_forecast.c - the year-end forecast (core/forecast.h;
 * docs/internals/eval.md, "Year-end forecast"): a flow that runs exactly
 * 10% above last year's profile, a flow with hand-computed trend, interval
 * and probability, too little history (one month; last year incomplete; a
 * level with few reports), the year complete, lower-is-better targets, a
 * damped trend that is deterministic and sensible, and eval_compute filling
 * the forecast of a row only when asked.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/eval.h"
#include "core/forecast.h"

#define near(a, b, tol) assert_true(fabs((a) - (b)) < (tol))

/* t(0,9; 5): the 80% interval's half-width in sd with six months known */
#define T90_DF5 1.475884

/* r is v with the 80% interval v ± T90_DF5 × sd (six months known). */
static void assert_band(const forecast_result *r, double v, double sd)
{
	assert_int_equal(r->status, FC_OK);
	near(r->value, v, 1e-9);
	near(r->lo80, v - T90_DF5 * sd, 1e-4);
	near(r->hi80, v + T90_DF5 * sd, 1e-4);
}

static forecast_input flow_input(const double prev[12], const double *cur, int known)
{
	forecast_input in;
	memset(&in, 0, sizeof in);
	in.flow = true;
	in.report = 0x0FFF;
	in.known = known;
	for (int k = 0; k < 12; k++) {
		in.prev2[k] = NAN;
		in.prev[k] = prev[k];
		in.cur[k] = k < known ? cur[k] : NAN;
	}
	return in;
}

/* Last year 10 a month and 30 in December (140); this year 11 a month from
 * January to June: R = 1,1 exactly, the year 66 + 1,1 × 80 = 154, no spread. */
static void flow_follows_last_years_profile_times_this_years_trend(void **state)
{
	(void)state;
	double prev[12] = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 30};
	double cur[6] = {11, 11, 11, 11, 11, 11};
	forecast_input in = flow_input(prev, cur, 6);
	in.has_target = true;
	in.target = 150;
	forecast_result r;
	forecast_compute(&in, &r);
	assert_int_equal(r.status, FC_OK);
	assert_int_equal(r.method, FC_M_SEASONAL);
	assert_int_equal(r.n_obs, 6);
	near(r.trend, 1.1, 1e-12);
	near(r.value, 154, 1e-9);
	near(r.lo80, 154, 1e-9);
	near(r.hi80, 154, 1e-9);
	near(r.p_meet, 1, 1e-12);
	/* the path: the cumulative month by month, December's big month last */
	assert_true(isnan(r.path[5]));
	near(r.path[6], 77, 1e-9);
	near(r.path[10], 121, 1e-9);
	near(r.path[11], 154, 1e-9);
	in.target = 155;
	forecast_compute(&in, &r);
	near(r.p_meet, 0, 1e-12);
}

/* Last year 10 a month; this year 9, 11, 13. By hand: R = 33/30 = 1,1;
 * weighted residuals (4 + 0 + 4)/10 = 0,8 over 2 degrees of freedom: s² =
 * 0,4; var(R) = s²/30; the nine months left (90 of last year): variance
 * 0,4 × (90²/30 + 90) = 144, sd 12; the year 33 + 99 = 132; t(0,9; 2) =
 * 1,885618: 80% interval 132 ± 22,6274. P(year ≥ 144) = P(T₂ ≥ 1) =
 * 1/2 - 1/(2√3) = 0,211325; P(year ≥ 132) = 1/2. */
static void flow_interval_and_probability_by_hand(void **state)
{
	(void)state;
	double prev[12] = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10};
	double cur[3] = {9, 11, 13};
	forecast_input in = flow_input(prev, cur, 3);
	in.has_target = true;
	in.target = 144;
	forecast_result r;
	forecast_compute(&in, &r);
	assert_int_equal(r.status, FC_OK);
	near(r.trend, 1.1, 1e-12);
	near(r.value, 132, 1e-9);
	near(r.lo80, 132 - 1.885618 * 12, 1e-4);
	near(r.hi80, 132 + 1.885618 * 12, 1e-4);
	near(r.p_meet, 0.5 - 1 / (2 * sqrt(3.0)), 1e-9);
	in.target = 132;
	forecast_compute(&in, &r);
	near(r.p_meet, 0.5, 1e-9);
	/* lower is better (at most 144): the complement */
	in.target = 144;
	in.lower = true;
	forecast_compute(&in, &r);
	near(r.p_meet, 0.5 + 1 / (2 * sqrt(3.0)), 1e-9);
	/* a lower-is-better flow already over its target cannot come back */
	in.target = 30;
	forecast_compute(&in, &r);
	near(r.p_meet, 0, 1e-12);
}

/* Last year 10 a month; this year 10, 10, 10 then 13, 13, 13: the ratio
 * jumps in April. By hand (weights 1/l²): R = mean of the ratios = 1,15,
 * the year 69 + 1,15 × 60 = 138; s² = 6 × 0,15² / 5 = 0,027; the model's
 * variance 0,027 × (60²/6 + 6 × 10²) = 32,4. The year's own record: from
 * March (R 1, months 4-6: 30 against 39) z² = 81 / (0,027 × (30²/3 + 300))
 * = 5; from April (R 1,075: 21,5 against 26) z² = 4,5² / (0,027 × 300) =
 * 2,5; from May (R 1,12: 11,2 against 13) z² = 1,8² / (0,027 × 120) = 1.
 * c² = 8,5 / 3: sd = √(32,4 × 8,5 / 3) = 9,5812, ± t(0,9; 5) = 1,475884. */
static void flow_interval_widens_by_the_years_own_record(void **state)
{
	(void)state;
	double prev[12] = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10};
	double cur[6] = {10, 10, 10, 13, 13, 13};
	forecast_input in = flow_input(prev, cur, 6);
	forecast_result r;
	forecast_compute(&in, &r);
	near(r.trend, 1.15, 1e-12);
	assert_band(&r, 138, sqrt(32.4 * 8.5 / 3));
	/* a steady ratio: the record adds nothing (c² = 1 at most, never narrower) */
	double steady[6] = {11, 11, 11, 11, 11, 11};
	in = flow_input(prev, steady, 6);
	forecast_compute(&in, &r);
	assert_band(&r, 132, 0);
}

/* The year before last 10 a month; last year 10 a month and 20 in December
 * (a December that broke the profile); this year 10, 12, 10, 12, 10, 12.
 * By hand: R = 1,1 (the mean of the ratios), the year 66 + 1,1 × 70 = 143,
 * s² = 6 × 0,1² / 5 = 0,012; the model's variance s² × (70²/6 + 5 × 10² +
 * 20²) = s² × 1.716,67. This year's record: from March (R 3,2/3, months
 * 4-6: 32 against 34) z² = 4 / (s² × (30²/3 + 300)) = 0,5556; from April (R
 * 1,1: 22 against 22) 0; from May (R 1,08: 10,8 against 12) 1,44 / (s² ×
 * 120) = 1. Last year's forecast from June (R' = 1 on the year before:
 * July-December 60 against 70) z² = 100 / (s² × (60²/6 + 600) × (1/1,1)²)
 * = 8,4028. c² = 9,9583 / 4 = 2,4896: sd = √(s² × 2,4896 × 1.716,67) =
 * 7,1614 (4,5387 without the year before last), ± t(0,9; 5). */
static void flow_interval_widens_by_last_years_record(void **state)
{
	(void)state;
	double prev[12] = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 20};
	double cur[6] = {10, 12, 10, 12, 10, 12};
	forecast_input in = flow_input(prev, cur, 6);
	forecast_result r;
	forecast_compute(&in, &r);
	assert_band(&r, 143, 4.538722);
	for (int k = 0; k < 12; k++)
		in.prev2[k] = 10;
	forecast_compute(&in, &r);
	assert_band(&r, 143, 7.161384);
	/* the year before last missing a month: no record from it */
	in.prev2[3] = NAN;
	forecast_compute(&in, &r);
	assert_band(&r, 143, 4.538722);
}

static void one_month_of_history_is_too_little(void **state)
{
	(void)state;
	double prev[12] = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10};
	double cur[1] = {12};
	forecast_input in = flow_input(prev, cur, 1);
	in.has_target = true;
	in.target = 100;
	forecast_result r;
	forecast_compute(&in, &r);
	assert_int_equal(r.status, FC_TOO_LITTLE);
	assert_non_null(strstr(r.reason, "dưới 3 kỳ"));
	assert_true(isnan(r.value) && isnan(r.p_meet) && isnan(r.lo80));
	/* last year incomplete: no profile */
	double cur3[3] = {9, 11, 13};
	prev[7] = NAN;
	in = flow_input(prev, cur3, 3);
	forecast_compute(&in, &r);
	assert_int_equal(r.status, FC_TOO_LITTLE);
	assert_non_null(strstr(r.reason, "năm trước"));
	/* a level with one report */
	memset(&in, 0, sizeof in);
	in.report = 0x0FFF;
	in.known = 1;
	for (int k = 0; k < 12; k++)
		in.prev[k] = in.cur[k] = NAN;
	in.cur[0] = 92.2;
	forecast_compute(&in, &r);
	assert_int_equal(r.status, FC_TOO_LITTLE);
	assert_non_null(strstr(r.reason, "6 kỳ"));
}

static void complete_year_is_the_actual(void **state)
{
	(void)state;
	double prev[12] = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10};
	double cur[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
	forecast_input in = flow_input(prev, cur, 12);
	in.has_target = true;
	in.target = 78;
	forecast_result r;
	forecast_compute(&in, &r);
	assert_int_equal(r.status, FC_FINAL);
	assert_int_equal(r.method, FC_M_ACTUAL);
	near(r.value, 78, 1e-12);
	near(r.p_meet, 1, 1e-12);
	/* a year's total with a month missing is no actual */
	in.cur[4] = NAN;
	forecast_compute(&in, &r);
	assert_int_equal(r.status, FC_TOO_LITTLE);
	in.cur[4] = 5;
	/* a quarterly flow known to September is not complete: December is still to come */
	in.report = 0x0924;
	in.known = 9;
	forecast_compute(&in, &r);
	assert_int_equal(r.status, FC_OK);
}

/* A level rising 0,5 a month with a little wobble, 18 reports: the damped
 * trend projects above the last value and below the straight line, the
 * interval holds the projection and widens month by month, and two runs
 * give the same bytes. */
static void damped_trend_is_deterministic_and_sensible(void **state)
{
	(void)state;
	forecast_input in;
	memset(&in, 0, sizeof in);
	in.report = 0x0FFF;
	in.known = 6;
	static const double wob[] = {0.1, -0.1, 0.05, 0, -0.05, 0.1};
	for (int k = 0; k < 12; k++) {
		in.prev[k] = 80 + 0.5 * k + wob[k % 6];
		in.cur[k] = k < 6 ? 86 + 0.5 * k + wob[(k + 3) % 6] : NAN;
	}
	in.has_target = true;
	in.target = 90;
	forecast_result a, b;
	forecast_compute(&in, &a);
	forecast_compute(&in, &b);
	assert_int_equal(memcmp(&a, &b, sizeof a), 0);
	assert_int_equal(a.status, FC_OK);
	assert_int_equal(a.method, FC_M_DAMPED);
	assert_int_equal(a.n_obs, 18);
	double last = in.cur[5];
	assert_true(a.value > last);
	assert_true(a.value < last + 6 * 0.5 + 0.3);
	assert_true(a.lo80 < a.value && a.value < a.hi80);
	assert_true(a.path_hi[11] - a.path_lo[11] > a.path_hi[6] - a.path_lo[6]);
	assert_true(a.trend > 0);
	assert_true(a.p_meet > 0 && a.p_meet < 1);
	/* lower-is-better: the complement */
	in.lower = true;
	forecast_compute(&in, &b);
	near(a.p_meet + b.p_meet, 1, 1e-12);
}

/* eval_compute: one city, one monthly flow, last year 10 a month, this year
 * 9, 11, 13 to March, target 144: the row's forecast is the hand-computed
 * one above; without opts.forecast it is left out. */
static void eval_compute_fills_the_rows_forecast_when_asked(void **state)
{
	(void)state;
	indicator ind;
	memset(&ind, 0, sizeof ind);
	snprintf(ind.code, sizeof ind.code, "KT02");
	ind.kind = IND_FLOW;
	ind.direction = DIR_HIGHER;
	ind.rollup = ROLLUP_SUM;
	ind.freq = FREQ_MONTH;
	ind.decimals = 1;
	unit u = {.code = "058", .name = "Bắc Kạn", .type = UNIT_CITY};
	int parent = -1;
	eval_series prev, cur;
	memset(&prev, 0, sizeof prev);
	memset(&cur, 0, sizeof cur);
	for (int k = 0; k < 12; k++)
		prev.m[k] = NUM_INT(10);
	prev.has = 0x0FFF;
	cur.m[0] = NUM_INT(9);
	cur.m[1] = NUM_INT(11);
	cur.m[2] = NUM_INT(13);
	cur.has = 0x7;
	eval_target t;
	memset(&t, 0, sizeof t);
	t.has_own = true;
	t.own.kind = TGT_AT_LEAST;
	t.own.source = TGT_SRC_OWN;
	t.own.value = NUM_INT(144);
	t.own.year_from = t.own.year_to = 2022;
	eval_data d = {.year = 2022, .inds = &ind, .n_inds = 1, .units = &u, .n_units = 1, .parent = &parent,
		       .prev = &prev, .cur = &cur, .targets = &t};
	period p = {.type = PERIOD_MONTH, .year = 2022, .index = 3};
	eval_opts o;
	memset(&o, 0, sizeof o);
	eval_result r;
	err e;
	assert_int_equal(eval_compute(&d, &p, &o, &r, &e), 0);
	assert_int_equal(r.rows[0].forecast.status, FC_NONE);
	eval_result_free(&r);
	o.forecast = true;
	assert_int_equal(eval_compute(&d, &p, &o, &r, &e), 0);
	const forecast_result *f = &r.rows[0].forecast;
	assert_int_equal(f->status, FC_OK);
	assert_int_equal(f->known, 3);
	near(f->value, 132, 1e-9);
	near(f->p_meet, 0.5 - 1 / (2 * sqrt(3.0)), 1e-9);
	eval_result_free(&r);
	/* running on 15/02/2022: only January has ended, too little */
	o.today = (cdate){2022, 2, 15};
	assert_int_equal(eval_compute(&d, &p, &o, &r, &e), 0);
	assert_int_equal(r.rows[0].forecast.status, FC_TOO_LITTLE);
	assert_int_equal(r.rows[0].forecast.known, 1);
	eval_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(flow_follows_last_years_profile_times_this_years_trend),
		cmocka_unit_test(flow_interval_and_probability_by_hand),
		cmocka_unit_test(flow_interval_widens_by_the_years_own_record),
		cmocka_unit_test(flow_interval_widens_by_last_years_record),
		cmocka_unit_test(one_month_of_history_is_too_little),
		cmocka_unit_test(complete_year_is_the_actual),
		cmocka_unit_test(damped_trend_is_deterministic_and_sensible),
		cmocka_unit_test(eval_compute_fills_the_rows_forecast_when_asked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
