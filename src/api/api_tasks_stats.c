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
	task *t = NULL;
	size_t n = 0, ng = 0;
	if ((rc = store_task_list(r->store, &f, &t, &n, &e)))
		return api_task_fail(r, rc, &e, NULL);
	task_stats *g = calloc(n ? n : 1, sizeof *g), all;
	memset(&all, 0, sizeof all);
	if (!g) {
		free(t);
		return http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ");
	}
	for (size_t i = 0; i < n && !rc; i++) {
		bool in = false;
		if (!task_counts_in(&t[i], &p, as_of))
			continue;
		if ((rc = unit_under(r, t[i].owner_unit, unit_code, &in)) ||
		    (!in && t[i].lead_unit[0] && (rc = unit_under(r, t[i].lead_unit, unit_code, &in))))
			break;
		if (!in)
			continue;
		const char *code = api_task_lead_code(&t[i]);
		size_t k = 0;
		while (k < ng && strcmp(g[k].code, code))
			k++;
		if (k == ng) {
			snprintf(g[ng].code, sizeof g[ng].code, "%s", code);
			g[ng++].is_agency = !t[i].lead_unit[0];
		}
		task_stats_add(&g[k], &t[i], as_of);
		task_stats_add(&all, &t[i], as_of);
	}
	if (rc) {
		free(t);
		free(g);
		return rc;
	}
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
	free(t);
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

int api_task_due(http_req *r)
{
	api_task_seen seen;
	seen.n = 0;
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
	task *t = NULL;
	size_t n = 0, n_over = 0, n_soon = 0;
	if ((rc = store_task_list(r->store, &f, &t, &n, &e)))
		return api_task_fail(r, rc, &e, NULL);
	/* the store orders by due: overdue ones (earlier) come first, most overdue first */
	buf *b = &r->out;
	buf_puts(b, "{");
	api_task_kv_date(b, "today", today, true);
	buf_printf(b, "\"days\":%ld,\"items\":[", days);
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		const char *how = involvement(r->who, &t[i]);
		long left = task_days_left(&t[i], today);
		if (!how || t[i].state != TASK_OPEN || left > days)
			continue;
		bool yes;
		if ((rc = api_task_visible(r, &t[i], &seen, &yes)))
			break;
		if (!yes)
			continue;
		if (left < 0)
			n_over++;
		else
			n_soon++;
		if (!first)
			buf_putc(b, ',');
		first = false;
		api_task_write(r, b, &t[i], today);
		b->data[--b->len] = '\0'; /* reopen the object to add the role */
		buf_puts(b, ",\"role\":");
		buf_json_str(b, how);
		buf_putc(b, '}');
	}
	free(t);
	if (rc)
		return rc;
	return buf_printf(b, "],\"overdue\":%zu,\"due_soon\":%zu}\n", n_over, n_soon);
}