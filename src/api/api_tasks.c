/*
 * api_tasks.c - tasks over HTTP (issue #5): list with filters, create, read
 * with progress and history, edit, extend, cancel, reopen; and the
 * permission helpers the other api_tasks_*.c files share (visibility, who
 * may assign).
 *
 * Who may do what is decided here, on every request, with auth.h: see a task
 * (view scope over its owner, lead or a coordinating unit, or the user's
 * agency leads or coordinates it), assign (administrator, or leader with
 * view scope over the owner unit), change a task (its assigner or an
 * administrator), report progress (who may enter for the lead unit, or a
 * department user of the lead agency). Status is always computed on "today"
 * (api_lock_today: $CHITIEU_TODAY or the Vietnam date).
 *
 * Not for: the status, statistics and change rules (core/task.c, applied by
 * core/task_ops.c, which every change here goes through) or SQL (store.h);
 * meetings (api_tasks_meetings.c), progress (api_tasks_progress.c),
 * statistics and "due" (api_tasks_stats.c), JSON (api_tasks_json.c).
 */
#include "api/api_tasks.h"
#include "api/api_int.h"
#include "api/api_locks.h"
#include "core/task_ops.h"
#include "util/text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/*
 * Sets *yes when r's user may view unit_code; answers from and fills `seen`
 * (may be NULL). Fails r only when the store fails.
 */
static int view_ok(http_req *r, const char *unit_code, api_task_seen *seen, bool *yes)
{
	err e;
	err_clear(&e);
	*yes = false;
	if (!unit_code || !unit_code[0])
		return 0;
	for (int i = 0; seen && i < seen->n; i++)
		if (!strcmp(seen->code[i], unit_code)) {
			*yes = seen->yes[i];
			return 0;
		}
	int rc = auth_can_view(r->store, r->who, unit_code, &e);
	if (rc && rc != ERR_FORBIDDEN)
		return api_task_fail(r, rc, &e, NULL);
	*yes = !rc;
	if (seen && seen->n < API_TASK_SEEN_MAX) {
		snprintf(seen->code[seen->n], CODE_MAX, "%s", unit_code);
		seen->yes[seen->n++] = *yes;
	}
	return 0;
}

int api_task_visible(http_req *r, const task *t, api_task_seen *seen, bool *yes)
{
	const auth_principal *p = r->who;
	int rc;
	*yes = false;
	if (p->user.role == ROLE_ADMIN) {
		*yes = true;
		return 0;
	}
	if (p->user.role == ROLE_DEPARTMENT && p->user.agency_code[0] &&
	    (!strcmp(t->lead_agency, p->user.agency_code) ||
	     api_task_str_in(p->user.agency_code, t->coord_agencies, t->n_coord_agencies))) {
		*yes = true;
		return 0;
	}
	if ((rc = view_ok(r, t->owner_unit, seen, yes)) || *yes)
		return rc;
	if ((rc = view_ok(r, t->lead_unit, seen, yes)) || *yes)
		return rc;
	for (int i = 0; i < t->n_coord; i++)
		if ((rc = view_ok(r, t->coord_units[i], seen, yes)) || *yes)
			return rc;
	return 0;
}

int api_task_can_assign(http_req *r, const char *unit_code, const char *field)
{
	const auth_principal *p = r->who;
	if (p->user.role == ROLE_ADMIN)
		return 0;
	if (p->user.role != ROLE_LEADER)
		return http_fail(r, ERR_FORBIDDEN, field,
				 "người dùng %s có vai trò \"%s\": chỉ quản trị viên hoặc lãnh đạo được giao nhiệm vụ,"
				 " tạo hoặc sửa cuộc họp",
				 p->user.login, user_role_label(p->user.role));
	err e;
	err_clear(&e);
	int rc = auth_can_view(r->store, p, unit_code, &e);
	if (rc == ERR_FORBIDDEN)
		return http_fail(r, rc, field, "lãnh đạo %s không phụ trách đơn vị %s nên không được giao việc"
				 " hay họp thay đơn vị này", p->user.login, unit_code);
	return rc ? api_task_fail(r, rc, &e, field) : 0;
}

