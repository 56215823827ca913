/*
 * test_term.c - the term evaluation (core/term.h; docs/internals/eval.md,
 * "Term targets"): one test per target form with figures computed by hand
 * (reach: straight line; average growth: compound; points per year; total
 * over the term), the baseline given or from the year before, the final
 * judgement, the statuses without data, the parser of "2021-2025", and
 * term_run over a real store (SQLite, or PostgreSQL with $CHITIEU_TEST_PG).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "core/term.h"
#include "testlib.h"

static num_t N(double x)
{
	num_t v = 0;
	assert_int_equal(num_from_double(x, &v), 0);
	return v;
}

static indicator ind_of(ind_kind kind, int decimals, ind_direction dir)
{
	indicator ind = tl_make_ind("X", NULL, FREQ_YEAR, kind, decimals);
	ind.direction = dir;
	return ind;
}

static target term_target(target_kind kind, double amount)
{
	target t;
	memset(&t, 0, sizeof t);
	snprintf(t.indicator_code, sizeof t.indicator_code, "X");
	snprintf(t.unit_code, sizeof t.unit_code, "058");
	t.year_from = 2021;
	t.year_to = 2025;
	t.kind = kind;
	t.source = TGT_SRC_OWN;
	t.value = N(amount);
	return t;
}

/* Figures of 2020 (the baseline year) .. 2025; NAN = none. */
static term_figures figs(const double v[6])
{
	term_figures f;
	memset(&f, 0, sizeof f);
	for (int j = 0; j < 6; j++)
		if (!isnan(v[j])) {
			f.has[j] = true;
			f.fig[j] = N(v[j]);
		}
	return f;
}

#define NA NAN
#define assert_near(a, b) assert_true(fabs((a) - (b)) < 1e-6)

/* "Đến năm 2025 đạt 60%": 56,9 in 2020, 58,1 in 2023. Path in 2023:
 * 56,9 + (60 - 56,9) × 3/5 = 58,76; progress (58,1 - 56,9)/(60 - 56,9) =
 * 38,709677%; the two years left need (60 - 58,1)/2 = 0,95 point a year. */
static void reach_is_a_straight_line_from_the_baseline(void **state)
{
	(void)state;
	indicator ind = ind_of(IND_LEVEL, 2, DIR_HIGHER);
	target t = term_target(TGT_AT_LEAST, 60);
	term_figures f = figs((double[]){56.9, 57.5, 58.0, 58.1, NA, NA});
	term_row row = {0};
	term_compute_row(&ind, &t, &f, 2023, &row);
	assert_int_equal(row.form, TERM_FORM_REACH);
	assert_true(row.has_baseline && !row.baseline_given);
	assert_near(row.baseline, 56.9);
	assert_int_equal(row.latest_year, 2023);
	assert_near(row.latest, 58.1);
	assert_int_equal(row.years_done, 3);
	assert_int_equal(row.years_left, 2);
	assert_near(row.expected, 58.76);
	assert_near(row.path[0], 57.52);
	assert_near(row.path[4], 60);
	assert_near(row.goal, 60);
	assert_near(row.progress, 1.2 / 3.1 * 100);
	assert_near(row.achieved_rate, 0.4);
	assert_near(row.required_rate, 0.95);
	assert_int_equal(row.status, TERM_BEHIND);

	/* 58,8 is past 58,76 */
	f = figs((double[]){56.9, 57.5, 58.0, 58.8, NA, NA});
	term_compute_row(&ind, &t, &f, 2023, &row);
	assert_int_equal(row.status, TERM_ON_PATH);
	/* with one decimal the path is 58,8: 58,7 is behind it, 58,8 on it */
	ind.decimals = 1;
	term_compute_row(&ind, &t, &f, 2023, &row);
	assert_int_equal(row.status, TERM_ON_PATH);
	f = figs((double[]){56.9, 57.5, 58.0, 58.7, NA, NA});
	term_compute_row(&ind, &t, &f, 2023, &row);
	assert_int_equal(row.status, TERM_BEHIND);
	/* a later figure that is not in yet (2024 after last_year 2023) is ignored */
	f = figs((double[]){56.9, 57.5, 58.0, 58.7, 70, NA});
	term_compute_row(&ind, &t, &f, 2023, &row);
	assert_int_equal(row.latest_year, 2023);
}

