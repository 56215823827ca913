/*
 * api_tasks_meetings.c - meetings over HTTP (issue #5): list (filters unit,
 * kind, from, to; only meetings of units the user may view), create, read
 * with its tasks, edit, delete (only a meeting without tasks), the
 * conclusions notice (text, Markdown or HTML) and the agenda (the open tasks
 * the holding unit's earlier meetings of the same kind gave: "the agenda
 * starts from what is still open").
 *
 * See a meeting: view scope over its holding unit. Create, edit, delete:
 * an administrator, or a leader with view scope over the holding unit
 * (api_task_can_assign).
 *
 * Not for: the notice's text (core/task_notice.c), SQL (store.h), tasks
 * (api_tasks.c).
 */
#include "api/api_tasks.h"
#include "api/api_int.h"
#include "api/api_locks.h"
#include "core/task_notice.h"
#include "core/task_ops.h"
#include "report/report.h"
#include "util/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading and writing ---------------------------------------------------- */

static void write_meeting(http_req *r, buf *b, const meeting *m)
{
	err e;
	err_clear(&e);
	unit u;
	char uname[NAME_MAX_ + 64] = "";
	if (!store_unit_get(r->store, m->unit_code, &u, &e))
		snprintf(uname, sizeof uname, "%s %s", unit_type_label(u.type), u.name);
	buf_printf(b, "{\"id\":%lld,", (long long)m->id);
	jsonw_kv_str(b, "kind", meeting_kind_code(m->kind), true);
	jsonw_kv_str(b, "kind_label", meeting_kind_label(m->kind), true);
	jsonw_kv_str(b, "title", m->title, true);
	api_task_kv_date(b, "date", m->date, true);
	if (m->time_min >= 0)
		buf_printf(b, "\"time\":\"%02d:%02d\",", m->time_min / 60, m->time_min % 60);
	else
		buf_puts(b, "\"time\":null,");
	jsonw_kv_str(b, "unit", m->unit_code, true);
	jsonw_kv_str(b, "unit_name", uname, true);
	jsonw_kv_str(b, "chair", m->chair, true);
	jsonw_kv_str(b, "attendees", m->attendees, true);
	api_task_kv_codes(b, "units", m->units, m->n_units);
	if (m->has_period) {
		buf_puts(b, "\"period\":\"");
		period_format_code(b, &m->period);
		buf_puts(b, "\",\"period_label\":");
		buf lbl;
		buf_init(&lbl, 256);
		period_format_label(&lbl, &m->period);
		buf_json_str(b, lbl.data ? lbl.data : "");
		buf_free(&lbl);
		buf_putc(b, ',');
	} else {
		buf_puts(b, "\"period\":null,\"period_label\":null,");
	}
	api_task_kv_codes(b, "indicators", m->indicators, m->n_indicators);
	jsonw_kv_str(b, "conclusions", m->conclusions, true);
	api_task_kv_opt(b, "notice_no", m->notice_no);
	jsonw_kv_str(b, "created_by", m->created_by, true);
	buf_printf(b, "\"created_at\":%lld}", (long long)m->created_at);
}

enum { MF_KIND, MF_TITLE, MF_DATE, MF_TIME, MF_UNIT, MF_CHAIR, MF_ATTENDEES, MF_UNITS, MF_PERIOD,
       MF_INDICATORS, MF_CONCLUSIONS, MF_NOTICE_NO, MF_N };

static const api_field meeting_fields[MF_N] = {
	{"kind", API_STR, false, 16, 0, 0},
	{"title", API_STR, false, MEETING_TITLE_MAX, 0, 0},
	{"date", API_STR, false, 16, 0, 0},
	{"time", API_STR, false, 8, 0, 0},
	{"unit", API_STR, false, CODE_MAX, 0, 0},
	{"chair", API_STR, false, NAME_MAX_, 0, 0},
	{"attendees", API_STR, false, MEETING_TEXT_MAX, 0, 0},
	{"units", API_CODES, false, MEETING_UNITS_MAX, 0, 0},
	{"period", API_STR, false, 16, 0, 0},
	{"indicators", API_CODES, false, MEETING_INDICATORS_MAX, 0, 0},
	{"conclusions", API_STR, false, MEETING_TEXT_MAX, 0, 0},
	{"notice_no", API_STR, false, CODE_MAX * 2, 0, 0},
};