/* May r's user change t (edit, extend, cancel, reopen)? An administrator, or
 * its assigner while he may still assign for its owner unit (a leader made a
 * viewer, or moved to another district, no longer can). */
static int can_change(http_req *r, const task *t)
{
	if (r->who->user.role == ROLE_ADMIN)
		return 0;
	if (!strcmp(t->assigned_by, r->who->user.login))
		return api_task_can_assign(r, t->owner_unit, NULL);
	return http_fail(r, ERR_FORBIDDEN, NULL,
			 "chỉ người giao nhiệm vụ (%s) hoặc quản trị viên được sửa, gia hạn, hủy hay mở lại"
			 " nhiệm vụ số %lld",
			 t->assigned_by, (long long)t->id);
}

int api_task_each(http_req *r, store_task_filter *f, int (*each)(http_req *r, const task *t, void *ctx),
		  void *ctx)
{
	task *last = malloc(sizeof *last);
	if (!last)
		return http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ");
	err e;
	err_clear(&e);
	int rc = 0;
	f->limit = API_TASK_PAGE;
	f->after = NULL;
	for (bool more = true; more && !rc;) {
		task *t = NULL;
		size_t n = 0;
		if ((rc = store_task_list(r->store, f, &t, &n, &e))) {
			rc = api_task_fail(r, rc, &e, NULL);
			break;
		}
		more = n == API_TASK_PAGE;
		for (size_t i = 0; i < n && !rc; i++)
			rc = each(r, &t[i], ctx);
		if (n) {
			*last = t[n - 1];
			f->after = last;
		}
		free(t);
	}
	f->after = NULL;
	free(last);
	return rc;
}

/* Loads task {id} and checks r's user may see it: 404 / 403 otherwise. */
int api_task_load(http_req *r, task *t)
{
	int64_t id;
	int rc = api_task_path_id(r, "id", &id);
	if (rc)
		return rc;
	err e;
	err_clear(&e);
	if ((rc = store_task_get(r->store, id, t, &e)))
		return api_task_fail(r, rc, &e, rc == ERR_NOTFOUND ? "id" : NULL);
	bool yes;
	if ((rc = api_task_visible(r, t, NULL, &yes)))
		return rc;
	if (!yes)
		return http_fail(r, ERR_FORBIDDEN, "id", "người dùng %s không được xem nhiệm vụ số %lld",
				 r->who->user.login, (long long)id);
	return 0;
}


/* ---- reading bodies ----------------------------------------------------------- */

/* Copies a JSON array of codes (checked by api_json_fields) into list. */
int api_task_codes_into(const api_val *v, char (*list)[CODE_MAX], int *n)
{
	size_t i;
	json_t *c;
	*n = 0;
	json_array_foreach(v->list, i, c) {
		snprintf(list[*n], CODE_MAX, "%s", json_string_value(c));
		(*n)++;
	}
	return 0;
}

static const char *const TASK_FIELDS[] = {"content",	  "lead_unit",	 "lead_agency", "coord_units",
					  "coord_agencies", "indicators", "priority",	 "owner_unit",
					  "assigned_on",    "due"};

/*
 * May r's user name unit_code as a task's lead or coordinating unit? An
 * administrator: any; anyone else: only a unit he may view (a leader of Ba
 * Bể cannot put a task on a ward of Bắc Kạn city, where it would show in the
 * ward's lists and the city's statistics). A code that does not exist is let
 * through, so that the store names it (400). 0, or fails r with 403 naming field.
 */
static int unit_assignable(http_req *r, const char *unit_code, const char *field)
{
	err e;
	err_clear(&e);
	if (r->who->user.role == ROLE_ADMIN || !unit_code[0])
		return 0;
	int rc = auth_can_view(r->store, r->who, unit_code, &e);
	if (rc == ERR_FORBIDDEN) {
		unit u;
		err_clear(&e);
		if ((rc = store_unit_get(r->store, unit_code, &u, &e)) == ERR_NOTFOUND)
			return 0;
		if (!rc)
			return http_fail(r, ERR_FORBIDDEN, field,
					 "người dùng %s không phụ trách đơn vị %s nên không giao được nhiệm vụ cho đơn"
					 " vị này (chủ trì hay phối hợp)",
					 r->who->user.login, unit_code);
	}
	return rc ? api_task_fail(r, rc, &e, field) : 0;
}

