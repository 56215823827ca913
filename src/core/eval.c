/*
 * eval.c - the evaluation rules of DOMAIN.md §4 as a pure computation over an
 * eval_data already in memory: the roll-up of child units and predecessors
 * (sum, weighted average, ratio of sums) with its completeness, the period
 * and cumulative figures of this year and last with their missing months, the
 * effective target (own before assigned), % of target, change on the same
 * period last year, expected progress (seasonal or linear), the status
 * (including "incomplete" and "provisional"), the lagging child units and the
 * "N of M targets met" summary.
 *
 * Every rule is written down in docs/internals/eval.md with its test in
 * tests/unit/test_eval.c. Not for: loading from the store (eval_load.c),
 * formatting numbers or storing anything. No I/O; allocation happens a few
 * times per call (work arrays, the rows, one lagging list per row that has
 * one), never per cell. Every num_t sum, difference and product is checked
 * for overflow: an overflowing figure has no value, it never wraps.
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
	case EVAL_INCOMPLETE: return "incomplete";
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
	case EVAL_INCOMPLETE: return "Chưa đủ số liệu";
	}
	return "Không rõ";
}

/* ---- working state -------------------------------------------------- */

enum { EV_PREV = 0, EV_CUR = 1 };

/* The state of one eval_compute call; everything here is freed by ev_work_free. */
typedef struct ev_work {
	const eval_data *d;
	eval_series *eff[2];  /* [EV_PREV], [EV_CUR]: own values plus roll-up, [u * n_inds + i] */
	uint16_t *rolled[2];  /* bit k: slot k of eff came from children or predecessors */
	uint16_t *part[2];    /* bit k: slot k lacks an expected child or predecessor (partial) */
	bool *active;         /* [u * n_inds + i]: the unit reports i (a value in either year, or a target) */
	bool *agg;            /* [u * n_inds + i]: the figure is aggregated from the units below (source.h) */
	uint16_t *valid[2];   /* per unit: the months of the year it existed on some day */
	uint16_t *before[2];  /* per unit: the months wholly before its valid_from */
	int *num, *den, *wt;  /* per indicator: index of numerator, denominator, weight, or -1 */
	size_t *kid_start;    /* children of u: kid[kid_start[u] .. kid_start[u + 1]) */
	int *kid;
	unsigned char *state; /* roll-up order: 0 not yet, 1 in progress, 2 done */
	struct ev_acc *acc;   /* per indicator: the children's roll-up of the unit being done */
	int S, M;             /* first and last month of the period */
	int E;                /* the last month of the year ended by opts->today (M when not running) */
	bool year_end;        /* the period ends in December and has ended */
	bool period_open;     /* opts->today is set and the period ends after it */
	uint16_t ended[2];    /* months of each year ended by opts->today (all without today) */
} ev_work;

/* One figure: a value with where it came from and how complete it is. */
typedef struct ev_fig {
	bool has;
	num_t v;
	bool est;         /* includes an estimate */
	bool rolled;      /* came (partly) from child units or predecessors */
	bool parts;       /* some slot lacks an expected child unit or predecessor */
	bool partial;     /* parts, or a due month missing while others are there */
	uint16_t missing; /* bit k: month k+1 was due and has no value */
} ev_fig;

