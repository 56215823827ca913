/*
 * test_eval.c - the evaluation rules (docs/internals/eval.md), one test per
 * rule, over eval_data built by hand (no store): the real Bắc Kạn figures of
 * DOMAIN.md §3, roll-ups, ratios of sums, targets of every kind, statuses,
 * lagging wards and the summary; and one small eval_run over a temporary
 * SQLite database (loading, subtree, validity, term targets ignored). Real
 * figures end to end are the demo's tests.
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
#include "store/store.h"

/* ---- a hand-built eval_data ------------------------------------------ */

#define FX_INDS 70
#define FX_UNITS 6

typedef struct fx {
	indicator inds[FX_INDS];
	size_t n_inds;
	unit units[FX_UNITS];
	int parent[FX_UNITS];
	size_t n_units;
	eval_series prev[FX_UNITS * FX_INDS], cur[FX_UNITS * FX_INDS];
	eval_target targets[FX_UNITS * FX_INDS];
	uint8_t source[FX_UNITS * FX_INDS]; /* settings of own or aggregated figures */
	bool any_source;
	eval_data d;
	eval_result r;
} fx;

enum { PREV = 0, CUR = 1 };

static num_t N(double x)
{
	num_t v = 0;
	assert_int_equal(num_from_double(x, &v), 0);
	return v;
}

static fx *fx_new(int year)
{
	fx *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->d.year = year;
	f->units[0] = (unit){ .code = "058", .name = "Bắc Kạn", .type = UNIT_CITY };
	f->parent[0] = -1;
	f->n_units = 1;
	return f;
}

static void fx_free(fx *f)
{
	eval_result_free(&f->r);
	free(f);
}

static int fx_unit(fx *f, const char *code, int parent)
{
	assert_true(f->n_units < FX_UNITS);
	int u = (int)f->n_units++;
	f->units[u] = (unit){ .type = UNIT_WARD };
	snprintf(f->units[u].code, sizeof f->units[u].code, "%s", code);
	f->parent[u] = parent;
	return u;
}

static int fx_ind(fx *f, const char *code, ind_kind kind, ind_direction dir, ind_rollup rollup, ind_freq freq)
{
	assert_true(f->n_inds < FX_INDS);
	int i = (int)f->n_inds++;
	indicator *ind = &f->inds[i];
	snprintf(ind->code, sizeof ind->code, "%s", code);
	ind->kind = kind;
	ind->direction = dir;
	ind->rollup = rollup;
	ind->freq = freq;
	ind->sector = SECTOR_ECONOMY;
	ind->decimals = 2;
	return i;
}

static eval_series *fx_ser(fx *f, int year_sel, int u, int i)
{
	return &(year_sel == CUR ? f->cur : f->prev)[u * FX_INDS + i];
}

/* Enters a value in the slot of month m (1..12). */
static void fx_put_est(fx *f, int year_sel, int u, int i, int m, double v, bool est)
{
	eval_series *s = fx_ser(f, year_sel, u, i);
	s->m[m - 1] = N(v);
	s->has |= (uint16_t)(1u << (m - 1));
	if (est)
		s->est |= (uint16_t)(1u << (m - 1));
}

static void fx_put(fx *f, int year_sel, int u, int i, int m, double v)
{
	fx_put_est(f, year_sel, u, i, m, v, false);
}

/* Enters months 1..n with the same value each. */
static void fx_months(fx *f, int year_sel, int u, int i, int n, double each)
{
	for (int m = 1; m <= n; m++)
		fx_put(f, year_sel, u, i, m, each);
}

static target *fx_target(fx *f, int u, int i, target_kind kind, target_source src, double v)
{
	eval_target *et = &f->targets[u * FX_INDS + i];
	target *t = src == TGT_SRC_OWN ? &et->own : &et->assigned;
	if (src == TGT_SRC_OWN)
		et->has_own = true;
	else
		et->has_assigned = true;
	memset(t, 0, sizeof *t);
	t->kind = kind;
	t->source = src;
	t->value = N(v);
	t->year_from = t->year_to = f->d.year;
	return t;
}

/* Evaluates units[0] for the period code; asserts success. */
static const eval_result *fx_eval(fx *f, const char *code, const eval_opts *o)
{
	/* the fixture keeps FX_INDS columns; compact them to n_inds for eval_data */
	static eval_series prev[FX_UNITS * FX_INDS], cur[FX_UNITS * FX_INDS];
	static eval_target tg[FX_UNITS * FX_INDS];
	static uint8_t src[FX_UNITS * FX_INDS];
	for (size_t u = 0; u < f->n_units; u++)
		for (size_t i = 0; i < f->n_inds; i++) {
			prev[u * f->n_inds + i] = f->prev[u * FX_INDS + i];
			cur[u * f->n_inds + i] = f->cur[u * FX_INDS + i];
			tg[u * f->n_inds + i] = f->targets[u * FX_INDS + i];
			src[u * f->n_inds + i] = f->source[u * FX_INDS + i];
		}
	f->d.source_set = f->any_source ? src : NULL;
	f->d.inds = f->inds;
	f->d.n_inds = f->n_inds;
	f->d.units = f->units;
	f->d.n_units = f->n_units;
	f->d.parent = f->parent;
	f->d.prev = prev;
	f->d.cur = cur;
	f->d.targets = tg;
	period p;
	err e;
	assert_int_equal(period_parse(code, &p, &e), 0);
	eval_result_free(&f->r);
	int rc = eval_compute(&f->d, &p, o, &f->r, &e);
	if (rc)
		fail_msg("eval_compute: %s", e.msg);
	assert_int_equal(f->r.n_rows, f->n_inds);
	return &f->r;
}

/* Sets the source of the figure of (u, i) (core/source.h). */
static void fx_source(fx *f, int u, int i, fig_source s)
{
	f->source[(size_t)u * FX_INDS + (size_t)i] = (uint8_t)s;
	f->any_source = true;
}

/* Rounds half away from zero to 2 decimals, as reports print. */
static double r2(double x)
{
	return round(x * 100.0) / 100.0;
}

#define assert_near(a, b, tol) assert_true(fabs((double)(a) - (double)(b)) <= (tol))

/* ---- rules 1, 4, 5, 6: the real Bắc Kạn figures ---------------------- */

/* Retail sales, June 2022: month 285, January–June 1.739,5 = 50,58% of the
 * 3.439 plan, +4,85% on January–June 2021 (1.659). */
static void retail_june_2022_percent_of_plan_and_change(void **state)
{
	(void)state;
	fx *f = fx_new(2022);
	int i = fx_ind(f, "BANLE", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_MONTH);
	double months22[6] = { 300, 280, 290, 292.5, 292, 285 }; /* sums to 1.739,5 */
	for (int m = 1; m <= 6; m++)
		fx_put(f, CUR, 0, i, m, months22[m - 1]);
	double months21[12] = { 280, 270, 275, 278, 276, 280, 285, 290, 295, 300, 310, 341 };
	for (int m = 1; m <= 12; m++)
		fx_put(f, PREV, 0, i, m, months21[m - 1]); /* Jan–Jun 1.659, year 3.480 */
	fx_target(f, 0, i, TGT_AT_LEAST, TGT_SRC_OWN, 3439);

	const eval_row *row = &fx_eval(f, "202206", NULL)->rows[0];
	assert_true(row->has_value);
	assert_true(row->value == N(285));
	assert_true(row->has_cum);
	assert_true(row->cumulative == N(1739.5));
	assert_true(row->has_prev_cum);
	assert_true(row->prev_cumulative == N(1659));
	assert_true(row->has_prev_value);
	assert_true(row->prev_value == N(280));
	assert_true(row->has_target);
	assert_true(row->target == N(3439));
	assert_near(r2(row->percent_of_target), 50.58, 1e-9);
	assert_near(r2(row->change_on_last_year), 4.85, 1e-9);
	assert_near(row->change_absolute, 80.5, 1e-9);
	assert_false(row->rolled_up);
	assert_false(row->estimate);
	/* seasonal profile: last year had 1.659 of 3.480 by June */
	assert_near(row->expected_percent, 1659.0 / 3480.0 * 100.0, 1e-9);
	assert_int_equal(row->status, EVAL_ON_TRACK);
	fx_free(f);
}

/* Industrial production value: January–June 2022 145.244,67 against
 * 143.992 for January–June 2021: +0,87%. */
static void industrial_first_half_change_on_same_period(void **state)
{
	(void)state;
	fx *f = fx_new(2022);
	int i = fx_ind(f, "CN", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_MONTH);
	fx_months(f, CUR, 0, i, 5, 24198.35);   /* 120.991,75 */
	fx_put(f, CUR, 0, i, 6, 24252.92);      /* total 145.244,67 */
	fx_months(f, PREV, 0, i, 6, 23998.6667); /* 143.992,0002 */
	fx_put(f, PREV, 0, i, 6, 23998.6665);    /* exactly 143.992 */
	const eval_row *row = &fx_eval(f, "2022S1", NULL)->rows[0];
	assert_true(row->value == N(145244.67)); /* the half's value is its months' sum */
	assert_true(row->cumulative == N(145244.67));
	assert_true(row->prev_cumulative == N(143992));
	assert_near(r2(row->change_on_last_year), 0.87, 1e-9);
	assert_int_equal(row->status, EVAL_NO_TARGET);
	fx_free(f);
}

