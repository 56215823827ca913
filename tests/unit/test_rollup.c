/*
 * test_rollup.c - the roll-ups kept on write (store_sqlite_rollup.c) and
 * their use by eval_run (eval_load.c).
 *
 * Two properties, checked after every batch of random writes (single puts
 * at every level, deletes, estimates, bulk puts) on a four-level tree:
 *  - the roll-ups kept incrementally equal a rebuild from the values;
 *  - eval_run with roll-ups gives exactly the result of eval_run without
 *    them (CHITIEU_ROLLUP=0), for every unit and many periods, and with
 *    complete data it really loads fewer units.
 * Not for: the evaluation rules themselves (test_eval.c).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/eval.h"
#include "testlib.h"

static uint64_t rng_state = 12345;

static unsigned rnd(unsigned n)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)((rng_state >> 33) % n);
}

static const char *const LEAVES[] = {"P1A", "P1B", "P1C", "P2A", "P2B", "D3A", "D3B", "D3C"};
#define N_LEAVES (sizeof LEAVES / sizeof LEAVES[0])
static const char *const ALL_UNITS[] = {"N", "P1", "P2", "P3", "D3", "P1A", "P1B", "P1C",
					"P2A", "P2B", "D3A", "D3B", "D3C"};
#define N_ALL (sizeof ALL_UNITS / sizeof ALL_UNITS[0])

/* N -> P1 (3 communes), P2 (2), P3 -> D3 (3): four levels. */
static void build(store *s)
{
	cdate none = {0, 0, 0};
	tl_put_unit(s, "N", NULL, "", UNIT_NATION, none, none);
	tl_put_unit(s, "P1", NULL, "N", UNIT_PROVINCE, none, none);
	tl_put_unit(s, "P2", NULL, "N", UNIT_PROVINCE, none, none);
	tl_put_unit(s, "P3", NULL, "N", UNIT_PROVINCE, none, none);
	tl_put_unit(s, "D3", NULL, "P3", UNIT_DISTRICT, none, none);
	for (size_t k = 0; k < N_LEAVES; k++) {
		const char *c = LEAVES[k];
		const char *parent = c[0] == 'D' ? "D3" : (c[1] == '1' ? "P1" : "P2");
		tl_put_unit(s, c, NULL, parent, UNIT_COMMUNE, none, none);
	}
	indicator a = tl_make_ind("A", NULL, FREQ_MONTH, IND_FLOW, 2);
	indicator b = tl_make_ind("B", NULL, FREQ_MONTH, IND_LEVEL, 0);
	indicator q = tl_make_ind("Q", NULL, FREQ_QUARTER, IND_FLOW, 1);
	indicator n = tl_make_ind("NR", NULL, FREQ_MONTH, IND_LEVEL, 1);
	n.rollup = ROLLUP_NONE;
	indicator w = tl_make_ind("W", NULL, FREQ_MONTH, IND_LEVEL, 2);
	w.rollup = ROLLUP_WAVG;
	snprintf(w.weight, sizeof w.weight, "B");
	indicator r = tl_make_ind("R", NULL, FREQ_MONTH, IND_RATIO, 2);
	r.rollup = ROLLUP_RATIO;
	snprintf(r.numerator, sizeof r.numerator, "A");
	snprintf(r.denominator, sizeof r.denominator, "B");
	r.ratio_scale = 100;
	snprintf(r.uom, sizeof r.uom, "%%");
	r.uom_scale = 0;
	tl_put_ind(s, &a);
	tl_put_ind(s, &b);
	tl_put_ind(s, &q);
	tl_put_ind(s, &n);
	tl_put_ind(s, &w);
	tl_put_ind(s, &r);
	static const char *const tgt_units[] = {"N", "P1", "P2", "P3", "P1A", "P2B", "D3A"};
	static const char *const tgt_inds[] = {"A", "B", "Q", "R"};
	for (size_t u = 0; u < sizeof tgt_units / sizeof *tgt_units; u++)
		for (size_t i = 0; i < 4; i++) {
			target t;
			err e;
			memset(&t, 0, sizeof t);
			snprintf(t.indicator_code, sizeof t.indicator_code, "%s", tgt_inds[i]);
			snprintf(t.unit_code, sizeof t.unit_code, "%s", tgt_units[u]);
			t.year_from = t.year_to = 2022;
			t.kind = TGT_AT_LEAST;
			t.source = TGT_SRC_ASSIGNED;
			t.value = NUM_INT(strcmp(tgt_inds[i], "R") == 0 ? 50 : 100 + 300 * (int)(u < 4));
			if (store_target_put(s, &t, &e) != 0)
				fail_msg("target %s %s: %s", t.unit_code, t.indicator_code, e.msg);
		}
}

