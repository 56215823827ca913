/*
 * api_tasks_json.c - what the task and meeting routes share for reading
 * requests and writing answers: errors, path ids, query parameters, body
 * texts, unit validity on a day (merged units refused with their
 * successor), and a task or progress report as JSON with its computed status.
 *
 * Not for: who may do what (api_tasks.c) or any route's logic.
 */
#include "api/api_tasks.h"
#include "api/api_int.h"
#include "api/api_locks.h"
#include "util/text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers --------------------------------------------------------- */

int api_task_fail(http_req *r, int rc, const err *e, const char *field)
{
	return http_fail(r, rc, field, "%s", e->msg[0] ? e->msg : err_code_name(rc));
}

int api_task_path_id(http_req *r, const char *name, int64_t *out)
{
	const char *v = http_param(r, name);
	char *end;
	errno = 0;
	long long n = v ? strtoll(v, &end, 10) : 0;
	if (!v || errno || end == v || *end || n <= 0)
		return http_fail(r, ERR_INVALID, name, "mã số \"%s\" không hợp lệ: cần một số nguyên dương",
				 v ? v : "");
	*out = (int64_t)n;
	return 0;
}

bool api_task_str_in(const char *s, const char (*list)[CODE_MAX], int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

const char *api_task_lead_code(const task *t)
{
	return t->lead_unit[0] ? t->lead_unit : t->lead_agency;
}

/* ---- writing ------------------------------------------------------------------ */

void api_task_kv_date(buf *b, const char *k, cdate d, bool comma)
{
	buf_json_str(b, k);
	buf_putc(b, ':');
	if (cdate_is_none(d) || !cdate_valid(d)) {
		buf_puts(b, "null");
	} else {
		buf_putc(b, '"');
		vn_format_date_iso(b, d);
		buf_putc(b, '"');
	}
	if (comma)
		buf_putc(b, ',');
}

void api_task_kv_opt(buf *b, const char *k, const char *v)
{
	buf_json_str(b, k);
	buf_putc(b, ':');
	if (v && *v)
		buf_json_str(b, v);
	else
		buf_puts(b, "null");
	buf_putc(b, ',');
}

void api_task_kv_codes(buf *b, const char *k, const char (*list)[CODE_MAX], int n)
{
	buf_json_str(b, k);
	buf_puts(b, ":[");
	for (int i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ',');
		buf_json_str(b, list[i]);
	}
	buf_puts(b, "],");
}

/* The name of a unit or agency code ("" when unknown). */
void api_task_lead_name(store *s, const task *t, char *out, size_t n)
{
	err e;
	err_clear(&e);
	out[0] = '\0';
	if (t->lead_unit[0]) {
		unit u;
		if (!store_unit_get(s, t->lead_unit, &u, &e))
			snprintf(out, n, "%s %s", unit_type_label(u.type), u.name);
	} else if (t->lead_agency[0]) {
		agency a;
		if (!store_agency_get(s, t->lead_agency, &a, &e))
			snprintf(out, n, "%s", a.name);
	}
}

void api_task_write(http_req *r, buf *b, const task *t, cdate today)
{
	task_status st = task_status_on(t, today);
	char name[NAME_MAX_ + 64];
	api_task_lead_name(r->store, t, name, sizeof name);
	buf_printf(b, "{\"id\":%lld,", (long long)t->id);
	jsonw_kv_str(b, "content", t->content, true);
	jsonw_kv_str(b, "owner_unit", t->owner_unit, true);
	api_task_kv_opt(b, "lead_unit", t->lead_unit);
	api_task_kv_opt(b, "lead_agency", t->lead_agency);
	jsonw_kv_str(b, "lead", api_task_lead_code(t), true);
	jsonw_kv_str(b, "lead_name", name, true);
	api_task_kv_codes(b, "coord_units", t->coord_units, t->n_coord);
	api_task_kv_codes(b, "coord_agencies", t->coord_agencies, t->n_coord_agencies);
	if (t->meeting_id)
		buf_printf(b, "\"meeting\":%lld,", (long long)t->meeting_id);
	else
		buf_puts(b, "\"meeting\":null,");
	jsonw_kv_str(b, "assigned_by", t->assigned_by, true);
	api_task_kv_date(b, "assigned_on", t->assigned_on, true);
	api_task_kv_date(b, "due", t->due, true);
	buf_puts(b, "\"due_text\":");
	{
		buf tmp;
		buf_init(&tmp, 1024);
		task_format_due(&tmp, t);
		buf_json_str(b, tmp.data ? tmp.data : "");
		buf_free(&tmp);
	}
	buf_puts(b, ",\"due_period\":");
	if (t->due_is_period) {
		buf_putc(b, '"');
		period_format_code(b, &t->due_period);
		buf_putc(b, '"');
	} else {
		buf_puts(b, "null");
	}
	buf_putc(b, ',');
	api_task_kv_date(b, "due_original", t->due_original, true);
	buf_printf(b, "\"extended\":%s,",
		   !cdate_is_none(t->due_original) && cdate_cmp(t->due, t->due_original) ? "true" : "false");
	api_task_kv_codes(b, "indicators", t->indicators, t->n_indicators);
	jsonw_kv_str(b, "priority", task_priority_code(t->priority), true);
	jsonw_kv_str(b, "priority_label", task_priority_label(t->priority), true);
	jsonw_kv_str(b, "state", task_state_code(t->state), true);
	api_task_kv_date(b, "done_on", t->state == TASK_DONE ? t->done_on : (cdate){0}, true);
	buf_printf(b, "\"percent\":%d,", t->percent);
	jsonw_kv_str(b, "status", task_status_code(st), true);
	jsonw_kv_str(b, "status_label", task_status_label(st), true);
	buf_printf(b, "\"days_left\":%ld,\"created_at\":%lld,\"updated_at\":%lld}", task_days_left(t, today),
		   (long long)t->created_at, (long long)t->updated_at);
}

