/*
 * api_due.c - GET /api/due: the entries the logged-in user still has to make
 * (unit x indicator x period without a value), late ones and those due soon,
 * with each period's deadline from the lock settings and whether entry is
 * still open. Read-only (a GET handler inside the request's read transaction).
 *
 * Not for: the deadline rule (core/lock.c), who may enter (auth: the role and
 * agency filter here mirrors auth_can_enter, which is still asked for every
 * listed item), evaluation (core/eval.c).
 */
#include "api/api_due.h"
#include "api/api_cache.h"
#include "api/api_int.h"
#include "api/api_locks.h"
#include "core/lock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DUE_YEARS 6          /* slots for "reported in the year or the year before", "holds a target" */
#define DUE_ITEMS_MAX 20000  /* a hard stop on the work of one request */

/* One listed entry. */
typedef struct due_item {
	size_t unit;   /* index into the unit list */
	size_t ind;    /* index into the indicator list */
	period p;
	cdate deadline;
	bool late;
} due_item;

/* What the handler holds; freed in one place. */
typedef struct due_ctx {
	unit *units; size_t n_units;
	indicator *inds; size_t n_inds;
	const indicator **ind_by_code; /* the indicators sorted by code */
	const unit **unit_by_code;     /* the units sorted by code */
	bool *in_scope;           /* per unit: in an enter scope of the user */
	size_t *first_child, *next_sibling; /* per unit, SIZE_MAX for none */
	int year0;                /* the year of slot 0 of the per-unit "seen" rows */
	due_item *items; size_t n_items, cap_items;
} due_ctx;

static int cmp_ind_ptr(const void *a, const void *b)
{
	return strcmp((*(const indicator *const *)a)->code, (*(const indicator *const *)b)->code);
}

static int cmp_unit_ptr(const void *a, const void *b)
{
	return strcmp((*(const unit *const *)a)->code, (*(const unit *const *)b)->code);
}

/* Index of the indicator with code, or SIZE_MAX. */
static size_t ind_find(const due_ctx *c, const char *code)
{
	indicator key;
	snprintf(key.code, sizeof key.code, "%s", code);
	const indicator *kp = &key;
	const indicator **hit = c->n_inds ? bsearch(&kp, c->ind_by_code, c->n_inds, sizeof *hit, cmp_ind_ptr) : NULL;
	return hit ? (size_t)(*hit - c->inds) : SIZE_MAX;
}

/* Index of the unit with code, or SIZE_MAX. */
static size_t unit_find(const due_ctx *c, const char *code)
{
	unit key;
	snprintf(key.code, sizeof key.code, "%s", code);
	const unit *kp = &key;
	const unit **hit = c->n_units ? bsearch(&kp, c->unit_by_code, c->n_units, sizeof *hit, cmp_unit_ptr) : NULL;
	return hit ? (size_t)(*hit - c->units) : SIZE_MAX;
}

/* True when u existed during (some day of) p. */
static bool unit_valid_in(const unit *u, const period *p)
{
	cdate from = period_start_date(p), to = period_end_date(p);
	if (!cdate_is_none(u->valid_from) && cdate_cmp(u->valid_from, to) > 0)
		return false;
	if (!cdate_is_none(u->valid_to) && cdate_cmp(u->valid_to, from) < 0)
		return false;
	return true;
}

/* True when unit i has a child unit that existed during p. */
static bool has_child_in(const due_ctx *c, size_t i, const period *p)
{
	for (size_t k = c->first_child[i]; k != SIZE_MAX; k = c->next_sibling[k])
		if (unit_valid_in(&c->units[k], p))
			return true;
	return false;
}

/* Marks, for unit u, which indicators it reported or holds targets for, by year slot. */
typedef struct seen_walk {
	due_ctx *c;
	unsigned char *row; /* [ind][year slot]: bit 1 a value, bit 2 a target */
} seen_walk;

static int seen_value(void *ctx, const value *v)
{
	seen_walk *w = ctx;
	size_t i = ind_find(w->c, v->indicator_code);
	int slot = v->period.year - w->c->year0;
	if (i != SIZE_MAX && slot >= 0 && slot < DUE_YEARS)
		w->row[i * DUE_YEARS + (size_t)slot] |= 1;
	return 0;
}