static int64_t unit_id(store *s, const char *code)
{
	unit u;
	err e;
	if (store_unit_get(s, code, &u, &e) != 0)
		fail_msg("%s", e.msg);
	return u.id;
}

static int64_t ind_id(store *s, const char *code)
{
	indicator i;
	err e;
	if (store_indicator_get(s, code, &i, &e) != 0)
		fail_msg("%s", e.msg);
	return i.id;
}

/* Every leaf reports A and B each month and Q each quarter of 2021-2022
 * (bulk). W, a weighted average, only comes with the random writes: a unit
 * whose children report W cannot stand on its roll-up. */
static void complete_data(store *s)
{
	static const char *const monthly[] = {"A", "B"};
	err e;
	store_bulk *b = NULL;
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_bulk_begin(s, "test", "", &b, &e), 0);
	for (size_t k = 0; k < N_LEAVES; k++)
		for (int y = 2021; y <= 2022; y++)
			for (int m = 1; m <= 12; m++) {
				store_cell c = { .unit_id = unit_id(s, LEAVES[k]), .year = y, .month = m };
				for (size_t i = 0; i < 2; i++) {
					c.indicator_id = ind_id(s, monthly[i]);
					c.amount = NUM_INT(10 + (int)rnd(90)) + (num_t)rnd(100) * 100;
					c.estimate = rnd(20) == 0;
					if (store_bulk_put(b, &c, NULL, &e) != 0)
						fail_msg("bulk: %s", e.msg);
				}
				if (m % 3 == 0) {
					c.indicator_id = ind_id(s, "Q");
					c.amount = NUM_INT(rnd(500));
					c.estimate = false;
					if (store_bulk_put(b, &c, NULL, &e) != 0)
						fail_msg("bulk: %s", e.msg);
				}
			}
	if (store_bulk_finish(b, &e) != 0)
		fail_msg("finish: %s", e.msg);
	store_bulk_end(b);
	assert_int_equal(store_commit(s, &e), 0);
}

/* Random single writes at any level: puts (some estimates) and deletes. */
static void random_writes(store *s, int n)
{
	static const char *const inds[] = {"A", "B", "Q", "NR", "W", "R"};
	for (int k = 0; k < n; k++) {
		value v;
		err e;
		memset(&v, 0, sizeof v);
		const char *ic = inds[rnd(6)];
		snprintf(v.indicator_code, sizeof v.indicator_code, "%s", ic);
		snprintf(v.unit_code, sizeof v.unit_code, "%s", ALL_UNITS[rnd(N_ALL)]);
		int y = 2021 + (int)rnd(2);
		if (ic[0] == 'Q')
			period_ending_in(PERIOD_QUARTER, y, 3 * (1 + (int)rnd(4)), &v.period);
		else
			v.period = period_month(y, 1 + (int)rnd(12));
		snprintf(v.by, sizeof v.by, "t");
		if (rnd(3) == 0) {
			int rc = store_value_delete(s, v.indicator_code, v.unit_code, &v.period, "t", "",
						    &e);
			if (rc != 0 && rc != ERR_NOTFOUND)
				fail_msg("delete: %s", e.msg);
			continue;
		}
		v.amount = NUM_INT(rnd(1000)) - NUM_INT(100);
		if (ic[0] == 'B')
			v.amount = NUM_INT(1 + rnd(1000));
		v.estimate = rnd(4) == 0;
		if (store_value_put(s, &v, "", NULL, &e) != 0)
			fail_msg("put %s %s: %s", v.indicator_code, v.unit_code, e.msg);
	}
}

/* A bulk batch that updates and inserts values of leaves and intermediates. */
static void bulk_batch(store *s, int n)
{
	static const char *const inds[] = {"A", "B", "NR", "W"};
	err e;
	store_bulk *b = NULL;
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_bulk_begin(s, "bulk", "sửa", &b, &e), 0);
	for (int k = 0; k < n; k++) {
		store_cell c = { .unit_id = unit_id(s, ALL_UNITS[rnd(N_ALL)]),
				 .indicator_id = ind_id(s, inds[rnd(4)]),
				 .year = 2021 + (int)rnd(2),
				 .month = 1 + (int)rnd(12),
				 .amount = NUM_INT(1 + rnd(300)),
				 .estimate = rnd(5) == 0 };
		if (store_bulk_put(b, &c, NULL, &e) != 0)
			fail_msg("bulk: %s", e.msg);
	}
	store_bulk_end(b); /* flushes by itself */
	assert_int_equal(store_commit(s, &e), 0);
}