/* task_check, then task_put (the rules, the catalogue, the store); r failed with the field on error. */
static int task_save(http_req *r, task *t)
{
	size_t nf = sizeof TASK_FIELDS / sizeof *TASK_FIELDS;
	err e;
	err_clear(&e);
	int rc;
	if ((rc = unit_assignable(r, t->lead_unit, "lead_unit")))
		return rc;
	for (int i = 0; i < t->n_coord; i++)
		if ((rc = unit_assignable(r, t->coord_units[i], "coord_units")))
			return rc;
	if (api_task_blank(t->content))
		return http_fail(r, ERR_INVALID, "content", "nội dung nhiệm vụ không được để trống");
	if (!t->lead_unit[0] == !t->lead_agency[0])
		return http_fail(r, ERR_INVALID, t->lead_unit[0] ? "lead_agency" : "lead_unit",
				 "cần đúng một đơn vị chủ trì: lead_unit (xã, phường) hoặc lead_agency (phòng, ban)");
	if ((rc = task_check(t, &e)))
		return api_task_fail(r, rc, &e, api_task_field_of(e.msg, TASK_FIELDS, nf, "due"));
	/* an unknown code is bad input (400), a merged unit a conflict (409) */
	if ((rc = task_put(r->store, t, &e))) {
		const char *field = rc == ERR_DB || rc == ERR_NOMEM ? NULL : api_task_field_of(e.msg, TASK_FIELDS, nf, NULL);
		return api_task_fail(r, rc == ERR_NOTFOUND && field ? ERR_INVALID : rc, &e, field);
	}
	return 0;
}

enum {
	TF_CONTENT, TF_LEAD_UNIT, TF_LEAD_AGENCY, TF_COORD_UNITS, TF_COORD_AGENCIES, TF_DUE,
	TF_INDICATORS, TF_PRIORITY, TF_MEETING, TF_OWNER, TF_ASSIGNED_ON, TF_N
};

/* The body fields of POST (all) and PUT (the first TF_MEETING). */
static const api_field task_fields[TF_N] = {
	{"content", API_STR, false, TASK_CONTENT_MAX, 0, 0},
	{"lead_unit", API_STR, false, CODE_MAX, 0, 0},
	{"lead_agency", API_STR, false, CODE_MAX, 0, 0},
	{"coord_units", API_CODES, false, TASK_UNITS_MAX, 0, 0},
	{"coord_agencies", API_CODES, false, TASK_UNITS_MAX, 0, 0},
	{"due", API_STR, false, 32, 0, 0},
	{"indicators", API_CODES, false, TASK_INDICATORS_MAX, 0, 0},
	{"priority", API_STR, false, 16, 0, 0},
	{"meeting", API_INT, false, 0, 1, 2000000000L},
	{"owner_unit", API_STR, false, CODE_MAX, 0, 0},
	{"assigned_on", API_STR, false, 16, 0, 0},
};

