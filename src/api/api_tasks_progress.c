/*
 * api_tasks_progress.c - progress reports over HTTP: POST
 * /api/tasks/{id}/progress (text, percent, date, done, an optional base64
 * attachment of at most ATTACH_MAX bytes) by the lead only, and GET
 * /api/tasks/{id}/progress/{pid}/attachment (the bytes as stored, served
 * with a harmless Content-Type).
 *
 * Not for: the rules of a report (task_check_progress, applied by
 * task_progress_add of core/task_ops.c) or its storage.
 */
#include "api/api_tasks.h"
#include "api/api_int.h"
#include "api/api_locks.h"
#include "core/task_ops.h"
#include "util/text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <strings.h>

#include <sodium.h>

/* ---- progress ------------------------------------------------------------------------------ */

/* May r's user report for t's lead? 0, or 403 naming why. */
static int can_report(http_req *r, const task *t)
{
	const auth_principal *p = r->who;
	err e;
	err_clear(&e);
	if (p->user.role == ROLE_ADMIN)
		return 0;
	if (t->lead_agency[0]) {
		if (p->user.role == ROLE_DEPARTMENT && !strcmp(p->user.agency_code, t->lead_agency))
			return 0;
		return http_fail(r, ERR_FORBIDDEN, NULL,
				 "chỉ cơ quan chủ trì (%s) báo cáo tiến độ nhiệm vụ số %lld; người dùng %s không thuộc"
				 " cơ quan này",
				 t->lead_agency, (long long)t->id, p->user.login);
	}
	int rc = auth_can_enter(r->store, p, t->lead_unit, NULL, &e);
	if (rc == ERR_FORBIDDEN)
		return http_fail(r, rc, NULL,
				 "chỉ đơn vị chủ trì (%s) báo cáo tiến độ nhiệm vụ số %lld; người dùng %s không được"
				 " nhập cho đơn vị này",
				 t->lead_unit, (long long)t->id, p->user.login);
	return rc ? api_task_fail(r, rc, &e, NULL) : 0;
}

/* A media type as given: "type/subtype" of token characters, else ERR_INVALID. */
static bool media_type_ok(const char *s)
{
	size_t n = strlen(s), slash = 0;
	if (!n || n >= 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '/') {
			if (slash++ || !i || i == n - 1)
				return false;
		} else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			     strchr("!#$&^_.+-", c))) {
			return false;
		}
	}
	return slash == 1;
}

/* The body field a core or store message about a progress report is about. */
static const char *progress_field(const char *msg)
{
	/* the core's names (in parentheses in its messages), then the body's */
	static const char *const core[] = {"attach_name", "attach_type", "attach_size", "percent", "date", "text"};
	static const char *const body[] = {"attachment_name", "attachment_type", "attachment_base64", "percent",
					   "date", "text"};
	const char *f = api_task_field_of(msg, core, sizeof core / sizeof *core, NULL);
	for (size_t i = 0; f && i < sizeof core / sizeof *core; i++)
		if (!strcmp(f, core[i]))
			return body[i];
	return strstr(msg, "tệp đính kèm") ? "attachment_base64" : "text";
}