/* "08:30" or "8:30" into minutes after midnight; -1 for "". */
static int parse_time(http_req *r, const char *s, int *out)
{
	int h = 0, m = 0, i = 0, digits = 0;
	if (!*s) {
		*out = -1;
		return 0;
	}
	for (; s[i] >= '0' && s[i] <= '9' && digits < 2; i++, digits++)
		h = h * 10 + (s[i] - '0');
	if (!digits || s[i] != ':' || !(s[i + 1] >= '0' && s[i + 1] <= '9' && s[i + 2] >= '0' && s[i + 2] <= '9') ||
	    s[i + 3])
		return http_fail(r, ERR_INVALID, "time", "giờ họp \"%s\" phải có dạng HH:MM (08:30)", s);
	m = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
	if (h > 23 || m > 59)
		return http_fail(r, ERR_INVALID, "time", "giờ họp \"%s\" không có thật", s);
	*out = h * 60 + m;
	return 0;
}

/* Applies the fields present in f to m. */
static int apply_meeting(http_req *r, const api_val *f, meeting *m)
{
	err e;
	err_clear(&e);
	int rc;
	if (f[MF_KIND].present && (rc = meeting_kind_from_code(f[MF_KIND].s, &m->kind, &e)))
		return http_fail(r, rc, "kind", "%s", e.msg);
	if (f[MF_TITLE].present && (rc = api_json_text(r, m->title, sizeof m->title, f[MF_TITLE].s, "title")))
		return rc;
	if (f[MF_DATE].present && (rc = vn_parse_date(f[MF_DATE].s, &m->date, &e)))
		return http_fail(r, rc, "date", "%s", e.msg);
	if (f[MF_TIME].present && (rc = parse_time(r, f[MF_TIME].s, &m->time_min)))
		return rc;
	if (f[MF_UNIT].present && (rc = api_json_text(r, m->unit_code, sizeof m->unit_code, f[MF_UNIT].s, "unit")))
		return rc;
	if (f[MF_CHAIR].present && (rc = api_json_text(r, m->chair, sizeof m->chair, f[MF_CHAIR].s, "chair")))
		return rc;
	if (f[MF_ATTENDEES].present &&
	    (rc = api_json_text(r, m->attendees, sizeof m->attendees, f[MF_ATTENDEES].s, "attendees")))
		return rc;
	if (f[MF_UNITS].present)
		api_task_codes_into(&f[MF_UNITS], m->units, &m->n_units);
	if (f[MF_PERIOD].present) {
		m->has_period = f[MF_PERIOD].s[0] != '\0';
		if (m->has_period && (rc = period_parse(f[MF_PERIOD].s, &m->period, &e)))
			return http_fail(r, rc, "period", "%s", e.msg);
	}
	if (f[MF_INDICATORS].present)
		api_task_codes_into(&f[MF_INDICATORS], m->indicators, &m->n_indicators);
	if (f[MF_CONCLUSIONS].present &&
	    (rc = api_json_text(r, m->conclusions, sizeof m->conclusions, f[MF_CONCLUSIONS].s, "conclusions")))
		return rc;
	if (f[MF_NOTICE_NO].present &&
	    (rc = api_json_text(r, m->notice_no, sizeof m->notice_no, f[MF_NOTICE_NO].s, "notice_no")))
		return rc;
	return 0;
}

static const char *const MEETING_FIELDS[] = {"kind",	   "title",	"date",	      "time",  "indicators",
					     "conclusions", "attendees", "notice_no", "chair", "period",
					     "units",	   "unit"};