/* Rule 1: a quarterly value sits in its last month; the quarter's value is
 * that slot, the cumulative adds the earlier quarters. */
static void quarterly_value_sits_in_last_month_of_quarter(void **state)
{
	(void)state;
	fx *f = fx_new(2022);
	int i = fx_ind(f, "OCOP", IND_COUNT, DIR_HIGHER, ROLLUP_SUM, FREQ_QUARTER);
	fx_put(f, CUR, 0, i, 3, 5);
	fx_put(f, CUR, 0, i, 6, 8); /* 13 products in the first 6 months */
	const eval_row *row = &fx_eval(f, "2022Q2", NULL)->rows[0];
	assert_true(row->value == N(8));
	assert_true(row->cumulative == N(13));
	row = &fx_eval(f, "2022Q1", NULL)->rows[0];
	assert_true(row->value == N(5));
	assert_true(row->cumulative == N(5));
	fx_free(f);
}

/* Rule 4: a level's period value and cumulative are its latest figures. */
static void level_takes_latest_value_not_sum(void **state)
{
	(void)state;
	fx *f = fx_new(2020);
	int i = fx_ind(f, "GIACAM", IND_LEVEL, DIR_HIGHER, ROLLUP_SUM, FREQ_MONTH);
	fx_put(f, CUR, 0, i, 1, 300000);
	fx_put(f, CUR, 0, i, 5, 310000);
	fx_put(f, CUR, 0, i, 6, 315000);
	fx_put(f, PREV, 0, i, 6, 290000);
	const eval_row *row = &fx_eval(f, "2020Q2", NULL)->rows[0];
	assert_true(row->value == N(315000));
	assert_true(row->cumulative == N(315000));
	assert_true(row->prev_cumulative == N(290000));
	fx_free(f);
}

/* ---- rule 7: expected progress -------------------------------------- */

/* The seasonal profile of last year (a big December) expects less by June
 * than the linear 6/12; with last year incomplete, linear is used. */
static void seasonal_profile_expects_less_than_linear_when_december_is_big(void **state)
{
	(void)state;
	fx *f = fx_new(2021);
	int i = fx_ind(f, "THUNS", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_MONTH);
	fx_months(f, CUR, 0, i, 6, 11.0);   /* 66 of 150 = 44% */
	fx_months(f, PREV, 0, i, 11, 10.0); /* 60 by June, 110 by November */
	fx_put(f, PREV, 0, i, 12, 40.0);    /* big December: year 150, June share 40% */
	fx_target(f, 0, i, TGT_AT_LEAST, TGT_SRC_ASSIGNED, 150);

	const eval_row *row = &fx_eval(f, "202106", NULL)->rows[0];
	assert_near(row->percent_of_target, 44.0, 1e-9);
	assert_near(row->expected_percent, 40.0, 1e-9);
	assert_int_equal(row->status, EVAL_ON_TRACK);

	/* last year lacks March: no profile, linear 6/12 = 50% -> behind */
	fx_ser(f, PREV, 0, i)->has &= (uint16_t)~(1u << 2);
	row = &fx_eval(f, "202106", NULL)->rows[0];
	assert_near(row->expected_percent, 50.0, 1e-9);
	assert_int_equal(row->status, EVAL_BEHIND);
	fx_free(f);
}

/* Percent and expected are compared after rounding to 2 decimals:
 * 49,996% counts as 50,00% (on track), 49,994% as 49,99% (behind). */
static void on_track_compares_percent_rounded_to_two_decimals(void **state)
{
	(void)state;
	fx *f = fx_new(2022);
	int i = fx_ind(f, "X", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_HALF);
	fx_target(f, 0, i, TGT_AT_LEAST, TGT_SRC_OWN, 10000);
	fx_put(f, CUR, 0, i, 6, 4999.6);
	const eval_row *row = &fx_eval(f, "202206", NULL)->rows[0];
	assert_near(row->expected_percent, 50.0, 1e-9);
	assert_true(row->percent_of_target < 50.0);
	assert_int_equal(row->status, EVAL_ON_TRACK);
	fx_put(f, CUR, 0, i, 6, 4999.4);
	row = &fx_eval(f, "202206", NULL)->rows[0];
	assert_int_equal(row->status, EVAL_BEHIND);
	fx_free(f);
}

/* A level during the year is compared with the target itself (expected 100%). */
static void level_during_year_is_compared_with_target_directly(void **state)
{
	(void)state;
	fx *f = fx_new(2021);
	int i = fx_ind(f, "RUNG", IND_LEVEL, DIR_HIGHER, ROLLUP_NONE, FREQ_QUARTER);
	fx_target(f, 0, i, TGT_AT_LEAST, TGT_SRC_OWN, 65.79);
	fx_put(f, CUR, 0, i, 6, 65.5);
	const eval_row *row = &fx_eval(f, "2021Q2", NULL)->rows[0];
	assert_near(row->expected_percent, 100.0, 1e-9);
	assert_int_equal(row->status, EVAL_BEHIND);
	fx_put(f, CUR, 0, i, 6, 65.79);
	row = &fx_eval(f, "2021Q2", NULL)->rows[0];
	assert_int_equal(row->status, EVAL_ON_TRACK);
	fx_free(f);
}

/* AT_MOST during the year: on track while cumulative <= target × share. */
static void at_most_flow_on_track_while_below_share_of_target(void **state)
{
	(void)state;
	fx *f = fx_new(2021);
	int i = fx_ind(f, "CHAYRUNG", IND_FLOW, DIR_LOWER, ROLLUP_SUM, FREQ_MONTH);
	fx_target(f, 0, i, TGT_AT_MOST, TGT_SRC_OWN, 12); /* linear: 3 by March */
	fx_put(f, CUR, 0, i, 1, 0);
	fx_put(f, CUR, 0, i, 2, 3);
	fx_put(f, CUR, 0, i, 3, 0);
	const eval_row *row = &fx_eval(f, "2021Q1", NULL)->rows[0];
	assert_near(row->expected_percent, 25.0, 1e-9);
	assert_int_equal(row->status, EVAL_ON_TRACK);
	fx_put(f, CUR, 0, i, 3, 1);
	row = &fx_eval(f, "2021Q1", NULL)->rows[0];
	assert_int_equal(row->status, EVAL_BEHIND);
	fx_free(f);
}

/* ---- rules 5 and 8: kinds of target ---------------------------------- */

/* Poverty rate to be reduced to 1,53% from 1,78%: at 1,60% progress is 72%,
 * and at the year end the target is not met. */
static void reduce_to_poverty_progress_72_percent(void **state)
{
	(void)state;
	fx *f = fx_new(2021);
	int i = fx_ind(f, "NGHEO", IND_LEVEL, DIR_LOWER, ROLLUP_NONE, FREQ_QUARTER);
	target *t = fx_target(f, 0, i, TGT_REDUCE_TO, TGT_SRC_OWN, 1.53);
	t->has_baseline = true;
	t->baseline = N(1.78);
	fx_put(f, CUR, 0, i, 6, 1.60);
	const eval_row *row = &fx_eval(f, "2021S1", NULL)->rows[0];
	assert_near(row->percent_of_target, 72.0, 1e-9);
	assert_near(row->expected_percent, 50.0, 1e-9); /* reduce-to expects M/12 */
	assert_int_equal(row->status, EVAL_ON_TRACK);

	fx_put(f, CUR, 0, i, 12, 1.60);
	row = &fx_eval(f, "2021", NULL)->rows[0];
	assert_near(row->percent_of_target, 72.0, 1e-9);
	assert_true(isnan(row->expected_percent));
	assert_int_equal(row->status, EVAL_NOT_MET);
	fx_put(f, CUR, 0, i, 12, 1.50);
	row = &fx_eval(f, "2021", NULL)->rows[0];
	assert_int_equal(row->status, EVAL_EXCEEDED);
	fx_free(f);
}

/* Farmland over 100 million/ha: 206 of a target of 200 exceeds; cattle 872
 * of 836 exceeds. */
static void x_of_y_206_of_200_and_872_of_836_exceeded_at_year_end(void **state)
{
	(void)state;
	fx *f = fx_new(2020);
	int ha = fx_ind(f, "DAT100", IND_LEVEL, DIR_HIGHER, ROLLUP_SUM, FREQ_YEAR);
	int gs = fx_ind(f, "GIASUC", IND_LEVEL, DIR_HIGHER, ROLLUP_SUM, FREQ_YEAR);
	fx_target(f, 0, ha, TGT_X_OF_Y, TGT_SRC_ASSIGNED, 200);
	fx_target(f, 0, gs, TGT_X_OF_Y, TGT_SRC_ASSIGNED, 836);
	fx_put(f, CUR, 0, ha, 12, 206);
	fx_put(f, CUR, 0, gs, 12, 872);
	const eval_result *r = fx_eval(f, "2020", NULL);
	assert_true(r->year_end);
	assert_int_equal(r->rows[ha].status, EVAL_EXCEEDED);
	assert_near(r->rows[ha].percent_of_target, 103.0, 1e-9);
	assert_int_equal(r->rows[gs].status, EVAL_EXCEEDED);
	assert_near(r2(r->rows[gs].percent_of_target), 104.31, 1e-9);
	assert_int_equal(r->rows[ha].target_source, TGT_SRC_ASSIGNED);
	fx_free(f);
}

