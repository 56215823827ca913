/*
 * completeness.c - the table of who has reported (completeness.h): one walk
 * of the children's values of the year and the year before (when each was
 * entered: store_entries_for_units) and one read of their targets give what
 * each owes and entered; the lock settings give each period's deadline.
 * Units and indicators are addressed by id (a sorted list, a direct table).
 *
 * Not for: deadlines themselves (lock.c), approval, the faces.
 */
#include "core/completeness.h"
#include "core/approval.h"

#include "core/idmap.h"
#include "core/lock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the reads of the children's values and targets fill. */
typedef struct cw {
	const int64_t *kid_ids;  /* sorted: the index in it is the child's */
	size_t nk;
	idmap inds;              /* indicator ids to indexes */
	size_t ni;
	int year;
	const size_t *kid_pos;   /* kid_pos[k]: position in the table of sorted child k */
	uint8_t *owes;           /* [k * ni + i] */
	const uint8_t *computed; /* [i]: a ratio computed from its numerator and denominator */
	int64_t last_id;         /* entries come in runs of one unit: skip the bsearch */
	long last_k;
	int64_t *at;             /* [(k * ni + i) * 12 + m - 1]: when the figure of the period ending in month m was entered */
} cw;

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int cmp_unit(const void *a, const void *b)
{
	return strcmp(((const unit *)a)->code, ((const unit *)b)->code);
}

static long kid_index(const cw *w, int64_t id)
{
	const int64_t *hit = bsearch(&id, w->kid_ids, w->nk, sizeof id, cmp_i64);
	return hit ? (long)(hit - w->kid_ids) : -1;
}

static long ind_index(const cw *w, int64_t id)
{
	return idmap_find(&w->inds, id);
}

static int cw_entry(void *ctx, const store_entry *x)
{
	cw *w = ctx;
	if (w->last_k < 0 || x->unit_id != w->last_id) {
		w->last_id = x->unit_id;
		w->last_k = kid_index(w, x->unit_id);
	}
	long k = w->last_k, i = ind_index(w, x->indicator_id);
	if (k < 0 || i < 0)
		return 0;
	size_t ki = (size_t)k * w->ni + (size_t)i;
	w->owes[ki] = 1;
	if (x->year != w->year || x->month < 1 || x->month > 12)
		return 0;
	int64_t *at = &w->at[ki * 12 + (size_t)x->month - 1];
	int64_t v = x->at > 0 ? x->at : 1;
	if (v > *at)
		*at = v;
	return 0;
}

/* store_approval_states' rows: the cells' approval states */
typedef struct cw_appr {
	const cw *w;
	compl_cell *cells;
} cw_appr;

static int cw_state(void *ctx, int64_t unit_id, int month, const char *state)
{
	cw_appr *a = ctx;
	long k = kid_index(a->w, unit_id);
	if (k >= 0 && month >= 1 && month <= 12)
		snprintf(a->cells[a->w->kid_pos[k] * 12 + (size_t)month - 1].approval,
			 sizeof a->cells[0].approval, "%s", state);
	return 0;
}

/* store_targets_for_units' rows: pos is in the sorted ids' order */
static int cw_target(void *ctx, size_t pos, int64_t indicator_id, const target *t)
{
	cw *w = ctx;
	long i = ind_index(w, indicator_id);
	(void)t;
	/* a computed ratio is never entered: its numerator and denominator are */
	if (i >= 0 && pos < w->nk && !w->computed[i])
		w->owes[pos * w->ni + (size_t)i] = 1;
	return 0;
}

/* True when u existed on some day of p. */
static bool valid_in(const unit *u, const period *p)
{
	cdate from = period_start_date(p), to = period_end_date(p);
	return (cdate_is_none(u->valid_from) || cdate_cmp(u->valid_from, to) <= 0) &&
	       (cdate_is_none(u->valid_to) || cdate_cmp(u->valid_to, from) >= 0);
}