/* meeting_check, then meeting_put (the rules, the codes, the store); r failed with the field on error. */
static int meeting_save(http_req *r, meeting *m)
{
	err e;
	err_clear(&e);
	int rc;
	size_t nf = sizeof MEETING_FIELDS / sizeof *MEETING_FIELDS;
	if (api_task_blank(m->title))
		return http_fail(r, ERR_INVALID, "title", "tên cuộc họp không được để trống");
	if ((rc = meeting_check(m, &e)))
		return api_task_fail(r, rc, &e, api_task_field_of(e.msg, MEETING_FIELDS, nf, NULL));
	/* an unknown code is bad input (400) naming its field */
	if ((rc = meeting_put(r->store, m, &e))) {
		const char *field = rc == ERR_DB || rc == ERR_NOMEM ? NULL : api_task_field_of(e.msg, MEETING_FIELDS, nf, NULL);
		return api_task_fail(r, rc == ERR_NOTFOUND && field ? ERR_INVALID : rc, &e, field);
	}
	return 0;
}

/* Allocates *out (freed by the caller, also on failure) and loads meeting {id}
 * into it, checking r's user may view its unit (400, 404, 403). */
static int load_meeting(http_req *r, meeting **out)
{
	meeting *m = *out = malloc(sizeof *m);
	if (!m)
		return http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ");
	int64_t id;
	int rc = api_task_path_id(r, "id", &id);
	if (rc)
		return rc;
	err e;
	err_clear(&e);
	if ((rc = store_meeting_get(r->store, id, m, &e)))
		return api_task_fail(r, rc, &e, rc == ERR_NOTFOUND ? "id" : NULL);
	if ((rc = auth_can_view(r->store, r->who, m->unit_code, &e)))
		return api_task_fail(r, rc, &e, "id");
	return 0;
}

/* ---- GET /api/meetings ---------------------------------------------------------- */

/* Meetings read from the store at a time by the list. */
#define MEETING_PAGE 512

/* Sets *yes when r's user may view unit_code, asking auth once per unit (seen
 * remembers the answers; past API_TASK_SEEN_MAX units it asks again). */
static int unit_visible(http_req *r, const char *unit_code, api_task_seen *seen, bool *yes)
{
	for (int i = 0; i < seen->n; i++)
		if (!strcmp(seen->code[i], unit_code)) {
			*yes = seen->yes[i];
			return 0;
		}
	err e;
	err_clear(&e);
	int rc = auth_can_view(r->store, r->who, unit_code, &e);
	if (rc && rc != ERR_FORBIDDEN)
		return api_task_fail(r, rc, &e, NULL);
	*yes = !rc;
	if (seen->n < API_TASK_SEEN_MAX) {
		snprintf(seen->code[seen->n], CODE_MAX, "%s", unit_code);
		seen->yes[seen->n++] = *yes;
	}
	return 0;
}

