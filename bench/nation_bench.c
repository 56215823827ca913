/*
 * nation_bench.c - chitieu's side of the national-scale benchmark (issue
 * #7): the same questions the peers answer in SQL (bench/nation_sql/), as
 * chitieu calls on a store written by nation_gen, timed in a loop.
 *
 *   nation_bench dash   DB UNIT YEAR MONTH RUNS [ANSWERS]
 *       eval_run for one month: every indicator with the month, cumulative,
 *       last year's cumulative, target and % of target, and every child
 *       unit's % of target (a lag threshold above any %, so every child
 *       with a target is listed: the breakdown).
 *   nation_bench series DB UNIT IND YEAR_FROM YEAR_TO RUNS [ANSWERS]
 *       eval_series_run: the monthly series rolled up from the communes.
 *   nation_bench states DB UNIT YEAR MONTH RUNS
 *       the dashboard with its children's approval states (issue #13): marks
 *       every child of UNIT approved for months 1..MONTH-1 (a third of
 *       them also accepted, MONTH itself submitted), then times eval_run
 *       and the children's states of MONTH-1 the dashboard shows
 *       (approval_children, GET /api/approval/children) in one read
 *       transaction, the states alone, and the whole completeness table
 *       (compl_build, GET /api/completeness: the reporting page's) alone.
 *   nation_bench fresh  DB COMMUNE TOP IND YEAR MONTH RUNS
 *       store_value_put of one commune's value, then eval_run of TOP (the
 *       whole dashboard), and again then only TOP's figure of that month
 *       (eval_series_run); fails unless it changed by exactly the difference.
 *
 * Reads run inside one read transaction each (store_read_begin), as the
 * server runs every GET. Prints "median_ms p10_ms p90_ms first_ms" lines; ANSWERS (optional) gets
 * one CSV line per figure, sorted by the caller, to compare with the peers.
 * Not for: correctness of the rules (tests/unit) or the HTTP server.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/approval.h"
#include "core/completeness.h"
#include "core/eval.h"
#include "core/eval_series.h"
#include "store/store.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* CPU time of this thread: on a shared machine the wall clock also counts
 * the other processes' turns; both are reported. */
static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void report(const char *what, double *t, int n)
{
	double first = t[0];
	qsort(t, (size_t)n, sizeof *t, dbl_cmp);
	printf("%s median_ms %.3f p10_ms %.3f p90_ms %.3f first_ms %.3f runs %d\n", what, t[n / 2],
	       t[n / 10], t[(n * 9) / 10], first, n);
}

/* A raw amount as a decimal with 2 places (amounts carry at most 2 here). */
static void put_num(FILE *f, num_t v)
{
	double x = num_to_double(v);
	fprintf(f, "%.2f", x);
}

static int fail(const char *what, const err *e)
{
	fprintf(stderr, "nation_bench: %s: %s\n", what, e->msg);
	return 1;
}

static int dash(store *s, char **a, int runs, const char *answers)
{
	const char *unit_code = a[0];
	period p = period_month(atoi(a[1]), atoi(a[2]));
	eval_opts o = { .lag_threshold = 1e12 };
	double *t = malloc((size_t)runs * sizeof *t), *c = malloc((size_t)runs * sizeof *c);
	err e;
	eval_report r;
	for (int k = 0; k < runs; k++) {
		double t0 = now_ms(), c0 = cpu_ms();
		/* one read transaction, as the server wraps every GET */
		if (store_read_begin(s, &e) != 0 || eval_run(s, unit_code, &p, &o, &r, &e) != 0)
			return fail("eval_run", &e);
		store_read_end(s);
		t[k] = now_ms() - t0;
		c[k] = cpu_ms() - c0;
		if (k < runs - 1)
			eval_report_free(&r);
	}
	printf("units_loaded %zu\n", r.n_units);
	report("dashboard", t, runs);
	report("dashboard_cpu", c, runs);
	/* the same dashboard with the year-end forecasts the server adds (issue #16) */
	{
		eval_opts of = o;
		of.forecast = true;
		for (int k = 0; k < runs; k++) {
			eval_report rf;
			double t0 = now_ms(), c0 = cpu_ms();
			if (store_read_begin(s, &e) != 0 || eval_run(s, unit_code, &p, &of, &rf, &e) != 0)
				return fail("eval_run", &e);
			store_read_end(s);
			t[k] = now_ms() - t0;
			c[k] = cpu_ms() - c0;
			eval_report_free(&rf);
		}
		report("dashboard_forecast", t, runs);
		report("dashboard_forecast_cpu", c, runs);
	}
	free(t);
	free(c);
	if (answers) {
		FILE *f = fopen(answers, "w");
		if (!f)
			return fprintf(stderr, "nation_bench: cannot write %s\n", answers), 1;
		for (size_t k = 0; k < r.result.n_rows; k++) {
			const eval_row *row = &r.result.rows[k];
			const char *ic = r.inds[row->ind_index].code;
			if (row->has_value) {
				fprintf(f, "top,%s,value,", ic);
				put_num(f, row->value);
				fputc('\n', f);
			}
			if (row->has_cum) {
				fprintf(f, "top,%s,cum,", ic);
				put_num(f, row->cumulative);
				fputc('\n', f);
			}
			if (row->has_prev_cum) {
				fprintf(f, "top,%s,prev_cum,", ic);
				put_num(f, row->prev_cumulative);
				fputc('\n', f);
			}
			if (row->has_target) {
				fprintf(f, "top,%s,target,", ic);
				put_num(f, row->target);
				fputc('\n', f);
			}
			if (!isnan(row->percent_of_target))
				fprintf(f, "top,%s,pct,%.2f\n", ic, row->percent_of_target);
			for (size_t l = 0; l < row->n_lagging; l++)
				if (!isnan(row->lagging[l].percent_of_target))
					fprintf(f, "child,%s,%s,%.2f\n", ic,
						r.units[row->lagging[l].unit_index].code,
						row->lagging[l].percent_of_target);
		}
		fclose(f);
	}
	eval_report_free(&r);
	return 0;
}