/* Exact fixed-point comparison: 0,1 + 0,2 reaches a target of 0,3 exactly (MET). */
static void met_exactly_at_equality_in_fixed_point(void **state)
{
	(void)state;
	fx *f = fx_new(2021);
	int i = fx_ind(f, "HTX", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_MONTH);
	fx_target(f, 0, i, TGT_AT_LEAST, TGT_SRC_OWN, 0.3);
	fx_months(f, CUR, 0, i, 12, 0);
	fx_put(f, CUR, 0, i, 3, 0.1);
	fx_put(f, CUR, 0, i, 11, 0.2);
	const eval_row *row = &fx_eval(f, "2021", NULL)->rows[0];
	assert_int_equal(row->status, EVAL_MET);
	fx_put(f, CUR, 0, i, 12, 0.0001);
	row = &fx_eval(f, "2021", NULL)->rows[0];
	assert_int_equal(row->status, EVAL_EXCEEDED);
	fx_put(f, CUR, 0, i, 12, -0.0001);
	row = &fx_eval(f, "2021", NULL)->rows[0];
	assert_int_equal(row->status, EVAL_NOT_MET);
	fx_free(f);
}

/* Road accidents, target "fewer than last year" (change 0%, lower is better):
 * the resolved target is last year's full-year count; more accidents is not met. */
static void change_pct_road_accidents_more_than_last_year_not_met(void **state)
{
	(void)state;
	fx *f = fx_new(2021);
	int i = fx_ind(f, "TNGT", IND_FLOW, DIR_LOWER, ROLLUP_SUM, FREQ_MONTH);
	fx_target(f, 0, i, TGT_CHANGE_PCT, TGT_SRC_OWN, 0);
	fx_months(f, PREV, 0, i, 12, 1); /* 12 accidents in 2020 */
	fx_months(f, CUR, 0, i, 12, 1);
	fx_put(f, CUR, 0, i, 7, 2); /* 13 in 2021 */
	const eval_row *row = &fx_eval(f, "2021", NULL)->rows[0];
	assert_true(row->has_target);
	assert_true(row->target == N(12));
	assert_int_equal(row->target_kind, TGT_CHANGE_PCT);
	assert_int_equal(row->status, EVAL_NOT_MET);
	fx_put(f, CUR, 0, i, 7, 0); /* 11 */
	row = &fx_eval(f, "2021", NULL)->rows[0];
	assert_int_equal(row->status, EVAL_EXCEEDED);

	/* -10%: 12 × 0,9 = 10,8; 11 accidents is not met */
	fx_target(f, 0, i, TGT_CHANGE_PCT, TGT_SRC_OWN, -10);
	row = &fx_eval(f, "2021", NULL)->rows[0];
	assert_true(row->target == N(10.8));
	assert_int_equal(row->status, EVAL_NOT_MET);
	fx_free(f);
}

/* A change target without last year's figure cannot be resolved: no data,
 * still counted as a target in the summary. */
static void change_pct_without_last_year_is_no_data(void **state)
{
	(void)state;
	fx *f = fx_new(2021);
	int i = fx_ind(f, "TNGT", IND_FLOW, DIR_LOWER, ROLLUP_SUM, FREQ_YEAR);
	fx_target(f, 0, i, TGT_CHANGE_PCT, TGT_SRC_OWN, 0);
	fx_put(f, CUR, 0, i, 12, 3);
	const eval_result *r = fx_eval(f, "2021", NULL);
	assert_false(r->rows[0].has_target);
	assert_int_equal(r->rows[0].status, EVAL_NO_DATA);
	assert_int_equal(r->n_with_target, 1);
	assert_int_equal(r->n_no_data, 1);
	fx_free(f);
}

/* Own (phấn đấu) target before assigned (tỉnh giao); both reported. */
static void own_target_before_assigned_both_reported(void **state)
{
	(void)state;
	fx *f = fx_new(2021);
	int i = fx_ind(f, "THUNS", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_YEAR);
	fx_target(f, 0, i, TGT_AT_LEAST, TGT_SRC_ASSIGNED, 151);
	fx_target(f, 0, i, TGT_AT_LEAST, TGT_SRC_OWN, 155.5);
	fx_put(f, CUR, 0, i, 12, 153);
	const eval_row *row = &fx_eval(f, "2021", NULL)->rows[0];
	assert_true(row->target == N(155.5));
	assert_int_equal(row->target_source, TGT_SRC_OWN);
	assert_true(row->has_assigned_target);
	assert_true(row->assigned_target == N(151));
	assert_int_equal(row->status, EVAL_NOT_MET); /* above the province's, below its own */
	fx_free(f);
}

/* ---- rules 2 and 3: roll-up ----------------------------------------- */

/* Health-insurance coverage of the city is sum(insured)/sum(population):
 * wards at 90% (90/100) and 10% (100/1000) give 17,27%, not the 50% mean. */
static void ratio_rollup_is_ratio_of_sums_not_mean_of_percents(void **state)
{
	(void)state;
	fx *f = fx_new(2020);
	int ins = fx_ind(f, "BHYT_SO", IND_LEVEL, DIR_HIGHER, ROLLUP_SUM, FREQ_MONTH);
	int pop = fx_ind(f, "DANSO", IND_LEVEL, DIR_HIGHER, ROLLUP_SUM, FREQ_MONTH);
	int cov = fx_ind(f, "BHYT", IND_RATIO, DIR_HIGHER, ROLLUP_RATIO, FREQ_MONTH);
	snprintf(f->inds[cov].numerator, CODE_MAX, "BHYT_SO");
	snprintf(f->inds[cov].denominator, CODE_MAX, "DANSO");
	f->inds[cov].ratio_scale = 100;
	int a = fx_unit(f, "01834", 0), b = fx_unit(f, "01837", 0);
	fx_put(f, CUR, a, pop, 1, 100); /* population entered early in the year stands */
	fx_put(f, CUR, b, pop, 1, 1000);
	fx_put(f, CUR, a, ins, 6, 90);
	fx_put(f, CUR, b, ins, 6, 100);
	const eval_row *row = &fx_eval(f, "202006", NULL)->rows[cov];
	assert_true(row->has_value);
	assert_true(row->value == N(17.27)); /* 17,2727... rounded to the indicator's 2 decimals */
	assert_true(row->rolled_up);
	fx_free(f);
}

/* A ratio of flows: the period ratio uses the period's sums, the cumulative
 * ratio the sums since January (crimes solved: 1/10 in January, 9/10 in
 * February -> February 90%, cumulative 50%). A zero denominator gives no value. */
static void ratio_of_flows_uses_period_and_cumulative_sums(void **state)
{
	(void)state;
	fx *f = fx_new(2021);
	int sol = fx_ind(f, "VA_GIAI", IND_COUNT, DIR_HIGHER, ROLLUP_SUM, FREQ_MONTH);
	int all = fx_ind(f, "VA", IND_COUNT, DIR_LOWER, ROLLUP_SUM, FREQ_MONTH);
	int pct = fx_ind(f, "DIEU_TRA", IND_RATIO, DIR_HIGHER, ROLLUP_RATIO, FREQ_MONTH);
	snprintf(f->inds[pct].numerator, CODE_MAX, "VA_GIAI");
	snprintf(f->inds[pct].denominator, CODE_MAX, "VA");
	f->inds[pct].ratio_scale = 100;
	fx_put(f, CUR, 0, sol, 1, 1);
	fx_put(f, CUR, 0, all, 1, 10);
	fx_put(f, CUR, 0, sol, 2, 9);
	fx_put(f, CUR, 0, all, 2, 10);
	fx_target(f, 0, pct, TGT_AT_LEAST, TGT_SRC_OWN, 85);
	const eval_row *row = &fx_eval(f, "202102", NULL)->rows[pct];
	assert_true(row->value == N(90));
	assert_true(row->cumulative == N(50));
	assert_false(row->rolled_up);
	assert_int_equal(row->status, EVAL_BEHIND); /* a ratio is judged on its latest: 50 < 85 */
	fx_put(f, CUR, 0, all, 3, 0);
	row = &fx_eval(f, "202103", NULL)->rows[pct];
	assert_false(row->has_value); /* 0/0 */
	assert_true(row->cumulative == N(50));
	fx_free(f);
}

/* Weighted average: income per head of wards weighted by population
 * (60 × 100 + 40 × 300) / 400 = 45; a ward without population is skipped. */
static void wavg_rollup_weights_by_population_and_skips_missing_weight(void **state)
{
	(void)state;
	fx *f = fx_new(2020);
	int pop = fx_ind(f, "DANSO", IND_LEVEL, DIR_HIGHER, ROLLUP_SUM, FREQ_YEAR);
	int inc = fx_ind(f, "THUNHAP", IND_LEVEL, DIR_HIGHER, ROLLUP_WAVG, FREQ_YEAR);
	snprintf(f->inds[inc].weight, CODE_MAX, "DANSO");
	int a = fx_unit(f, "01834", 0), b = fx_unit(f, "01837", 0), c = fx_unit(f, "01840", 0);
	fx_put(f, CUR, a, pop, 12, 100);
	fx_put(f, CUR, b, pop, 12, 300);
	fx_put(f, CUR, a, inc, 12, 60);
	fx_put(f, CUR, b, inc, 12, 40);
	fx_put(f, CUR, c, inc, 12, 100);
	const eval_row *row = &fx_eval(f, "2020", NULL)->rows[inc];
	assert_true(row->value == N(45));
	assert_true(row->rolled_up);
	/* the population sums */
	assert_true(fx_eval(f, "2020", NULL)->rows[pop].value == N(400));
	fx_free(f);
}