/* Per frequency (FREQ_MONTH..FREQ_YEAR) and month: whether a period of it
 * ends that month, its deadline, and the first second (Vietnam time) after
 * the deadline day: an entry at or after it is late. */
typedef struct cdl {
	bool ends[5][12];
	cdate deadline[5][12];
	int64_t late_from[5][12];
} cdl;

static void cdl_fill(cdl *d, int year, const lock_config *cfg)
{
	memset(d, 0, sizeof *d);
	for (int f = FREQ_MONTH; f <= FREQ_YEAR; f++)
		for (int m = 1; m <= 12; m++) {
			period p;
			if (!period_ending_in(freq_period_type((ind_freq)f), year, m, &p))
				continue;
			cdate dl = lock_deadline(&p, cfg);
			d->ends[f][m - 1] = true;
			d->deadline[f][m - 1] = dl;
			/* the day after the deadline starts at 00:00 in Hà Nội: 17:00 UTC of the deadline day */
			d->late_from[f][m - 1] = ((int64_t)cdate_to_days(dl) + 1) * 86400 - 7 * 3600;
		}
}

/* Fills the twelve cells of the child at sorted index k (table row `row`). */
static void child_row(const cw *w, size_t k, const unit *u, const indicator *inds, const cdl *d, cdate today,
		      compl_cell *row, int *owing, int *on_time)
{
	for (int m = 1; m <= 12; m++) {
		compl_cell *c = &row[m - 1];
		memset(c, 0, sizeof *c);
		period pm = period_month(w->year, m);
		if (!valid_in(u, &pm))
			continue; /* not a unit that month (merged, or not yet formed) */
		for (size_t i = 0; i < w->ni; i++) {
			int f = (int)inds[i].freq;
			if (!w->owes[k * w->ni + i] || f < FREQ_MONTH || f > FREQ_YEAR || !d->ends[f][m - 1])
				continue;
			c->owed++;
			if (cdate_is_none(c->deadline) || cdate_cmp(d->deadline[f][m - 1], c->deadline) > 0)
				c->deadline = d->deadline[f][m - 1];
			int64_t at = w->at[(k * w->ni + i) * 12 + (size_t)m - 1];
			if (!at)
				continue;
			c->entered++;
			if (at > c->last_at)
				c->last_at = at;
			if (at >= d->late_from[f][m - 1])
				c->late = true;
		}
		if (!c->owed)
			continue;
		c->state = c->entered == 0 ? COMPL_NOTHING : c->entered < c->owed ? COMPL_PARTLY : COMPL_ALL;
		c->due = cdate_cmp(today, c->deadline) > 0;
		if (c->due && c->state != COMPL_ALL)
			c->late = true;
		owing[m - 1]++;
		if (c->state == COMPL_ALL && !c->late)
			on_time[m - 1]++;
	}
}

