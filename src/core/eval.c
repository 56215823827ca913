/*
 * eval.c - the evaluation rules of DOMAIN.md §4 as a pure computation over an
 * eval_data already in memory: the roll-up of child units (sum, weighted
 * average, ratio of sums), the period and cumulative figures of this year and
 * last, the effective target (own before assigned), % of target, change on the
 * same period last year, expected progress (seasonal or linear), the status,
 * the lagging child units and the "N of M targets met" summary.
 *
 * Every rule is written down in docs/internals/eval.md with its test in
 * tests/unit/test_eval.c. Not for: loading from the store (eval_load.c),
 * formatting numbers or storing anything. No I/O; allocation happens a few
 * times per call (work arrays, the rows, one lagging list per row that has
 * one), never per cell.
 */
#include "core/eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EV_SLOTS 12
#define EV_ALL_SLOTS 0x0FFFu
#define EV_RATIO_DEPTH 4 /* a ratio whose numerator is a ratio ...: at most this deep */

/* ---- names of the statuses ------------------------------------------ */

const char *eval_status_code(eval_status s)
{
	switch (s) {
	case EVAL_NO_DATA: return "no_data";
	case EVAL_NOT_DUE: return "not_due";
	case EVAL_NO_TARGET: return "no_target";
	case EVAL_ON_TRACK: return "on_track";
	case EVAL_BEHIND: return "behind";
	case EVAL_EXCEEDED: return "exceeded";
	case EVAL_MET: return "met";
	case EVAL_NOT_MET: return "not_met";
	}
	return "unknown";
}

const char *eval_status_label(eval_status s)
{
	switch (s) {
	case EVAL_NO_DATA: return "Chưa có số liệu";
	case EVAL_NOT_DUE: return "Chưa đến kỳ báo cáo";
	case EVAL_NO_TARGET: return "Chưa giao chỉ tiêu";
	case EVAL_ON_TRACK: return "Đúng tiến độ";
	case EVAL_BEHIND: return "Chậm tiến độ";
	case EVAL_EXCEEDED: return "Vượt";
	case EVAL_MET: return "Đạt";
	case EVAL_NOT_MET: return "Không đạt";
	}
	return "Không rõ";
}

/* ---- working state -------------------------------------------------- */

enum { EV_PREV = 0, EV_CUR = 1 };

/* The state of one eval_compute call; everything here is freed by ev_work_free. */
typedef struct ev_work {
	const eval_data *d;
	eval_series *eff[2];  /* [EV_PREV], [EV_CUR]: own values plus roll-up, [u * n_inds + i] */
	uint16_t *rolled[2];  /* bit k: slot k of eff came from the children */
	int *num, *den, *wt;  /* per indicator: index of numerator, denominator, weight, or -1 */
	size_t *kid_start;    /* children of u: kid[kid_start[u] .. kid_start[u + 1]) */
	int *kid;
	int S, M;             /* first and last month of the period */
	bool year_end;        /* the period ends in December */
	bool period_open;     /* opts->today is set and the period has not ended by then */
} ev_work;

/* One figure: a value with where it came from. */
typedef struct ev_fig {
	bool has;
	num_t v;
	bool est;    /* includes an estimate */
	bool rolled; /* came (partly) from child units */
} ev_fig;

static void ev_work_free(ev_work *w)
{
	for (int y = 0; y < 2; y++) {
		free(w->eff[y]);
		free(w->rolled[y]);
	}
	free(w->num);
	free(w->den);
	free(w->wt);
	free(w->kid_start);
	free(w->kid);
}

static bool ev_is_flow(const indicator *ind)
{
	return ind->kind == IND_FLOW || ind->kind == IND_COUNT;
}

/* A ratio computed from its numerator and denominator (rule 3). */
static bool ev_is_computed_ratio(const ev_work *w, size_t i)
{
	const indicator *ind = &w->d->inds[i];
	return (ind->kind == IND_RATIO || ind->rollup == ROLLUP_RATIO) && w->num[i] >= 0 && w->den[i] >= 0;
}