static int mark_seen(due_ctx *c, store *s, const unit *u, unsigned char *row, err *e)
{
	seen_walk w = {c, row};
	store_value_filter f = {NULL, u->code, c->year0, c->year0 + DUE_YEARS - 1};
	int rc = store_value_each(s, &f, seen_value, &w, e);
	if (rc)
		return rc;
	target *t = NULL;
	size_t n = 0;
	if ((rc = store_target_list(s, NULL, u->code, 0, &t, &n, e)))
		return rc;
	for (size_t k = 0; k < n; k++) {
		size_t i = ind_find(c, t[k].indicator_code);
		if (i == SIZE_MAX)
			continue;
		for (int y = t[k].year_from; y <= t[k].year_to; y++)
			if (y >= c->year0 && y < c->year0 + DUE_YEARS)
				row[i * DUE_YEARS + (size_t)(y - c->year0)] |= 2;
	}
	free(t);
	return 0;
}

/* Whether the user's role and agency let them enter ind at all (auth_can_enter decides per item). */
static bool role_may_enter(const auth_principal *who, const indicator *ind)
{
	switch (who->user.role) {
	case ROLE_ADMIN:
	case ROLE_WARD:
		return true;
	case ROLE_DEPARTMENT:
		return who->user.agency_code[0] && !strcmp(who->user.agency_code, ind->agency_code);
	default:
		return false;
	}
}

static int periods_per_year(period_type t)
{
	return t == PERIOD_MONTH ? 12 : t == PERIOD_QUARTER ? 4 : t == PERIOD_HALF ? 2 : 1;
}

static int cmp_item(const void *a, const void *b)
{
	const due_item *x = a, *y = b;
	if (x->late != y->late)
		return x->late ? -1 : 1;
	int k = cdate_cmp(x->deadline, y->deadline);
	if (k)
		return k;
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	return x->ind < y->ind ? -1 : x->ind > y->ind;
}

static void due_ctx_free(due_ctx *c)
{
	free(c->units);
	free(c->inds);
	free(c->ind_by_code);
	free(c->unit_by_code);
	free(c->in_scope);
	free(c->first_child);
	free(c->next_sibling);
	free(c->items);
}

/* Marks the units in the user's enter scopes: a scope unit and its descendants
 * (the list has parents before children). */
static void mark_scope(due_ctx *c, const auth_principal *who)
{
	for (size_t k = 0; k < who->n_scopes; k++) {
		size_t i = who->scopes[k].kind == SCOPE_ENTER ? unit_find(c, who->scopes[k].unit_code) : SIZE_MAX;
		if (i != SIZE_MAX)
			c->in_scope[i] = true;
	}
	for (size_t i = 0; i < c->n_units; i++) {
		size_t p = c->units[i].parent_code[0] ? unit_find(c, c->units[i].parent_code) : SIZE_MAX;
		if (p != SIZE_MAX && c->in_scope[p])
			c->in_scope[i] = true;
	}
}

static int add_item(due_ctx *c, const due_item *it)
{
	if (c->n_items == c->cap_items) {
		size_t cap = c->cap_items ? c->cap_items * 2 : 64;
		due_item *p = realloc(c->items, cap * sizeof *p);
		if (!p)
			return ERR_NOMEM;
		c->items = p;
		c->cap_items = cap;
	}
	c->items[c->n_items++] = *it;
	return 0;
}