/* Applies the editable fields present in f to t (lead: the one given replaces the other). */
static int apply_fields(http_req *r, const api_val *f, task *t, cdate *new_due)
{
	int rc;
	err e;
	err_clear(&e);
	if (f[TF_CONTENT].present && (rc = api_json_text(r, t->content, sizeof t->content, f[TF_CONTENT].s, "content")))
		return rc;
	bool lu = f[TF_LEAD_UNIT].present, la = f[TF_LEAD_AGENCY].present;
	if (lu && (rc = api_json_text(r, t->lead_unit, sizeof t->lead_unit, f[TF_LEAD_UNIT].s, "lead_unit")))
		return rc;
	if (la && (rc = api_json_text(r, t->lead_agency, sizeof t->lead_agency, f[TF_LEAD_AGENCY].s, "lead_agency")))
		return rc;
	if (lu && !la && t->lead_unit[0])
		t->lead_agency[0] = '\0';
	if (la && !lu && t->lead_agency[0])
		t->lead_unit[0] = '\0';
	if (f[TF_COORD_UNITS].present)
		api_task_codes_into(&f[TF_COORD_UNITS], t->coord_units, &t->n_coord);
	if (f[TF_COORD_AGENCIES].present)
		api_task_codes_into(&f[TF_COORD_AGENCIES], t->coord_agencies, &t->n_coord_agencies);
	if (f[TF_INDICATORS].present)
		api_task_codes_into(&f[TF_INDICATORS], t->indicators, &t->n_indicators);
	if (f[TF_PRIORITY].present) {
		if ((rc = task_priority_from_code(f[TF_PRIORITY].s, &t->priority, &e)))
			return http_fail(r, rc, "priority", "%s", e.msg);
	}
	if (f[TF_DUE].present) {
		task tmp;
		memset(&tmp, 0, sizeof tmp);
		if ((rc = task_parse_due(f[TF_DUE].s, &tmp, &e)))
			return http_fail(r, rc, "due", "%s", e.msg);
		t->due = tmp.due;
		t->due_is_period = tmp.due_is_period;
		t->due_period = tmp.due_period;
		if (new_due)
			*new_due = tmp.due;
	}
	return 0;
}


/* What the list keeps while reading pages: the tasks the user may see that
 * pass the filters the store does not apply. */
typedef struct list_keep {
	api_task_seen seen;
	int open;          /* 0: only tasks not open; else any (the store filters open ones) */
	task_status want;  /* 0: any status */
	cdate today;
	task *t;
	size_t n, cap;
} list_keep;

static int list_one(http_req *r, const task *t, void *ctx)
{
	list_keep *k = ctx;
	bool yes;
	int rc = api_task_visible(r, t, &k->seen, &yes);
	if (rc || !yes || (k->open == 0 && t->state == TASK_OPEN) ||
	    (k->want && task_status_on(t, k->today) != k->want))
		return rc;
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 64;
		task *nt = realloc(k->t, cap * sizeof *nt);
		if (!nt)
			return http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ");
		k->t = nt;
		k->cap = cap;
	}
	k->t[k->n++] = *t;
	return 0;
}

int api_tasks_list(http_req *r)
{
	long limit, offset, meeting_id, due_within;
	const char *unit_code, *agency_code, *ind_code, *role, *status_s;
	int open, rc;
	cdate today;
	task_status want = 0;
	err e;
	err_clear(&e);
	if ((rc = api_task_page(r, &limit, &offset)) || (rc = api_task_query_code(r, "unit", &unit_code)) ||
	    (rc = api_task_query_code(r, "agency", &agency_code)) || (rc = api_task_query_code(r, "indicator", &ind_code)) ||
	    (rc = api_task_query_code(r, "role", &role)) || (rc = api_task_query_code(r, "status", &status_s)) ||
	    (rc = api_query_int(r, "meeting", 1, 2000000000L, 0, &meeting_id)) ||
	    (rc = api_query_int(r, "due_within", 0, 3660, -1, &due_within)) || (rc = api_query_bool(r, "open", &open)) ||
	    (rc = api_lock_today(r, &today)))
		return rc;
	if (role && strcmp(role, "lead") && strcmp(role, "coord"))
		return http_fail(r, ERR_INVALID, "role", "tham số role phải là lead (chủ trì) hoặc coord (phối hợp)");
	if (role && !unit_code && !agency_code)
		return http_fail(r, ERR_INVALID, "role", "tham số role cần đi cùng unit hoặc agency");
	if (status_s && (rc = task_status_from_code(status_s, &want, &e)))
		return http_fail(r, rc, "status", "%s", e.msg);
	if (unit_code) {
		if ((rc = auth_can_view(r->store, r->who, unit_code, &e)))
			return api_task_fail(r, rc, &e, "unit");
	}
	store_task_filter f;
	memset(&f, 0, sizeof f);
	f.unit_code = unit_code;
	f.agency_code = agency_code;
	f.lead_only = role && !strcmp(role, "lead");
	f.coord_only = role && !strcmp(role, "coord");
	f.meeting_id = meeting_id;
	f.open_only = open == 1 || due_within >= 0;
	f.indicator = ind_code;
	if (due_within >= 0) {
		f.due_from = today;
		f.due_to = cdate_from_days(cdate_to_days(today) + due_within);
	}
	list_keep *k = calloc(1, sizeof *k);
	if (!k)
		return http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ");
	k->open = open;
	k->want = want;
	k->today = today;
	if ((rc = api_task_each(r, &f, list_one, k))) {
		free(k->t);
		free(k);
		return rc;
	}
	size_t total = k->n, shown = 0;
	api_task_overdue_first(k->t, k->n, today);
	buf_puts(&r->out, "{\"items\":[");
	for (size_t i = (size_t)offset; i < k->n && shown < (size_t)limit; i++) {
		if (shown++)
			buf_putc(&r->out, ',');
		api_task_write(r, &r->out, &k->t[i], today);
	}
	free(k->t);
	free(k);
	buf_printf(&r->out, "],\"total\":%zu,\"limit\":%ld,\"offset\":%ld,", total, limit, offset);
	api_task_kv_date(&r->out, "today", today, false);
	return buf_puts(&r->out, "}\n");
}