/* True when the indicator's frequency has a reporting period ending in month m. */
static bool ev_reports_in(const indicator *ind, int year, int m)
{
	period q;
	return period_ending_in(freq_period_type(ind->freq), year, m, &q);
}

/* The last month <= m in which a reporting period of the indicator ends; 0 if none. */
static int ev_last_report_month(const indicator *ind, int year, int m)
{
	for (; m >= 1; m--)
		if (ev_reports_in(ind, year, m))
			return m;
	return 0;
}

/* The index of the indicator with that code, -1 if none ("" gives -1). */
static int ev_find_ind(const eval_data *d, const char *code)
{
	if (!code[0])
		return -1;
	for (size_t i = 0; i < d->n_inds; i++)
		if (strcmp(d->inds[i].code, code) == 0)
			return (int)i;
	return -1;
}

/* Resolves one cross-reference; a code that names no indicator is an error. */
static int ev_resolve(const eval_data *d, size_t i, const char *code, const char *what, int *out, err *e)
{
	*out = ev_find_ind(d, code);
	if (code[0] && *out < 0)
		return err_set(e, ERR_INVALID, "chỉ tiêu %s: không tìm thấy chỉ tiêu %s \"%s\"",
			       d->inds[i].code, what, code);
	return 0;
}

static int ev_check_data(const eval_data *d, const period *p, err *e)
{
	if (!period_valid(p))
		return err_set(e, ERR_INVALID, "kỳ đánh giá không hợp lệ (period)");
	if (p->year != d->year)
		return err_set(e, ERR_INVALID, "kỳ đánh giá thuộc năm %d nhưng dữ liệu là của năm %d", p->year,
			       d->year);
	if (d->n_units < 1 || !d->units)
		return err_set(e, ERR_INVALID, "không có đơn vị để đánh giá (units)");
	if (d->n_inds > 0 && (!d->inds || !d->cur))
		return err_set(e, ERR_INVALID, "thiếu danh sách chỉ tiêu hoặc số liệu năm %d (inds, cur)", d->year);
	if (d->n_units > 1 && !d->parent)
		return err_set(e, ERR_INVALID, "thiếu đơn vị cấp trên (parent) của các đơn vị");
	if (d->n_inds > 0 && d->n_units > SIZE_MAX / sizeof(eval_series) / d->n_inds)
		return err_set(e, ERR_TOOBIG, "quá nhiều đơn vị × chỉ tiêu");
	for (size_t u = 1; u < d->n_units; u++) {
		int pu = d->parent[u];
		if (pu < 0 || (size_t)pu >= u)
			return err_set(e, ERR_INVALID,
				       "đơn vị %s: đơn vị cấp trên phải đứng trước nó trong danh sách (parent %d)",
				       d->units[u].code, pu);
	}
	return 0;
}

/* ---- rule 2: the effective series (roll-up) ------------------------- */

/* The weight at slot k: the series' value there, or its latest before k. */
static bool ev_weight_at(const eval_series *s, int k, double *out)
{
	for (; k >= 0; k--)
		if (s->has & (1u << k)) {
			*out = num_to_double(s->m[k]);
			return true;
		}
	return false;
}

