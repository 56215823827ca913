/*
 * backtest.c - the forecast's track record (backtest.h): accumulating
 * forecasts against actuals (pure), and backtest_run, which makes them from
 * the store through eval_run as on each month's end. Rules in
 * docs/internals/eval.md, "Backtest".
 */
#include "core/backtest.h"
#include "core/eval.h"
#include "store/store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void backtest_add(backtest_result *r, int month, ind_kind kind, const forecast_result *f, bool has_actual,
		  double actual, int met)
{
	if (month < 1 || month > 12 || kind < IND_FLOW || kind > IND_COUNT)
		return;
	backtest_cell *c = &r->cell[month - 1][kind - 1];
	if (f->status == FC_TOO_LITTLE) {
		c->n_too_little++;
		return;
	}
	if (f->status != FC_OK || !has_actual)
		return;
	c->n++;
	if (actual != 0) {
		c->n_ape++;
		c->sum_ape += fabs(f->value - actual) / fabs(actual);
	}
	/* the interval is closed; a hair of float noise does not put an equal actual outside */
	double tol = 1e-9 * fmax(1.0, fabs(actual));
	if (actual >= f->lo80 - tol && actual <= f->hi80 + tol)
		c->n_covered++;
	if (met >= 0 && !isnan(f->p_meet)) {
		double d = f->p_meet - (double)met;
		c->n_brier++;
		c->sum_brier += d * d;
	}
}

static void cell_finish(backtest_cell *c)
{
	c->mape = c->n_ape ? c->sum_ape / c->n_ape * 100.0 : NAN;
	c->coverage = c->n ? (double)c->n_covered / c->n * 100.0 : NAN;
	c->brier = c->n_brier ? c->sum_brier / c->n_brier : NAN;
}

void backtest_finish(backtest_result *r)
{
	r->n_forecasts = 0;
	for (int k = 0; k < BT_KINDS; k++) {
		backtest_cell *t = &r->total[k];
		memset(t, 0, sizeof *t);
		for (int m = 0; m < 12; m++) {
			backtest_cell *c = &r->cell[m][k];
			cell_finish(c);
			t->n += c->n;
			t->n_ape += c->n_ape;
			t->sum_ape += c->sum_ape;
			t->n_covered += c->n_covered;
			t->n_brier += c->n_brier;
			t->sum_brier += c->sum_brier;
			t->n_too_little += c->n_too_little;
		}
		cell_finish(t);
		r->n_forecasts += t->n;
	}
}

/* The year's actual figures and judgements, one per indicator (by index). */
typedef struct bt_actual {
	bool has;
	double v;
	int met; /* 1, 0, -1 */
} bt_actual;

static int year_actuals(store *s, const char *unit_code, int y, bt_actual **out, size_t *n, err *e)
{
	period p = {.type = PERIOD_YEAR, .year = y, .index = 1};
	eval_opts o;
	memset(&o, 0, sizeof o);
	o.today = (cdate){y + 1, 1, 1};
	eval_report r;
	memset(&r, 0, sizeof r);
	int rc = eval_run(s, unit_code, &p, &o, &r, e);
	if (rc) {
		eval_report_free(&r);
		return rc;
	}
	*n = r.result.n_rows;
	*out = calloc(*n ? *n : 1, sizeof **out);
	if (!*out) {
		eval_report_free(&r);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ");
	}
	for (size_t i = 0; i < r.result.n_rows; i++) {
		const eval_row *row = &r.result.rows[i];
		bt_actual *a = &(*out)[i];
		a->has = row->has_value && !row->partial;
		a->v = num_to_double(row->value);
		a->met = row->status == EVAL_EXCEEDED || row->status == EVAL_MET ? 1
			 : row->status == EVAL_NOT_MET ? 0 : -1;
	}
	eval_report_free(&r);
	return 0;
}

int backtest_run(store *s, const char *unit_code, int year_from, cdate today, backtest_result *out, err *e)
{
	memset(out, 0, sizeof *out);
	int last = (today.m == 12 && today.d == 31) ? today.y : today.y - 1;
	if (year_from > last)
		return err_set(e, ERR_INVALID, "--from-year %d: chưa có năm nào từ %d đã kết thúc để kiểm tra", year_from,
			       year_from);
	out->year_from = year_from;
	out->year_to = last;
	int rc = 0;
	for (int y = year_from; y <= last; y++) {
		bt_actual *act = NULL;
		size_t n_act = 0;
		rc = year_actuals(s, unit_code, y, &act, &n_act, e);
		if (rc == ERR_CONFLICT) { /* the unit did not exist that year */
			err_clear(e);
			rc = 0;
			continue;
		}
		if (rc)
			return rc;
		for (int m = 1; m <= 11 && !rc; m++) {
			period p = {.type = PERIOD_MONTH, .year = y, .index = m};
			eval_opts o;
			memset(&o, 0, sizeof o);
			o.forecast = true;
			o.today = (cdate){y, m + 1, 1}; /* month m has ended, the next has not */
			eval_report r;
			memset(&r, 0, sizeof r);
			rc = eval_run(s, unit_code, &p, &o, &r, e);
			for (size_t i = 0; !rc && i < r.result.n_rows && i < n_act; i++) {
				const eval_row *row = &r.result.rows[i];
				if (row->forecast.status == FC_NONE)
					continue;
				const indicator *ind = &r.inds[row->ind_index];
				backtest_add(out, m, ind->kind, &row->forecast, act[i].has, act[i].v, act[i].met);
			}
			eval_report_free(&r);
		}
		free(act);
		if (rc)
			return rc;
	}
	backtest_finish(out);
	return 0;
}
