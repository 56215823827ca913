/*
 * completeness.c - the table of who has reported (completeness.h): per
 * child, one walk of its values of the year and the year before and one
 * list of its targets give what it owes and what it entered (with when);
 * the lock settings give each period's deadline.
 *
 * Not for: deadlines themselves (lock.c), approval, the faces.
 */
#include "core/completeness.h"

#include "core/jsonw.h"
#include "core/lock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the walk of one child's values fills. */
typedef struct cw {
	const indicator **by_code; /* the indicators sorted by code */
	const indicator *inds;
	size_t ni;
	int year;
	uint8_t *owes;      /* [i]: reported in year-1 or year, or holds a target for year */
	int64_t *at;        /* [i * 12 + m - 1]: when the figure of the period ending in month m was entered */
} cw;

static int cmp_ind_ptr(const void *a, const void *b)
{
	return strcmp((*(const indicator *const *)a)->code, (*(const indicator *const *)b)->code);
}

static int cmp_unit(const void *a, const void *b)
{
	return strcmp(((const unit *)a)->code, ((const unit *)b)->code);
}

/* The index of the indicator with that code, -1 if none. */
static long ind_index(const cw *w, const char *code)
{
	indicator key;
	snprintf(key.code, sizeof key.code, "%s", code);
	const indicator *kp = &key;
	const indicator **hit = w->ni ? bsearch(&kp, w->by_code, w->ni, sizeof *hit, cmp_ind_ptr) : NULL;
	return hit ? (long)(*hit - w->inds) : -1;
}

static int cw_value(void *ctx, const value *v)
{
	cw *w = ctx;
	long i = ind_index(w, v->indicator_code);
	if (i < 0)
		return 0;
	w->owes[i] = 1;
	if (v->period.year != w->year)
		return 0;
	int m = period_end_date(&v->period).m;
	if (m >= 1 && m <= 12 && v->at > w->at[(size_t)i * 12 + (size_t)m - 1])
		w->at[(size_t)i * 12 + (size_t)m - 1] = v->at > 0 ? v->at : 1;
	return 0;
}

/* True when u existed on some day of p. */
static bool valid_in(const unit *u, const period *p)
{
	cdate from = period_start_date(p), to = period_end_date(p);
	return (cdate_is_none(u->valid_from) || cdate_cmp(u->valid_from, to) <= 0) &&
	       (cdate_is_none(u->valid_to) || cdate_cmp(u->valid_to, from) >= 0);
}