static void ev_work_free(ev_work *w)
{
	for (int y = 0; y < 2; y++) {
		free(w->eff[y]);
		free(w->rolled[y]);
		free(w->part[y]);
		free(w->valid[y]);
		free(w->before[y]);
	}
	free(w->active);
	free(w->agg);
	free(w->num);
	free(w->den);
	free(w->wt);
	free(w->kid_start);
	free(w->kid);
	free(w->state);
	free(w->acc);
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

/* Slots a..b (months 1..12) as a bit mask (months outside 1..12 are left out). */
static uint16_t ev_span(int a, int b)
{
	if (a < 1)
		a = 1;
	if (b > 12)
		b = 12;
	if (a > b)
		return 0;
	return (uint16_t)((1u << b) - (1u << (a - 1)));
}

/* The highest month (1..12) in mask, 0 if none. */
static int ev_top(uint16_t mask)
{
	unsigned m = mask & EV_ALL_SLOTS;
	return m ? 32 - __builtin_clz(m) : 0;
}

/*
 * The months in which a reporting period of the indicator ends (bit k-1 for
 * month k), as period_ending_in says: every month; March, June, September,
 * December; June and December; December. Asked for every figure, so a
 * constant per frequency (the loop over period_ending_in cost a fifth of a
 * nation dashboard; docs/internals/scale.md).
 */
static uint16_t ev_report_mask(const indicator *ind)
{
	switch (ind->freq) {
	case FREQ_MONTH: return 0x0FFF;
	case FREQ_QUARTER: return 0x0924; /* 3, 6, 9, 12 */
	case FREQ_HALF: return 0x0820;    /* 6, 12 */
	case FREQ_YEAR: return 0x0800;    /* 12 */
	}
	return 0;
}

/* The reporting months of the indicator that are due in year y (ended by today). */
static uint16_t ev_due(const ev_work *w, int y, const indicator *ind)
{
	return ev_report_mask(ind) & w->ended[y];
}

/* The last month <= m in which a reporting period of the indicator ends; 0 if none. */
static int ev_last_report_month(const indicator *ind, int m)
{
	return ev_top(ev_report_mask(ind) & ev_span(1, m));
}

/* Rounds a num_t to `dec` decimals (0..4), half away from zero. */
static num_t ev_round_dec(num_t v, int dec)
{
	if (dec >= NUM_DECIMALS)
		return v;
	if (dec < 0)
		dec = 0;
	num_t q = 1;
	for (int k = dec; k < NUM_DECIMALS; k++)
		q *= 10;
	num_t r = v % q, out = v - r;
	if ((r < 0 ? -r : r) * 2 >= q) {
		num_t stepped;
		if (!__builtin_add_overflow(out, r < 0 ? -q : q, &stepped))
			out = stepped;
	}
	return out;
}

/*
 * n / dn × scale rounded to dec decimals half away from zero, exactly in
 * integers when that fits, else through a double. False when it does not fit
 * in a num_t or dn is 0.
 */
static bool ev_ratio(num_t n, num_t dn, int scale, int dec, num_t *out)
{
	if (dn == 0)
		return false;
	if (dec < 0)
		dec = 0;
	if (dec > NUM_DECIMALS)
		dec = NUM_DECIMALS;
	int64_t p10 = 1, rest = 1;
	for (int k = 0; k < dec; k++)
		p10 *= 10;
	for (int k = dec; k < NUM_DECIMALS; k++)
		rest *= 10;
	int64_t p;
	if (!__builtin_mul_overflow(n, (int64_t)scale, &p) && !__builtin_mul_overflow(p, p10, &p) &&
	    !(p == INT64_MIN && dn == -1)) {
		int64_t qd = p / dn, r = p % dn;
		if (r != 0) {
			uint64_t ar = r < 0 ? (uint64_t)0 - (uint64_t)r : (uint64_t)r;
			uint64_t ad = dn < 0 ? (uint64_t)0 - (uint64_t)dn : (uint64_t)dn;
			if (ar >= ad - ar)
				qd += ((p < 0) != (dn < 0)) ? -1 : 1;
		}
		num_t v;
		if (__builtin_mul_overflow(qd, rest, &v) || v > NUM_MAX || v < -NUM_MAX)
			return false;
		*out = v;
		return true;
	}
	double x = num_to_double(n) / num_to_double(dn) * scale;
	num_t v;
	if (num_from_double(x, &v) != 0)
		return false;
	*out = ev_round_dec(v, dec);
	return true;
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
	if ((d->pred_start == NULL) != (d->pred_idx == NULL))
		return err_set(e, ERR_INVALID, "thiếu một trong hai mảng đơn vị tiền thân (pred_start, pred_idx)");
	for (size_t u = 1; u < d->n_units; u++) {
		int pu = d->parent[u];
		if (pu < 0 && d->pred_start)
			continue; /* a predecessor whose parent is not loaded */
		if (pu < 0 || (size_t)pu >= u)
			return err_set(e, ERR_INVALID,
				       "đơn vị %s: đơn vị cấp trên phải đứng trước nó trong danh sách (parent %d)",
				       d->units[u].code, pu);
	}
	if (d->pred_start) {
		if (d->pred_start[0] != 0)
			return err_set(e, ERR_INVALID, "pred_start[0] phải bằng 0 (đơn vị tiền thân)");
		for (size_t u = 0; u < d->n_units; u++) {
			if (d->pred_start[u + 1] < d->pred_start[u])
				return err_set(e, ERR_INVALID, "đơn vị %s: pred_start giảm dần (đơn vị tiền thân)",
					       d->units[u].code);
			for (int k = d->pred_start[u]; k < d->pred_start[u + 1]; k++) {
				int q = d->pred_idx[k];
				if (q < 0 || (size_t)q >= d->n_units || (size_t)q == u)
					return err_set(e, ERR_INVALID,
						       "đơn vị %s: đơn vị tiền thân không hợp lệ (pred_idx %d)",
						       d->units[u].code, q);
			}
		}
	}
	return 0;
}

/* The months of `year` on some day of which the unit existed, and those wholly before its valid_from. */
static void ev_unit_months(const unit *un, int year, uint16_t *valid, uint16_t *before)
{
	*valid = 0;
	*before = 0;
	for (int k = 1; k <= 12; k++) {
		period pm = period_month(year, k);
		cdate first = period_start_date(&pm), last = period_end_date(&pm);
		uint16_t bit = (uint16_t)(1u << (k - 1));
		bool pre = !cdate_is_none(un->valid_from) && cdate_cmp(un->valid_from, last) > 0;
		bool post = !cdate_is_none(un->valid_to) && cdate_cmp(un->valid_to, first) < 0;
		if (pre)
			*before |= bit;
		if (!pre && !post)
			*valid |= bit;
	}
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

/* The running roll-up of one (unit, indicator, year): per slot the sum (or
 * the weighted sums), and which slots are asked, have a value, include an
 * estimate, lack an expected unit, overflowed. */
typedef struct ev_acc {
	num_t sum[EV_SLOTS];
	double svw[EV_SLOTS], sw[EV_SLOTS];
	uint16_t mask, any, est, gap, ovf;
} ev_acc;

/* Starts a roll-up of the slots `mask` of indicator i. */
static void ev_acc_start(const ev_work *w, size_t i, uint16_t mask, ev_acc *a)
{
	memset(a->sum, 0, sizeof a->sum);
	if (w->d->inds[i].rollup != ROLLUP_SUM) {
		memset(a->svw, 0, sizeof a->svw);
		memset(a->sw, 0, sizeof a->sw);
	}
	a->mask = mask;
	a->any = a->est = a->gap = a->ovf = 0;
}

/*
 * Adds unit cu (a child or a predecessor) to the roll-up of indicator i in
 * year y. A unit counts in a slot only if it existed in that month; an
 * expected one (active) without a value there, or with a partial value, or
 * without a weight, makes the slot partial.
 */
static void ev_acc_add(const ev_work *w, int y, size_t i, size_t cu, ev_acc *a)
{
	size_t n = w->d->n_inds, ca = cu * n + i;
	uint16_t live = (uint16_t)(a->mask & w->valid[y][cu]);
	if (!live)
		return;
	const eval_series *s = &w->eff[y][ca];
	uint16_t with = (uint16_t)(live & s->has);
	if (w->active[ca])
		a->gap |= (uint16_t)(live & ~s->has);
	a->gap |= (uint16_t)(with & w->part[y][ca]);
	if (w->d->inds[i].rollup == ROLLUP_SUM) {
		for (unsigned m = with; m; m &= m - 1) {
			int k = __builtin_ctz(m);
			if (__builtin_add_overflow(a->sum[k], s->m[k], &a->sum[k]))
				a->ovf |= (uint16_t)(1u << k);
		}
		a->any |= with;
		a->est |= (uint16_t)(with & s->est);
		return;
	}
	const eval_series *ws = &w->eff[y][cu * n + (size_t)w->wt[i]];
	for (unsigned m = with; m; m &= m - 1) {
		int k = __builtin_ctz(m);
		uint16_t bit = (uint16_t)(1u << k);
		double wk;
		if (!ev_weight_at(ws, k, &wk)) {
			a->gap |= bit; /* a child without weight is left out: the figure is partial */
			continue;
		}
		a->svw[k] += num_to_double(s->m[k]) * wk;
		a->sw[k] += wk;
		a->any |= bit;
		a->est |= (uint16_t)(bit & s->est);
	}
}

/* Writes the finished roll-up into the slots of (u, i) in year y: a sum that
 * overflowed, or a slot nobody filled, is left without a value. */
static void ev_acc_finish(ev_work *w, int y, size_t u, size_t i, const ev_acc *a)
{
	const indicator *ind = &w->d->inds[i];
	size_t at = u * w->d->n_inds + i;
	eval_series *t = &w->eff[y][at];
	for (unsigned m = (unsigned)(a->mask & a->any & ~a->ovf); m; m &= m - 1) {
		int k = __builtin_ctz(m);
		uint16_t bit = (uint16_t)(1u << k);
		num_t v = a->sum[k];
		if (ind->rollup != ROLLUP_SUM) {
			if (a->sw[k] == 0 || num_from_double(a->svw[k] / a->sw[k], &v) != 0)
				continue;
			v = ev_round_dec(v, ind->decimals);
		}
		t->m[k] = v;
		t->has |= bit;
		if (a->est & bit)
			t->est |= bit;
		w->rolled[y][at] |= bit;
		if (a->gap & bit)
			w->part[y][at] |= bit;
	}
}

/*
 * Fills the slots `mask` of (u, i) in year y from the units list[0..n) by the
 * indicator's roll-up rule (SUM or WAVG), each slot adding the units in list
 * order (so overflows and the weighted averages' doubles are always the same).
 */
static void ev_aggregate(ev_work *w, int y, size_t u, size_t i, const int *list, size_t n_list, uint16_t mask)
{
	ev_acc a;
	ev_acc_start(w, i, mask, &a);
	for (size_t c = 0; c < n_list; c++)
		ev_acc_add(w, y, i, (size_t)list[c], &a);
	ev_acc_finish(w, y, u, i, &a);
}

/*
 * The children's part of the roll-up of u in year y, for every indicator
 * whose w->acc[i].mask is set (ev_acc_start'ed): child by child, each child's
 * series read in order (a child's row of indicators is contiguous), rather
 * than indicator by indicator across the children; each slot still adds the
 * children in list order, so the figures are those of ev_aggregate.
 */
static void ev_aggregate_kids(ev_work *w, int y, size_t u, const int *kids, size_t n_kids)
{
	size_t n = w->d->n_inds;
	for (size_t c = 0; c < n_kids; c++)
		for (size_t i = 0; i < n; i++)
			if (w->acc[i].mask)
				ev_acc_add(w, y, i, (size_t)kids[c], &w->acc[i]);
	for (size_t i = 0; i < n; i++)
		if (w->acc[i].mask)
			ev_acc_finish(w, y, u, i, &w->acc[i]);
}

/* True when the indicator is aggregated from children/predecessors by slot (SUM or WAVG). */
static bool ev_aggregates(const ev_work *w, size_t i)
{
	const indicator *ind = &w->d->inds[i];
	if (ev_is_computed_ratio(w, i))
		return false; /* computed from num/den of the unit itself: ev_fig_of */
	if (ind->rollup == ROLLUP_SUM && ind->kind == IND_RATIO)
		return false; /* percentages are never added up */
	return ind->rollup == ROLLUP_SUM || (ind->rollup == ROLLUP_WAVG && w->wt[i] >= 0);
}

/* The entered (own) series of (u, i) in year y. */
static const eval_series *ev_own(const ev_work *w, int y, size_t u, size_t i)
{
	const eval_series *src = y == EV_CUR ? w->d->cur : w->d->prev;
	static const eval_series none;
	return src ? &src[u * w->d->n_inds + i] : &none;
}

/* Rolls up unit u (both years, every indicator); its children and predecessors are done. */
static void ev_rollup_unit(ev_work *w, size_t u)
{
	const eval_data *d = w->d;
	size_t n = d->n_inds;
	const int *kids = w->kid + w->kid_start[u];
	size_t n_kids = w->kid_start[u + 1] - w->kid_start[u];
	const int *preds = NULL;
	size_t n_preds = 0;
	if (d->pred_start) {
		preds = d->pred_idx + d->pred_start[u];
		n_preds = (size_t)(d->pred_start[u + 1] - d->pred_start[u]);
	}
	for (int y = 0; y < 2; y++) {
		bool kids_to_add = false;
		for (size_t i = 0; i < n; i++) {
			w->acc[i].mask = 0;
			if (!ev_aggregates(w, i))
				continue;
			eval_series *t = &w->eff[y][u * n + i];
			/* rule 12: months before the unit existed come from its predecessors */
			uint16_t pre = (uint16_t)(w->before[y][u] & ~t->has);
			if (n_preds && pre)
				ev_aggregate(w, y, u, i, preds, n_preds, pre);
			/* rule 2: the source of the figure (core/source.h) */
			if (n_kids && w->agg[u * n + i]) {
				ev_acc_start(w, i, (uint16_t)(EV_ALL_SLOTS & ~t->has & ~pre), &w->acc[i]);
				kids_to_add = kids_to_add || w->acc[i].mask;
			}
		}
		if (kids_to_add)
			ev_aggregate_kids(w, y, u, kids, n_kids);
	}
	for (size_t i = 0; i < n; i++) {
		size_t at = u * n + i;
		const eval_target *et = d->targets ? &d->targets[at] : NULL;
		w->active[at] = w->eff[EV_PREV][at].has || w->eff[EV_CUR][at].has || (et && (et->has_own || et->has_assigned));
	}
}

/* Post-order over children and predecessors, so each unit's inputs are final. */
static void ev_visit(ev_work *w, size_t u)
{
	if (w->state[u])
		return; /* done, or a cycle of predecessor links: left as is */
	w->state[u] = 1;
	for (size_t c = w->kid_start[u]; c < w->kid_start[u + 1]; c++)
		ev_visit(w, (size_t)w->kid[c]);
	if (w->d->pred_start)
		for (int k = w->d->pred_start[u]; k < w->d->pred_start[u + 1]; k++)
			ev_visit(w, (size_t)w->d->pred_idx[k]);
	ev_rollup_unit(w, u);
	w->state[u] = 2;
}

int eval_known_month(const period *p, const eval_opts *o)
{
	int M = period_last_month(p);
	if (!o || cdate_is_none(o->today) || cdate_cmp(period_end_date(p), o->today) <= 0)
		return M;
	int E = 0; /* the period is running: the months of its year ended by today */
	for (int k = 1; k < M; k++) {
		period pm = period_month(p->year, k);
		if (cdate_cmp(period_end_date(&pm), o->today) <= 0)
			E = k;
	}
	return E;
}

static int ev_work_init(ev_work *w, const eval_data *d, const period *p, const eval_opts *o, err *e)
{
	memset(w, 0, sizeof *w);
	w->d = d;
	size_t n = d->n_inds, nu = d->n_units, cells = nu * n;
	for (int y = 0; y < 2; y++) {
		w->eff[y] = malloc((cells ? cells : 1) * sizeof(eval_series)); /* filled below */
		w->rolled[y] = calloc(cells ? cells : 1, sizeof(uint16_t));
		w->part[y] = calloc(cells ? cells : 1, sizeof(uint16_t));
		w->valid[y] = calloc(nu, sizeof(uint16_t));
		w->before[y] = calloc(nu, sizeof(uint16_t));
	}
	w->active = calloc(cells ? cells : 1, sizeof(bool));
	w->agg = calloc(cells ? cells : 1, sizeof(bool));
	w->num = malloc((n ? n : 1) * sizeof(int));
	w->den = malloc((n ? n : 1) * sizeof(int));
	w->wt = malloc((n ? n : 1) * sizeof(int));
	w->kid_start = calloc(nu + 1, sizeof(size_t));
	w->kid = malloc(nu * sizeof(int));
	w->state = calloc(nu, 1);
	w->acc = malloc((n ? n : 1) * sizeof *w->acc);
	for (int y = 0; y < 2; y++)
		if (!w->eff[y] || !w->rolled[y] || !w->part[y] || !w->valid[y] || !w->before[y])
			return err_set(e, ERR_NOMEM, "hết bộ nhớ khi đánh giá");
	if (!w->active || !w->agg || !w->num || !w->den || !w->wt || !w->kid_start || !w->kid || !w->state || !w->acc)
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

	/* children lists, in unit order (a predecessor without a loaded parent has none) */
	for (size_t u = 1; u < nu; u++)
		if (d->parent[u] >= 0)
			w->kid_start[d->parent[u] + 1]++;
	for (size_t u = 0; u < nu; u++)
		w->kid_start[u + 1] += w->kid_start[u];
	{
		size_t *fill = calloc(nu, sizeof(size_t));
		if (!fill)
			return err_set(e, ERR_NOMEM, "hết bộ nhớ khi đánh giá");
		for (size_t u = 1; u < nu; u++) {
			if (d->parent[u] < 0)
				continue;
			size_t pu = (size_t)d->parent[u];
			w->kid[w->kid_start[pu] + fill[pu]++] = (int)u;
		}
		free(fill);
	}
	for (size_t u = 0; u < nu; u++)
		for (int y = 0; y < 2; y++)
			ev_unit_months(&d->units[u], d->year - (y == EV_PREV), &w->valid[y][u], &w->before[y][u]);

	/* rule 4: what has ended by today */
	bool today = o && !cdate_is_none(o->today);
	for (int y = 0; y < 2; y++) {
		w->ended[y] = EV_ALL_SLOTS;
		if (!today)
			continue;
		w->ended[y] = 0;
		for (int k = 1; k <= 12; k++) {
			period pm = period_month(d->year - (y == EV_PREV), k);
			if (cdate_cmp(period_end_date(&pm), o->today) <= 0)
				w->ended[y] |= (uint16_t)(1u << (k - 1));
		}
	}
	w->S = period_first_month(p);
	w->M = period_last_month(p);
	w->period_open = today && cdate_cmp(period_end_date(p), o->today) > 0;
	w->year_end = w->M == 12 && !w->period_open;
	w->E = eval_known_month(p, o);

	if (cells) {
		if (d->prev)
			memcpy(w->eff[EV_PREV], d->prev, cells * sizeof(eval_series));
		else
			memset(w->eff[EV_PREV], 0, cells * sizeof(eval_series));
		memcpy(w->eff[EV_CUR], d->cur, cells * sizeof(eval_series));
	}
	/* rule 2: where the figure is aggregated, the unit's own values are not
	 * it (they stay in d->cur, shown beside: ev_other) */
	for (size_t u = 0; u < nu; u++) {
		bool kids = w->kid_start[u + 1] > w->kid_start[u];
		for (size_t i = 0; kids && i < n; i++) {
			size_t at = u * n + i;
			fig_source set = d->source_set ? (fig_source)d->source_set[at] : FIG_DEFAULT;
			if (fig_source_effective(&d->inds[i], true, set) != FIG_AGGREGATED)
				continue;
			w->agg[at] = true;
			memset(&w->eff[EV_PREV][at], 0, sizeof(eval_series));
			memset(&w->eff[EV_CUR][at], 0, sizeof(eval_series));
		}
	}
	for (size_t u = nu; u-- > 0;)
		ev_visit(w, u);
	return 0;
}

/* ---- rules 3 and 4: figures over a span of months ------------------- */

/* Flow: the sum of slots a..b that have values; `due` months without one are missing. */
static ev_fig ev_sum(const ev_work *w, int y, size_t at, uint16_t due, int a, int b)
{
	const eval_series *s = &w->eff[y][at];
	uint16_t span = ev_span(a, b), got = (uint16_t)(s->has & span);
	ev_fig f = { 0 };
	bool ovf = false;
	f.missing = (uint16_t)(due & span & ~s->has);
	for (unsigned m = got; m; m &= m - 1)
		if (__builtin_add_overflow(f.v, s->m[__builtin_ctz(m)], &f.v))
			ovf = true;
	f.has = got != 0;
	f.est = (s->est & got) != 0;
	f.rolled = (w->rolled[y][at] & got) != 0;
	f.parts = (w->part[y][at] & got) != 0;
	f.partial = f.parts || (f.has && f.missing);
	if (ovf) {
		f.has = false;
		f.v = 0;
	}
	return f;
}

/*
 * Level: the latest slot in a..b. The last due month of the span must have a
 * value when `strict` (the period's own value), else there is none; the
 * cumulative (not strict) shows the latest anyway, with that month missing.
 */
static ev_fig ev_latest(const ev_work *w, int y, size_t at, uint16_t due, int a, int b, bool strict)
{
	const eval_series *s = &w->eff[y][at];
	ev_fig f = { 0 };
	uint16_t span = ev_span(a, b);
	int last = ev_top(due & span);
	if (last && !(s->has & (1u << (last - 1)))) {
		f.missing = (uint16_t)(1u << (last - 1));
		if (strict)
			return f;
	}
	int top = ev_top(s->has & span);
	if (top) {
		uint16_t bit = (uint16_t)(1u << (top - 1));
		f.has = true;
		f.v = s->m[top - 1];
		f.est = (s->est & bit) != 0;
		f.rolled = (w->rolled[y][at] & bit) != 0;
		f.parts = (w->part[y][at] & bit) != 0;
		f.partial = f.parts;
	}
	return f;
}

/*
 * The figure of indicator i for unit u over months a..b of year y (EV_PREV or
 * EV_CUR): flows sum, levels take the latest, ratios take the unit's own
 * entered values when it entered any that year and its figure is its own
 * (core/source.h; else they were set aside), or else num/den × ratio_scale
 * of the unit's effective numerator and denominator over the same months (a
 * level denominator may come from earlier in the year: it stands until
 * replaced), rounded to the ratio's decimals. At a parent, a numerator or
 * denominator that lacks some expected unit gives no ratio at all.
 */
static ev_fig ev_fig_of(const ev_work *w, int y, size_t u, size_t i, int a, int b, bool strict, int depth)
{
	const eval_data *d = w->d;
	const indicator *ind = &d->inds[i];
	size_t at = u * d->n_inds + i;
	ev_fig none = { 0 };
	if (a > b || a < 1 || b > 12)
		return none;
	uint16_t due = ev_due(w, y, ind);
	if (ev_is_computed_ratio(w, i)) {
		if (w->eff[y][at].has || depth >= EV_RATIO_DEPTH)
			return ev_latest(w, y, at, due, a, b, strict);
		size_t ni = (size_t)w->num[i], di = (size_t)w->den[i];
		bool den_flow = ev_is_flow(&d->inds[di]);
		ev_fig nf = ev_fig_of(w, y, u, ni, a, b, strict, depth + 1);
		ev_fig df = ev_fig_of(w, y, u, di, den_flow ? a : 1, b, false, depth + 1);
		ev_fig f = { .est = nf.est || df.est, .rolled = nf.rolled || df.rolled };
		f.parts = nf.parts || df.parts;
		f.partial = nf.partial || df.partial;
		f.missing = (uint16_t)(nf.missing | (den_flow ? df.missing : 0));
		if (!nf.has || !df.has || df.v == 0 || (f.parts && f.rolled))
			return f;
		f.has = ev_ratio(nf.v, df.v, ind->ratio_scale > 0 ? ind->ratio_scale : 1, ind->decimals, &f.v);
		return f;
	}
	return ev_is_flow(ind) ? ev_sum(w, y, at, due, a, b) : ev_latest(w, y, at, due, a, b, strict);
}

static bool ev_complete(const ev_fig *f)
{
	return f->has && !f->partial && !f->missing;
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

/* How a target is judged: REDUCE_TO on a flow is judged as AT_MOST (rule 8). */
static target_kind ev_judged_kind(const indicator *ind, const target *t)
{
	if (t->kind == TGT_REDUCE_TO && ev_is_flow(ind))
		return TGT_AT_MOST;
	return t->kind;
}

/* True when the target is judged "lower is better". */
static bool ev_judged_lower(const indicator *ind, const target *t)
{
	switch (ev_judged_kind(ind, t)) {
	case TGT_AT_MOST: return true;
	case TGT_REDUCE_TO: return !(t->has_baseline && t->baseline < t->value);
	case TGT_CHANGE_PCT: return ind->direction == DIR_LOWER;
	case TGT_AT_LEAST:
	case TGT_X_OF_Y:
	/* term-only kinds never reach the year's evaluation (target_check) */
	case TGT_GROWTH_AVG:
	case TGT_POINTS_PER_YEAR:
	case TGT_TERM_TOTAL: return false;
	}
	return false;
}

/* The annual figure a target asks for; false when it cannot be known (a
 * change on last year without last year's complete figure). */
static bool ev_resolve_target(const target *t, const ev_fig *prev_full, num_t *out)
{
	if (t->kind != TGT_CHANGE_PCT) {
		*out = t->value;
		return true;
	}
	if (!ev_complete(prev_full))
		return false;
	double x = num_to_double(prev_full->v) * (1.0 + num_to_double(t->value) / 100.0);
	return num_from_double(x, out) == 0;
}

/* Share of the year's flow expected by month m (rule 7/9): last year's profile
 * for IND_FLOW when last year is complete with a positive total, else linear
 * over the reporting months; NAN when no reporting month <= m exists. total
 * is last year's figure over 1..12; to_m its figure over 1..m when the caller
 * has it (NULL: computed here). */
static double ev_flow_share(const ev_work *w, size_t u, size_t i, int m, const ev_fig *total,
			    const ev_fig *to_m)
{
	const indicator *ind = &w->d->inds[i];
	int last = ev_last_report_month(ind, m);
	if (!last)
		return NAN;
	if (ind->kind == IND_FLOW && ev_complete(total) && total->v > 0) {
		ev_fig mine;
		if (!to_m) {
			mine = ev_fig_of(w, EV_PREV, u, i, 1, m, false, 0);
			to_m = &mine;
		}
		if (ev_complete(to_m))
			return num_to_double(to_m->v) / num_to_double(total->v);
	}
	return last / 12.0;
}

/* What ev_row tells the lagging list besides the row. */
typedef struct ev_judged {
	bool has_target;
	bool lower; /* judged lower-is-better */
	bool pct_lower; /* a higher % is worse (AT_MOST-like, not REDUCE_TO progress) */
} ev_judged;

/*
 * Rule 8b: the percent shown (2 decimals) must not contradict the exact
 * judgement: 99,997 % of a missed target reads 99,99, not 100,00, and a
 * target beaten by a hair reads 100,01. pct_high_good: a higher percent is
 * better (at least, reduce-to progress); false for at-most targets.
 */
static void ev_pct_consistent(eval_row *row, bool pct_high_good)
{
	if (isnan(row->percent_of_target) || row->status == EVAL_MET)
		return;
	int c = ev_pct_cmp(row->percent_of_target, 100.0);
	bool good = row->status == EVAL_EXCEEDED;
	if (good == pct_high_good) {
		if (c <= 0)
			row->percent_of_target = 100.01;
	} else if (c >= 0) {
		row->percent_of_target = 99.99;
	}
}

/*
 * The row of (u, i). For a lagging child (jo set) only the status, the % of
 * target and *jo are read: last year's figures of the same period (prev_value,
 * prev_cumulative) and the change on last year are then left out (0 / NAN),
 * which changes nothing the status or the % depend on.
 */
static void ev_row(const ev_work *w, size_t u, size_t i, eval_row *row, ev_judged *jo)
{
	const eval_data *d = w->d;
	const indicator *ind = &d->inds[i];
	memset(row, 0, sizeof *row);
	if (jo)
		memset(jo, 0, sizeof *jo);
	row->ind_index = (int)i;
	row->percent_of_target = NAN;
	row->change_on_last_year = NAN;
	row->change_absolute = NAN;
	row->expected_percent = NAN;
	row->provisional = w->period_open;

	/* last year over the same months as this year has had (rule 4): to the
	 * last month ended by today, or further when this year's figure already
	 * holds a value entered early for a month still running */
	int Mp = w->E;
	if (w->period_open) {
		uint16_t has = w->eff[EV_CUR][u * d->n_inds + i].has;
		for (int k = w->M; k > Mp; k--)
			if (has & (1u << (k - 1))) {
				Mp = k;
				break;
			}
	}
	const eval_target *et = d->targets ? &d->targets[u * d->n_inds + i] : NULL;
	if (et && !et->has_own && !et->has_assigned)
		et = NULL;
	ev_fig none = { 0 };
	ev_fig fv = ev_fig_of(w, EV_CUR, u, i, w->S, w->M, true, 0);
	ev_fig fc = ev_fig_of(w, EV_CUR, u, i, 1, w->M, false, 0);
	ev_fig pc = jo ? none : ev_fig_of(w, EV_PREV, u, i, 1, Mp, false, 0);
	/* last year's full figure: only targets read it */
	ev_fig pf = et ? ev_fig_of(w, EV_PREV, u, i, 1, 12, false, 0) : none;
	row->has_value = fv.has;
	row->value = fv.v;
	row->has_cum = fc.has;
	row->cumulative = fc.v;
	if (!jo) {
		ev_fig pv = ev_fig_of(w, EV_PREV, u, i, w->S, Mp, true, 0);
		row->has_prev_value = pv.has;
		row->prev_value = pv.v;
		row->has_prev_cum = pc.has;
		row->prev_cumulative = pc.v;
	}
	row->rolled_up = fv.has ? fv.rolled : fc.rolled;
	row->estimate = (fv.has && fv.est) || (fc.has && fc.est);
	row->partial = fv.partial || fc.partial;
	row->missing_months = (uint16_t)((fv.missing | fc.missing) & ev_span(1, w->M));

	/* rule 6: only complete figures of both years are compared */
	if (!jo && ev_complete(&fc) && ev_complete(&pc)) {
		num_t diff;
		if (!__builtin_sub_overflow(fc.v, pc.v, &diff)) {
			row->change_absolute = num_to_double(diff);
			if (pc.v != 0)
				row->change_on_last_year = num_to_double(diff) / fabs(num_to_double(pc.v)) * 100.0;
		}
	}

	/* rule 5 */
	const target *t = NULL;
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
	target_kind jk = t ? ev_judged_kind(ind, t) : TGT_AT_LEAST;
	if (jo) {
		jo->has_target = row->has_target;
		jo->lower = lower;
		jo->pct_lower = lower && jk != TGT_REDUCE_TO;
	}

	if (row->has_target && fc.has) {
		if (jk == TGT_REDUCE_TO) {
			bool has_base = t->has_baseline || ev_complete(&pf);
			num_t base = t->has_baseline ? t->baseline : pf.v, num, den;
			if (has_base && !__builtin_sub_overflow(base, fc.v, &num) &&
			    !__builtin_sub_overflow(base, tv, &den) && den != 0)
				row->percent_of_target = num_to_double(num) / num_to_double(den) * 100.0;
		} else if (tv != 0) {
			row->percent_of_target = num_to_double(fc.v) / num_to_double(tv) * 100.0;
		}
	}

	/* rule 7: expected progress during the year (a running period counts
	 * to the last month ended by today) */
	double share = NAN;
	if (row->has_target && !w->year_end) {
		if (ev_is_flow(ind)) {
			/* pc is last year's 1..E figure when Mp is E */
			share = ev_flow_share(w, u, i, w->E, &pf, !jo && Mp == w->E ? &pc : NULL);
			row->expected_percent = share * 100.0;
		} else if (jk == TGT_REDUCE_TO) {
			int last = ev_last_report_month(ind, w->E);
			row->expected_percent = last ? last / 12.0 * 100.0 : NAN;
		} else {
			row->expected_percent = 100.0;
		}
	}

	/* rule 9: is there anything to judge? */
	if (!fv.has) {
		bool due = (ev_report_mask(ind) & ev_span(w->S, w->M)) != 0;
		if (fv.partial && !w->period_open) {
			row->status = EVAL_INCOMPLETE; /* a ratio over unequal sets of units */
			return;
		}
		if (due || !fc.has) {
			row->status = (!due || w->period_open) ? EVAL_NOT_DUE : EVAL_NO_DATA;
			return;
		}
		/* not due in the period: judge the cumulative from earlier in the year */
	}
	if (row->partial) {
		row->status = EVAL_INCOMPLETE;
		return;
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
		ev_pct_consistent(row, !lower || jk == TGT_REDUCE_TO);
		return;
	}

	/* rule 7: during the year */
	bool on;
	if (jk == TGT_REDUCE_TO) {
		if (!isnan(row->percent_of_target) && !isnan(row->expected_percent))
			on = ev_pct_cmp(row->percent_of_target, row->expected_percent) >= 0;
		else
			on = lower ? fc.v <= tv : fc.v >= tv;
	} else if (ev_is_flow(ind)) {
		if (isnan(share)) {
			row->status = EVAL_NOT_DUE; /* nothing is expected yet */
			return;
		}
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

/* ---- rule 2: the figure not used, beside the one used ---------------- */

/*
 * For the evaluated unit's row of i: the source used and, when there is
 * one, the other figure of the period (value and cumulative): the unit's own
 * entered figure where the source is aggregated, or the units' aggregate
 * where it is its own. The slots of (0, i) are swapped for the other series
 * while it is read, then put back.
 */
static void ev_other(ev_work *w, size_t i, eval_row *row)
{
	const eval_data *d = w->d;
	size_t n_kids = w->kid_start[1] - w->kid_start[0];
	row->source = w->agg[i] ? FIG_AGGREGATED : FIG_OWN;
	if (!n_kids || !ev_aggregates(w, i))
		return; /* nothing to aggregate, or computed (a ratio of its parts) */
	eval_series keep = w->eff[EV_CUR][i];
	uint16_t keep_rolled = w->rolled[EV_CUR][i], keep_part = w->part[EV_CUR][i];
	w->rolled[EV_CUR][i] = 0;
	w->part[EV_CUR][i] = 0;
	if (w->agg[i]) {
		w->eff[EV_CUR][i] = *ev_own(w, EV_CUR, 0, i);
	} else {
		memset(&w->eff[EV_CUR][i], 0, sizeof w->eff[EV_CUR][i]);
		ev_aggregate(w, EV_CUR, 0, i, w->kid + w->kid_start[0], n_kids, EV_ALL_SLOTS);
	}
	if (w->eff[EV_CUR][i].has) {
		ev_fig fv = ev_fig_of(w, EV_CUR, 0, i, w->S, w->M, true, 0);
		ev_fig fc = ev_fig_of(w, EV_CUR, 0, i, 1, w->M, false, 0);
		row->has_other_value = fv.has;
		row->other_value = fv.v;
		row->has_other_cum = fc.has;
		row->other_cumulative = fc.v;
		if (!w->agg[i] && (fv.has || fc.has)) {
			int last = fv.has ? w->M : ev_top(w->eff[EV_CUR][i].has & ev_span(1, w->M));
			uint16_t bit = last > 0 ? (uint16_t)(1u << (last - 1)) : 0;
			for (size_t c = w->kid_start[0]; c < w->kid_start[1]; c++)
				if (w->eff[EV_CUR][(size_t)w->kid[c] * d->n_inds + i].has & bit)
					row->other_parts++;
		}
	}
	w->eff[EV_CUR][i] = keep;
	w->rolled[EV_CUR][i] = keep_rolled;
	w->part[EV_CUR][i] = keep_part;
}

/* ---- rule 1 (completeness) and rule 10: children of the row ----------- */

/* True when (u, i) is aggregated from its children in the evaluated year. */
static bool ev_from_kids(const ev_work *w, size_t u, size_t i)
{
	if (w->kid_start[u] == w->kid_start[u + 1])
		return false;
	size_t n = w->d->n_inds;
	if (ev_is_computed_ratio(w, i)) {
		if (!w->agg[u * n + i] && w->eff[EV_CUR][u * n + i].has)
			return false; /* the unit's own ratio */
		size_t ni = (size_t)w->num[i], di = (size_t)w->den[i];
		return (ev_aggregates(w, ni) && w->agg[u * n + ni]) ||
		       (ev_aggregates(w, di) && w->agg[u * n + di]);
	}
	return ev_aggregates(w, i) && w->agg[u * n + i];
}

/* Child c is expected to report i in month m of the evaluated year; *reports: it did. */
static bool ev_kid_expected(const ev_work *w, size_t c, size_t i, int m, bool *reports)
{
	size_t n = w->d->n_inds;
	uint16_t bit = (uint16_t)(1u << (m - 1));
	*reports = false;
	if (!(w->valid[EV_CUR][c] & bit))
		return false;
	if (ev_is_computed_ratio(w, i)) {
		size_t ni = (size_t)w->num[i], di = (size_t)w->den[i];
		const eval_series *ns = &w->eff[EV_CUR][c * n + ni], *ds = &w->eff[EV_CUR][c * n + di];
		uint16_t den_mask = ev_is_flow(&w->d->inds[di]) ? bit : ev_span(1, m);
		*reports = (ns->has & bit) && (ds->has & den_mask);
		return w->active[c * n + ni] || w->active[c * n + di];
	}
	*reports = (w->eff[EV_CUR][c * n + i].has & bit) != 0;
	return w->active[c * n + i];
}

/* The period's last due month (else the last due month before it), 0 if none. */
static int ev_last_due(const ev_work *w, const indicator *ind)
{
	uint16_t due = ev_due(w, EV_CUR, ind);
	int m = ev_top(due & ev_span(w->S, w->M));
	return m ? m : ev_top(due & ev_span(1, w->M));
}

typedef struct ev_lag_key {
	eval_lag lag;
	uint64_t ord; /* the sorting key (smaller is worse) as ev_lag_ord gives it */
} ev_lag_key;

/* A key as an unsigned integer in the same order as the doubles compare:
 * NAN (unknown %) last, -0 equal to +0 (then the unit index decides). */
static uint64_t ev_lag_ord(double key)
{
	if (isnan(key))
		return UINT64_MAX;
	key += 0.0; /* -0 becomes +0 */
	uint64_t b;
	memcpy(&b, &key, sizeof b);
	return (b >> 63) ? ~b : b | (1ull << 63);
}

static int ev_lag_cmp(const void *a, const void *b)
{
	const ev_lag_key *x = a, *y = b;
	if (x->ord != y->ord)
		return x->ord < y->ord ? -1 : 1;
	return (x->lag.unit_index > y->lag.unit_index) - (x->lag.unit_index < y->lag.unit_index);
}

/* Sorts by ev_lag_cmp (a total order: the result is the same whatever the
 * method). A row's list is a unit's direct children, usually a few dozen:
 * an insertion sort without calls beats qsort there; long lists use qsort. */
static void ev_lag_sort(ev_lag_key *lag, size_t n)
{
	if (n > 64) {
		qsort(lag, n, sizeof *lag, ev_lag_cmp);
		return;
	}
	for (size_t k = 1; k < n; k++) {
		ev_lag_key x = lag[k];
		size_t j = k;
		while (j > 0 && ev_lag_cmp(&lag[j - 1], &x) > 0) {
			lag[j] = lag[j - 1];
			j--;
		}
		lag[j] = x;
	}
}

/* What the breakdown keeps of one child's row of one indicator (rule 14). */
typedef struct ev_kid_row {
	double pct;         /* the child's % of its target */
	eval_status status;
	bool lags;          /* behind or not met, or under opts.lag_threshold */
	bool pct_lower;     /* a higher % is worse (sorting key) */
	bool expected;      /* expected to report in the row's last due month (rule 3) */
	bool reports;       /* and did */
} ev_kid_row;

/* The children of units[0] and their rows, computed before the top rows. */
typedef struct ev_kids {
	size_t n;           /* direct children of units[0] */
	const int *unit;    /* their unit indexes: w->kid + w->kid_start[0] */
	bool *in_period;    /* [k]: the child exists on some day of the period */
	ev_kid_row *rows;   /* [i * n + k] */
	ev_lag_key *lag;    /* scratch for one row's list, n entries */
} ev_kids;

static void ev_kids_free(ev_kids *kd)
{
	free(kd->in_period);
	free(kd->rows);
	free(kd->lag);
	memset(kd, 0, sizeof *kd);
}

/*
 * Computes every direct child's row of every indicator, child by child (each
 * child's series and targets are then read in order, not one cache line per
 * child and indicator), keeping what the lagging lists need.
 */
static int ev_kids_init(const ev_work *w, const eval_opts *o, ev_kids *kd, err *e)
{
	size_t n = w->d->n_inds;
	memset(kd, 0, sizeof *kd);
	kd->n = w->kid_start[1] - w->kid_start[0];
	kd->unit = w->kid + w->kid_start[0];
	if (!kd->n || !n)
		return 0;
	int *last = malloc(n * sizeof *last);
	kd->in_period = malloc(kd->n * sizeof *kd->in_period);
	kd->rows = malloc(n * kd->n * sizeof *kd->rows);
	kd->lag = malloc(kd->n * sizeof *kd->lag);
	if (!last || !kd->in_period || !kd->rows || !kd->lag) {
		free(last);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi đánh giá");
	}
	/* rule 3: the month in which each row counts its expected children */
	for (size_t i = 0; i < n; i++)
		last[i] = ev_from_kids(w, 0, i) ? ev_last_due(w, &w->d->inds[i]) : 0;
	uint16_t span = ev_span(w->S, w->M);
	for (size_t k = 0; k < kd->n; k++) {
		size_t cu = (size_t)kd->unit[k];
		kd->in_period[k] = (w->valid[EV_CUR][cu] & span) != 0;
		if (!kd->in_period[k])
			continue; /* not a unit of this period (e.g. a predecessor) */
		for (size_t i = 0; i < n; i++) {
			ev_kid_row *x = &kd->rows[i * kd->n + k];
			eval_row cr;
			ev_judged j;
			x->reports = false;
			x->expected = last[i] && ev_kid_expected(w, cu, i, last[i], &x->reports);
			ev_row(w, cu, i, &cr, &j);
			x->lags = cr.status == EVAL_BEHIND || cr.status == EVAL_NOT_MET;
			if (o && o->lag_threshold > 0 && j.has_target && !j.lower && !isnan(cr.percent_of_target) &&
			    cr.percent_of_target < o->lag_threshold)
				x->lags = true;
			x->pct = cr.percent_of_target;
			x->status = cr.status;
			x->pct_lower = j.pct_lower;
		}
	}
	free(last);
	return 0;
}

/* Rules 3 and 14 for the top row of indicator i: the expected and reporting
 * children, and the lagging list (malloc'd when not empty). */
static int ev_lagging(const ev_kids *kd, size_t i, eval_row *row, err *e)
{
	size_t n = 0;
	for (size_t k = 0; k < kd->n; k++) {
		if (!kd->in_period[k])
			continue;
		const ev_kid_row *x = &kd->rows[i * kd->n + k];
		bool missing = false;
		if (x->expected) {
			row->n_parts_expected++;
			if (x->reports)
				row->n_parts_reporting++;
			else
				missing = true;
		}
		if (!x->lags && !missing)
			continue;
		ev_lag_key *l = &kd->lag[n++];
		l->lag.unit_index = kd->unit[k];
		if (x->lags) {
			l->lag.percent_of_target = x->pct;
			l->lag.status = x->status;
			l->ord = ev_lag_ord(x->pct_lower ? -x->pct : x->pct);
		} else {
			l->lag.percent_of_target = NAN;
			l->lag.status = EVAL_NO_DATA;
			l->ord = ev_lag_ord(NAN);
		}
	}
	if (!n)
		return 0;
	ev_lag_sort(kd->lag, n);
	eval_lag *out = malloc(n * sizeof *out);
	if (!out)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi đánh giá");
	for (size_t k = 0; k < n; k++)
		out[k] = kd->lag[k].lag;
	row->lagging = out;
	row->n_lagging = n;
	return 0;
}

/* ---- the entry points ------------------------------------------------ */

/* ---- the year-end forecast (core/forecast.h) -------------------------- */

/* A month's figure of indicator i at units[0] in year y as a double, NAN
 * when it has none or it is partial. */
static double ev_month(const ev_work *w, int y, size_t i, int k)
{
	ev_fig f = ev_fig_of(w, y, 0, i, k, k, false, 0);
	return f.has && !f.parts ? num_to_double(f.v) : NAN;
}

/*
 * The forecast of row i of units[0] (it has a target): the monthly figures
 * of last year and of this year up to the last month ended (w->E), by the
 * same figure rules as the row (roll-ups, ratios from their parts), the
 * resolved target and its direction; w2 (NULL: none) is the work of the
 * year before, whose EV_PREV gives the year before last.
 */
static void ev_forecast(const ev_work *w, const ev_work *w2, size_t i, eval_row *row)
{
	const eval_data *d = w->d;
	const indicator *ind = &d->inds[i];
	const eval_target *et = d->targets ? &d->targets[i] : NULL;
	const target *t = et && et->has_own ? &et->own : et && et->has_assigned ? &et->assigned : NULL;
	forecast_input in;
	memset(&in, 0, sizeof in);
	in.flow = ev_is_flow(ind) && !ev_is_computed_ratio(w, i);
	in.report = ev_report_mask(ind);
	in.known = w->E;
	for (int k = 1; k <= 12; k++) {
		bool rep = (in.report >> (k - 1)) & 1u;
		in.prev[k - 1] = rep && d->prev ? ev_month(w, EV_PREV, i, k) : NAN;
		in.cur[k - 1] = rep && k <= w->E ? ev_month(w, EV_CUR, i, k) : NAN;
		in.prev2[k - 1] = rep && w2 ? ev_month(w2, EV_PREV, i, k) : NAN;
	}
	in.has_target = row->has_target;
	in.target = num_to_double(row->target);
	in.lower = t && ev_judged_lower(ind, t);
	forecast_compute(&in, &row->forecast);
}

void eval_count_row(const eval_row *row, eval_result *sum)
{
	/* rule 11: a target that could not be resolved still counts, as no data */
	if (!row->has_target && row->target_kind == 0)
		return;
	sum->n_with_target++;
	switch (row->status) {
	case EVAL_EXCEEDED:
	case EVAL_MET:
	case EVAL_ON_TRACK: sum->n_met++; break;
	case EVAL_NOT_MET:
	case EVAL_BEHIND: sum->n_not_met++; break;
	case EVAL_NO_DATA: sum->n_no_data++; break;
	case EVAL_NOT_DUE: sum->n_not_due++; break;
	case EVAL_INCOMPLETE: sum->n_incomplete++; break;
	case EVAL_NO_TARGET: break;
	}
}

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

	ev_work w, w2 = { 0 }; /* w2.d set: the year before last is rolled up */
	ev_kids kd = { 0 };
	rc = ev_work_init(&w, d, p, o, e);
	if (rc)
		goto fail;
	/* the forecasts' record: the year before last with the same roll-up
	 * rules, as the work of last year (its EV_PREV), every month ended */
	eval_data d2;
	if (o && o->forecast && d->prev2 && d->prev && forecast_uses_prev2(w.E)) {
		d2 = *d;
		d2.year = d->year - 1;
		d2.prev = d->prev2;
		d2.cur = d->prev;
		d2.prev2 = NULL;
		period p2 = { .type = PERIOD_YEAR, .year = d->year - 1, .index = 1 };
		eval_opts o2;
		memset(&o2, 0, sizeof o2);
		rc = ev_work_init(&w2, &d2, &p2, &o2, e);
		if (rc)
			goto fail;
	}

	out->period = *p;
	out->unit_index = 0;
	out->year_end = w.year_end;
	out->rows = calloc(d->n_inds ? d->n_inds : 1, sizeof *out->rows);
	if (!out->rows) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi đánh giá");
		goto fail;
	}
	out->n_rows = d->n_inds;
	if ((rc = ev_kids_init(&w, o, &kd, e)) != 0)
		goto fail;
	for (size_t i = 0; i < d->n_inds; i++) {
		eval_row *row = &out->rows[i];
		ev_row(&w, 0, i, row, NULL);
		ev_other(&w, i, row);
		if (o && o->forecast && row->has_target)
			ev_forecast(&w, w2.d ? &w2 : NULL, i, row);
		rc = ev_lagging(&kd, i, row, e);
		if (rc)
			goto fail;
		eval_count_row(row, out);
	}
	ev_kids_free(&kd);
	ev_work_free(&w);
	ev_work_free(&w2);
	return 0;

fail:
	ev_kids_free(&kd);
	ev_work_free(&w);
	ev_work_free(&w2);
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