static int series(store *s, char **a, int runs, const char *answers)
{
	int y0 = atoi(a[2]), y1 = atoi(a[3]), ny = y1 - y0 + 1;
	eval_series *out = calloc((size_t)(ny > 0 ? ny : 1), sizeof *out);
	double *t = malloc((size_t)runs * sizeof *t);
	err e;
	for (int k = 0; k < runs; k++) {
		double t0 = now_ms();
		if (store_read_begin(s, &e) != 0 || eval_series_run(s, a[0], a[1], y0, y1, out, &e) != 0)
			return fail("eval_series_run", &e);
		store_read_end(s);
		t[k] = now_ms() - t0;
	}
	report("series", t, runs);
	if (answers) {
		FILE *f = fopen(answers, "w");
		if (!f)
			return fprintf(stderr, "nation_bench: cannot write %s\n", answers), 1;
		for (int y = 0; y < ny; y++)
			for (int m = 0; m < 12; m++)
				if (out[y].has & (1u << m)) {
					fprintf(f, "series,%d,%02d,", y0 + y, m + 1);
					put_num(f, out[y].m[m]);
					fputc('\n', f);
				}
		fclose(f);
	}
	free(out);
	free(t);
	return 0;
}

/* The top's row of indicator ind_code: its month value (0 when none). */
static num_t top_month(const eval_report *r, const char *ind_code)
{
	for (size_t k = 0; k < r->result.n_rows; k++) {
		const eval_row *row = &r->result.rows[k];
		if (!strcmp(r->inds[row->ind_index].code, ind_code))
			return row->has_value ? row->value : 0;
	}
	return 0;
}

static int fresh(store *s, char **a, int runs)
{
	const char *commune = a[0], *top = a[1], *ind = a[2];
	period p = period_month(atoi(a[3]), atoi(a[4]));
	eval_opts o = { 0 };
	double *t = malloc((size_t)runs * sizeof *t), *tw = malloc((size_t)runs * sizeof *tw);
	err e;
	value v;
	eval_report r;
	if (store_value_get(s, ind, commune, &p, &v, &e) != 0)
		return fail("store_value_get", &e);
	if (eval_run(s, top, &p, &o, &r, &e) != 0)
		return fail("eval_run", &e);
	num_t before = top_month(&r, ind), base = v.amount;
	eval_report_free(&r);
	for (int k = 0; k < runs; k++) {
		num_t delta = NUM_INT(1 + k % 7);
		v.amount = base + delta;
		v.at = 0;
		double t0 = now_ms();
		if (store_value_put(s, &v, "bench", NULL, &e) != 0)
			return fail("store_value_put", &e);
		double t1 = now_ms();
		if (eval_run(s, top, &p, &o, &r, &e) != 0)
			return fail("eval_run", &e);
		t[k] = now_ms() - t0;
		tw[k] = t1 - t0;
		num_t got = top_month(&r, ind);
		eval_report_free(&r);
		if (got != before + delta) {
			fprintf(stderr, "nation_bench: freshness: %s of %s is %.2f, expected %.2f\n", ind,
				top, num_to_double(got), num_to_double(before + delta));
			return 1;
		}
	}
	/* the same write, then only the top's rolled-up figure of that month
	 * (what the peers' one SUM reads): eval_series_run for the year */
	double *tf = malloc((size_t)runs * sizeof *tf);
	for (int k = 0; k < runs; k++) {
		eval_series ser;
		num_t delta = NUM_INT(1 + k % 5);
		v.amount = base + delta;
		v.at = 0;
		double t0 = now_ms();
		if (store_value_put(s, &v, "bench", NULL, &e) != 0)
			return fail("store_value_put", &e);
		if (eval_series_run(s, top, ind, p.year, p.year, &ser, &e) != 0)
			return fail("eval_series_run", &e);
		tf[k] = now_ms() - t0;
		num_t got = (ser.has & (1u << (p.index - 1))) ? ser.m[p.index - 1] : 0;
		if (got != before + delta) {
			fprintf(stderr, "nation_bench: freshness (series): %s of %s is %.2f, expected %.2f\n",
				ind, top, num_to_double(got), num_to_double(before + delta));
			return 1;
		}
	}
	report("fresh_write_then_figure", tf, runs);
	free(tf);
	v.amount = base; /* leave the data as it was */
	if (store_value_put(s, &v, "bench", NULL, &e) != 0)
		return fail("store_value_put", &e);
	report("fresh_write", tw, runs);
	report("fresh_write_then_read", t, runs);
	printf("fresh_ok 1\n");
	free(t);
	free(tw);
	return 0;
}

