/*
 * api_tasks_stats.c - the follow-up views of tasks over HTTP: GET
 * /api/tasks/stats (per lead unit or agency under a unit, counts by status
 * and the share done on time, DOMAIN.md §7, rule in task_counts_in) and GET
 * /api/tasks/due (the logged-in user's open tasks: overdue, then due within
 * N days).
 *
 * Not for: counting rules (core/task.c) or the reminder text (task_notice.h).
 */
#include "api/api_tasks.h"
#include "api/api_int.h"
#include "api/api_locks.h"
#include "util/text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- statistics ---------------------------------------------------------------------------- */

/* True when code is ancestor or one of its descendants (walking parents). */
static int unit_under(http_req *r, const char *code, const char *ancestor, bool *yes)
{
	char c[CODE_MAX];
	*yes = false;
	snprintf(c, sizeof c, "%s", code);
	for (int depth = 0; depth < 8 && c[0]; depth++) {
		if (!strcmp(c, ancestor)) {
			*yes = true;
			return 0;
		}
		unit u;
		err e;
		err_clear(&e);
		int rc = store_unit_get(r->store, c, &u, &e);
		if (rc == ERR_NOTFOUND)
			return 0;
		if (rc)
			return api_task_fail(r, rc, &e, NULL);
		snprintf(c, sizeof c, "%s", u.parent_code);
	}
	return 0;
}

static void write_stats(buf *b, const task_stats *st, const char *name)
{
	buf_putc(b, '{');
	if (name) {
		jsonw_kv_str(b, "code", st->code, true);
		buf_printf(b, "\"is_agency\":%s,", st->is_agency ? "true" : "false");
		jsonw_kv_str(b, "name", name, true);
	}
	buf_printf(b, "\"total\":%d,\"done_on_time\":%d,\"done_late\":%d,\"in_progress\":%d,\"overdue\":%d,",
		   st->total, st->on_time, st->late, st->in_progress, st->overdue);
	jsonw_kv_num(b, "pct_on_time", st->has_pct, st->pct_on_time); /* ends with a comma */
	buf_puts(b, "\"pct_on_time_text\":");
	if (st->has_pct) {
		buf_putc(b, '"');
		vn_format_num(b, st->pct_on_time, 2);
		buf_puts(b, "%\"");
	} else {
		buf_puts(b, "null");
	}
	buf_putc(b, '}');
}

/* What the statistics gather while reading pages: one row per lead. */
typedef struct stats_acc {
	const char *unit_code;
	const period *p;
	cdate as_of;
	task_stats *g, all;
	size_t ng, cap;
} stats_acc;

static int stats_one(http_req *r, const task *t, void *ctx)
{
	stats_acc *a = ctx;
	bool in = false;
	int rc;
	if (!task_counts_in(t, a->p, a->as_of))
		return 0;
	if ((rc = unit_under(r, t->owner_unit, a->unit_code, &in)) ||
	    (!in && t->lead_unit[0] && (rc = unit_under(r, t->lead_unit, a->unit_code, &in))))
		return rc;
	if (!in)
		return 0;
	const char *code = api_task_lead_code(t);
	size_t k = 0;
	while (k < a->ng && strcmp(a->g[k].code, code))
		k++;
	if (k == a->ng) {
		if (a->ng == a->cap) {
			size_t cap = a->cap ? a->cap * 2 : 32;
			task_stats *ng = realloc(a->g, cap * sizeof *ng);
			if (!ng)
				return http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ");
			a->g = ng;
			a->cap = cap;
		}
		memset(&a->g[k], 0, sizeof a->g[k]);
		snprintf(a->g[k].code, sizeof a->g[k].code, "%s", code);
		a->g[a->ng++].is_agency = !t->lead_unit[0];
	}
	task_stats_add(&a->g[k], t, a->as_of);
	task_stats_add(&a->all, t, a->as_of);
	return 0;
}

static int stats_cmp(const void *a, const void *b)
{
	const task_stats *x = a, *y = b;
	if (x->is_agency != y->is_agency)
		return x->is_agency ? 1 : -1;
	return strcmp(x->code, y->code);
}