int api_meetings_list(http_req *r)
{
	long limit, offset;
	const char *unit_code, *kind_s, *from_s, *to_s;
	int rc;
	err e;
	err_clear(&e);
	store_meeting_filter f;
	memset(&f, 0, sizeof f);
	if ((rc = api_task_page(r, &limit, &offset)) || (rc = api_task_query_code(r, "unit", &unit_code)) ||
	    (rc = api_task_query_code(r, "kind", &kind_s)) || (rc = api_task_query_code(r, "from", &from_s)) ||
	    (rc = api_task_query_code(r, "to", &to_s)))
		return rc;
	if (kind_s) {
		meeting_kind k;
		if ((rc = meeting_kind_from_code(kind_s, &k, &e)))
			return http_fail(r, rc, "kind", "%s", e.msg);
		f.kind = (int)k;
	}
	if (from_s && (rc = vn_parse_date(from_s, &f.from, &e)))
		return http_fail(r, rc, "from", "%s", e.msg);
	if (to_s && (rc = vn_parse_date(to_s, &f.to, &e)))
		return http_fail(r, rc, "to", "%s", e.msg);
	if (unit_code && (rc = auth_can_view(r->store, r->who, unit_code, &e)))
		return api_task_fail(r, rc, &e, "unit");
	f.unit_code = unit_code;
	/* Page by page through the store (a meeting is ~23 KB in memory: 20.000
	 * of them at once took the server to 1 GB for one ward's empty list);
	 * visibility is decided per holding unit, remembered in `seen`. */
	api_task_seen seen;
	seen.n = 0;
	size_t total = 0, shown = 0;
	meeting *last = malloc(sizeof *last);
	if (!last)
		return http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ");
	f.limit = MEETING_PAGE;
	buf_puts(&r->out, "{\"items\":[");
	for (bool more = true; more && !rc;) {
		meeting *m = NULL;
		size_t n = 0;
		if ((rc = store_meeting_list(r->store, &f, &m, &n, &e))) {
			rc = api_task_fail(r, rc, &e, NULL);
			break;
		}
		more = n == MEETING_PAGE;
		if (n) {
			*last = m[n - 1];
			f.after = last;
		}
		for (size_t i = 0; i < n && !rc; i++) {
			bool yes = false;
			if ((rc = unit_visible(r, m[i].unit_code, &seen, &yes)) || !yes)
				continue;
			if (total++ < (size_t)offset || shown >= (size_t)limit)
				continue;
			if (shown++)
				buf_putc(&r->out, ',');
			write_meeting(r, &r->out, &m[i]);
		}
		free(m);
	}
	free(last);
	if (rc)
		return rc;
	return buf_printf(&r->out, "],\"total\":%zu,\"limit\":%ld,\"offset\":%ld}\n", total, limit, offset);
}

/* ---- POST /api/meetings, PUT and DELETE /api/meetings/{id} ------------------------- */

int api_meeting_post(http_req *r)
{
	api_val f[MF_N];
	json_t *j = NULL;
	meeting *m = calloc(1, sizeof *m);
	int rc = m ? 0 : http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ");
	if (!rc && r->who->user.role != ROLE_ADMIN && r->who->user.role != ROLE_LEADER)
		rc = api_task_can_assign(r, "", NULL);
	if (!rc)
		rc = api_json_body(r, &j);
	if (!rc)
		rc = api_json_fields(r, j, meeting_fields, MF_N, f);
	if (rc)
		goto done;
	static const int required[] = {MF_KIND, MF_TITLE, MF_DATE, MF_UNIT};
	for (size_t i = 0; i < sizeof required / sizeof *required; i++)
		if (!f[required[i]].present) {
			const char *nm = meeting_fields[required[i]].name;
			rc = http_fail(r, ERR_INVALID, nm, "thiếu trường \"%s\"", nm);
			goto done;
		}
	m->time_min = -1;
	if ((rc = apply_meeting(r, f, m)) || (rc = api_task_can_assign(r, m->unit_code, "unit")))
		goto done;
	snprintf(m->created_by, sizeof m->created_by, "%s", r->who->user.login);
	if ((rc = meeting_save(r, m)))
		goto done;
	r->status = 201;
	write_meeting(r, &r->out, m);
	buf_putc(&r->out, '\n');
done:
	json_decref(j);
	free(m);
	return rc;
}