/* ---- POST /api/tasks --------------------------------------------------------------- */

int api_task_post(http_req *r)
{
	api_val f[TF_N];
	json_t *j = NULL;
	meeting *m = NULL;
	task *t = calloc(1, sizeof *t);
	cdate today;
	err e;
	err_clear(&e);
	int rc = t ? 0 : http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ");
	/* roles that never assign are refused before anything is read */
	if (!rc && r->who->user.role != ROLE_ADMIN && r->who->user.role != ROLE_LEADER)
		rc = api_task_can_assign(r, "", NULL);
	if (!rc)
		rc = api_json_body(r, &j);
	if (!rc)
		rc = api_json_fields(r, j, task_fields, TF_N, f);
	if (!rc)
		rc = api_lock_today(r, &today);
	if (rc)
		goto done;
	if (f[TF_MEETING].present) {
		m = malloc(sizeof *m);
		if (!m) {
			rc = http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ");
			goto done;
		}
		if ((rc = store_meeting_get(r->store, f[TF_MEETING].i, m, &e))) {
			rc = rc == ERR_NOTFOUND ? http_fail(r, ERR_INVALID, "meeting", "không có cuộc họp số %ld",
							   f[TF_MEETING].i)
						: api_task_fail(r, rc, &e, "meeting");
			goto done;
		}
		if ((rc = api_task_can_assign(r, m->unit_code, "meeting")))
			goto done;
		if (f[TF_OWNER].present && strcmp(f[TF_OWNER].s, m->unit_code)) {
			rc = http_fail(r, ERR_INVALID, "owner_unit",
				       "nhiệm vụ giao tại cuộc họp số %lld thuộc đơn vị chủ trì cuộc họp (%s), không phải %s",
				       (long long)m->id, m->unit_code, f[TF_OWNER].s);
			goto done;
		}
		if (f[TF_ASSIGNED_ON].present) {
			rc = http_fail(r, ERR_INVALID, "assigned_on",
				       "nhiệm vụ giao tại cuộc họp có ngày giao là ngày họp; bỏ trường assigned_on");
			goto done;
		}
		t->meeting_id = m->id;
		snprintf(t->owner_unit, sizeof t->owner_unit, "%s", m->unit_code);
		t->assigned_on = m->date;
	} else {
		if (!f[TF_OWNER].present || !f[TF_OWNER].s[0]) {
			rc = http_fail(r, ERR_INVALID, "owner_unit",
				       "thiếu trường \"owner_unit\" (đơn vị giao việc) hoặc \"meeting\" (cuộc họp giao việc)");
			goto done;
		}
		if ((rc = api_json_text(r, t->owner_unit, sizeof t->owner_unit, f[TF_OWNER].s, "owner_unit")) ||
		    (rc = api_task_can_assign(r, t->owner_unit, "owner_unit")))
			goto done;
		t->assigned_on = today;
		if (f[TF_ASSIGNED_ON].present && (rc = vn_parse_date(f[TF_ASSIGNED_ON].s, &t->assigned_on, &e))) {
			rc = http_fail(r, rc, "assigned_on", "%s", e.msg);
			goto done;
		}
	}
	if (!f[TF_CONTENT].present) {
		rc = http_fail(r, ERR_INVALID, "content", "thiếu trường \"content\" (nội dung nhiệm vụ)");
		goto done;
	}
	if (!f[TF_DUE].present) {
		rc = http_fail(r, ERR_INVALID, "due", "thiếu trường \"due\" (thời hạn: 30/06/2022, 202207, 2022)");
		goto done;
	}
	t->priority = TASK_PRIO_NORMAL;
	t->state = TASK_OPEN;
	snprintf(t->assigned_by, sizeof t->assigned_by, "%s", r->who->user.login);
	if ((rc = apply_fields(r, f, t, NULL)))
		goto done;
	t->due_original = t->due;
	if ((rc = task_save(r, t)))
		goto done;
	if ((rc = store_task_get(r->store, t->id, t, &e))) {
		rc = api_task_fail(r, rc, &e, NULL);
		goto done;
	}
	r->status = 201;
	api_task_write(r, &r->out, t, today);
	buf_putc(&r->out, '\n');
done:
	json_decref(j);
	free(m);
	free(t);
	return rc;
}