int compl_build(store *s, const char *unit_code, int year, cdate today, compl_table *out, err *e)
{
	memset(out, 0, sizeof *out);
	if (year < 1900 || year > 9999)
		return err_set(e, ERR_INVALID, "năm %d không hợp lệ", year);
	out->year = year;
	out->today = today;
	unit root, *kids = NULL;
	size_t nk = 0;
	indicator *inds = NULL;
	size_t ni = 0;
	lock_config cfg;
	cw w = {.year = year, .last_k = -1};
	int64_t *ids = NULL, *ind_ids = NULL;
	uint8_t *computed = NULL;
	size_t *pos = NULL;
	int rc;
	if ((rc = store_unit_get(s, unit_code, &root, e)) || (rc = store_unit_list(s, unit_code, NULL, &kids, &nk, e)) ||
	    (rc = store_indicator_list(s, &inds, &ni, e)) || (rc = lock_config_load(s, &cfg, e)))
		goto done;
	/* the children that existed on some day of the year; the unit itself when none did */
	period py = {.type = PERIOD_YEAR, .year = year, .index = 1};
	size_t n = 0;
	for (size_t k = 0; k < nk; k++)
		if (valid_in(&kids[k], &py))
			kids[n++] = kids[k];
	if (n == 0) {
		unit *one = realloc(kids, sizeof *one);
		if (!one) {
			rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi lập bảng báo cáo");
			goto done;
		}
		kids = one;
		kids[0] = root;
		n = 1;
	}
	qsort(kids, n, sizeof *kids, cmp_unit);
	w.ni = ni;
	w.nk = n;
	ids = malloc(n * sizeof *ids);
	pos = malloc(n * sizeof *pos);
	ind_ids = malloc((ni ? ni : 1) * sizeof *ind_ids);
	computed = malloc(ni ? ni : 1);
	w.owes = calloc(n * (ni ? ni : 1), 1);
	w.at = calloc(n * (ni ? ni : 1) * 12, sizeof *w.at);
	out->cells = calloc(n * 12, sizeof *out->cells);
	if (!ids || !pos || !ind_ids || !computed || !w.owes || !w.at || !out->cells) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi lập bảng báo cáo");
		goto done;
	}
	for (size_t i = 0; i < ni; i++) {
		ind_ids[i] = inds[i].id;
		computed[i] = inds[i].kind == IND_RATIO && inds[i].numerator[0] && inds[i].denominator[0];
	}
	if ((rc = idmap_build(&w.inds, ind_ids, NULL, ni, e)))
		goto done;
	w.computed = computed;
	/* the children's ids sorted; pos[k]: the row (code order) of sorted child k */
	for (size_t u = 0; u < n; u++)
		ids[u] = kids[u].id;
	qsort(ids, n, sizeof *ids, cmp_i64);
	for (size_t u = 0; u < n; u++) {
		int64_t *hit = bsearch(&kids[u].id, ids, n, sizeof *ids, cmp_i64);
		pos[hit - ids] = u;
	}
	w.kid_ids = ids;
	w.kid_pos = pos;
	/* one walk of the values of two years, one read of the year's targets
	 * (the caller reads in one transaction: the server's GET does, the CLI opens one) */
	if ((rc = store_entries_for_units(s, ids, n, year - 1, year, cw_entry, &w, e)) != 0 ||
	    (rc = store_targets_for_units(s, ids, n, year, cw_target, &w, e)) != 0)
		goto done;
	cdl dls;
	cdl_fill(&dls, year, &cfg);
	for (size_t k = 0; k < n; k++)
		child_row(&w, k, &kids[pos[k]], inds, &dls, today, out->cells + pos[k] * 12, out->owing, out->on_time);
	for (size_t c = 0; c < n * 12; c++)
		snprintf(out->cells[c].approval, sizeof out->cells[c].approval, "draft");
	cw_appr ap = {&w, out->cells};
	unsigned accept = 0;
	if ((rc = store_approval_states(s, ids, n, year, cw_state, &ap, e)) != 0 ||
	    (rc = approval_accept_get(s, &accept, e)) != 0)
		goto done;
	for (size_t u = 0; u < n; u++)
		for (size_t m = 0; m < 12; m++) {
			compl_cell *c = &out->cells[u * 12 + m];
			c->final = appr_final_code(c->approval, kids[u].type, accept);
			c->accept_due = !c->final && !strcmp(c->approval, "approved");
		}
	out->units = kids;
	out->n_units = n;
	kids = NULL;
done:
	free(kids);
	free(inds);
	free(ids);
	free(pos);
	idmap_free(&w.inds);
	free(ind_ids);
	free(computed);
	free(w.owes);
	free(w.at);
	if (rc)
		compl_free(out);
	return rc;
}

void compl_free(compl_table *t)
{
	if (!t)
		return;
	free(t->units);
	free(t->cells);
	memset(t, 0, sizeof *t);
}

const char *compl_state_code(compl_state s)
{
	switch (s) {
	case COMPL_NOTHING:
		return "nothing";
	case COMPL_PARTLY:
		return "partly";
	case COMPL_ALL:
		return "all";
	default:
		return "not_owed";
	}
}