/* "Tăng bình quân 10%/năm" from 100 in 2020: the path is 100 × 1,1^k
 * (110; 121; ...; 161,051 in 2025). 121 in 2022 is on it (10%/năm so far,
 * 10%/năm still needed); 120 is behind and the three years left need
 * (161,051/120)^(1/3) - 1 = 10,3047...% a year (1,103^3 = 1,3419). */
static void growth_is_compound(void **state)
{
	(void)state;
	indicator ind = ind_of(IND_FLOW, 1, DIR_HIGHER);
	target t = term_target(TGT_GROWTH_AVG, 10);
	term_figures f = figs((double[]){100, 108, 121, NA, NA, NA});
	term_row row = {0};
	term_compute_row(&ind, &t, &f, 2022, &row);
	assert_int_equal(row.form, TERM_FORM_GROWTH);
	assert_near(row.path[0], 110);
	assert_near(row.path[1], 121);
	assert_near(row.path[4], 161.051);
	assert_near(row.expected, 121);
	assert_near(row.goal, 161.051);
	assert_near(row.progress, 21 / 61.051 * 100);
	assert_near(row.achieved_rate, 10);
	assert_near(row.required_rate, 10);
	assert_int_equal(row.status, TERM_ON_PATH);

	f = figs((double[]){100, 108, 120, NA, NA, NA});
	term_compute_row(&ind, &t, &f, 2022, &row);
	assert_int_equal(row.status, TERM_BEHIND);
	assert_true(fabs(row.required_rate - 10.3047) < 1e-4);
	assert_true(fabs(row.achieved_rate - 9.5445) < 1e-4); /* sqrt(1,2) - 1 */

	/* a fall of 5% a year is judged lower-is-better: 90 after two years
	 * is ahead of 100 × 0,95² = 90,25 */
	t = term_target(TGT_GROWTH_AVG, -5);
	f = figs((double[]){100, 96, 90, NA, NA, NA});
	term_compute_row(&ind, &t, &f, 2022, &row);
	assert_true(row.lower);
	assert_near(row.expected, 90.25);
	assert_int_equal(row.status, TERM_ON_PATH);
}

/* "Giảm bình quân 0,25 điểm phần trăm/năm" from 1,78% in 2020: the path is
 * 1,78 - 0,25k (1,03 in 2023; 0,53 in 2025). 1,05 in 2023 is behind it;
 * progress (1,05 - 1,78)/(0,53 - 1,78) = 58,4%; the two years left must
 * each fall (0,53 - 1,05)/2 = -0,26 point. */
static void points_per_year_add_to_the_baseline(void **state)
{
	(void)state;
	indicator ind = ind_of(IND_LEVEL, 2, DIR_LOWER);
	target t = term_target(TGT_POINTS_PER_YEAR, -0.25);
	term_figures f = figs((double[]){1.78, 1.50, 1.30, 1.05, NA, NA});
	term_row row = {0};
	term_compute_row(&ind, &t, &f, 2023, &row);
	assert_int_equal(row.form, TERM_FORM_POINTS);
	assert_true(row.lower);
	assert_near(row.expected, 1.03);
	assert_near(row.goal, 0.53);
	assert_near(row.progress, 58.4);
	assert_near(row.required_rate, -0.26);
	assert_near(row.achieved_rate, -0.73 / 3);
	assert_int_equal(row.status, TERM_BEHIND);
	f = figs((double[]){1.78, 1.50, 1.30, 1.03, NA, NA});
	term_compute_row(&ind, &t, &f, 2023, &row);
	assert_int_equal(row.status, TERM_ON_PATH);
}

/* "5 năm đạt tổng 10 sản phẩm": 2 + 3 by 2022 against 10 × 2/5 = 4 on the
 * path; a missing 2023 stops the sum at 2022 (never a sum with a hole);
 * the three years left need (10 - 5)/3 a year. At the end 9 is not met,
 * 10 is. A level cannot be added up. */