/* ---- GET /api/tasks/{id} --------------------------------------------------------- */


static void write_event(buf *b, const task_event *ev)
{
	buf_printf(b, "{\"id\":%lld,", (long long)ev->id);
	jsonw_kv_str(b, "kind", task_event_code(ev->kind), true);
	jsonw_kv_str(b, "label", task_event_label(ev->kind), true);
	if (ev->kind == TASK_EV_EXTENDED) {
		api_task_kv_date(b, "old_due", ev->old_due, true);
		api_task_kv_date(b, "new_due", ev->new_due, true);
	}
	if (ev->kind == TASK_EV_DONE)
		api_task_kv_date(b, "date", ev->date, true);
	if (ev->kind == TASK_EV_PROGRESS)
		buf_printf(b, "\"percent\":%d,", ev->percent);
	api_task_kv_opt(b, "reason", ev->reason);
	jsonw_kv_str(b, "by", ev->by, true);
	buf_printf(b, "\"at\":%lld}", (long long)ev->at);
}

/* Appends ,"progress":[...],"history":[...]} after a task object (its closing brace removed). */
static int write_task_full(http_req *r, const task *t, cdate today)
{
	task_progress *p = NULL;
	task_event *ev = NULL;
	size_t np = 0, nev = 0;
	err e;
	err_clear(&e);
	int rc = store_task_progress_list(r->store, t->id, &p, &np, &e);
	if (!rc)
		rc = store_task_events(r->store, t->id, &ev, &nev, &e);
	if (rc) {
		free(p);
		free(ev);
		return api_task_fail(r, rc, &e, NULL);
	}
	buf_reset(&r->out);
	api_task_write(r, &r->out, t, today);
	r->out.len--; /* reopen the object: its last byte is '}' */
	r->out.data[r->out.len] = '\0';
	buf_puts(&r->out, ",\"progress\":[");
	for (size_t i = 0; i < np; i++) {
		if (i)
			buf_putc(&r->out, ',');
		api_task_write_progress(&r->out, &p[i], t->id);
	}
	buf_puts(&r->out, "],\"history\":[");
	for (size_t i = 0; i < nev; i++) {
		if (i)
			buf_putc(&r->out, ',');
		write_event(&r->out, &ev[i]);
	}
	free(p);
	free(ev);
	return buf_puts(&r->out, "]}\n");
}

/* After a write: reloads t from the store and answers it in full. */
static int reload_full(http_req *r, task *t, cdate today)
{
	err e;
	err_clear(&e);
	int rc = store_task_get(r->store, t->id, t, &e);
	return rc ? api_task_fail(r, rc, &e, NULL) : write_task_full(r, t, today);
}

int api_task_get(http_req *r)
{
	task t;
	cdate today;
	int rc = api_task_load(r, &t);
	if (!rc)
		rc = api_lock_today(r, &today);
	return rc ? rc : write_task_full(r, &t, today);
}