int api_meeting_put(http_req *r)
{
	api_val f[MF_N];
	json_t *j = NULL;
	meeting *m;
	int rc = load_meeting(r, &m);
	if (!rc)
		rc = api_task_can_assign(r, m->unit_code, "id");
	if (!rc)
		rc = api_json_body(r, &j);
	if (!rc)
		rc = api_json_fields(r, j, meeting_fields, MF_N, f);
	if (rc)
		goto done;
	char old_unit[CODE_MAX];
	snprintf(old_unit, sizeof old_unit, "%s", m->unit_code);
	if ((rc = apply_meeting(r, f, m)))
		goto done;
	if (strcmp(old_unit, m->unit_code)) {
		/* the tasks given at it belong to the holding unit: it cannot move under them */
		store_task_filter tf;
		memset(&tf, 0, sizeof tf);
		tf.meeting_id = m->id;
		task *t = NULL;
		size_t n = 0;
		err e;
		err_clear(&e);
		if ((rc = api_task_can_assign(r, m->unit_code, "unit")))
			goto done;
		if ((rc = store_task_list(r->store, &tf, &t, &n, &e))) {
			rc = api_task_fail(r, rc, &e, NULL);
			goto done;
		}
		free(t);
		if (n) {
			rc = http_fail(r, ERR_CONFLICT, "unit",
				       "cuộc họp số %lld đã giao %zu nhiệm vụ thuộc đơn vị %s: không đổi được đơn vị chủ trì họp",
				       (long long)m->id, n, old_unit);
			goto done;
		}
	}
	if ((rc = meeting_save(r, m)))
		goto done;
	write_meeting(r, &r->out, m);
	buf_putc(&r->out, '\n');
done:
	json_decref(j);
	free(m);
	return rc;
}

int api_meeting_delete(http_req *r)
{
	meeting *m;
	int rc = load_meeting(r, &m);
	if (!rc)
		rc = api_task_can_assign(r, m->unit_code, "id");
	if (!rc) {
		err e;
		err_clear(&e);
		if ((rc = meeting_delete(r->store, m->id, &e)))
			rc = api_task_fail(r, rc, &e, NULL);
		else
			buf_printf(&r->out, "{\"deleted\":%lld}\n", (long long)m->id);
	}
	free(m);
	return rc;
}

/* ---- GET /api/meetings/{id} and its notice ---------------------------------------------- */

int api_meeting_get(http_req *r)
{
	api_task_seen seen;
	seen.n = 0;
	meeting *m;
	task *t = NULL;
	size_t n = 0;
	cdate today;
	err e;
	err_clear(&e);
	int rc = load_meeting(r, &m);
	if (!rc)
		rc = api_lock_today(r, &today);
	if (rc)
		goto done;
	store_task_filter tf;
	memset(&tf, 0, sizeof tf);
	tf.meeting_id = m->id;
	if ((rc = store_task_list(r->store, &tf, &t, &n, &e))) {
		rc = api_task_fail(r, rc, &e, NULL);
		goto done;
	}
	write_meeting(r, &r->out, m);
	r->out.data[--r->out.len] = '\0'; /* reopen the object for its tasks */
	buf_puts(&r->out, ",\"tasks\":[");
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		bool yes;
		if ((rc = api_task_visible(r, &t[i], &seen, &yes)))
			goto done;
		if (!yes)
			continue;
		if (!first)
			buf_putc(&r->out, ',');
		first = false;
		api_task_write(r, &r->out, &t[i], today);
	}
	buf_puts(&r->out, "]}\n");
done:
	free(t);
	free(m);
	return rc;
}

int api_meeting_notice(http_req *r)
{
	static const struct {
		const char *code;
		int fmt;
		const char *type;
	} forms[] = {
		{"text", NOTICE_TEXT, "text/plain; charset=utf-8"},
		{"markdown", NOTICE_MARKDOWN, "text/markdown; charset=utf-8"},
		{"html", NOTICE_HTML, "text/html; charset=utf-8"},
		{"docx", REPORT_DOCX, NULL}, /* the document model through the report's writers */
		{"pdf", REPORT_PDF, NULL},
	};
	const char *fs = http_query(r, "format");
	size_t k = 0;
	if (fs && *fs) {
		while (k < sizeof forms / sizeof *forms && strcmp(forms[k].code, fs))
			k++;
		if (k == sizeof forms / sizeof *forms)
			return http_fail(r, ERR_INVALID, "format", "định dạng \"%s\" không có: dùng text, markdown, html, docx hoặc pdf",
					 text_utf8_valid(fs, strlen(fs)) && strlen(fs) < 32 ? fs : "?");
	}
	meeting *m;
	int rc = load_meeting(r, &m);
	if (!rc) {
		err e;
		err_clear(&e);
		buf_reset(&r->out);
		if (forms[k].type) {
			rc = meeting_notice_write(r->store, m->id, forms[k].fmt, &r->out, &e);
		} else {
			report_doc d;
			if ((rc = meeting_notice_doc(r->store, m->id, &d, &e)) == 0)
				rc = report_write(&r->out, &d, (report_format)forms[k].fmt, &e);
			report_doc_free(&d);
		}
		if (rc) {
			buf_reset(&r->out);
			rc = api_task_fail(r, rc, &e, NULL);
		} else if (forms[k].type) {
			r->content_type = forms[k].type;
		} else {
			/* "thong-bao-12.pdf", downloaded like the report's office files */
			char name[64];
			r->content_type = report_format_media_type((report_format)forms[k].fmt);
			snprintf(name, sizeof name, "thong-bao-%lld.%s", (long long)m->id,
				 report_format_ext((report_format)forms[k].fmt));
			http_set_download(r, name, false);
		}
	}
	free(m);
	return rc;
}