/* The source of a figure (core/source.h, eval.md rule 2): a city's figure
 * of an indicator that is added up is its wards' sum, whatever the city
 * entered itself; its own entry of June changes no month (the department
 * officer's case of issue #13) and is shown beside with the gap. Set to its
 * own, the city's figure is its entries only, and the wards' sum is shown
 * beside. An estimate from a ward makes the sum an estimate. */
static void source_decides_own_or_aggregated_and_one_month_changes_no_other(void **state)
{
	(void)state;
	fx *f = fx_new(2022);
	int i = fx_ind(f, "BANLE", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_MONTH);
	int a = fx_unit(f, "01834", 0), b = fx_unit(f, "01837", 0);
	for (int m = 1; m <= 5; m++) {
		fx_put(f, CUR, a, i, m, 100);
		fx_put_est(f, CUR, b, i, m, 120, m == 5);
	}
	fx_put(f, CUR, a, i, 6, 140);
	fx_put(f, CUR, b, i, 6, 160);
	const eval_row *row = &fx_eval(f, "202206", NULL)->rows[0];
	assert_true(row->cumulative == N(5 * 220 + 300));
	assert_true(row->rolled_up);
	assert_int_equal(row->source, FIG_AGGREGATED);
	assert_true(row->estimate); /* May came from an estimate */
	assert_false(row->partial);
	assert_false(row->has_other_value || row->has_other_cum); /* the city entered nothing */

	fx_put(f, CUR, 0, i, 6, 285); /* the city's own June figure */
	row = &fx_eval(f, "202206", NULL)->rows[0];
	assert_true(row->value == N(300));
	assert_true(row->cumulative == N(5 * 220 + 300));
	assert_true(row->rolled_up);
	assert_true(row->has_other_value && row->other_value == N(285));
	assert_true(row->has_other_cum && row->other_cumulative == N(285));
	assert_int_equal(row->other_parts, 0);
	row = &fx_eval(f, "202205", NULL)->rows[0];
	assert_true(row->value == N(220)); /* May as it was */
	assert_false(row->has_other_value);

	fx_source(f, 0, i, FIG_OWN);
	row = &fx_eval(f, "202206", NULL)->rows[0];
	assert_int_equal(row->source, FIG_OWN);
	assert_true(row->value == N(285));
	assert_false(row->rolled_up);
	assert_true(row->cumulative == N(285)); /* January to May: the city entered none */
	assert_true(row->partial);
	assert_int_equal(row->missing_months, 0x1F);
	assert_int_equal(row->status, EVAL_INCOMPLETE);
	assert_true(row->has_other_value && row->other_value == N(300)); /* the wards' sum */
	assert_true(row->has_other_cum && row->other_cumulative == N(5 * 220 + 300));
	assert_int_equal(row->other_parts, 2);
	fx_free(f);
}

/* A wards -> commune -> ... roll-up goes through every level (bottom-up). */
static void rollup_goes_through_nested_levels(void **state)
{
	(void)state;
	fx *f = fx_new(2022);
	int i = fx_ind(f, "BANLE", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_MONTH);
	int none = fx_ind(f, "RIENG", IND_FLOW, DIR_HIGHER, ROLLUP_NONE, FREQ_MONTH);
	int mid = fx_unit(f, "MID", 0);
	int l1 = fx_unit(f, "L1", mid), l2 = fx_unit(f, "L2", mid);
	fx_put(f, CUR, l1, i, 1, 7);
	fx_put(f, CUR, l2, i, 1, 8);
	fx_put(f, CUR, l1, none, 1, 7);
	const eval_result *r = fx_eval(f, "202201", NULL);
	assert_true(r->rows[i].value == N(15));
	assert_false(r->rows[none].has_value); /* rollup none: only own values */
	fx_free(f);
}

/* ---- rule 9: no data, not due, no target ---------------------------- */

static void missing_month_is_no_data_and_value_without_target_is_no_target(void **state)
{
	(void)state;
	fx *f = fx_new(2022);
	int t = fx_ind(f, "A", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_MONTH);
	int n = fx_ind(f, "B", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_HALF);
	fx_target(f, 0, t, TGT_AT_LEAST, TGT_SRC_OWN, 100);
	fx_months(f, CUR, 0, t, 5, 10); /* nothing for June */
	fx_put(f, CUR, 0, n, 6, 10);
	const eval_result *r = fx_eval(f, "202206", NULL);
	assert_int_equal(r->rows[t].status, EVAL_NO_DATA);
	assert_true(r->rows[t].has_cum);
	assert_int_equal(r->rows[n].status, EVAL_NO_TARGET);
	fx_free(f);
}

/* A yearly indicator evaluated for June is not due; a quarterly one in May
 * is judged on its first quarter. */
static void yearly_indicator_in_june_is_not_due(void **state)
{
	(void)state;
	fx *f = fx_new(2022);
	int y = fx_ind(f, "LUONGTHUC", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_YEAR);
	int q = fx_ind(f, "OCOP", IND_COUNT, DIR_HIGHER, ROLLUP_SUM, FREQ_QUARTER);
	fx_target(f, 0, y, TGT_AT_LEAST, TGT_SRC_OWN, 3900);
	fx_target(f, 0, q, TGT_AT_LEAST, TGT_SRC_OWN, 8);
	fx_put(f, CUR, 0, q, 3, 3);
	const eval_result *r = fx_eval(f, "202206", NULL);
	assert_int_equal(r->rows[y].status, EVAL_NOT_DUE);
	assert_int_equal(r->n_not_due, 1); /* counted apart from "no data": */
	assert_int_equal(r->rows[q].status, EVAL_NO_DATA); /* Q2 is due in June and missing */
	assert_int_equal(r->n_no_data, 1);
	r = fx_eval(f, "202205", NULL);
	assert_false(r->rows[q].has_value);
	assert_true(r->rows[q].cumulative == N(3));
	assert_near(r->rows[q].expected_percent, 25.0, 1e-9); /* data runs to March */
	assert_int_equal(r->rows[q].status, EVAL_ON_TRACK);  /* 37,5% >= 25% */
	fx_free(f);
}

/* With opts.today inside the period, a missing value is not due yet. */
static void period_not_ended_by_today_is_not_due_rather_than_no_data(void **state)
{
	(void)state;
	fx *f = fx_new(2022);
	int i = fx_ind(f, "A", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_MONTH);
	fx_target(f, 0, i, TGT_AT_LEAST, TGT_SRC_OWN, 100);
	eval_opts o = { .today = { 2022, 6, 20 } };
	assert_int_equal(fx_eval(f, "202206", &o)->rows[0].status, EVAL_NOT_DUE);
	o.today = (cdate){ 2022, 7, 1 };
	assert_int_equal(fx_eval(f, "202206", &o)->rows[0].status, EVAL_NO_DATA);
	fx_free(f);
}

/* ---- rule 10: lagging children ---------------------------------------- */

static void lagging_wards_sorted_by_percent_with_and_without_threshold(void **state)
{
	(void)state;
	fx *f = fx_new(2020);
	int i = fx_ind(f, "THUNS", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_HALF);
	int a = fx_unit(f, "01834", 0), b = fx_unit(f, "01837", 0);
	int c = fx_unit(f, "01840", 0), d = fx_unit(f, "01843", 0);
	int grand = fx_unit(f, "X", d); /* not a direct child: never listed */
	double pct[4] = { 60, 40, 30, 90 };
	int w[4] = { a, b, c, d };
	for (int k = 0; k < 4; k++) {
		fx_target(f, w[k], i, TGT_AT_LEAST, TGT_SRC_OWN, 100);
		fx_put(f, CUR, w[k], i, 6, pct[k]);
	}
	fx_target(f, grand, i, TGT_AT_LEAST, TGT_SRC_OWN, 100);
	fx_put(f, CUR, grand, i, 6, 1);
	fx_source(f, d, i, FIG_OWN); /* d reports its own figure, not X's */
	fx_target(f, 0, i, TGT_AT_LEAST, TGT_SRC_ASSIGNED, 151);

	const eval_row *row = &fx_eval(f, "202006", NULL)->rows[0];
	assert_int_equal(row->n_lagging, 2);
	assert_int_equal(row->lagging[0].unit_index, c);
	assert_near(row->lagging[0].percent_of_target, 30.0, 1e-9);
	assert_int_equal(row->lagging[0].status, EVAL_BEHIND);
	assert_int_equal(row->lagging[1].unit_index, b);

	eval_opts o = { .lag_threshold = 70 };
	row = &fx_eval(f, "202006", &o)->rows[0];
	assert_int_equal(row->n_lagging, 3);
	assert_int_equal(row->lagging[0].unit_index, c);
	assert_int_equal(row->lagging[1].unit_index, b);
	assert_int_equal(row->lagging[2].unit_index, a);
	assert_int_equal(row->lagging[2].status, EVAL_ON_TRACK);
	fx_free(f);
}

/* ---- rule 11: the summary ------------------------------------------- */