/* Fills the slots of (u, i) the unit did not enter from its children. */
static void ev_rollup_one(ev_work *w, int y, size_t u, size_t i)
{
	const eval_data *d = w->d;
	const indicator *ind = &d->inds[i];
	size_t n = d->n_inds;
	eval_series *t = &w->eff[y][u * n + i];
	uint16_t missing = (uint16_t)(~t->has & EV_ALL_SLOTS);
	if (!missing)
		return;

	num_t sum[EV_SLOTS] = { 0 };
	double svw[EV_SLOTS] = { 0 }, sw[EV_SLOTS] = { 0 };
	uint16_t any = 0, est = 0, weighted = 0;
	for (size_t c = w->kid_start[u]; c < w->kid_start[u + 1]; c++) {
		size_t cu = (size_t)w->kid[c];
		const eval_series *s = &w->eff[y][cu * n + i];
		uint16_t m = s->has & missing;
		if (!m)
			continue;
		any |= m;
		est |= s->est & m;
		for (int k = 0; k < EV_SLOTS; k++) {
			if (!(m & (1u << k)))
				continue;
			if (ind->rollup == ROLLUP_SUM) {
				sum[k] += s->m[k];
			} else {
				double wk;
				if (!ev_weight_at(&w->eff[y][cu * n + (size_t)w->wt[i]], k, &wk))
					continue; /* a child without weight is skipped */
				svw[k] += num_to_double(s->m[k]) * wk;
				sw[k] += wk;
				weighted |= (uint16_t)(1u << k);
			}
		}
	}
	for (int k = 0; k < EV_SLOTS; k++) {
		uint16_t bit = (uint16_t)(1u << k);
		if (!(any & bit))
			continue;
		num_t v = sum[k];
		if (ind->rollup == ROLLUP_WAVG) {
			if (!(weighted & bit) || sw[k] == 0 || num_from_double(svw[k] / sw[k], &v) != 0)
				continue;
		}
		t->m[k] = v;
		t->has |= bit;
		if (est & bit)
			t->est |= bit;
		w->rolled[y][u * n + i] |= bit;
	}
}

/* Bottom-up over the units (children have larger indexes than parents). */
static void ev_rollup(ev_work *w, int y)
{
	const eval_data *d = w->d;
	for (size_t u = d->n_units; u-- > 0;) {
		if (w->kid_start[u] == w->kid_start[u + 1])
			continue;
		for (size_t i = 0; i < d->n_inds; i++) {
			const indicator *ind = &d->inds[i];
			if (ev_is_computed_ratio(w, i))
				continue; /* computed from num/den of the unit itself: ev_fig_of */
			if (ind->rollup == ROLLUP_SUM && ind->kind == IND_RATIO)
				continue; /* percentages are never added up */
			if (ind->rollup == ROLLUP_SUM || (ind->rollup == ROLLUP_WAVG && w->wt[i] >= 0))
				ev_rollup_one(w, y, u, i);
		}
	}
}

static int ev_work_init(ev_work *w, const eval_data *d, const period *p, const eval_opts *o, err *e)
{
	memset(w, 0, sizeof *w);
	w->d = d;
	size_t n = d->n_inds, nu = d->n_units, cells = nu * n;
	for (int y = 0; y < 2; y++) {
		w->eff[y] = calloc(cells ? cells : 1, sizeof(eval_series));
		w->rolled[y] = calloc(cells ? cells : 1, sizeof(uint16_t));
	}
	w->num = malloc((n ? n : 1) * sizeof(int));
	w->den = malloc((n ? n : 1) * sizeof(int));
	w->wt = malloc((n ? n : 1) * sizeof(int));
	w->kid_start = calloc(nu + 1, sizeof(size_t));
	w->kid = malloc(nu * sizeof(int));
	if (!w->eff[0] || !w->eff[1] || !w->rolled[0] || !w->rolled[1] || !w->num || !w->den || !w->wt ||
	    !w->kid_start || !w->kid)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi đánh giá");

	for (size_t i = 0; i < n; i++) {
		const indicator *ind = &d->inds[i];
		int rc = ev_resolve(d, i, ind->numerator, "tử số (numerator)", &w->num[i], e);
		if (!rc)
			rc = ev_resolve(d, i, ind->denominator, "mẫu số (denominator)", &w->den[i], e);
		if (!rc)
			rc = ev_resolve(d, i, ind->weight, "quyền số (weight)", &w->wt[i], e);
		if (rc)
			return rc;
	}

	/* children lists, in unit order */
	for (size_t u = 1; u < nu; u++)
		w->kid_start[d->parent[u] + 1]++;
	for (size_t u = 0; u < nu; u++)
		w->kid_start[u + 1] += w->kid_start[u];
	{
		size_t *fill = calloc(nu, sizeof(size_t));
		if (!fill)
			return err_set(e, ERR_NOMEM, "hết bộ nhớ khi đánh giá");
		for (size_t u = 1; u < nu; u++) {
			size_t pu = (size_t)d->parent[u];
			w->kid[w->kid_start[pu] + fill[pu]++] = (int)u;
		}
		free(fill);
	}

	if (cells) {
		if (d->prev)
			memcpy(w->eff[EV_PREV], d->prev, cells * sizeof(eval_series));
		memcpy(w->eff[EV_CUR], d->cur, cells * sizeof(eval_series));
	}
	ev_rollup(w, EV_PREV);
	ev_rollup(w, EV_CUR);

	w->S = period_first_month(p);
	w->M = period_last_month(p);
	w->year_end = w->M == 12;
	if (o && !cdate_is_none(o->today))
		w->period_open = cdate_cmp(o->today, period_end_date(p)) <= 0;
	return 0;
}