typedef struct dump {
	store_rollup *r;
	size_t n, cap;
} dump;

static int dump_cb(void *ctx, const store_rollup *r)
{
	dump *d = ctx;
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 64;
		d->r = realloc(d->r, d->cap * sizeof *d->r);
		assert_non_null(d->r);
	}
	d->r[d->n++] = *r;
	return 0;
}

/* By (unit, year, indicator): store_rollup_for_units promises no order. */
static int dump_cmp(const void *a, const void *b)
{
	const store_rollup *x = a, *y = b;
	if (x->unit_id != y->unit_id)
		return x->unit_id < y->unit_id ? -1 : 1;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	return (x->indicator_id > y->indicator_id) - (x->indicator_id < y->indicator_id);
}

static void dump_all(store *s, dump *d)
{
	store_tree_node *t = NULL;
	size_t n = 0;
	err e;
	assert_int_equal(store_unit_tree(s, &t, &n, &e), 0);
	int64_t *ids = malloc(n * sizeof *ids);
	for (size_t k = 0; k < n; k++)
		ids[k] = t[k].id;
	memset(d, 0, sizeof *d);
	assert_int_equal(store_rollup_for_units(s, ids, n, 2000, 2100, dump_cb, d, &e), 0);
	if (d->n)
		qsort(d->r, d->n, sizeof *d->r, dump_cmp);
	free(ids);
	free(t);
}

/* The kept roll-ups equal a rebuild from the values. */
static void check_rebuild(store *s)
{
	dump a, b;
	err e;
	bool ready = false;
	assert_int_equal(store_rollup_ready(s, &ready, &e), 0);
	assert_true(ready);
	dump_all(s, &a);
	assert_int_equal(store_rollup_rebuild(s, &e), 0);
	dump_all(s, &b);
	assert_int_equal(a.n, b.n);
	for (size_t k = 0; k < a.n; k++) {
		const store_rollup *x = &a.r[k], *y = &b.r[k];
		assert_int_equal(x->unit_id, y->unit_id);
		assert_int_equal(x->indicator_id, y->indicator_id);
		assert_int_equal(x->year, y->year);
		assert_int_equal(x->poison, y->poison);
		for (int m = 0; m < 12; m++) {
			assert_int_equal(x->m[m].sum, y->m[m].sum);
			assert_int_equal(x->m[m].abs, y->m[m].abs);
			assert_int_equal(x->m[m].n_val, y->m[m].n_val);
			assert_int_equal(x->m[m].n_est, y->m[m].n_est);
		}
	}
	free(a.r);
	free(b.r);
}

static bool same_double(double x, double y)
{
	return (isnan(x) && isnan(y)) || x == y;
}

static void eval_one(store *s, const char *code, const period *p, bool rollup, eval_report *r)
{
	eval_opts o = { .lag_threshold = 90 };
	err e;
	if (rollup)
		unsetenv("CHITIEU_ROLLUP");
	else
		setenv("CHITIEU_ROLLUP", "0", 1);
	if (eval_run(s, code, p, &o, r, &e) != 0)
		fail_msg("eval_run %s: %s", code, e.msg);
	unsetenv("CHITIEU_ROLLUP");
}

/* eval_run with and without roll-ups agree on every figure; returns how
 * many units fewer the roll-ups loaded in total. */