/* "11 of 65 targets were not met": 65 indicators with targets, 11 short at
 * the year end; one more without a target and one with no data. */
static void summary_counts_11_of_65_not_met(void **state)
{
	(void)state;
	fx *f = fx_new(2020);
	for (int k = 0; k < 65; k++) {
		char code[16];
		snprintf(code, sizeof code, "CT%02d", k);
		int i = fx_ind(f, code, IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_YEAR);
		fx_target(f, 0, i, TGT_AT_LEAST, TGT_SRC_OWN, 100);
		fx_put(f, CUR, 0, i, 12, k < 11 ? 99 : k < 20 ? 100 : 120);
	}
	int nt = fx_ind(f, "NOTGT", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_YEAR);
	fx_put(f, CUR, 0, nt, 12, 5);
	int nd = fx_ind(f, "NODATA", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_YEAR);
	fx_target(f, 0, nd, TGT_AT_LEAST, TGT_SRC_OWN, 5);
	const eval_result *r = fx_eval(f, "2020", NULL);
	assert_true(r->year_end);
	assert_int_equal(r->n_with_target, 66);
	assert_int_equal(r->n_not_met, 11);
	assert_int_equal(r->n_met, 54);
	assert_int_equal(r->n_no_data, 1);
	assert_int_equal(r->n_not_due, 0);
	assert_int_equal(r->rows[nt].status, EVAL_NO_TARGET);
	assert_int_equal(r->rows[5].status, EVAL_NOT_MET);
	assert_int_equal(r->rows[15].status, EVAL_MET);
	assert_int_equal(r->rows[30].status, EVAL_EXCEEDED);
	fx_free(f);
}

/* During the year the summary counts on track as met and behind as not met. */
static void summary_during_year_counts_on_track_and_behind(void **state)
{
	(void)state;
	fx *f = fx_new(2020);
	int a = fx_ind(f, "A", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_HALF);
	int b = fx_ind(f, "B", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_HALF);
	fx_target(f, 0, a, TGT_AT_LEAST, TGT_SRC_OWN, 100);
	fx_target(f, 0, b, TGT_AT_LEAST, TGT_SRC_OWN, 100);
	fx_put(f, CUR, 0, a, 6, 60);
	fx_put(f, CUR, 0, b, 6, 40);
	const eval_result *r = fx_eval(f, "202006", NULL);
	assert_false(r->year_end);
	assert_int_equal(r->n_with_target, 2);
	assert_int_equal(r->n_met, 1);
	assert_int_equal(r->n_not_met, 1);
	fx_free(f);
}


/* ---- completeness, running periods, rounding, overflow ------------------ */

/* Rule 1: a ward that reported the indicator before but not in June makes the
 * city's June partial: not judged, counted as incomplete, the ward listed as
 * lagging with no data; a ward that never reports it is not expected. */
static void rollup_missing_expected_ward_is_partial_incomplete_and_lagging(void **state)
{
	(void)state;
	fx *f = fx_new(2022);
	int i = fx_ind(f, "BANLE", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_MONTH);
	int a = fx_unit(f, "01834", 0), b = fx_unit(f, "01837", 0), c = fx_unit(f, "01840", 0);
	fx_unit(f, "01843", 0); /* never reports BANLE: not expected */
	fx_months(f, CUR, a, i, 6, 100);
	fx_months(f, CUR, b, i, 6, 100);
	fx_months(f, CUR, c, i, 5, 100); /* no June */
	fx_target(f, 0, i, TGT_AT_LEAST, TGT_SRC_OWN, 1000);
	const eval_result *r = fx_eval(f, "202206", NULL);
	const eval_row *row = &r->rows[i];
	assert_true(row->has_value);
	assert_true(row->value == N(200));
	assert_true(row->partial);
	assert_int_equal(row->status, EVAL_INCOMPLETE);
	assert_int_equal(row->n_parts_expected, 3);
	assert_int_equal(row->n_parts_reporting, 2);
	assert_int_equal(r->n_incomplete, 1);
	assert_int_equal(r->n_met + r->n_not_met, 0);
	assert_int_equal(row->n_lagging, 1);
	assert_int_equal(row->lagging[0].unit_index, c);
	assert_int_equal(row->lagging[0].status, EVAL_NO_DATA);
	assert_true(isnan(row->lagging[0].percent_of_target));
	/* May is complete */
	row = &fx_eval(f, "202205", NULL)->rows[i];
	assert_false(row->partial);
	assert_int_equal(row->n_parts_reporting, 3);
	fx_free(f);
}

/* Rule 1: a ratio at a parent is built only from complete sets: 8 wards'
 * insured over 7 wards' population (here 3 over 2) gives no value, not 112%. */
static void ratio_at_parent_needs_complete_numerator_and_denominator(void **state)
{
	(void)state;
	fx *f = fx_new(2022);
	int ins = fx_ind(f, "BHYT_SO", IND_LEVEL, DIR_HIGHER, ROLLUP_SUM, FREQ_YEAR);
	int pop = fx_ind(f, "DANSO", IND_LEVEL, DIR_HIGHER, ROLLUP_SUM, FREQ_YEAR);
	int cov = fx_ind(f, "BHYT", IND_RATIO, DIR_HIGHER, ROLLUP_RATIO, FREQ_YEAR);
	snprintf(f->inds[cov].numerator, CODE_MAX, "BHYT_SO");
	snprintf(f->inds[cov].denominator, CODE_MAX, "DANSO");
	f->inds[cov].ratio_scale = 100;
	int w[3] = { fx_unit(f, "01834", 0), fx_unit(f, "01837", 0), fx_unit(f, "01840", 0) };
	for (int k = 0; k < 3; k++) {
		fx_put(f, CUR, w[k], ins, 12, 90);
		fx_put(f, PREV, w[k], pop, 12, 100); /* each ward reported its population last year */
		if (k < 2)
			fx_put(f, CUR, w[k], pop, 12, 100);
	}
	fx_target(f, 0, cov, TGT_AT_LEAST, TGT_SRC_OWN, 90);
	const eval_row *row = &fx_eval(f, "2022", NULL)->rows[cov];
	assert_false(row->has_value); /* never 270/200 = 135% */
	assert_true(row->partial);
	assert_int_equal(row->status, EVAL_INCOMPLETE);
	assert_int_equal(row->n_parts_expected, 3);
	assert_int_equal(row->n_parts_reporting, 2);
	fx_put(f, CUR, w[2], pop, 12, 100);
	row = &fx_eval(f, "2022", NULL)->rows[cov];
	assert_true(row->value == N(90));
	assert_int_equal(row->status, EVAL_MET);
	fx_free(f);
}

/* Rule 3: a flow missing one due month of the period is partial; a level
 * without its period's last due month is no data (the cumulative shows the
 * latest); last year incomplete gives no change on last year. */
static void missing_months_make_flow_partial_and_level_no_data(void **state)
{
	(void)state;
	fx *f = fx_new(2022);
	int fl = fx_ind(f, "BANLE", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_MONTH);
	int lv = fx_ind(f, "GIACAM", IND_LEVEL, DIR_HIGHER, ROLLUP_SUM, FREQ_MONTH);
	fx_target(f, 0, fl, TGT_AT_LEAST, TGT_SRC_OWN, 1000);
	fx_target(f, 0, lv, TGT_AT_LEAST, TGT_SRC_OWN, 300);
	for (int m = 1; m <= 6; m++)
		if (m != 5)
			fx_put(f, CUR, 0, fl, m, 100);
	fx_months(f, PREV, 0, fl, 6, 90);
	fx_put(f, CUR, 0, lv, 5, 310);
	const eval_result *r = fx_eval(f, "2022Q2", NULL);
	const eval_row *row = &r->rows[fl];
	assert_true(row->value == N(200));
	assert_true(row->partial);
	assert_int_equal(row->missing_months, 1u << 4);
	assert_int_equal(row->status, EVAL_INCOMPLETE);
	assert_true(isnan(row->change_on_last_year));
	row = &r->rows[lv];
	assert_false(row->has_value);
	assert_true(row->has_cum);
	assert_true(row->cumulative == N(310));
	assert_int_equal(row->status, EVAL_NO_DATA);
	assert_int_equal(row->missing_months, 1u << 5);
	/* complete this year, last year missing April: still no change */
	fx_put(f, CUR, 0, fl, 5, 100);
	fx_ser(f, PREV, 0, fl)->has &= (uint16_t)~(1u << 3);
	row = &fx_eval(f, "2022Q2", NULL)->rows[fl];
	assert_false(row->partial);
	assert_int_equal(row->status, EVAL_ON_TRACK); /* 60% against the linear 50% */
	assert_true(isnan(row->change_on_last_year));
	fx_free(f);
}

/* Rule 4: the year evaluated on 20/11 is still running: provisional, judged
 * on track / behind (not met / not met), November is not yet due. */