/* ---- rules 3 and 4: figures over a span of months ------------------- */

/* Flow: the sum of slots a..b that have values. */
static ev_fig ev_sum(const eval_series *s, uint16_t rolled, int a, int b)
{
	ev_fig f = { 0 };
	for (int k = a - 1; k <= b - 1; k++) {
		uint16_t bit = (uint16_t)(1u << k);
		if (!(s->has & bit))
			continue;
		f.has = true;
		f.v += s->m[k];
		f.est = f.est || (s->est & bit);
		f.rolled = f.rolled || (rolled & bit);
	}
	return f;
}

/* Level: the latest slot in a..b. */
static ev_fig ev_latest(const eval_series *s, uint16_t rolled, int a, int b)
{
	ev_fig f = { 0 };
	for (int k = b - 1; k >= a - 1; k--) {
		uint16_t bit = (uint16_t)(1u << k);
		if (s->has & bit) {
			f.has = true;
			f.v = s->m[k];
			f.est = (s->est & bit) != 0;
			f.rolled = (rolled & bit) != 0;
			break;
		}
	}
	return f;
}

/*
 * The figure of indicator i for unit u over months a..b of year y (EV_PREV or
 * EV_CUR): flows sum, levels take the latest, ratios take the unit's own
 * latest entered value or else num/den × ratio_scale of the unit's effective
 * numerator and denominator over the same months (a level denominator may
 * come from earlier in the year: it stands until replaced).
 */
static ev_fig ev_fig_of(const ev_work *w, int y, size_t u, size_t i, int a, int b, int depth)
{
	const eval_data *d = w->d;
	const indicator *ind = &d->inds[i];
	size_t at = u * d->n_inds + i;
	const eval_series *s = &w->eff[y][at];
	uint16_t rolled = w->rolled[y][at];
	ev_fig none = { 0 };
	if (a > b || a < 1 || b > 12)
		return none;
	if (ev_is_computed_ratio(w, i)) {
		ev_fig own = ev_latest(s, rolled, a, b);
		if (own.has || depth >= EV_RATIO_DEPTH)
			return own;
		size_t ni = (size_t)w->num[i], di = (size_t)w->den[i];
		ev_fig nf = ev_fig_of(w, y, u, ni, a, b, depth + 1);
		ev_fig df = ev_fig_of(w, y, u, di, ev_is_flow(&d->inds[di]) ? a : 1, b, depth + 1);
		if (!nf.has || !df.has || df.v == 0)
			return none;
		double x = num_to_double(nf.v) / num_to_double(df.v) * (ind->ratio_scale > 0 ? ind->ratio_scale : 1);
		ev_fig f = { .est = nf.est || df.est, .rolled = nf.rolled || df.rolled };
		f.has = num_from_double(x, &f.v) == 0;
		return f;
	}
	return ev_is_flow(ind) ? ev_sum(s, rolled, a, b) : ev_latest(s, rolled, a, b);
}