int api_task_stats(http_req *r)
{
	const char *unit_code;
	period p;
	cdate today;
	err e;
	err_clear(&e);
	int rc;
	if ((rc = api_query_need(r, "unit", &unit_code)) || (rc = api_query_period(r, "period", &p)) ||
	    (rc = api_lock_today(r, &today)))
		return rc;
	if ((rc = auth_can_view(r->store, r->who, unit_code, &e)))
		return api_task_fail(r, rc, &e, "unit");
	unit u;
	if ((rc = store_unit_get(r->store, unit_code, &u, &e)))
		return api_task_fail(r, rc, &e, "unit");
	cdate end = period_end_date(&p), as_of = cdate_cmp(today, end) < 0 ? today : end;
	store_task_filter f;
	memset(&f, 0, sizeof f);
	stats_acc acc;
	memset(&acc, 0, sizeof acc);
	acc.unit_code = unit_code;
	acc.p = &p;
	acc.as_of = as_of;
	if ((rc = api_task_each(r, &f, stats_one, &acc))) {
		free(acc.g);
		return rc;
	}
	task_stats *g = acc.g, all = acc.all;
	size_t ng = acc.ng;
	if (ng)
		qsort(g, ng, sizeof *g, stats_cmp);
	buf *b = &r->out;
	buf_putc(b, '{');
	jsonw_kv_str(b, "unit", unit_code, true);
	buf_puts(b, "\"period\":\"");
	period_format_code(b, &p);
	buf_puts(b, "\",\"period_label\":");
	{
		buf lbl;
		buf_init(&lbl, 256);
		period_format_label(&lbl, &p);
		buf_json_str(b, lbl.data ? lbl.data : "");
		buf_free(&lbl);
	}
	buf_putc(b, ',');
	api_task_kv_date(b, "as_of", as_of, true);
	buf_puts(b, "\"items\":[");
	for (size_t k = 0; k < ng; k++) {
		task tmp;
		char name[NAME_MAX_ + 64];
		memset(&tmp, 0, sizeof tmp);
		snprintf(g[k].is_agency ? tmp.lead_agency : tmp.lead_unit, CODE_MAX, "%s", g[k].code);
		api_task_lead_name(r->store, &tmp, name, sizeof name);
		task_stats_finish(&g[k]);
		if (k)
			buf_putc(b, ',');
		write_stats(b, &g[k], name);
	}
	task_stats_finish(&all);
	buf_puts(b, "],\"summary\":");
	write_stats(b, &all, NULL);
	free(g);
	return buf_puts(b, "}\n");
}

/* ---- GET /api/tasks/due ---------------------------------------------------------------------- */

static bool scope_has(const auth_principal *p, const char *code)
{
	for (size_t i = 0; i < p->n_scopes; i++)
		if (!strcmp(p->scopes[i].unit_code, code))
			return true;
	return false;
}

/* How r's user is involved in t: "lead", "coord", "assigner", "owner" or NULL. */
static const char *involvement(const auth_principal *p, const task *t)
{
	bool dept = p->user.role == ROLE_DEPARTMENT && p->user.agency_code[0];
	if ((t->lead_unit[0] && scope_has(p, t->lead_unit)) || (dept && !strcmp(t->lead_agency, p->user.agency_code)))
		return "lead";
	for (int i = 0; i < t->n_coord; i++)
		if (scope_has(p, t->coord_units[i]))
			return "coord";
	if (dept && api_task_str_in(p->user.agency_code, t->coord_agencies, t->n_coord_agencies))
		return "coord";
	if (!strcmp(t->assigned_by, p->user.login))
		return "assigner";
	if ((p->user.role == ROLE_LEADER || p->user.role == ROLE_ADMIN) && scope_has(p, t->owner_unit))
		return "owner";
	return NULL;
}

/* What "due" keeps while reading pages. */
typedef struct due_acc {
	api_task_seen seen;
	long days;
	cdate today;
	size_t n_over, n_soon;
	bool first;
} due_acc;

static int due_one(http_req *r, const task *t, void *ctx)
{
	due_acc *a = ctx;
	const char *how = involvement(r->who, t);
	long left = task_days_left(t, a->today);
	if (!how || t->state != TASK_OPEN || left > a->days)
		return 0;
	bool yes;
	int rc = api_task_visible(r, t, &a->seen, &yes);
	if (rc || !yes)
		return rc;
	if (left < 0)
		a->n_over++;
	else
		a->n_soon++;
	buf *b = &r->out;
	if (!a->first)
		buf_putc(b, ',');
	a->first = false;
	api_task_write(r, b, t, a->today);
	b->data[--b->len] = '\0'; /* reopen the object to add the role */
	buf_puts(b, ",\"role\":");
	buf_json_str(b, how);
	return buf_putc(b, '}');
}

int api_task_due(http_req *r)
{
	long days;
	cdate today;
	err e;
	err_clear(&e);
	int rc;
	if ((rc = api_query_int(r, "days", 0, 366, 7, &days)) || (rc = api_lock_today(r, &today)))
		return rc;
	store_task_filter f;
	memset(&f, 0, sizeof f);
	f.open_only = true;
	f.due_to = cdate_from_days(cdate_to_days(today) + days);
	/* the store orders by due: overdue ones (earlier) come first, most overdue first */
	buf *b = &r->out;
	buf_puts(b, "{");
	api_task_kv_date(b, "today", today, true);
	buf_printf(b, "\"days\":%ld,\"items\":[", days);
	due_acc *a = calloc(1, sizeof *a);
	if (!a)
		return http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ");
	a->days = days;
	a->today = today;
	a->first = true;
	if ((rc = api_task_each(r, &f, due_one, a))) {
		free(a);
		return rc;
	}
	size_t n_over = a->n_over, n_soon = a->n_soon;
	free(a);
	return buf_printf(b, "],\"overdue\":%zu,\"due_soon\":%zu}\n", n_over, n_soon);
}