static void running_year_is_provisional_and_judged_during_year(void **state)
{
	(void)state;
	fx *f = fx_new(2022);
	int i = fx_ind(f, "BANLE", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_MONTH);
	fx_target(f, 0, i, TGT_AT_LEAST, TGT_SRC_OWN, 1200);
	fx_months(f, CUR, 0, i, 10, 100); /* 1.000 by October: 83,33% of 1.200 */
	eval_opts o = { .today = { 2022, 11, 20 } };
	const eval_result *r = fx_eval(f, "2022", &o);
	const eval_row *row = &r->rows[i];
	assert_false(r->year_end);
	assert_true(row->provisional);
	assert_false(row->partial);
	assert_near(row->expected_percent, 10.0 / 12.0 * 100.0, 1e-9);
	assert_int_equal(row->status, EVAL_ON_TRACK);
	assert_int_equal(fx_eval(f, "202211", &o)->rows[i].status, EVAL_NOT_DUE);
	/* after the year: judged at the year end, the missing months are missing */
	o.today = (cdate){ 2023, 1, 10 };
	r = fx_eval(f, "2022", &o);
	assert_true(r->year_end);
	assert_false(r->rows[i].provisional);
	assert_int_equal(r->rows[i].status, EVAL_INCOMPLETE);
	fx_free(f);
}

/* A target missed by a hair never shows 100,00 % next to "not met", and
 * one beaten by a hair never shows 100,00 % next to "exceeded". */
static void percent_never_contradicts_the_year_end_status(void **state)
{
	(void)state;
	fx *f = fx_new(2022);
	int hi = fx_ind(f, "CN", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_YEAR);
	int lo = fx_ind(f, "TNGT", IND_FLOW, DIR_LOWER, ROLLUP_SUM, FREQ_YEAR);
	int ex = fx_ind(f, "BL", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_YEAR);
	fx_target(f, 0, hi, TGT_AT_LEAST, TGT_SRC_OWN, 297601);
	fx_put(f, CUR, 0, hi, 12, 297600);            /* 99,99966 % */
	fx_target(f, 0, lo, TGT_AT_MOST, TGT_SRC_OWN, 100000);
	fx_put(f, CUR, 0, lo, 12, 100001);            /* 100,001 %, lower is better */
	fx_target(f, 0, ex, TGT_AT_LEAST, TGT_SRC_OWN, 100000);
	fx_put(f, CUR, 0, ex, 12, 100001);            /* 100,001 % */
	const eval_result *r = fx_eval(f, "2022", NULL);
	assert_int_equal(r->rows[hi].status, EVAL_NOT_MET);
	assert_near(r->rows[hi].percent_of_target, 99.99, 1e-9);
	assert_int_equal(r->rows[lo].status, EVAL_NOT_MET);
	assert_near(r->rows[lo].percent_of_target, 100.01, 1e-9);
	assert_int_equal(r->rows[ex].status, EVAL_EXCEEDED);
	assert_near(r->rows[ex].percent_of_target, 100.01, 1e-9);
	fx_free(f);
}

/* In a running month whose value was entered early, last year is compared
 * over the same months (January..November both), not January..October. */
static void running_period_compares_the_same_months_of_last_year(void **state)
{
	(void)state;
	fx *f = fx_new(2022);
	int i = fx_ind(f, "BANLE", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_MONTH);
	fx_target(f, 0, i, TGT_AT_LEAST, TGT_SRC_OWN, 1200);
	fx_months(f, PREV, 0, i, 12, 100);
	fx_months(f, CUR, 0, i, 11, 110); /* November entered on the 20th */
	eval_opts o = { .today = { 2022, 11, 20 } };
	const eval_row *row = &fx_eval(f, "202211", &o)->rows[i];
	assert_true(row->provisional);
	assert_true(row->cumulative == N(1210));
	assert_true(row->prev_cumulative == N(1100));
	assert_near(row->change_on_last_year, 10.0, 1e-9);
	fx_free(f);
}

/* Rule 5: a computed ratio is rounded to the indicator's decimals before it
 * is judged: 916.984 / 1.000.000 = 91,6984% shows and counts as 91,70%. */
static void computed_ratio_rounded_to_decimals_before_judging(void **state)
{
	(void)state;
	fx *f = fx_new(2020);
	int ins = fx_ind(f, "BHYT_SO", IND_LEVEL, DIR_HIGHER, ROLLUP_SUM, FREQ_YEAR);
	int pop = fx_ind(f, "DANSO", IND_LEVEL, DIR_HIGHER, ROLLUP_SUM, FREQ_YEAR);
	int cov = fx_ind(f, "BHYT", IND_RATIO, DIR_HIGHER, ROLLUP_RATIO, FREQ_YEAR);
	snprintf(f->inds[cov].numerator, CODE_MAX, "BHYT_SO");
	snprintf(f->inds[cov].denominator, CODE_MAX, "DANSO");
	f->inds[cov].ratio_scale = 100;
	fx_put(f, CUR, 0, ins, 12, 916984);
	fx_put(f, CUR, 0, pop, 12, 1000000);
	fx_target(f, 0, cov, TGT_AT_LEAST, TGT_SRC_OWN, 91.70);
	const eval_row *row = &fx_eval(f, "2020", NULL)->rows[cov];
	assert_true(row->value == N(91.70));
	assert_near(row->percent_of_target, 100.0, 1e-9);
	assert_int_equal(row->status, EVAL_MET);
	f->inds[cov].decimals = 0;
	row = &fx_eval(f, "2020", NULL)->rows[cov];
	assert_true(row->value == N(92));
	fx_free(f);
}

/* Rule 6: sums that would overflow num_t give no value, never a wrapped one. */
static void overflowing_sum_has_no_value(void **state)
{
	(void)state;
	fx *f = fx_new(2022);
	int i = fx_ind(f, "X", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_MONTH);
	int a = fx_unit(f, "A", 0), b = fx_unit(f, "B", 0);
	fx_ser(f, CUR, a, i)->m[0] = INT64_MAX / 2 + 1;
	fx_ser(f, CUR, a, i)->has = 1;
	fx_ser(f, CUR, b, i)->m[0] = INT64_MAX / 2 + 1;
	fx_ser(f, CUR, b, i)->has = 1;
	assert_false(fx_eval(f, "202201", NULL)->rows[i].has_value);
	/* the same over months of one unit */
	eval_series *s = fx_ser(f, CUR, a, i);
	s->m[1] = INT64_MAX / 2 + 1;
	s->has = 3;
	fx_ser(f, CUR, b, i)->has = 0;
	fx_ser(f, CUR, 0, i)->m[0] = INT64_MAX / 2 + 1;
	fx_ser(f, CUR, 0, i)->m[1] = INT64_MAX / 2 + 1;
	fx_ser(f, CUR, 0, i)->has = 3;
	const eval_row *row = &fx_eval(f, "202202", NULL)->rows[i];
	assert_true(row->has_value);
	assert_false(row->has_cum);
	fx_free(f);
}

/* Rule 7: for an "at most" target the lag threshold (meant for "reach at
 * least") does not apply, and the worst ward is the one with the highest %. */
static void lagging_respects_lower_is_better(void **state)
{
	(void)state;
	fx *f = fx_new(2020);
	int i = fx_ind(f, "CHAYRUNG", IND_FLOW, DIR_LOWER, ROLLUP_SUM, FREQ_HALF);
	int a = fx_unit(f, "01834", 0), b = fx_unit(f, "01837", 0), c = fx_unit(f, "01840", 0);
	double v[3] = { 3, 8, 6 }; /* targets 10: 30% (fine), 80%, 60% of the year by June */
	int w[3] = { a, b, c };
	for (int k = 0; k < 3; k++) {
		fx_target(f, w[k], i, TGT_AT_MOST, TGT_SRC_OWN, 10);
		fx_put(f, CUR, w[k], i, 6, v[k]);
	}
	eval_opts o = { .lag_threshold = 70 };
	const eval_row *row = &fx_eval(f, "202006", &o)->rows[i];
	assert_int_equal(row->n_lagging, 2); /* b and c are behind; a (30% < 70) is not lagging */
	assert_int_equal(row->lagging[0].unit_index, b);
	assert_int_equal(row->lagging[1].unit_index, c);
	fx_free(f);
}

/* Rule 8: "reduce road accidents to 10" on a flow is judged as at most 10
 * for the year, % = actual / target. */
static void reduce_to_on_flow_is_judged_as_at_most(void **state)
{
	(void)state;
	fx *f = fx_new(2021);
	int i = fx_ind(f, "TNGT", IND_FLOW, DIR_LOWER, ROLLUP_SUM, FREQ_MONTH);
	target *t = fx_target(f, 0, i, TGT_REDUCE_TO, TGT_SRC_OWN, 10);
	t->has_baseline = true;
	t->baseline = N(12);
	fx_months(f, CUR, 0, i, 6, 0);
	fx_put(f, CUR, 0, i, 3, 4); /* 4 by June: within 5 = 10 × 6/12 */
	const eval_row *row = &fx_eval(f, "202106", NULL)->rows[0];
	assert_near(row->percent_of_target, 40.0, 1e-9);
	assert_int_equal(row->status, EVAL_ON_TRACK);
	fx_months(f, CUR, 0, i, 12, 1); /* 12 in the year */
	row = &fx_eval(f, "2021", NULL)->rows[0];
	assert_near(row->percent_of_target, 120.0, 1e-9);
	assert_int_equal(row->status, EVAL_NOT_MET);
	fx_months(f, CUR, 0, i, 12, 0);
	fx_put(f, CUR, 0, i, 12, 9);
	assert_int_equal(fx_eval(f, "2021", NULL)->rows[0].status, EVAL_EXCEEDED);
	fx_free(f);
}