static size_t check_eval(store *s)
{
	size_t saved = 0;
	for (size_t u = 0; u < N_ALL; u++)
		for (int pk = 0; pk < 16; pk++) {
			period p;
			if (pk < 12)
				p = period_month(2022, pk + 1);
			else
				period_ending_in(PERIOD_QUARTER, 2022, 3 * (pk - 11), &p);
			eval_report a, b;
			eval_one(s, ALL_UNITS[u], &p, true, &a);
			eval_one(s, ALL_UNITS[u], &p, false, &b);
			saved += b.n_units - a.n_units;
			assert_int_equal(a.result.n_rows, b.result.n_rows);
			for (size_t k = 0; k < a.result.n_rows; k++) {
				const eval_row *x = &a.result.rows[k], *y = &b.result.rows[k];
				const char *where = ALL_UNITS[u];
				if (x->has_value != y->has_value || (x->has_value && x->value != y->value) ||
				    x->has_cum != y->has_cum || (x->has_cum && x->cumulative != y->cumulative) ||
				    x->has_prev_cum != y->has_prev_cum ||
				    (x->has_prev_cum && x->prev_cumulative != y->prev_cumulative) ||
				    x->estimate != y->estimate || x->status != y->status ||
				    x->partial != y->partial || x->rolled_up != y->rolled_up ||
				    x->n_parts_expected != y->n_parts_expected ||
				    x->n_parts_reporting != y->n_parts_reporting ||
				    x->missing_months != y->missing_months ||
				    !same_double(x->percent_of_target, y->percent_of_target) ||
				    !same_double(x->change_on_last_year, y->change_on_last_year) ||
				    !same_double(x->expected_percent, y->expected_percent) ||
				    x->n_lagging != y->n_lagging)
					fail_msg("unit %s, month %d, indicator %s: rows differ (value %lld/%lld,"
						 " cum %lld/%lld, status %d/%d, partial %d/%d)",
						 where, pk + 1, a.inds[x->ind_index].code, (long long)x->value,
						 (long long)y->value, (long long)x->cumulative,
						 (long long)y->cumulative, x->status, y->status, x->partial,
						 y->partial);
				for (size_t l = 0; l < x->n_lagging; l++) {
					assert_string_equal(a.units[x->lagging[l].unit_index].code,
							    b.units[y->lagging[l].unit_index].code);
					assert_int_equal(x->lagging[l].status, y->lagging[l].status);
					assert_true(same_double(x->lagging[l].percent_of_target,
								y->lagging[l].percent_of_target));
				}
			}
			assert_int_equal(a.result.n_met, b.result.n_met);
			assert_int_equal(a.result.n_not_met, b.result.n_not_met);
			assert_int_equal(a.result.n_incomplete, b.result.n_incomplete);
			assert_int_equal(a.result.n_no_data, b.result.n_no_data);
			eval_report_free(&a);
			eval_report_free(&b);
		}
	return saved;
}

static void rollups_kept_on_write_equal_a_rebuild_and_eval_is_unchanged(void **state)
{
	store *s = ((tl_db *)*state)->s;
	build(s);
	complete_data(s);
	check_rebuild(s);
	/* complete data: provinces stand on their roll-ups */
	assert_true(check_eval(s) > 0);
	for (int round = 0; round < 4; round++) {
		random_writes(s, 60);
		check_rebuild(s);
		bulk_batch(s, 80);
		check_rebuild(s);
		check_eval(s);
	}
}

/* The source of a figure (core/source.h): with settings per unit and per
 * level, changed between rounds of writes at every level, the kept roll-ups
 * equal a rebuild and the evaluation with and without them agrees; a
 * province set to its own figure gives the nation its own entry, not its
 * communes' sum; a setting the rule refuses changes nothing. */