/* Fills the twelve cells of child u. */
static int child_row(store *s, cw *w, const unit *u, const lock_config *cfg, cdate today, compl_cell *row,
		     int *owing, int *on_time, err *e)
{
	memset(w->owes, 0, w->ni ? w->ni : 1);
	memset(w->at, 0, (w->ni ? w->ni : 1) * 12 * sizeof *w->at);
	store_value_filter f = {NULL, u->code, w->year - 1, w->year};
	int rc = store_value_each(s, &f, cw_value, w, e);
	if (rc)
		return rc;
	target *t = NULL;
	size_t nt = 0;
	if ((rc = store_target_list(s, NULL, u->code, w->year, &t, &nt, e)))
		return rc;
	for (size_t k = 0; k < nt; k++) {
		long i = ind_index(w, t[k].indicator_code);
		if (i >= 0)
			w->owes[i] = 1;
	}
	free(t);
	for (int m = 1; m <= 12; m++) {
		compl_cell *c = &row[m - 1];
		memset(c, 0, sizeof *c);
		period pm = period_month(w->year, m);
		if (!valid_in(u, &pm))
			continue; /* not a unit that month (merged, or not yet formed) */
		for (size_t i = 0; i < w->ni; i++) {
			period p;
			if (!w->owes[i] || !period_ending_in(freq_period_type(w->inds[i].freq), w->year, m, &p))
				continue;
			cdate dl = lock_deadline(&p, cfg);
			c->owed++;
			if (cdate_is_none(c->deadline) || cdate_cmp(dl, c->deadline) > 0)
				c->deadline = dl;
			int64_t at = w->at[i * 12 + (size_t)m - 1];
			if (!at)
				continue;
			c->entered++;
			if (at > c->last_at)
				c->last_at = at;
			if (cdate_cmp(lock_day_of(at), dl) > 0)
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
	return 0;
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
	cw w = {.year = year};
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
	w.inds = inds;
	w.ni = ni;
	w.by_code = malloc((ni ? ni : 1) * sizeof *w.by_code);
	w.owes = malloc(ni ? ni : 1);
	w.at = malloc((ni ? ni : 1) * 12 * sizeof *w.at);
	out->cells = calloc(n * 12, sizeof *out->cells);
	if (!w.by_code || !w.owes || !w.at || !out->cells) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi lập bảng báo cáo");
		goto done;
	}
	for (size_t i = 0; i < ni; i++)
		w.by_code[i] = &inds[i];
	qsort(w.by_code, ni, sizeof *w.by_code, cmp_ind_ptr);
	/* (the caller reads in one transaction: the server's GET does, the CLI opens one) */
	for (size_t u = 0; u < n && rc == 0; u++)
		rc = child_row(s, &w, &kids[u], &cfg, today, out->cells + u * 12, out->owing, out->on_time, e);
	if (rc)
		goto done;
	out->units = kids;
	out->n_units = n;
	kids = NULL;
done:
	free(kids);
	free(inds);
	free(w.by_code);
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

int compl_json(buf *b, const char *unit_code, const compl_table *t)
{
	buf_puts(b, "{");
	jsonw_kv_str(b, "unit", unit_code, true);
	buf_printf(b, "\"year\":%d,\"today\":\"", t->year);
	vn_format_date_iso(b, t->today);
	buf_puts(b, "\",\"months\":[");
	for (int m = 0; m < 12; m++) {
		buf_printf(b, "%s{\"month\":%d,\"owing\":%d,\"on_time\":%d,\"rate\":", m ? "," : "", m + 1,
			   t->owing[m], t->on_time[m]);
		if (t->owing[m])
			buf_printf(b, "%.4f}", (double)t->on_time[m] / t->owing[m]);
		else
			buf_puts(b, "null}");
	}
	buf_puts(b, "],\"units\":[");
	for (size_t u = 0; u < t->n_units; u++) {
		buf_puts(b, u ? ",{" : "{");
		jsonw_kv_str(b, "code", t->units[u].code, true);
		jsonw_kv_str(b, "name", t->units[u].name, true);
		buf_puts(b, "\"cells\":[");
		for (int m = 0; m < 12; m++) {
			const compl_cell *c = &t->cells[u * 12 + (size_t)m];
			buf_printf(b, "%s{\"month\":%d,\"state\":\"%s\",\"owed\":%d,\"entered\":%d,\"due\":%s,\"late\":%s,",
				   m ? "," : "", m + 1, compl_state_code(c->state), c->owed, c->entered,
				   c->due ? "true" : "false", c->late ? "true" : "false");
			if (cdate_is_none(c->deadline)) {
				buf_puts(b, "\"deadline\":null,");
			} else {
				buf_puts(b, "\"deadline\":\"");
				vn_format_date_iso(b, c->deadline);
				buf_puts(b, "\",");
			}
			buf_printf(b, "\"last_at\":%lld}", (long long)c->last_at);
		}
		buf_puts(b, "]}");
	}
	return buf_puts(b, "]}\n");
}

int compl_sentence(buf *b, const compl_table *t, int month)
{
	if (month < 1 || month > 12 || !t->owing[month - 1])
		return 0;
	int m = month - 1;
	period p = period_month(t->year, month);
	buf_printf(b, "%d/%d đơn vị gửi đủ số liệu ", t->on_time[m], t->owing[m]);
	period_format_label(b, &p);
	buf_puts(b, " đúng hạn");
	if (t->on_time[m] < t->owing[m]) {
		buf_puts(b, "; chưa đủ hoặc muộn: ");
		int k = 0;
		for (size_t u = 0; u < t->n_units; u++) {
			const compl_cell *c = &t->cells[u * 12 + (size_t)m];
			if (c->state == COMPL_NOT_OWED || (c->state == COMPL_ALL && !c->late))
				continue;
			buf_printf(b, "%s%s", k++ ? ", " : "", t->units[u].code);
		}
	}
	return buf_puts(b, ".");
}