void api_task_overdue_first(task *t, size_t n, cdate today)
{
	if (n < 2)
		return;
	task *tmp = malloc(n * sizeof *tmp);
	if (!tmp)
		return; /* the order is a convenience: keep the store's */
	size_t k = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++)
			if ((task_status_on(&t[i], today) == TASK_ST_OVERDUE) == (pass == 0))
				tmp[k++] = t[i];
	memcpy(t, tmp, n * sizeof *t);
	free(tmp);
}

/* ---- reading ---------------------------------------------------------------- */


/* True when s holds only spaces (ASCII or no-break). */
bool api_task_blank(const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			continue;
		if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0) {
			s++;
			continue;
		}
		return false;
	}
	return true;
}

/*
 * The field a core or store message is about: the first of names that the
 * message mentions, else def. The core's messages name their fields.
 */
const char *api_task_field_of(const char *msg, const char *const *names, size_t n, const char *def)
{
	/* the core and the store write "(content)", "(lead_unit)": look for those first */
	for (size_t i = 0; i < n; i++) {
		char paren[72];
		snprintf(paren, sizeof paren, "(%s)", names[i]);
		if (strstr(msg, paren))
			return names[i];
	}
	for (size_t i = 0; i < n; i++)
		if (strstr(msg, names[i]))
			return names[i];
	return def;
}

int api_task_page(http_req *r, long *limit, long *offset)
{
	int rc = api_query_int(r, "limit", 1, API_LIMIT_MAX, API_LIMIT_DEFAULT, limit);
	return rc ? rc : api_query_int(r, "offset", 0, 1000000000L, 0, offset);
}

/* An optional code query parameter, valid UTF-8 and short enough; NULL when absent. */
int api_task_query_code(http_req *r, const char *name, const char **out)
{
	const char *v = http_query(r, name);
	*out = NULL;
	if (!v || !*v)
		return 0;
	if (strlen(v) >= CODE_MAX || !text_utf8_valid(v, strlen(v)))
		return http_fail(r, ERR_INVALID, name, "tham số %s không phải một mã hợp lệ", name);
	*out = v;
	return 0;
}

void api_task_write_progress(buf *b, const task_progress *p, int64_t task_id)
{
	buf_printf(b, "{\"id\":%lld,", (long long)p->id);
	jsonw_kv_str(b, "lead", p->lead_code, true);
	jsonw_kv_str(b, "text", p->text, true);
	buf_printf(b, "\"percent\":%d,", p->percent);
	api_task_kv_date(b, "date", p->date, true);
	buf_printf(b, "\"done\":%s,\"attachment\":", p->done ? "true" : "false");
	if (p->attach_name[0]) {
		buf_putc(b, '{');
		jsonw_kv_str(b, "name", p->attach_name, true);
		jsonw_kv_str(b, "type", p->attach_type, true);
		buf_printf(b, "\"size\":%lld,\"url\":\"/api/tasks/%lld/progress/%lld/attachment\"}",
			   (long long)p->attach_size, (long long)task_id, (long long)p->id);
	} else {
		buf_puts(b, "null");
	}
	buf_putc(b, ',');
	jsonw_kv_str(b, "by", p->by, true);
	buf_printf(b, "\"at\":%lld}", (long long)p->at);
}