static void rollups_follow_the_source_of_each_figure(void **state)
{
	store *s = ((tl_db *)*state)->s;
	err e;
	build(s);
	complete_data(s);
	assert_int_equal(store_source_set(s, "A", "P1", 0, FIG_OWN, "admin", 1, &e), 0);
	assert_int_equal(store_source_set(s, "B", NULL, UNIT_DISTRICT, FIG_OWN, "admin", 1, &e), 0);
	check_rebuild(s);
	check_eval(s);

	/* P1's own June figure of A is the nation's part from P1 */
	value v;
	memset(&v, 0, sizeof v);
	snprintf(v.indicator_code, sizeof v.indicator_code, "A");
	snprintf(v.unit_code, sizeof v.unit_code, "P1");
	v.period = period_month(2022, 6);
	v.amount = NUM_INT(777777);
	snprintf(v.by, sizeof v.by, "t");
	assert_int_equal(store_value_put(s, &v, "", NULL, &e), 0);
	eval_report own, agg;
	eval_one(s, "N", &v.period, true, &own);
	assert_int_equal(store_source_set(s, "A", "P1", 0, FIG_DEFAULT, "admin", 2, &e), 0);
	eval_one(s, "N", &v.period, true, &agg);
	size_t a = 0;
	while (strcmp(own.inds[a].code, "A") != 0)
		a++;
	assert_true(own.result.rows[a].has_value && agg.result.rows[a].has_value);
	eval_report p1;
	eval_one(s, "P1", &v.period, true, &p1);
	assert_int_equal(p1.result.rows[a].source, FIG_AGGREGATED);
	assert_true(p1.result.rows[a].has_other_value);
	assert_true(p1.result.rows[a].other_value == NUM_INT(777777));
	/* the nation's June moved by the gap between P1's own figure and its sum */
	assert_true(own.result.rows[a].value - agg.result.rows[a].value ==
		    NUM_INT(777777) - p1.result.rows[a].value);
	eval_report_free(&own);
	eval_report_free(&agg);
	eval_report_free(&p1);
	check_rebuild(s);

	/* a setting the rule refuses: nothing changes */
	assert_int_equal(store_source_set(s, "NR", "P2", 0, FIG_AGGREGATED, "admin", 3, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "NR"));
	fig_source used, set;
	assert_int_equal(store_source_of(s, "NR", "P2", &used, &set, &e), 0);
	assert_int_equal(used, FIG_OWN);
	assert_int_equal(set, FIG_DEFAULT);
	assert_int_equal(store_source_of(s, "A", "P2", &used, &set, &e), 0);
	assert_int_equal(used, FIG_AGGREGATED);
	assert_int_equal(store_source_of(s, "B", "D3", &used, &set, &e), 0);
	assert_int_equal(used, FIG_OWN);
	assert_int_equal(set, FIG_OWN);
	assert_int_equal(store_source_of(s, "A", "P1A", &used, &set, &e), 0);
	assert_int_equal(used, FIG_OWN); /* a commune has no units below */

	static const char *const setting_units[] = {"P1", "P2", "P3", "D3", "N"};
	static const char *const setting_inds[] = {"A", "B", "Q", "W"};
	for (int round = 0; round < 4; round++) {
		fig_source to = rnd(3) == 0 ? FIG_DEFAULT : (rnd(2) ? FIG_OWN : FIG_AGGREGATED);
		assert_int_equal(store_source_set(s, setting_inds[rnd(4)], setting_units[rnd(5)], 0, to,
						  "admin", 10 + round, &e),
				 0);
		random_writes(s, 40);
		check_rebuild(s);
		bulk_batch(s, 60);
		check_rebuild(s);
		check_eval(s);
	}
	/* an indicator that stops being added up changes what every parent passes up:
	 * the roll-ups are stale until rebuilt, then equal a rebuild again */
	indicator ind_a;
	bool ready = true;
	assert_int_equal(store_indicator_get(s, "A", &ind_a, &e), 0);
	ind_a.rollup = ROLLUP_NONE;
	assert_int_equal(store_indicator_put(s, &ind_a, &e), 0);
	assert_int_equal(store_rollup_ready(s, &ready, &e), 0);
	assert_false(ready);
	check_eval(s);
	assert_int_equal(store_rollup_rebuild(s, &e), 0);
	check_rebuild(s);
	fig_source_rule *rules = NULL;
	size_t n = 0;
	assert_int_equal(store_sources_list(s, &rules, &n, &e), 0);
	assert_true(n >= 1);
	for (size_t k = 0; k < n; k++)
		assert_true(rules[k].source == FIG_OWN || rules[k].source == FIG_AGGREGATED);
	free(rules);
}

static void unit_moved_makes_rollups_stale_until_rebuilt(void **state)
{
	store *s = ((tl_db *)*state)->s;
	err e;
	bool ready = true;
	build(s);
	complete_data(s);
	unit u;
	assert_int_equal(store_unit_get(s, "P1A", &u, &e), 0);
	snprintf(u.parent_code, sizeof u.parent_code, "P2");
	assert_int_equal(store_unit_put(s, &u, &e), 0);
	assert_int_equal(store_rollup_ready(s, &ready, &e), 0);
	assert_false(ready);
	/* stale roll-ups are not used: nothing is saved, and figures agree */
	assert_int_equal(check_eval(s), 0);
	random_writes(s, 20); /* not kept while stale */
	assert_int_equal(store_rollup_rebuild(s, &e), 0);
	assert_int_equal(store_rollup_ready(s, &ready, &e), 0);
	assert_true(ready);
	check_rebuild(s);
	assert_true(check_eval(s) > 0);
}

static void a_gap_in_one_commune_loads_that_province_in_full(void **state)
{
	store *s = ((tl_db *)*state)->s;
	err e;
	build(s);
	complete_data(s);
	period p = period_month(2022, 6);
	assert_int_equal(store_value_delete(s, "A", "P1B", &p, "t", "", &e), 0);
	eval_report a, b;
	eval_one(s, "N", &p, true, &a);
	eval_one(s, "N", &p, false, &b);
	/* P1 is expanded (its June is partial), P2 and P3's district are not */
	assert_true(a.n_units < b.n_units);
	bool p1a = false;
	for (size_t u = 0; u < a.n_units; u++)
		p1a = p1a || strcmp(a.units[u].code, "P1A") == 0;
	assert_true(p1a);
	eval_report_free(&a);
	eval_report_free(&b);
	check_eval(s);
}