/* ---- GET /api/meetings/{id}/agenda ------------------------------------------------------- */

int api_meeting_agenda(http_req *r)
{
	api_task_seen seen;
	seen.n = 0;
	meeting *m, *prev = NULL;
	task *t = NULL;
	size_t n = 0, np = 0, n_over = 0, n_open = 0;
	cdate today;
	err e;
	err_clear(&e);
	int rc = load_meeting(r, &m);
	if (!rc)
		rc = api_lock_today(r, &today);
	if (rc)
		goto done;
	/* the earlier meetings of the same kind held by the same unit */
	store_meeting_filter mf;
	memset(&mf, 0, sizeof mf);
	mf.unit_code = m->unit_code;
	mf.kind = (int)m->kind;
	mf.to = m->date;
	store_task_filter tf;
	memset(&tf, 0, sizeof tf);
	tf.owner_unit = m->unit_code;
	tf.open_only = true;
	if ((rc = store_meeting_list(r->store, &mf, &prev, &np, &e)) ||
	    (rc = store_task_list(r->store, &tf, &t, &n, &e))) {
		rc = api_task_fail(r, rc, &e, NULL);
		goto done;
	}
	api_task_overdue_first(t, n, today);
	buf *b = &r->out;
	buf_puts(b, "{\"meeting\":{");
	buf_printf(b, "\"id\":%lld,", (long long)m->id);
	jsonw_kv_str(b, "title", m->title, true);
	api_task_kv_date(b, "date", m->date, true);
	jsonw_kv_str(b, "kind", meeting_kind_code(m->kind), true);
	jsonw_kv_str(b, "unit", m->unit_code, false);
	buf_puts(b, "},");
	api_task_kv_date(b, "today", today, true);
	buf_puts(b, "\"items\":[");
	for (size_t i = 0; i < n; i++) {
		const meeting *from = NULL;
		for (size_t k = 0; k < np && !from; k++)
			if (prev[k].id == t[i].meeting_id && prev[k].id != m->id &&
			    (cdate_cmp(prev[k].date, m->date) < 0 || prev[k].id < m->id))
				from = &prev[k];
		if (!from)
			continue;
		bool yes;
		if ((rc = api_task_visible(r, &t[i], &seen, &yes)))
			goto done;
		if (!yes)
			continue;
		if (task_status_on(&t[i], today) == TASK_ST_OVERDUE)
			n_over++;
		if (n_open++)
			buf_putc(b, ',');
		api_task_write(r, b, &t[i], today);
		b->data[--b->len] = '\0'; /* reopen it to name the meeting it came from */
		buf_puts(b, ",\"from_meeting\":{");
		buf_printf(b, "\"id\":%lld,", (long long)from->id);
		jsonw_kv_str(b, "title", from->title, true);
		api_task_kv_date(b, "date", from->date, false);
		buf_puts(b, "}}");
	}
	buf_printf(b, "],\"open\":%zu,\"overdue\":%zu}\n", n_open, n_over);
done:
	free(prev);
	free(t);
	free(m);
	return rc;
}