static void total_adds_up_the_term_years(void **state)
{
	(void)state;
	indicator ind = ind_of(IND_COUNT, 0, DIR_HIGHER);
	target t = term_target(TGT_TERM_TOTAL, 10);
	term_figures f = figs((double[]){NA, 2, 3, NA, 4, NA});
	term_row row = {0};
	term_compute_row(&ind, &t, &f, 2024, &row);
	assert_int_equal(row.form, TERM_FORM_TOTAL);
	assert_int_equal(row.latest_year, 2022);
	assert_near(row.latest, 5);
	assert_near(row.expected, 4);
	assert_near(row.progress, 50);
	assert_near(row.achieved_rate, 2.5);
	assert_near(row.required_rate, 5.0 / 3);
	assert_int_equal(row.status, TERM_ON_PATH);

	f = figs((double[]){NA, 2, 3, 1, 2, 1});
	term_compute_row(&ind, &t, &f, 2025, &row);
	assert_near(row.latest, 9);
	assert_int_equal(row.years_left, 0);
	assert_true(isnan(row.required_rate));
	assert_int_equal(row.status, TERM_NOT_MET);
	f = figs((double[]){NA, 2, 3, 1, 2, 2});
	term_compute_row(&ind, &t, &f, 2025, &row);
	assert_int_equal(row.status, TERM_MET);

	ind.kind = IND_LEVEL;
	term_compute_row(&ind, &t, &f, 2025, &row);
	assert_int_equal(row.status, TERM_NOT_APPLICABLE);
}

/* "Giảm xuống 1%" from the target's baseline 1,78 (no 2020 figure needed):
 * path in 2022 1,78 - 0,78 × 2/5 = 1,468; 1,30 is ahead (lower is better),
 * progress 0,48/0,78. Reached early, nothing more is asked. */
static void reduce_to_uses_the_targets_baseline(void **state)
{
	(void)state;
	indicator ind = ind_of(IND_LEVEL, 2, DIR_LOWER);
	target t = term_target(TGT_REDUCE_TO, 1.0);
	t.has_baseline = true;
	t.baseline = N(1.78);
	term_figures f = figs((double[]){NA, 1.53, 1.30, NA, NA, NA});
	term_row row = {0};
	term_compute_row(&ind, &t, &f, 2022, &row);
	assert_true(row.baseline_given && row.lower);
	assert_near(row.expected, 1.468);
	assert_near(row.progress, 0.48 / 0.78 * 100);
	assert_near(row.required_rate, (1.0 - 1.30) / 3);
	assert_int_equal(row.status, TERM_ON_PATH);
	f = figs((double[]){NA, 1.53, 0.95, NA, NA, NA});
	term_compute_row(&ind, &t, &f, 2022, &row);
	assert_near(row.required_rate, 0);
}

/* The last year of the term decides: met or not met, exactly at equality. */
static void last_year_of_the_term_is_met_or_not_met(void **state)
{
	(void)state;
	indicator ind = ind_of(IND_LEVEL, 1, DIR_HIGHER);
	target t = term_target(TGT_AT_LEAST, 60);
	term_figures f = figs((double[]){56.9, 57, 58, 59, 59.5, 60});
	term_row row = {0};
	term_compute_row(&ind, &t, &f, 2026, &row);
	assert_int_equal(row.status, TERM_MET);
	assert_near(row.progress, 100);
	f = figs((double[]){56.9, 57, 58, 59, 59.5, 59.9});
	term_compute_row(&ind, &t, &f, 2026, &row);
	assert_int_equal(row.status, TERM_NOT_MET);
	/* the term is over but 2025 is not in: judged on the path at 2024 */
	f = figs((double[]){56.9, 57, 58, 59, 59.5, NA});
	term_compute_row(&ind, &t, &f, 2026, &row);
	assert_int_equal(row.latest_year, 2024);
	assert_int_equal(row.status, TERM_ON_PATH);
}