/* Collects the missing entries of unit ui. */
static int collect_unit(due_ctx *c, http_req *r, size_t ui, const lock_config *cfg, cdate since,
			cdate until, err *e)
{
	const unit *u = &c->units[ui];
	unsigned char *row = calloc(c->n_inds * DUE_YEARS, 1);
	if (!row)
		return ERR_NOMEM;
	int rc = mark_seen(c, r->store, u, row, e);
	for (size_t i = 0; !rc && i < c->n_inds; i++) {
		const indicator *ind = &c->inds[i];
		if (!role_may_enter(r->who, ind))
			continue;
		bool computed = ind->kind == IND_RATIO && ind->numerator[0] && ind->denominator[0];
		period_type pt = freq_period_type(ind->freq);
		for (int y = c->year0 + 1; !rc && y < c->year0 + DUE_YEARS; y++) {
			int slot = y - c->year0;
			unsigned char mark = row[i * DUE_YEARS + (size_t)slot] | row[i * DUE_YEARS + (size_t)slot - 1];
			unsigned char here = row[i * DUE_YEARS + (size_t)slot];
			bool expected = (mark & 1) || (!computed && (here & 2));
			if (!expected)
				continue;
			for (int k = 1; !rc && k <= periods_per_year(pt); k++) {
				period p = {pt, y, k};
				cdate dl = lock_deadline(&p, cfg);
				if (cdate_cmp(dl, since) < 0 || cdate_cmp(dl, until) > 0)
					continue;
				if (!unit_valid_in(u, &p))
					continue;
				if (ind->rollup != ROLLUP_NONE && has_child_in(c, ui, &p))
					continue; /* the child units report it */
				value v;
				err ve;
				err_clear(&ve);
				int g = store_value_get(r->store, ind->code, u->code, &p, &v, &ve);
				if (g == 0)
					continue;
				if (g != ERR_NOTFOUND) {
					*e = ve;
					rc = g;
					break;
				}
				err ae;
				err_clear(&ae);
				if (auth_can_enter(r->store, r->who, u->code, ind, &ae))
					continue;
				if (c->n_items >= DUE_ITEMS_MAX)
					break;
				due_item it = {ui, i, p, dl, false}; /* late: set by the caller */
				rc = add_item(c, &it);
			}
		}
	}
	free(row);
	return rc;
}

static void write_date(buf *b, const char *k, cdate d, bool comma)
{
	buf_printf(b, "\"%s\":\"", k);
	vn_format_date_iso(b, d);
	buf_puts(b, comma ? "\"," : "\"");
}