/* Rule 9: no expected % before the first reporting month; a count is lumpy,
 * so last year's profile is not used for it. */
static void expected_is_nan_before_first_report_and_count_is_linear(void **state)
{
	(void)state;
	fx *f = fx_new(2021);
	int y = fx_ind(f, "LUONGTHUC", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_YEAR);
	int c = fx_ind(f, "HTX", IND_COUNT, DIR_HIGHER, ROLLUP_SUM, FREQ_MONTH);
	fx_target(f, 0, y, TGT_AT_LEAST, TGT_SRC_OWN, 3900);
	fx_target(f, 0, c, TGT_AT_LEAST, TGT_SRC_OWN, 12);
	fx_months(f, PREV, 0, c, 11, 0);
	fx_put(f, PREV, 0, c, 12, 6); /* all of last year in December */
	fx_months(f, CUR, 0, c, 6, 1);
	const eval_result *r = fx_eval(f, "202106", NULL);
	assert_true(isnan(r->rows[y].expected_percent));
	assert_near(r->rows[c].expected_percent, 50.0, 1e-9);
	fx_free(f);
}

/* Rule 10: the change is divided by the absolute previous figure: a deficit
 * of 100 reduced to 50 is +50%, not -50%. */
static void change_divides_by_absolute_previous(void **state)
{
	(void)state;
	fx *f = fx_new(2021);
	int i = fx_ind(f, "CANDOI", IND_LEVEL, DIR_HIGHER, ROLLUP_NONE, FREQ_YEAR);
	fx_put(f, PREV, 0, i, 12, -100);
	fx_put(f, CUR, 0, i, 12, -50);
	assert_near(fx_eval(f, "2021", NULL)->rows[i].change_on_last_year, 50.0, 1e-9);
	fx_free(f);
}

/* Rule 12: phường formed on 01/07/2025 from two wards: its 2025 includes the
 * predecessors' January-June; its 2026 is compared with that. */
static void predecessors_fill_months_before_a_merger(void **state)
{
	(void)state;
	fx *f = fx_new(2025);
	int i = fx_ind(f, "BANLE", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_MONTH);
	f->units[0].valid_from = (cdate){ 2025, 7, 1 };
	int a = fx_unit(f, "01834", -1), b = fx_unit(f, "01846", -1);
	f->units[a].valid_to = (cdate){ 2025, 6, 30 };
	f->units[b].valid_to = (cdate){ 2025, 6, 30 };
	static const int start[4] = { 0, 2, 2, 2 }, idx[2] = { 1, 2 };
	f->d.pred_start = start;
	f->d.pred_idx = idx;
	fx_months(f, CUR, a, i, 6, 10);
	fx_months(f, CUR, b, i, 6, 20);
	for (int m = 7; m <= 12; m++)
		fx_put(f, CUR, 0, i, m, 40);
	fx_target(f, 0, i, TGT_AT_LEAST, TGT_SRC_OWN, 400);
	const eval_row *row = &fx_eval(f, "2025", NULL)->rows[i];
	assert_true(row->cumulative == N(6 * 30 + 6 * 40));
	assert_false(row->partial);
	assert_int_equal(row->status, EVAL_EXCEEDED);
	assert_int_equal(row->n_lagging, 0); /* predecessors are not lagging children */
	/* without the predecessors' January: partial */
	fx_ser(f, CUR, a, i)->has &= (uint16_t)~1u;
	assert_int_equal(fx_eval(f, "2025", NULL)->rows[i].status, EVAL_INCOMPLETE);
	fx_free(f);

	/* 2026: last year = predecessors' first half + its own second half */
	f = fx_new(2026);
	i = fx_ind(f, "BANLE", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_MONTH);
	f->units[0].valid_from = (cdate){ 2025, 7, 1 };
	a = fx_unit(f, "01834", -1);
	b = fx_unit(f, "01846", -1);
	f->units[a].valid_to = (cdate){ 2025, 6, 30 };
	f->units[b].valid_to = (cdate){ 2025, 6, 30 };
	f->d.pred_start = start;
	f->d.pred_idx = idx;
	fx_months(f, PREV, a, i, 6, 10);
	fx_months(f, PREV, b, i, 6, 20);
	for (int m = 7; m <= 12; m++)
		fx_put(f, PREV, 0, i, m, 40);
	fx_months(f, CUR, 0, i, 12, 42);
	row = &fx_eval(f, "2026", NULL)->rows[i];
	assert_true(row->prev_cumulative == N(420));
	assert_near(row->change_on_last_year, (504.0 - 420.0) / 420.0 * 100.0, 1e-9);
	fx_free(f);
}

/* ---- eval_run over a small temporary database ----------------------- */

static void st_ok(int rc, const err *e)
{
	if (rc)
		fail_msg("store: %s", e->msg);
}

static void st_unit(store *s, const char *code, const char *parent, cdate to)
{
	unit u = { .type = parent[0] ? UNIT_WARD : UNIT_CITY, .valid_to = to };
	snprintf(u.code, sizeof u.code, "%s", code);
	snprintf(u.name, sizeof u.name, "Đơn vị %s", code);
	snprintf(u.parent_code, sizeof u.parent_code, "%s", parent);
	err e;
	st_ok(store_unit_put(s, &u, &e), &e);
}

static void st_ind(store *s, const char *code, ind_kind kind, const char *num, const char *den)
{
	indicator ind = { .kind = kind, .direction = DIR_HIGHER, .sector = SECTOR_ECONOMY,
			  .rollup = kind == IND_RATIO ? ROLLUP_RATIO : ROLLUP_SUM, .freq = FREQ_MONTH,
			  .ratio_scale = kind == IND_RATIO ? 100 : 0, .decimals = 2 };
	snprintf(ind.code, sizeof ind.code, "%s", code);
	snprintf(ind.name_vi, sizeof ind.name_vi, "Chỉ tiêu %s", code);
	snprintf(ind.uom, sizeof ind.uom, "%s", kind == IND_RATIO ? "%" : "tỷ đồng");
	snprintf(ind.numerator, sizeof ind.numerator, "%s", num);
	snprintf(ind.denominator, sizeof ind.denominator, "%s", den);
	err e;
	st_ok(store_indicator_put(s, &ind, &e), &e);
}

static void st_val(store *s, const char *ind, const char *u, int year, int month, double v)
{
	value x = { .period = period_month(year, month), .amount = N(v) };
	snprintf(x.indicator_code, sizeof x.indicator_code, "%s", ind);
	snprintf(x.unit_code, sizeof x.unit_code, "%s", u);
	snprintf(x.by, sizeof x.by, "test");
	err e;
	st_ok(store_value_put(s, &x, NULL, NULL, &e), &e);
}

static void st_target(store *s, const char *ind, const char *u, int from, int to, target_source src, double v)
{
	target t = { .kind = TGT_AT_LEAST, .source = src, .year_from = from, .year_to = to, .value = N(v) };
	snprintf(t.indicator_code, sizeof t.indicator_code, "%s", ind);
	snprintf(t.unit_code, sizeof t.unit_code, "%s", u);
	err e;
	st_ok(store_target_put(s, &t, &e), &e);
}

static int ev_row_of(const eval_report *r, const char *code)
{
	for (size_t i = 0; i < r->n_inds; i++)
		if (strcmp(r->inds[i].code, code) == 0)
			return (int)i;
	fail_msg("no indicator %s", code);
	return -1;
}

/* eval_run loads the city, its wards valid in the year (not a ward gone in
 * 2019), the year's targets (not a term target), both years' values, and
 * computes: sums and ratio of sums of the wards, % of plan, change. */