/* An append whose failure is remembered in `bad` (the writers below answer
 * it at the end: a table cut short is never printed as if whole). */
#define W(x)                    \
	do {                    \
		if ((x) != 0)   \
			bad = 1; \
	} while (0)

/* "key":"text", */
static int kv_str(buf *b, const char *k, const char *v)
{
	int bad = 0;
	W(buf_putc(b, '"'));
	W(buf_puts(b, k));
	W(buf_puts(b, "\":"));
	W(buf_json_str(b, v));
	W(buf_putc(b, ','));
	return bad;
}

int compl_json(buf *b, const char *unit_code, const compl_table *t)
{
	int bad = 0;
	W(buf_puts(b, "{"));
	W(kv_str(b, "unit", unit_code));
	W(buf_printf(b, "\"year\":%d,\"today\":\"", t->year));
	W(vn_format_date_iso(b, t->today));
	W(buf_puts(b, "\",\"months\":["));
	for (int m = 0; m < 12; m++) {
		W(buf_printf(b, "%s{\"month\":%d,\"owing\":%d,\"on_time\":%d,\"rate\":", m ? "," : "", m + 1,
			     t->owing[m], t->on_time[m]));
		if (t->owing[m])
			W(buf_printf(b, "%.4f}", (double)t->on_time[m] / t->owing[m]));
		else
			W(buf_puts(b, "null}"));
	}
	W(buf_puts(b, "],\"units\":["));
	for (size_t u = 0; u < t->n_units; u++) {
		W(buf_puts(b, u ? ",{" : "{"));
		W(kv_str(b, "code", t->units[u].code));
		W(kv_str(b, "name", t->units[u].name));
		W(buf_puts(b, "\"cells\":["));
		for (int m = 0; m < 12; m++) {
			const compl_cell *c = &t->cells[u * 12 + (size_t)m];
			W(buf_printf(b, "%s{\"month\":%d,\"state\":\"%s\",\"owed\":%d,\"entered\":%d,\"due\":%s,"
				     "\"late\":%s,",
				     m ? "," : "", m + 1, compl_state_code(c->state), c->owed, c->entered,
				     c->due ? "true" : "false", c->late ? "true" : "false"));
			if (cdate_is_none(c->deadline)) {
				W(buf_puts(b, "\"deadline\":null,"));
			} else {
				W(buf_puts(b, "\"deadline\":\""));
				W(vn_format_date_iso(b, c->deadline));
				W(buf_puts(b, "\","));
			}
			W(buf_printf(b, "\"last_at\":%lld,\"approval\":\"%s\",\"final\":%s,\"accept_due\":%s}",
				     (long long)c->last_at, c->approval, c->final ? "true" : "false",
				     c->accept_due ? "true" : "false"));
		}
		W(buf_puts(b, "]}"));
	}
	W(buf_puts(b, "]}\n"));
	return bad ? ERR_NOMEM : 0;
}

int compl_sentence(buf *b, const compl_table *t, int month)
{
	if (month < 1 || month > 12 || !t->owing[month - 1])
		return 0;
	int m = month - 1, bad = 0;
	period p = period_month(t->year, month);
	W(buf_printf(b, "%d/%d đơn vị gửi đủ số liệu ", t->on_time[m], t->owing[m]));
	W(period_format_label(b, &p));
	W(buf_puts(b, " đúng hạn"));
	if (t->on_time[m] < t->owing[m]) {
		W(buf_puts(b, "; chưa đủ hoặc muộn: "));
		int k = 0;
		for (size_t u = 0; u < t->n_units; u++) {
			const compl_cell *c = &t->cells[u * 12 + (size_t)m];
			if (c->state == COMPL_NOT_OWED || (c->state == COMPL_ALL && !c->late))
				continue;
			W(buf_printf(b, "%s%s", k++ ? ", " : "", t->units[u].code));
		}
	}
	W(buf_puts(b, "."));
	return bad ? ERR_NOMEM : 0;
}