int api_task_progress(http_req *r)
{
	static const api_field fields[] = {
		{"text", API_STR, true, PROGRESS_TEXT_MAX, 0, 0},
		{"percent", API_INT, true, 0, 0, 100},
		{"date", API_STR, false, 16, 0, 0},
		{"done", API_BOOL, false, 0, 0, 0},
		{"attachment_name", API_STR, false, ATTACH_NAME_MAX, 0, 0},
		{"attachment_type", API_STR, false, 64, 0, 0},
		{"attachment_base64", API_STR, false, 0, 0, 0},
	};
	enum { F_TEXT, F_PCT, F_DATE, F_DONE, F_ANAME, F_ATYPE, F_ADATA, F_N };
	api_val f[F_N];
	json_t *j = NULL;
	unsigned char *data = NULL;
	size_t len = 0;
	task *t = malloc(sizeof *t);
	task_progress *p = calloc(1, sizeof *p);
	cdate today;
	err e;
	err_clear(&e);
	int rc = t && p ? api_task_load(r, t) : http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ");
	if (!rc)
		rc = can_report(r, t);
	if (!rc)
		rc = api_json_body(r, &j);
	if (!rc)
		rc = api_json_fields(r, j, fields, F_N, f);
	if (!rc)
		rc = api_lock_today(r, &today);
	if (rc)
		goto done;
	p->task_id = t->id;
	snprintf(p->lead_code, sizeof p->lead_code, "%s", api_task_lead_code(t));
	if ((rc = api_json_text(r, p->text, sizeof p->text, f[F_TEXT].s, "text")))
		goto done;
	if (api_task_blank(p->text)) {
		rc = http_fail(r, ERR_INVALID, "text", "nội dung báo cáo tiến độ không được để trống");
		goto done;
	}
	p->percent = (int)f[F_PCT].i;
	p->done = f[F_DONE].present && f[F_DONE].b;
	p->date = today;
	if (f[F_DATE].present && (rc = vn_parse_date(f[F_DATE].s, &p->date, &e))) {
		rc = http_fail(r, rc, "date", "%s", e.msg);
		goto done;
	}
	/* A task is done on the day its lead says so: a lead may not date its
	 * completion back to meet the deadline. Only an administrator, keying in
	 * completions reported on paper, gives an earlier day. */
	if (p->done && cdate_cmp(p->date, today) != 0 && r->who->user.role != ROLE_ADMIN) {
		rc = http_fail(r, ERR_INVALID, "date",
			       "báo cáo hoàn thành mang ngày hôm nay; chỉ quản trị mới ghi ngày hoàn thành "
			       "trước đó");
		goto done;
	}
	bool has_name = f[F_ANAME].present && f[F_ANAME].s[0], has_data = f[F_ADATA].present;
	if (has_name != has_data) {
		rc = http_fail(r, ERR_INVALID, has_name ? "attachment_base64" : "attachment_name",
			       "tệp đính kèm cần cả tên (attachment_name) và nội dung (attachment_base64)");
		goto done;
	}
	if (has_data) {
		const char *b64 = f[F_ADATA].s;
		size_t b64len = strlen(b64);
		const char *end = NULL;
		if ((rc = api_json_text(r, p->attach_name, sizeof p->attach_name, f[F_ANAME].s, "attachment_name")))
			goto done;
		const char *type = f[F_ATYPE].present && f[F_ATYPE].s[0] ? f[F_ATYPE].s : "application/octet-stream";
		if (!media_type_ok(type)) {
			rc = http_fail(r, ERR_INVALID, "attachment_type",
				       "kiểu tệp \"%s\" không hợp lệ (cần dạng application/pdf)", type);
			goto done;
		}
		snprintf(p->attach_type, sizeof p->attach_type, "%s", type);
		size_t max = b64len / 4 * 3 + 3;
		if (max > (size_t)ATTACH_MAX + 3)
			max = (size_t)ATTACH_MAX + 3; /* one more byte than allowed shows a too big file */
		data = malloc(max ? max : 1);
		if (!data) {
			rc = http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ");
			goto done;
		}
		if (sodium_base642bin(data, max, b64, b64len, " \r\n\t", &len, &end, sodium_base64_VARIANT_ORIGINAL) ||
		    end != b64 + b64len) {
			if (max == (size_t)ATTACH_MAX + 3 && b64len / 4 * 3 > (size_t)ATTACH_MAX)
				rc = http_fail(r, ERR_TOOBIG, "attachment_base64", "tệp đính kèm quá lớn: tối đa %d byte",
					       ATTACH_MAX);
			else
				rc = http_fail(r, ERR_INVALID, "attachment_base64",
					       "nội dung tệp đính kèm không phải base64 hợp lệ");
			goto done;
		}
		if (len > (size_t)ATTACH_MAX) {
			rc = http_fail(r, ERR_TOOBIG, "attachment_base64", "tệp đính kèm quá lớn: tối đa %d byte",
				       ATTACH_MAX);
			goto done;
		}
		p->attach_size = (int64_t)len;
	}
	snprintf(p->by, sizeof p->by, "%s", r->who->user.login);
	if ((rc = task_progress_check(p, today, &e)) ||
	    (rc = task_progress_add(r->store, p, has_data ? data : NULL, len, &e))) {
		rc = api_task_fail(r, rc, &e, rc == ERR_INVALID || rc == ERR_TOOBIG ? progress_field(e.msg) : NULL);
		goto done;
	}
	if ((rc = store_task_get(r->store, t->id, t, &e))) {
		rc = api_task_fail(r, rc, &e, NULL);
		goto done;
	}
	r->status = 201;
	buf_puts(&r->out, "{\"progress\":");
	api_task_write_progress(&r->out, p, t->id);
	buf_puts(&r->out, ",\"task\":");
	api_task_write(r, &r->out, t, today);
	buf_puts(&r->out, "}\n");
done:
	json_decref(j);
	free(data);
	free(t);
	free(p);
	return rc;
}

/* The Content-Type an attachment is served with: a known harmless type as
 * stored, anything else (HTML, SVG, scripts) as application/octet-stream. */
static const char *served_type(const char *t)
{
	static const char *const ok[] = {
		"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "application/zip",
		"application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"application/vnd.openxmlformats-officedocument.presentationml.presentation",
		"application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
	};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		if (!strcasecmp(t, ok[i]))
			return ok[i];
	if (!strcasecmp(t, "text/plain"))
		return "text/plain; charset=utf-8";
	if (!strcasecmp(t, "text/csv"))
		return "text/csv; charset=utf-8";
	return "application/octet-stream";
}

int api_task_attachment(http_req *r)
{
	task t;
	int64_t pid;
	int rc = api_task_load(r, &t);
	if (!rc)
		rc = api_task_path_id(r, "pid", &pid);
	if (rc)
		return rc;
	task_progress p;
	void *data = NULL;
	size_t len = 0;
	err e;
	err_clear(&e);
	if ((rc = store_task_attachment(r->store, pid, &p, &data, &len, &e)))
		return api_task_fail(r, rc, &e, rc == ERR_NOTFOUND ? "pid" : NULL);
	if (p.task_id != t.id) {
		free(data);
		return http_fail(r, ERR_NOTFOUND, "pid", "nhiệm vụ số %lld không có báo cáo tiến độ số %lld",
				 (long long)t.id, (long long)pid);
	}
	r->content_type = served_type(p.attach_type);
	http_set_download(r, p.attach_name[0] ? p.attach_name : "dinh-kem", false);
	buf_reset(&r->out);
	rc = buf_append(&r->out, data, len);
	free(data);
	return rc ? http_fail(r, rc, NULL, "tệp đính kèm quá lớn để gửi") : 0;
}