static void without_figures_the_status_says_why(void **state)
{
	(void)state;
	indicator ind = ind_of(IND_LEVEL, 1, DIR_HIGHER);
	target t = term_target(TGT_AT_LEAST, 60);
	term_figures f = figs((double[]){NA, 57, 58, NA, NA, NA});
	term_row row = {0};
	term_compute_row(&ind, &t, &f, 2022, &row);
	assert_int_equal(row.status, TERM_NO_BASELINE);
	assert_true(row.has_latest); /* the latest figure is still shown */
	f = figs((double[]){56.9, NA, NA, NA, NA, NA});
	term_compute_row(&ind, &t, &f, 2022, &row);
	assert_int_equal(row.status, TERM_NO_DATA);
	assert_near(row.path[4], 60); /* the path is known */
	term_compute_row(&ind, &t, &f, 2020, &row);
	assert_int_equal(row.status, TERM_NOT_STARTED);
}

static void term_parse_reads_year_dash_year(void **state)
{
	(void)state;
	int a = 0, b = 0;
	err e;
	assert_int_equal(term_parse("2021-2025", &a, &b, &e), 0);
	assert_int_equal(a, 2021);
	assert_int_equal(b, 2025);
	assert_int_equal(term_parse("2026\xE2\x80\x93" "2030", &a, &b, &e), 0);
	assert_int_equal(b, 2030);
	assert_int_equal(term_parse("2021", &a, &b, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "2021-2025"));
	assert_int_equal(term_parse("2025-2021", &a, &b, &e), ERR_INVALID);
	assert_int_equal(term_parse("2021-2025x", &a, &b, &e), ERR_INVALID);
	assert_int_equal(term_parse("2001-2030", &a, &b, &e), ERR_INVALID);
}

/* The term-only kinds are refused on a year's target. */
static void term_kinds_are_refused_for_one_year(void **state)
{
	(void)state;
	target t = term_target(TGT_GROWTH_AVG, 10);
	err e;
	assert_int_equal(target_check(&t, &e), 0);
	t.year_to = 2021;
	assert_int_equal(target_check(&t, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "nhiệm kỳ"));
	t = term_target(TGT_POINTS_PER_YEAR, -0.25); /* a fall is negative */
	assert_int_equal(target_check(&t, &e), 0);
	t = term_target(TGT_GROWTH_AVG, -100);
	assert_int_equal(target_check(&t, &e), ERR_INVALID);
	t = term_target(TGT_TERM_TOTAL, -1);
	assert_int_equal(target_check(&t, &e), ERR_INVALID);
}

/* ---- term_run over a store ------------------------------------------ */

static void put_year(store *s, const char *ind, int y, double v)
{
	value val;
	memset(&val, 0, sizeof val);
	snprintf(val.indicator_code, sizeof val.indicator_code, "%s", ind);
	snprintf(val.unit_code, sizeof val.unit_code, "058");
	val.period = (period){.type = PERIOD_YEAR, .year = y, .index = 1};
	val.amount = N(v);
	snprintf(val.by, sizeof val.by, "test");
	err e;
	if (store_value_put(s, &val, NULL, NULL, &e))
		fail_msg("store_value_put %s %d: %s", ind, y, e.msg);
}

static void put_target(store *s, const char *ind, int yf, int yt, target_kind k, target_source src, double v)
{
	target t;
	memset(&t, 0, sizeof t);
	snprintf(t.indicator_code, sizeof t.indicator_code, "%s", ind);
	snprintf(t.unit_code, sizeof t.unit_code, "058");
	t.year_from = yf;
	t.year_to = yt;
	t.kind = k;
	t.source = src;
	t.value = N(v);
	err e;
	if (store_target_put(s, &t, &e))
		fail_msg("store_target_put %s: %s", ind, e.msg);
}

/* term_run: the year figures come from each year's evaluation, the target of
 * exactly that term (own before assigned, the assigned one reported), and
 * only the years ended by the date. */