/* Nation -> 2 provinces x 10 communes: evaluating the nation loads 3 units
 * of 23, so targets come through store_targets_for_units; every kind and
 * source, with notes, must arrive exactly as store_target_list gives them. */
static void targets_of_few_units_come_whole_through_the_fast_path(void **state)
{
	store *s = ((tl_db *)*state)->s;
	cdate none = {0, 0, 0};
	err e;
	tl_put_unit(s, "VN", NULL, "", UNIT_NATION, none, none);
	tl_put_unit(s, "T1", NULL, "VN", UNIT_PROVINCE, none, none);
	tl_put_unit(s, "T2", NULL, "VN", UNIT_PROVINCE, none, none);
	char code[16];
	for (int k = 0; k < 20; k++) {
		snprintf(code, sizeof code, "X%02d", k);
		tl_put_unit(s, code, NULL, k < 10 ? "T1" : "T2", UNIT_COMMUNE, none, none);
	}
	indicator a = tl_make_ind("A", NULL, FREQ_MONTH, IND_FLOW, 2);
	indicator b = tl_make_ind("B", NULL, FREQ_MONTH, IND_LEVEL, 0);
	b.direction = DIR_LOWER;
	tl_put_ind(s, &a);
	tl_put_ind(s, &b);
	static const char *const tu[] = {"VN", "T1", "T2"};
	for (size_t u = 0; u < 3; u++)
		for (int k = 0; k < 4; k++) {
			target t;
			memset(&t, 0, sizeof t);
			snprintf(t.indicator_code, sizeof t.indicator_code, "%s", k < 2 ? "A" : "B");
			snprintf(t.unit_code, sizeof t.unit_code, "%s", tu[u]);
			t.year_from = t.year_to = 2022;
			t.source = k % 2 ? TGT_SRC_OWN : TGT_SRC_ASSIGNED;
			t.kind = k == 0 ? TGT_X_OF_Y : k == 1 ? TGT_CHANGE_PCT : k == 2 ? TGT_REDUCE_TO : TGT_AT_MOST;
			t.value = NUM_INT(10 + (int)u + k);
			t.total = k == 0 ? NUM_INT(400) : 0;
			t.has_baseline = k == 2;
			t.baseline = k == 2 ? NUM_INT(900) : 0;
			snprintf(t.note, sizeof t.note, "Nghị quyết số %d/NQ-HĐND", 10 + k);
			if (store_target_put(s, &t, &e) != 0)
				fail_msg("target: %s", e.msg);
		}
	/* a term target must not count as the year's */
	target term;
	memset(&term, 0, sizeof term);
	snprintf(term.indicator_code, sizeof term.indicator_code, "A");
	snprintf(term.unit_code, sizeof term.unit_code, "VN");
	term.year_from = 2021;
	term.year_to = 2025;
	term.kind = TGT_AT_LEAST;
	term.source = TGT_SRC_ASSIGNED;
	term.value = NUM_INT(5);
	assert_int_equal(store_target_put(s, &term, &e), 0);
	store_bulk *bw = NULL;
	assert_int_equal(store_begin(s, &e), 0);
	assert_int_equal(store_bulk_begin(s, "t", "", &bw, &e), 0);
	for (int k = 0; k < 20; k++) {
		snprintf(code, sizeof code, "X%02d", k);
		for (int y = 2021; y <= 2022; y++)
			for (int m = 1; m <= 12; m++)
				for (int i = 0; i < 2; i++) {
					store_cell c = { .unit_id = unit_id(s, code),
							 .indicator_id = ind_id(s, i ? "B" : "A"),
							 .year = y, .month = m,
							 .amount = NUM_INT(1 + (int)rnd(50)) };
					assert_int_equal(store_bulk_put(bw, &c, NULL, &e), 0);
				}
	}
	assert_int_equal(store_bulk_finish(bw, &e), 0);
	store_bulk_end(bw);
	assert_int_equal(store_commit(s, &e), 0);
	period p = period_month(2022, 6);
	eval_report x, y;
	eval_one(s, "VN", &p, true, &x);
	eval_one(s, "VN", &p, false, &y);
	assert_int_equal(x.n_units, 3);
	assert_int_equal(y.n_units, 23);
	for (size_t u = 0; u < 3; u++)
		for (size_t i = 0; i < x.n_inds; i++) {
			const eval_target *tx = &x.targets[u * x.n_inds + i], *ty = &y.targets[u * y.n_inds + i];
			assert_int_equal(tx->has_own, ty->has_own);
			assert_int_equal(tx->has_assigned, ty->has_assigned);
			const target *pairs[2][2] = {{&tx->own, &ty->own}, {&tx->assigned, &ty->assigned}};
			for (int k = 0; k < 2; k++) {
				if (!(k ? tx->has_assigned : tx->has_own))
					continue;
				const target *m = pairs[k][0], *n = pairs[k][1];
				assert_int_equal(m->id, n->id);
				assert_string_equal(m->indicator_code, n->indicator_code);
				assert_string_equal(m->unit_code, n->unit_code);
				assert_int_equal(m->year_from, n->year_from);
				assert_int_equal(m->year_to, n->year_to);
				assert_int_equal(m->kind, n->kind);
				assert_int_equal(m->source, n->source);
				assert_int_equal(m->value, n->value);
				assert_int_equal(m->has_baseline, n->has_baseline);
				assert_int_equal(m->baseline, n->baseline);
				assert_int_equal(m->total, n->total);
				assert_string_equal(m->note, n->note);
			}
		}
	assert_true(x.targets[0].has_own && x.targets[0].has_assigned);
	assert_int_equal(x.targets[0].assigned.kind, TGT_X_OF_Y); /* not the 2021-2025 term */
	eval_report_free(&x);
	eval_report_free(&y);
}