/* ---- rules 5 to 9: one row ------------------------------------------ */

/* Percentages compared after rounding to 2 decimals, half away from zero. */
static int ev_pct_cmp(double a, double b)
{
	if (isfinite(a) && isfinite(b) && fabs(a) < 1e9 && fabs(b) < 1e9) {
		/* snap away the float noise below 1e-6 first, so 50.575 rounds up */
		long long ka = llround(round(a * 1e8) / 1e6), kb = llround(round(b * 1e8) / 1e6);
		return (ka > kb) - (ka < kb);
	}
	return (a > b) - (a < b);
}

/* True when the target is judged "lower is better". */
static bool ev_judged_lower(const indicator *ind, const target *t)
{
	switch (t->kind) {
	case TGT_AT_MOST: return true;
	case TGT_REDUCE_TO: return !(t->has_baseline && t->baseline < t->value);
	case TGT_CHANGE_PCT: return ind->direction == DIR_LOWER;
	case TGT_AT_LEAST:
	case TGT_X_OF_Y: return false;
	}
	return false;
}

/* The annual figure a target asks for; false when it cannot be known (a
 * change on last year without last year's figure). */
static bool ev_resolve_target(const target *t, const ev_fig *prev_full, num_t *out)
{
	if (t->kind != TGT_CHANGE_PCT) {
		*out = t->value;
		return true;
	}
	if (!prev_full->has)
		return false;
	double x = num_to_double(prev_full->v) * (1.0 + num_to_double(t->value) / 100.0);
	return num_from_double(x, out) == 0;
}

/* Share of the year's flow expected by month M (rule 7): last year's profile
 * when last year is complete with a positive total, else linear. */
static double ev_flow_share(const ev_work *w, size_t u, size_t i)
{
	const eval_data *d = w->d;
	const indicator *ind = &d->inds[i];
	const eval_series *ps = &w->eff[EV_PREV][u * d->n_inds + i];
	bool complete = true;
	for (int m = 1; m <= 12 && complete; m++)
		if (ev_reports_in(ind, d->year - 1, m) && !(ps->has & (1u << (m - 1))))
			complete = false;
	if (complete) {
		ev_fig total = ev_fig_of(w, EV_PREV, u, i, 1, 12, 0);
		ev_fig to_m = ev_fig_of(w, EV_PREV, u, i, 1, w->M, 0);
		if (total.has && total.v > 0 && to_m.has)
			return num_to_double(to_m.v) / num_to_double(total.v);
	}
	return ev_last_report_month(ind, d->year, w->M) / 12.0;
}