static void term_run_loads_year_figures_and_the_terms_targets(void **state)
{
	tl_db *d = *state;
	store *s = d->s;
	tl_put_unit(s, "058", "Bắc Kạn", "", UNIT_CITY, (cdate){0}, (cdate){0});
	indicator lv = tl_make_ind("TT", NULL, FREQ_YEAR, IND_LEVEL, 1);
	indicator fl = tl_make_ind("TN", NULL, FREQ_YEAR, IND_FLOW, 1);
	tl_put_ind(s, &lv);
	tl_put_ind(s, &fl);
	double tt[] = {56.9, 57.5, 58.0, 58.1, 59.0}, tn[] = {100, 108, 121, 140, 150};
	for (int j = 0; j < 5; j++) {
		put_year(s, "TT", 2020 + j, tt[j]);
		put_year(s, "TN", 2020 + j, tn[j]);
	}
	put_target(s, "TT", 2021, 2025, TGT_AT_LEAST, TGT_SRC_ASSIGNED, 59);
	put_target(s, "TT", 2021, 2025, TGT_AT_LEAST, TGT_SRC_OWN, 60);
	put_target(s, "TT", 2023, 2023, TGT_AT_LEAST, TGT_SRC_OWN, 99);  /* a year's: not the term's */
	put_target(s, "TN", 2021, 2025, TGT_GROWTH_AVG, TGT_SRC_OWN, 10);
	put_target(s, "TN", 2021, 2030, TGT_GROWTH_AVG, TGT_SRC_OWN, 20); /* another term */

	term_report r;
	err e;
	assert_int_equal(term_run(s, "058", 2021, 2025, (cdate){2024, 6, 30}, &r, &e), 0);
	assert_int_equal(r.result.last_year, 2023);
	assert_false(r.result.final);
	assert_int_equal(r.result.n_rows, 2);
	assert_int_equal(r.result.n_targets, 2);
	const term_row *a = NULL, *b = NULL;
	for (size_t i = 0; i < r.result.n_rows; i++) {
		const char *code = r.inds[r.result.rows[i].ind_index].code;
		if (!strcmp(code, "TT"))
			a = &r.result.rows[i];
		else if (!strcmp(code, "TN"))
			b = &r.result.rows[i];
	}
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(a->target.source, TGT_SRC_OWN);
	assert_true(a->has_assigned);
	assert_int_equal(a->assigned_value, N(59));
	assert_near(a->baseline, 56.9);
	assert_int_equal(a->latest_year, 2023); /* 2024's 59,0 is not in before the year ends */
	assert_near(a->expected, 58.76);
	assert_int_equal(a->status, TERM_BEHIND);
	assert_near(b->expected, 133.1); /* 100 × 1,1³ */
	assert_near(b->latest, 140);
	assert_int_equal(b->status, TERM_ON_PATH);
	assert_int_equal(r.result.n_on_path, 1);
	assert_int_equal(r.result.n_behind, 1);
	term_report_free(&r);

	/* at the end of 2024, 2024 counts */
	assert_int_equal(term_run(s, "058", 2021, 2025, (cdate){2024, 12, 31}, &r, &e), 0);
	assert_int_equal(r.result.last_year, 2024);
	term_report_free(&r);

	assert_int_equal(term_run(s, "999", 2021, 2025, (cdate){2024, 12, 31}, &r, &e), ERR_NOTFOUND);
	assert_int_equal(term_run(s, "058", 2021, 2021, (cdate){0}, &r, &e), ERR_INVALID);
}

static int setup(void **state)
{
	return tl_setup(state, "term");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reach_is_a_straight_line_from_the_baseline),
		cmocka_unit_test(growth_is_compound),
		cmocka_unit_test(points_per_year_add_to_the_baseline),
		cmocka_unit_test(total_adds_up_the_term_years),
		cmocka_unit_test(reduce_to_uses_the_targets_baseline),
		cmocka_unit_test(last_year_of_the_term_is_met_or_not_met),
		cmocka_unit_test(without_figures_the_status_says_why),
		cmocka_unit_test(term_parse_reads_year_dash_year),
		cmocka_unit_test(term_kinds_are_refused_for_one_year),
		cmocka_unit_test_setup_teardown(term_run_loads_year_figures_and_the_terms_targets, setup,
						tl_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