/* What store_targets_for_units gave, one entry per target. */
typedef struct got_target {
	size_t pos;
	int64_t ind;
	target t;
} got_target;

typedef struct got_list {
	got_target *v;
	size_t n, cap, stop_after;
} got_list;

static int got_cb(void *ctx, size_t pos, int64_t indicator_id, const target *t)
{
	got_list *g = ctx;
	if (g->n == g->cap)
		return -1;
	g->v[g->n++] = (got_target){ pos, indicator_id, *t };
	return g->stop_after && g->n == g->stop_after ? 7 : 0;
}

/*
 * store_targets_for_units reads the rowids from the index, then the rows by
 * rowid ranges: targets written in shuffled order over seven units, three
 * years and terms starting in the year (wanted by the index, not the year's)
 * or ending in it, so the ranges cross other units' rows, other years' and
 * long gaps. It must
 * give exactly the year's targets of the units asked, each once, with the
 * right position, as store_target_list does.
 */
static void targets_for_units_equal_the_list_whatever_the_rowid_order(void **state)
{
	store *s = ((tl_db *)*state)->s;
	cdate none = {0, 0, 0};
	err e;
	static const char *const units[] = {"VN", "T1", "T2", "T3", "T4", "T5", "T6"};
	static const char *const inds[] = {"A", "B", "C"};
	tl_put_unit(s, "VN", NULL, "", UNIT_NATION, none, none);
	for (size_t u = 1; u < 7; u++)
		tl_put_unit(s, units[u], NULL, "VN", UNIT_PROVINCE, none, none);
	for (size_t i = 0; i < 3; i++) {
		indicator ind = tl_make_ind(inds[i], NULL, FREQ_MONTH, IND_FLOW, 2);
		tl_put_ind(s, &ind);
	}
	/* every (year or term, indicator, unit, source), in shuffled order */
	enum { N_CAND = 5 * 3 * 7 * 2 };
	int cand[N_CAND];
	for (int k = 0; k < N_CAND; k++)
		cand[k] = k;
	for (int k = N_CAND - 1; k > 0; k--) {
		int j = (int)rnd((unsigned)k + 1), x = cand[k];
		cand[k] = cand[j];
		cand[j] = x;
	}
	assert_int_equal(store_begin(s, &e), 0);
	for (int k = 0; k < N_CAND; k++) {
		int c = cand[k], src = c % 2, u = (c / 2) % 7, i = (c / 14) % 3, y = c / 42;
		if (rnd(5) == 0)
			continue; /* some cells have no target */
		target t;
		memset(&t, 0, sizeof t);
		snprintf(t.indicator_code, sizeof t.indicator_code, "%s", inds[i]);
		snprintf(t.unit_code, sizeof t.unit_code, "%s", units[u]);
		/* y 3: a term from 2022; y 4: a term to 2022 */
		t.year_from = y == 3 ? 2022 : y == 4 ? 2020 : 2021 + y;
		t.year_to = y == 3 ? 2025 : y == 4 ? 2022 : t.year_from;
		t.source = src ? TGT_SRC_OWN : TGT_SRC_ASSIGNED;
		t.kind = (target_kind)(TGT_AT_LEAST + (int)rnd(5));
		t.value = NUM_INT(1 + (int)rnd(1000));
		t.has_baseline = t.kind == TGT_REDUCE_TO;
		t.baseline = t.has_baseline ? NUM_INT(2000) : 0;
		t.total = t.kind == TGT_X_OF_Y ? NUM_INT(3000) : 0;
		if (rnd(2))
			snprintf(t.note, sizeof t.note, "Nghị quyết %d", k);
		if (store_target_put(s, &t, &e) != 0)
			fail_msg("target: %s", e.msg);
	}
	assert_int_equal(store_commit(s, &e), 0);

	static const char *const asked[] = {"T3", "VN", "T6", "T1"};
	int64_t ids[4], ind_ids[3];
	for (size_t k = 0; k < 4; k++)
		ids[k] = unit_id(s, asked[k]);
	for (size_t i = 0; i < 3; i++)
		ind_ids[i] = ind_id(s, inds[i]);
	target *all = NULL;
	size_t n_all = 0, n_want = 0;
	assert_int_equal(store_target_list(s, NULL, NULL, 2022, &all, &n_all, &e), 0);
	got_target got[N_CAND];
	got_list g = { got, 0, N_CAND, 0 };
	assert_int_equal(store_targets_for_units(s, ids, 4, 2022, got_cb, &g, &e), 0);
	for (size_t k = 0; k < n_all; k++) {
		const target *t = &all[k];
		size_t pos = 4;
		for (size_t a = 0; a < 4; a++)
			if (strcmp(t->unit_code, asked[a]) == 0)
				pos = a;
		if (pos == 4 || t->year_from != 2022 || t->year_to != 2022)
			continue;
		n_want++;
		size_t hits = 0;
		for (size_t j = 0; j < g.n; j++) {
			const got_target *x = &g.v[j];
			if (x->t.id != t->id)
				continue;
			hits++;
			assert_int_equal(x->pos, pos);
			size_t i = t->indicator_code[0] - 'A';
			assert_int_equal(x->ind, ind_ids[i]);
			assert_int_equal(x->t.year_from, 2022);
			assert_int_equal(x->t.year_to, 2022);
			assert_int_equal(x->t.kind, t->kind);
			assert_int_equal(x->t.source, t->source);
			assert_int_equal(x->t.value, t->value);
			assert_int_equal(x->t.has_baseline, t->has_baseline);
			assert_int_equal(x->t.baseline, t->baseline);
			assert_int_equal(x->t.total, t->total);
			assert_string_equal(x->t.note, t->note);
			assert_string_equal(x->t.unit_code, "");
		}
		assert_int_equal(hits, 1);
	}
	assert_true(n_want > 10);
	assert_int_equal(g.n, n_want); /* nothing else: no other unit, year or term */
	free(all);

	/* a non-zero return of the callback stops the walk and is returned */
	got_list h = { got, 0, N_CAND, 3 };
	assert_int_equal(store_targets_for_units(s, ids, 4, 2022, got_cb, &h, &e), 7);
	assert_int_equal(h.n, 3);
	/* no unit, or a year without targets: nothing */
	got_list z = { got, 0, N_CAND, 0 };
	assert_int_equal(store_targets_for_units(s, ids, 0, 2022, got_cb, &z, &e), 0);
	assert_int_equal(store_targets_for_units(s, ids, 4, 2030, got_cb, &z, &e), 0);
	assert_int_equal(z.n, 0);
}

static int setup(void **state)
{
	return tl_setup(state, "rollup");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(rollups_kept_on_write_equal_a_rebuild_and_eval_is_unchanged,
						setup, tl_teardown),
		cmocka_unit_test_setup_teardown(unit_moved_makes_rollups_stale_until_rebuilt, setup,
						tl_teardown),
		cmocka_unit_test_setup_teardown(a_gap_in_one_commune_loads_that_province_in_full, setup,
						tl_teardown),
		cmocka_unit_test_setup_teardown(targets_of_few_units_come_whole_through_the_fast_path,
						setup, tl_teardown),
		cmocka_unit_test_setup_teardown(targets_for_units_equal_the_list_whatever_the_rowid_order,
						setup, tl_teardown),
		cmocka_unit_test_setup_teardown(rollups_follow_the_source_of_each_figure, setup,
						tl_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