static void ev_row(const ev_work *w, size_t u, size_t i, eval_row *row)
{
	const eval_data *d = w->d;
	const indicator *ind = &d->inds[i];
	memset(row, 0, sizeof *row);
	row->ind_index = (int)i;
	row->percent_of_target = NAN;
	row->change_on_last_year = NAN;
	row->change_absolute = NAN;
	row->expected_percent = NAN;

	ev_fig fv = ev_fig_of(w, EV_CUR, u, i, w->S, w->M, 0);
	ev_fig fc = ev_fig_of(w, EV_CUR, u, i, 1, w->M, 0);
	ev_fig pv = ev_fig_of(w, EV_PREV, u, i, w->S, w->M, 0);
	ev_fig pc = ev_fig_of(w, EV_PREV, u, i, 1, w->M, 0);
	ev_fig pf = ev_fig_of(w, EV_PREV, u, i, 1, 12, 0);
	row->has_value = fv.has;
	row->value = fv.v;
	row->has_cum = fc.has;
	row->cumulative = fc.v;
	row->has_prev_value = pv.has;
	row->prev_value = pv.v;
	row->has_prev_cum = pc.has;
	row->prev_cumulative = pc.v;
	row->rolled_up = fv.has ? fv.rolled : fc.rolled;
	row->estimate = (fv.has && fv.est) || (fc.has && fc.est);

	/* rule 6 */
	if (fc.has && pc.has) {
		row->change_absolute = num_to_double(fc.v - pc.v);
		if (pc.v != 0)
			row->change_on_last_year = num_to_double(fc.v - pc.v) / num_to_double(pc.v) * 100.0;
	}

	/* rule 5 */
	const target *t = NULL;
	const eval_target *et = d->targets ? &d->targets[u * d->n_inds + i] : NULL;
	if (et && et->has_own)
		t = &et->own;
	else if (et && et->has_assigned)
		t = &et->assigned;
	num_t tv = 0;
	if (t) {
		row->target_kind = t->kind;
		row->target_source = t->source;
		row->has_target = ev_resolve_target(t, &pf, &tv);
		row->target = row->has_target ? tv : 0;
	}
	if (et && et->has_assigned)
		row->has_assigned_target = ev_resolve_target(&et->assigned, &pf, &row->assigned_target);
	bool lower = t && ev_judged_lower(ind, t);

	if (row->has_target && fc.has) {
		if (t->kind == TGT_REDUCE_TO) {
			bool has_base = t->has_baseline || pf.has;
			num_t base = t->has_baseline ? t->baseline : pf.v;
			if (has_base && base != tv)
				row->percent_of_target = num_to_double(base - fc.v) / num_to_double(base - tv) * 100.0;
		} else if (tv != 0) {
			row->percent_of_target = num_to_double(fc.v) / num_to_double(tv) * 100.0;
		}
	}

	/* rule 7: expected progress during the year */
	double share = NAN;
	if (row->has_target && !w->year_end) {
		if (ev_is_flow(ind)) {
			share = ev_flow_share(w, u, i);
			row->expected_percent = share * 100.0;
		} else if (t->kind == TGT_REDUCE_TO) {
			row->expected_percent = ev_last_report_month(ind, d->year, w->M) / 12.0 * 100.0;
		} else {
			row->expected_percent = 100.0;
		}
	}

	/* rule 9: is there anything to judge? */
	if (!fv.has) {
		bool due = false;
		for (int m = w->S; m <= w->M && !due; m++)
			due = ev_reports_in(ind, d->year, m);
		if (due || !fc.has) {
			row->status = (!due || w->period_open) ? EVAL_NOT_DUE : EVAL_NO_DATA;
			return;
		}
		/* not due in the period: judge the cumulative from earlier in the year */
	}
	if (!t) {
		row->status = EVAL_NO_TARGET;
		return;
	}
	if (!row->has_target || !fc.has) {
		row->status = EVAL_NO_DATA; /* e.g. a change on last year without last year's figure */
		return;
	}

	/* rule 8: year end, exact comparison */
	if (w->year_end) {
		bool better = lower ? fc.v < tv : fc.v > tv;
		row->status = fc.v == tv ? EVAL_MET : better ? EVAL_EXCEEDED : EVAL_NOT_MET;
		return;
	}

	/* rule 7: during the year */
	bool on;
	if (t->kind == TGT_REDUCE_TO) {
		if (!isnan(row->percent_of_target))
			on = ev_pct_cmp(row->percent_of_target, row->expected_percent) >= 0;
		else
			on = lower ? fc.v <= tv : fc.v >= tv;
	} else if (ev_is_flow(ind)) {
		if (tv > 0 && !isnan(row->percent_of_target)) {
			int c = ev_pct_cmp(row->percent_of_target, row->expected_percent);
			on = lower ? c <= 0 : c >= 0;
		} else {
			double want = num_to_double(tv) * share;
			on = lower ? num_to_double(fc.v) <= want : num_to_double(fc.v) >= want;
		}
	} else {
		on = lower ? fc.v <= tv : fc.v >= tv;
	}
	row->status = on ? EVAL_ON_TRACK : EVAL_BEHIND;
}

/* ---- rule 10: lagging children -------------------------------------- */