static int states(store *s, char **a, int runs)
{
	const char *unit_code = a[0];
	int year = atoi(a[1]), month = atoi(a[2]);
	period p = period_month(year, month);
	eval_opts o = { .lag_threshold = 1e12 };
	cdate today = { year, month, 28 };
	err e;
	unit *kids = NULL;
	size_t nk = 0;
	if (store_unit_list(s, unit_code, NULL, &kids, &nk, &e) != 0)
		return fail("store_unit_list", &e);
	/* the states: written once (a run again finds them there) */
	for (size_t k = 0; k < nk; k++)
		for (int m = 1; m <= month; m++) {
			period pm = period_month(year, m);
			const char *to = m == month ? "submitted" : k % 3 == 0 ? "accepted" : "approved";
			int rc = store_approval_move(s, kids[k].code, &pm, NULL, "draft", to, "bench", 1, "", &e);
			if (rc != 0 && rc != ERR_CONFLICT)
				return fail("store_approval_move", &e);
		}
	double *t = malloc((size_t)runs * sizeof *t), *ts = malloc((size_t)runs * sizeof *ts),
	       *tc = malloc((size_t)runs * sizeof *tc);
	if (!t || !ts || !tc)
		return fprintf(stderr, "nation_bench: out of memory\n"), 1;
	period shown = period_month(year, month > 1 ? month - 1 : month);
	size_t approved = 0, n_shown = 0;
	for (int k = 0; k < runs; k++) {
		eval_report r;
		approval_child *ch = NULL;
		double t0 = now_ms();
		if (store_read_begin(s, &e) != 0 || eval_run(s, unit_code, &p, &o, &r, &e) != 0)
			return fail("eval_run", &e);
		double t1 = now_ms();
		if (approval_children(s, unit_code, &shown, &ch, &n_shown, &e) != 0)
			return fail("approval_children", &e);
		store_read_end(s);
		t[k] = now_ms() - t0;
		ts[k] = now_ms() - t1;
		approved = 0;
		for (size_t u = 0; u < n_shown; u++)
			approved += ch[u].final || (ch[u].state == APPR_APPROVED);
		eval_report_free(&r);
		free(ch);
	}
	for (int k = 0; k < runs; k++) {
		compl_table c;
		double t0 = now_ms();
		if (store_read_begin(s, &e) != 0 || compl_build(s, unit_code, year, today, &c, &e) != 0)
			return fail("compl_build", &e);
		store_read_end(s);
		tc[k] = now_ms() - t0;
		compl_free(&c);
	}
	printf("states_children %zu approved_month_before %zu\n", n_shown, approved);
	report("dashboard_with_states", t, runs);
	report("states", ts, runs);
	report("completeness_table", tc, runs);
	free(t);
	free(ts);
	free(tc);
	free(kids);
	return approved == nk || month < 2 ? 0 : (fprintf(stderr, "nation_bench: %zu of %zu children approved\n", approved, nk), 1);
}

int main(int argc, char **argv)
{
	store *s = NULL;
	err e;
	int rc = 2;
	if (argc < 3 || atoi(argv[argc - 1 - (argc == 8 && !strcmp(argv[1], "dash")) -
			      (argc == 9 && !strcmp(argv[1], "series"))]) < 1)
		goto usage;
	if (store_open(argv[2], &s, &e) != 0)
		return fail("store_open", &e);
	if (!strcmp(argv[1], "dash") && (argc == 7 || argc == 8))
		rc = dash(s, argv + 3, atoi(argv[6]), argc == 8 ? argv[7] : NULL);
	else if (!strcmp(argv[1], "series") && (argc == 8 || argc == 9))
		rc = series(s, argv + 3, atoi(argv[7]), argc == 9 ? argv[8] : NULL);
	else if (!strcmp(argv[1], "states") && argc == 7)
		rc = states(s, argv + 3, atoi(argv[6]));
	else if (!strcmp(argv[1], "fresh") && argc == 9)
		rc = fresh(s, argv + 3, atoi(argv[8]));
	else
		goto usage;
	store_close(s);
	return rc;
usage:
	store_close(s);
	fprintf(stderr, "usage: nation_bench dash DB UNIT YEAR MONTH RUNS [ANSWERS]\n"
			"       nation_bench series DB UNIT IND YEAR_FROM YEAR_TO RUNS [ANSWERS]\n"
			"       nation_bench states DB UNIT YEAR MONTH RUNS\n"
			"       nation_bench fresh DB COMMUNE TOP IND YEAR MONTH RUNS\n");
	return 2;
}