/* The list of r's user (into r->out). */
static int due_compute(http_req *r, long days, long months, long limit, cdate today)
{
	int rc;
	err e;
	err_clear(&e);
	due_ctx c;
	memset(&c, 0, sizeof c);
	lock_config cfg;
	if ((rc = lock_config_load(r->store, &cfg, &e)) ||
	    (rc = store_unit_list(r->store, NULL, NULL, &c.units, &c.n_units, &e)) ||
	    (rc = store_indicator_list(r->store, &c.inds, &c.n_inds, &e)))
		goto fail;

	/* the window: deadlines from the first day of the month `months` back to today + days */
	int sm = today.m - (int)months, sy = today.y;
	while (sm < 1) {
		sm += 12;
		sy--;
	}
	cdate since = {sy, sm, 1};
	cdate until = cdate_from_days(cdate_to_days(today) + days);
	/* slot 0 is the year before the oldest period that can be listed (deadlines can
	 * fall up to a year after a period: due_months_after <= 12, grace <= 366 days) */
	c.year0 = sy - 3;
	if (until.y - c.year0 >= DUE_YEARS)
		c.year0 = until.y - DUE_YEARS + 1;

	size_t nu = c.n_units ? c.n_units : 1, ni = c.n_inds ? c.n_inds : 1;
	c.ind_by_code = malloc(ni * sizeof *c.ind_by_code);
	c.unit_by_code = malloc(nu * sizeof *c.unit_by_code);
	c.in_scope = calloc(nu, sizeof *c.in_scope);
	c.first_child = malloc(nu * sizeof *c.first_child);
	c.next_sibling = malloc(nu * sizeof *c.next_sibling);
	if (!c.ind_by_code || !c.unit_by_code || !c.in_scope || !c.first_child || !c.next_sibling) {
		rc = err_set(&e, ERR_NOMEM, "hết bộ nhớ");
		goto fail;
	}
	for (size_t i = 0; i < c.n_inds; i++)
		c.ind_by_code[i] = &c.inds[i];
	for (size_t i = 0; i < c.n_units; i++) {
		c.unit_by_code[i] = &c.units[i];
		c.first_child[i] = c.next_sibling[i] = SIZE_MAX;
	}
	if (c.n_inds)
		qsort(c.ind_by_code, c.n_inds, sizeof *c.ind_by_code, cmp_ind_ptr);
	if (c.n_units)
		qsort(c.unit_by_code, c.n_units, sizeof *c.unit_by_code, cmp_unit_ptr);
	for (size_t i = c.n_units; i-- > 0;) {
		size_t p = c.units[i].parent_code[0] ? unit_find(&c, c.units[i].parent_code) : SIZE_MAX;
		if (p != SIZE_MAX) {
			c.next_sibling[i] = c.first_child[p];
			c.first_child[p] = i;
		}
	}
	mark_scope(&c, r->who);

	for (size_t i = 0; !rc && i < c.n_units; i++)
		if (c.in_scope[i])
			rc = collect_unit(&c, r, i, &cfg, since, until, &e);
	if (rc)
		goto fail;
	size_t n_late = 0;
	for (size_t i = 0; i < c.n_items; i++) {
		c.items[i].late = cdate_cmp(c.items[i].deadline, today) < 0;
		n_late += c.items[i].late;
	}
	if (c.n_items)
		qsort(c.items, c.n_items, sizeof *c.items, cmp_item);

	buf *b = &r->out;
	buf pb; /* a period's code or label */
	buf_init(&pb, 256);
	buf_puts(b, "{");
	write_date(b, "today", today, true);
	write_date(b, "since", since, true);
	write_date(b, "until", until, true);
	buf_printf(b, "\"total\":%zu,\"late\":%zu,\"due\":%zu,\"truncated\":%s,\"items\":[", c.n_items, n_late,
		   c.n_items - n_late, c.n_items > (size_t)limit || c.n_items >= DUE_ITEMS_MAX ? "true" : "false");
	for (size_t k = 0; k < c.n_items && k < (size_t)limit; k++) {
		const due_item *it = &c.items[k];
		const unit *u = &c.units[it->unit];
		const indicator *ind = &c.inds[it->ind];
		lock_status st;
		err le;
		err_clear(&le);
		bool open = lock_status_get(r->store, u->code, &it->p, today, &st, &le) == 0 ? st.open : true;
		buf_puts(b, k ? ",{" : "{");
		jsonw_kv_str(b, "unit", u->code, true);
		jsonw_kv_str(b, "unit_name", u->name, true);
		jsonw_kv_str(b, "unit_type_label", unit_type_label(u->type), true);
		jsonw_kv_str(b, "indicator", ind->code, true);
		jsonw_kv_str(b, "indicator_name", ind->name_vi, true);
		jsonw_kv_str(b, "indicator_name_en", ind->name_en, true);
		jsonw_kv_str(b, "uom", ind->uom, true);
		buf_reset(&pb);
		period_format_code(&pb, &it->p);
		jsonw_kv_str(b, "period", pb.data ? pb.data : "", true);
		buf_reset(&pb);
		period_format_label(&pb, &it->p);
		jsonw_kv_str(b, "label", pb.data ? pb.data : "", true);
		write_date(b, "deadline", it->deadline, true);
		buf_printf(b, "\"days_left\":%ld,\"late\":%s,\"open\":%s}",
			   cdate_to_days(it->deadline) - cdate_to_days(today), it->late ? "true" : "false",
			   open ? "true" : "false");
	}
	buf_free(&pb);
	due_ctx_free(&c);
	return buf_puts(b, "]}\n");
fail:
	due_ctx_free(&c);
	return http_fail(r, rc, NULL, "%s", e.msg);
}

/* The window of a due list (api_cache_answer's compute). */
typedef struct due_ask {
	long days, months, limit;
	cdate today;
} due_ask;

static int due_answer(http_req *r, void *ctx)
{
	const due_ask *q = ctx;
	return due_compute(r, q->days, q->months, q->limit, q->today);
}

int api_due(http_req *r)
{
	long days, months, limit;
	cdate today;
	int rc;
	if ((rc = api_query_int(r, "days", 0, 366, API_DUE_DAYS_DEFAULT, &days)) ||
	    (rc = api_query_int(r, "months", 0, API_DUE_MONTHS_MAX, API_DUE_MONTHS_DEFAULT, &months)) ||
	    (rc = api_query_int(r, "limit", 1, API_LIMIT_MAX, 500, &limit)) || (rc = api_lock_today(r, &today)))
		return rc;
	/* the user's list (its units, its role) of the day: kept until anything is written
	 * (api_cache.h), like the evaluation; the 25th reads it as often as the dashboards */
	int64_t uid = r->who ? r->who->user.id : 0;
	char key[API_CACHE_KEY_MAX];
	snprintf(key, sizeof key, "due|%lld|%04d-%02d-%02d|%ld|%ld|%ld", (long long)uid, today.y, today.m, today.d,
		 days, months, limit);
	due_ask q = {days, months, limit, today};
	return api_cache_answer(r, NULL, key, due_answer, &q);
}