static void eval_run_loads_subtree_values_and_year_targets(void **state)
{
	(void)state;
	char dir[] = "/tmp/chitieu_eval_XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof path, "%s/t.db", dir);
	store *s = NULL;
	err e;
	st_ok(store_open(path, &s, &e), &e);
	st_unit(s, "058", "", (cdate){ 0 });
	st_unit(s, "01834", "058", (cdate){ 0 });
	st_unit(s, "01837", "058", (cdate){ 0 });
	st_unit(s, "01899", "058", (cdate){ 2019, 12, 31 });
	st_ind(s, "BANLE", IND_FLOW, "", "");
	st_ind(s, "BHYT_SO", IND_LEVEL, "", "");
	st_ind(s, "DANSO", IND_LEVEL, "", "");
	st_ind(s, "BHYT", IND_RATIO, "BHYT_SO", "DANSO");
	for (int m = 1; m <= 6; m++) {
		st_val(s, "BANLE", "01834", 2022, m, 100);
		st_val(s, "BANLE", "01837", 2022, m, 50);
		st_val(s, "BANLE", "01834", 2021, m, 90);
		st_val(s, "BANLE", "01837", 2021, m, 45);
	}
	st_val(s, "BANLE", "01899", 2019, 6, 1000);
	st_val(s, "BHYT_SO", "01834", 2022, 6, 90);
	st_val(s, "DANSO", "01834", 2022, 6, 100);
	st_val(s, "BHYT_SO", "01837", 2022, 6, 100);
	st_val(s, "DANSO", "01837", 2022, 6, 1000);
	st_target(s, "BANLE", "058", 2022, 2022, TGT_SRC_OWN, 1800);
	st_target(s, "BANLE", "058", 2021, 2025, TGT_SRC_ASSIGNED, 99999);
	st_target(s, "BANLE", "01837", 2022, 2022, TGT_SRC_ASSIGNED, 1000);

	eval_report rep;
	period p = { PERIOD_MONTH, 2022, 6 };
	st_ok(eval_run(s, "058", &p, NULL, &rep, &e), &e);
	assert_int_equal(rep.n_units, 3);
	assert_string_equal(rep.units[0].code, "058");
	assert_int_equal(rep.parent[1], 0);
	assert_int_equal(rep.parent[2], 0);
	const eval_row *row = &rep.result.rows[ev_row_of(&rep, "BANLE")];
	assert_true(row->value == N(150));
	assert_true(row->cumulative == N(900));
	assert_true(row->rolled_up);
	assert_true(row->target == N(1800));
	assert_false(row->has_assigned_target); /* the term target is not the year's */
	assert_near(row->percent_of_target, 50.0, 1e-9);
	assert_near(row->change_on_last_year, (900.0 - 810.0) / 810.0 * 100.0, 1e-9);
	assert_int_equal(row->n_lagging, 1); /* 01837: 300 of 1000, behind */
	assert_string_equal(rep.units[row->lagging[0].unit_index].code, "01837");
	row = &rep.result.rows[ev_row_of(&rep, "BHYT")];
	assert_true(row->value == N(17.27));
	eval_report_free(&rep);

	/* an unknown unit, and a unit that did not exist in the year */
	assert_int_equal(eval_run(s, "KHONGCO", &p, NULL, &rep, &e), ERR_NOTFOUND);
	assert_int_equal(eval_run(s, "01899", &p, NULL, &rep, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "01899"));

	/* rules 11 and 12: a ward formed on 01/07/2025 from A1 and A2 */
	st_unit(s, "A1", "058", (cdate){ 2025, 6, 30 });
	st_unit(s, "A2", "058", (cdate){ 2025, 6, 30 });
	unit nw = { .type = UNIT_WARD, .valid_from = { 2025, 7, 1 } };
	snprintf(nw.code, sizeof nw.code, "NEW");
	snprintf(nw.name, sizeof nw.name, "Phường mới");
	snprintf(nw.parent_code, sizeof nw.parent_code, "058");
	st_ok(store_unit_put(s, &nw, &e), &e);
	st_ok(store_unit_link_add(s, "NEW", "A1", (cdate){ 2025, 7, 1 }, &e), &e);
	st_ok(store_unit_link_add(s, "NEW", "A2", (cdate){ 2025, 7, 1 }, &e), &e);
	for (int m = 1; m <= 6; m++) {
		st_val(s, "BANLE", "A1", 2025, m, 10);
		st_val(s, "BANLE", "A2", 2025, m, 20);
		st_val(s, "BANLE", "NEW", 2025, m + 6, 40);
	}
	period y25 = { PERIOD_YEAR, 2025, 1 }, q3 = { PERIOD_QUARTER, 2025, 3 };
	st_ok(eval_run(s, "NEW", &y25, NULL, &rep, &e), &e);
	assert_int_equal(rep.n_units, 3);
	assert_non_null(rep.pred_start);
	assert_int_equal(rep.pred_start[1] - rep.pred_start[0], 2);
	row = &rep.result.rows[ev_row_of(&rep, "BANLE")];
	assert_true(row->cumulative == N(6 * 30 + 6 * 40));
	assert_false(row->partial);
	eval_report_free(&rep);
	/* A1 did not exist in the third quarter: refused, naming its end and its successor */
	assert_int_equal(eval_run(s, "A1", &q3, NULL, &rep, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "30/06/2025"));
	assert_non_null(strstr(e.msg, "NEW"));
	/* the city in Q3: only NEW is a child of the period (A1, A2 are predecessors) */
	st_ok(eval_run(s, "058", &q3, NULL, &rep, &e), &e);
	row = &rep.result.rows[ev_row_of(&rep, "BANLE")];
	assert_true(row->value == N(120));
	assert_int_equal(row->n_parts_expected, 1);
	assert_int_equal(row->n_lagging, 0);
	eval_report_free(&rep);
	store_close(s);
	unlink(path);
	char side[80];
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	rmdir(dir);
}

/* ---- input checks and names ------------------------------------------ */

static void compute_refuses_period_of_another_year_and_children_before_parents(void **state)
{
	(void)state;
	fx *f = fx_new(2022);
	int i = fx_ind(f, "A", IND_FLOW, DIR_HIGHER, ROLLUP_SUM, FREQ_MONTH);
	(void)i;
	fx_unit(f, "01834", 0);
	fx_eval(f, "202206", NULL); /* sets up f->d */
	period p = { PERIOD_MONTH, 2021, 6 };
	eval_result r;
	err e;
	assert_int_equal(eval_compute(&f->d, &p, NULL, &r, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "2021"));
	assert_int_equal(r.n_rows, 0);
	p.year = 2022;
	f->parent[1] = 1;
	assert_int_equal(eval_compute(&f->d, &p, NULL, &r, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "01834"));

	f->parent[1] = 0;
	snprintf(f->inds[0].numerator, CODE_MAX, "KHONGCO");
	assert_int_equal(eval_compute(&f->d, &p, NULL, &r, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "KHONGCO"));
	fx_free(f);
}

static void status_codes_and_vietnamese_labels(void **state)
{
	(void)state;
	assert_string_equal(eval_status_code(EVAL_ON_TRACK), "on_track");
	assert_string_equal(eval_status_code(EVAL_NOT_MET), "not_met");
	assert_string_equal(eval_status_label(EVAL_EXCEEDED), "Vượt");
	assert_string_equal(eval_status_label(EVAL_BEHIND), "Chậm tiến độ");
	for (int s = EVAL_NO_DATA; s <= EVAL_INCOMPLETE; s++) {
		assert_string_not_equal(eval_status_code((eval_status)s), "unknown");
		for (int t = s + 1; t <= EVAL_INCOMPLETE; t++)
			assert_string_not_equal(eval_status_code((eval_status)s), eval_status_code((eval_status)t));
	}
	eval_result_free(NULL);
	eval_report_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(retail_june_2022_percent_of_plan_and_change),
		cmocka_unit_test(industrial_first_half_change_on_same_period),
		cmocka_unit_test(quarterly_value_sits_in_last_month_of_quarter),
		cmocka_unit_test(level_takes_latest_value_not_sum),
		cmocka_unit_test(seasonal_profile_expects_less_than_linear_when_december_is_big),
		cmocka_unit_test(on_track_compares_percent_rounded_to_two_decimals),
		cmocka_unit_test(level_during_year_is_compared_with_target_directly),
		cmocka_unit_test(at_most_flow_on_track_while_below_share_of_target),
		cmocka_unit_test(reduce_to_poverty_progress_72_percent),
		cmocka_unit_test(x_of_y_206_of_200_and_872_of_836_exceeded_at_year_end),
		cmocka_unit_test(met_exactly_at_equality_in_fixed_point),
		cmocka_unit_test(change_pct_road_accidents_more_than_last_year_not_met),
		cmocka_unit_test(change_pct_without_last_year_is_no_data),
		cmocka_unit_test(own_target_before_assigned_both_reported),
		cmocka_unit_test(ratio_rollup_is_ratio_of_sums_not_mean_of_percents),
		cmocka_unit_test(ratio_of_flows_uses_period_and_cumulative_sums),
		cmocka_unit_test(wavg_rollup_weights_by_population_and_skips_missing_weight),
		cmocka_unit_test(source_decides_own_or_aggregated_and_one_month_changes_no_other),
		cmocka_unit_test(rollup_goes_through_nested_levels),
		cmocka_unit_test(missing_month_is_no_data_and_value_without_target_is_no_target),
		cmocka_unit_test(yearly_indicator_in_june_is_not_due),
		cmocka_unit_test(period_not_ended_by_today_is_not_due_rather_than_no_data),
		cmocka_unit_test(running_period_compares_the_same_months_of_last_year),
		cmocka_unit_test(percent_never_contradicts_the_year_end_status),
		cmocka_unit_test(lagging_wards_sorted_by_percent_with_and_without_threshold),
		cmocka_unit_test(summary_counts_11_of_65_not_met),
		cmocka_unit_test(summary_during_year_counts_on_track_and_behind),
		cmocka_unit_test(compute_refuses_period_of_another_year_and_children_before_parents),
		cmocka_unit_test(status_codes_and_vietnamese_labels),
		cmocka_unit_test(rollup_missing_expected_ward_is_partial_incomplete_and_lagging),
		cmocka_unit_test(ratio_at_parent_needs_complete_numerator_and_denominator),
		cmocka_unit_test(missing_months_make_flow_partial_and_level_no_data),
		cmocka_unit_test(running_year_is_provisional_and_judged_during_year),
		cmocka_unit_test(computed_ratio_rounded_to_decimals_before_judging),
		cmocka_unit_test(overflowing_sum_has_no_value),
		cmocka_unit_test(lagging_respects_lower_is_better),
		cmocka_unit_test(reduce_to_on_flow_is_judged_as_at_most),
		cmocka_unit_test(expected_is_nan_before_first_report_and_count_is_linear),
		cmocka_unit_test(change_divides_by_absolute_previous),
		cmocka_unit_test(predecessors_fill_months_before_a_merger),
		cmocka_unit_test(eval_run_loads_subtree_values_and_year_targets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