static int ev_lag_cmp(const void *a, const void *b)
{
	const eval_lag *x = a, *y = b;
	bool nx = isnan(x->percent_of_target), ny = isnan(y->percent_of_target);
	if (nx != ny)
		return nx ? 1 : -1; /* unknown % last */
	if (!nx && x->percent_of_target != y->percent_of_target)
		return x->percent_of_target < y->percent_of_target ? -1 : 1;
	return (x->unit_index > y->unit_index) - (x->unit_index < y->unit_index);
}

static int ev_lagging(const ev_work *w, const eval_opts *o, size_t i, eval_row *row, err *e)
{
	size_t first = w->kid_start[0], n_kids = w->kid_start[1] - first;
	if (!n_kids)
		return 0;
	eval_lag *lag = NULL;
	size_t n = 0;
	for (size_t k = 0; k < n_kids; k++) {
		size_t cu = (size_t)w->kid[first + k];
		eval_row cr;
		ev_row(w, cu, i, &cr);
		bool lags = cr.status == EVAL_BEHIND || cr.status == EVAL_NOT_MET;
		if (o && o->lag_threshold > 0 && !isnan(cr.percent_of_target) &&
		    cr.percent_of_target < o->lag_threshold)
			lags = true;
		if (!lags)
			continue;
		if (!lag) {
			lag = malloc(n_kids * sizeof *lag);
			if (!lag)
				return err_set(e, ERR_NOMEM, "hết bộ nhớ khi đánh giá");
		}
		lag[n].unit_index = (int)cu;
		lag[n].percent_of_target = cr.percent_of_target;
		lag[n].status = cr.status;
		n++;
	}
	if (n > 1)
		qsort(lag, n, sizeof *lag, ev_lag_cmp);
	row->lagging = lag;
	row->n_lagging = n;
	return 0;
}

/* ---- the entry points ------------------------------------------------ */

int eval_compute(const eval_data *d, const period *p, const eval_opts *o, eval_result *out, err *e)
{
	if (!out)
		return err_set(e, ERR_INVALID, "eval_compute: thiếu nơi nhận kết quả (out)");
	memset(out, 0, sizeof *out);
	if (!d || !p)
		return err_set(e, ERR_INVALID, "eval_compute: thiếu dữ liệu hoặc kỳ đánh giá");
	int rc = ev_check_data(d, p, e);
	if (rc)
		return rc;

	ev_work w;
	rc = ev_work_init(&w, d, p, o, e);
	if (rc)
		goto fail;

	out->period = *p;
	out->unit_index = 0;
	out->year_end = w.year_end;
	out->rows = calloc(d->n_inds ? d->n_inds : 1, sizeof *out->rows);
	if (!out->rows) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi đánh giá");
		goto fail;
	}
	out->n_rows = d->n_inds;
	for (size_t i = 0; i < d->n_inds; i++) {
		eval_row *row = &out->rows[i];
		ev_row(&w, 0, i, row);
		rc = ev_lagging(&w, o, i, row, e);
		if (rc)
			goto fail;
		/* rule 11: a target that could not be resolved still counts, as no data */
		if (!row->has_target && row->target_kind == 0)
			continue;
		out->n_with_target++;
		switch (row->status) {
		case EVAL_EXCEEDED:
		case EVAL_MET:
		case EVAL_ON_TRACK: out->n_met++; break;
		case EVAL_NOT_MET:
		case EVAL_BEHIND: out->n_not_met++; break;
		case EVAL_NO_DATA: out->n_no_data++; break;
		case EVAL_NOT_DUE: out->n_not_due++; break;
		case EVAL_NO_TARGET: break;
		}
	}
	ev_work_free(&w);
	return 0;

fail:
	ev_work_free(&w);
	eval_result_free(out);
	return rc;
}

void eval_result_free(eval_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_rows; i++)
		free(r->rows[i].lagging);
	free(r->rows);
	memset(r, 0, sizeof *r);
}