/* ---- PUT /api/tasks/{id} ----------------------------------------------------------- */

int api_task_put(http_req *r)
{
	api_val f[TF_N];
	json_t *j = NULL;
	task *t = malloc(sizeof *t);
	cdate today, new_due = {0};
	err e;
	err_clear(&e);
	int rc = t ? api_task_load(r, t) : http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ");
	if (!rc)
		rc = can_change(r, t);
	if (!rc)
		rc = api_json_body(r, &j);
	if (!rc)
		rc = api_json_fields(r, j, task_fields, TF_MEETING, f);
	if (!rc)
		rc = api_lock_today(r, &today);
	if (rc)
		goto done;
	cdate old_due = t->due;
	if ((rc = apply_fields(r, f, t, &new_due)))
		goto done;
	if (f[TF_DUE].present && cdate_cmp(new_due, old_due) > 0) {
		rc = http_fail(r, ERR_INVALID, "due",
			       "thời hạn mới muộn hơn thời hạn hiện tại: đó là gia hạn, hãy dùng"
			       " POST /api/tasks/%lld/extend với lý do",
			       (long long)t->id);
		goto done;
	}
	if (t->state != TASK_OPEN && f[TF_DUE].present && cdate_cmp(new_due, old_due)) {
		rc = http_fail(r, ERR_CONFLICT, "due", "nhiệm vụ đã hoàn thành hoặc đã hủy: không đổi được thời hạn");
		goto done;
	}
	if ((rc = task_save(r, t)))
		goto done;
	rc = reload_full(r, t, today);
done:
	json_decref(j);
	free(t);
	return rc;
}

/* ---- extend, cancel, reopen ---------------------------------------------------------- */

enum { ACT_EXTEND, ACT_CANCEL, ACT_REOPEN };

static int task_action(http_req *r, int act)
{
	static const api_field with_due[] = {
		{"due", API_STR, true, 32, 0, 0},
		{"reason", API_STR, true, TASK_REASON_MAX, 0, 0},
	};
	static const api_field reason_only[] = {
		{"reason", API_STR, true, TASK_REASON_MAX, 0, 0},
	};
	api_val f[2];
	json_t *j = NULL;
	task *t = malloc(sizeof *t);
	cdate today;
	err e;
	err_clear(&e);
	int rc = t ? api_task_load(r, t) : http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ");
	if (!rc)
		rc = can_change(r, t);
	if (!rc)
		rc = api_json_body(r, &j);
	if (!rc)
		rc = act == ACT_EXTEND ? api_json_fields(r, j, with_due, 2, f) : api_json_fields(r, j, reason_only, 1, f);
	if (!rc)
		rc = api_lock_today(r, &today);
	if (rc)
		goto done;
	const char *reason = act == ACT_EXTEND ? f[1].s : f[0].s;
	if (!text_utf8_valid(reason, strlen(reason)) || api_task_blank(reason)) {
		rc = http_fail(r, ERR_INVALID, "reason", "cần ghi lý do");
		goto done;
	}
	if (act == ACT_EXTEND) {
		task tmp;
		memset(&tmp, 0, sizeof tmp);
		if ((rc = task_parse_due(f[0].s, &tmp, &e))) {
			rc = http_fail(r, rc, "due", "%s", e.msg);
			goto done;
		}
		rc = task_extend(r->store, t->id, tmp.due, reason, &e);
	} else if (act == ACT_CANCEL) {
		rc = task_cancel(r->store, t->id, reason, &e);
	} else {
		rc = task_reopen(r->store, t->id, reason, &e);
	}
	if (rc) {
		static const char *const names[] = {"reason", "due"};
		rc = api_task_fail(r, rc, &e, rc == ERR_INVALID ? api_task_field_of(e.msg, names, 2, "reason") : NULL);
		goto done;
	}
	rc = reload_full(r, t, today);
done:
	json_decref(j);
	free(t);
	return rc;
}

int api_task_extend(http_req *r) { return task_action(r, ACT_EXTEND); }
int api_task_cancel(http_req *r) { return task_action(r, ACT_CANCEL); }
int api_task_reopen(http_req *r) { return task_action(r, ACT_REOPEN); }

