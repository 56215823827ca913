/*
 * api_notify.c - the routes of notifications (issue #15): a user's in-app
 * notices (the bell: GET /api/notices, POST /api/notices/{id}/read,
 * POST /api/notices/read-all), the user's own email address
 * (PUT /api/me/email), and the administrator's configuration and delivery
 * log (GET and PUT /api/notify/config, GET /api/notify/log).
 *
 * A user reads and marks only their own notices. The configuration is
 * answered with its secrets hidden (the SMTP URL without user and password,
 * the webhook secret as "set" or not). Not for: queuing (core/notify.c) or
 * sending (src/notify).
 */
#include "api/api_notify.h"

#include "api/api_int.h"
#include "core/notify.h"
#include "notify/notify_send.h"

#include <stdlib.h>
#include <string.h>

#include "util/html.h"

/* {"unread": n} of the logged-in user. */
static int write_unread(http_req *r)
{
	store_notice *x = NULL;
	size_t n = 0;
	int64_t unread = 0;
	err e;
	err_clear(&e);
	int rc = store_notice_list(r->store, r->who->user.id, true, 1, &x, &n, &unread, &e);
	free(x);
	if (rc)
		return http_fail(r, rc, NULL, "%s", e.msg);
	return buf_printf(&r->out, "{\"unread\":%lld}\n", (long long)unread);
}

int api_notices_list(http_req *r)
{
	const char *q = http_query(r, "unread"), *lim = http_query(r, "limit");
	bool unread_only = q && !strcmp(q, "1");
	if (q && strcmp(q, "1") && strcmp(q, "0"))
		return http_fail(r, ERR_INVALID, "unread", "unread nhận 1 hoặc 0");
	long limit = 50;
	if (lim) {
		char *end;
		limit = strtol(lim, &end, 10);
		if (*end || limit < 1 || limit > 500)
			return http_fail(r, ERR_INVALID, "limit", "limit: từ 1 đến 500");
	}
	store_notice *x = NULL;
	size_t n = 0;
	int64_t unread = 0;
	err e;
	err_clear(&e);
	int rc = store_notice_list(r->store, r->who->user.id, unread_only, (int)limit, &x, &n, &unread, &e);
	if (rc)
		return http_fail(r, rc, NULL, "%s", e.msg);
	buf *b = &r->out;
	buf_printf(b, "{\"unread\":%lld,\"items\":[", (long long)unread);
	for (size_t i = 0; i < n; i++) {
		buf_printf(b, "%s{\"id\":%lld,", i ? "," : "", (long long)x[i].id);
		jsonw_kv_str(b, "kind", x[i].kind, true);
		jsonw_kv_str(b, "subject", x[i].subject, true);
		jsonw_kv_str(b, "body", x[i].body, true);
		jsonw_kv_str(b, "link", x[i].link, true);
		buf_printf(b, "\"created_at\":%lld,\"read\":%s}", (long long)x[i].created_at, x[i].read_at ? "true" : "false");
	}
	free(x);
	return buf_puts(b, "]}\n");
}

int api_notice_read(http_req *r)
{
	const char *p = http_param(r, "id");
	char *end;
	long long id = strtoll(p ? p : "", &end, 10);
	if (!p || !*p || *end || id < 1)
		return http_fail(r, ERR_INVALID, "id", "số thông báo không hợp lệ");
	err e;
	err_clear(&e);
	int rc = store_notice_read(r->store, r->who->user.id, id, r->now, &e);
	if (rc)
		return http_fail(r, rc, "id", "%s", e.msg);
	return write_unread(r);
}

int api_notices_read_all(http_req *r)
{
	err e;
	err_clear(&e);
	int rc = store_notice_read(r->store, r->who->user.id, 0, r->now, &e);
	if (rc)
		return http_fail(r, rc, NULL, "%s", e.msg);
	return write_unread(r);
}

int api_me_email(http_req *r)
{
	static const api_field f[] = {{"email", API_STR, false, EMAIL_MAX, 0, 0}};
	api_val v[1];
	json_t *j = NULL;
	int rc = api_json_body(r, &j);
	if (!rc)
		rc = api_json_fields(r, j, f, 1, v);
	err e;
	err_clear(&e);
	const char *email = !rc && v[0].present ? v[0].s : "";
	if (!rc && (rc = notify_email_check(email, &e)))
		http_fail(r, rc, "email", "%s", e.msg);
	else if (!rc && (rc = store_user_email_set(r->store, r->who->user.id, email, &e)))
		http_fail(r, rc, "email", "%s", e.msg);
	if (!rc) {
		buf_puts(&r->out, "{");
		jsonw_kv_str(&r->out, "email", email, false);
		buf_puts(&r->out, "}\n");
	}
	json_decref(j);
	return rc;
}

/* {"email": bool, "webhook": bool, "quiet": "22:00-06:00" or ""} of the logged-in user. */
static int write_prefs(http_req *r)
{
	store_recipient p;
	err e;
	err_clear(&e);
	int rc = store_notify_pref_get(r->store, r->who->user.id, &p, &e);
	if (rc)
		return http_fail(r, rc, NULL, "%s", e.msg);
	char quiet[16] = "";
	if (p.quiet_from != p.quiet_to)
		snprintf(quiet, sizeof quiet, "%02d:%02d-%02d:%02d", p.quiet_from / 60 % 24, p.quiet_from % 60,
			 p.quiet_to / 60 % 24, p.quiet_to % 60);
	buf_printf(&r->out, "{\"email\":%s,\"webhook\":%s,\"digest\":%s,", p.email_on ? "true" : "false",
		   p.webhook_on ? "true" : "false", p.digest ? "true" : "false");
	jsonw_kv_str(&r->out, "address", p.email, true);
	jsonw_kv_str(&r->out, "quiet", quiet, false);
	return buf_puts(&r->out, "}\n");
}

int api_me_notify_get(http_req *r)
{
	return write_prefs(r);
}

int api_me_notify_put(http_req *r)
{
	static const api_field f[] = {
		{"email", API_BOOL, false, 0, 0, 0},
		{"webhook", API_BOOL, false, 0, 0, 0},
		{"quiet", API_STR, false, 16, 0, 0},
		{"digest", API_BOOL, false, 0, 0, 0},
	};
	api_val v[4];
	json_t *j = NULL;
	int rc = api_json_body(r, &j);
	if (!rc)
		rc = api_json_fields(r, j, f, 4, v);
	store_recipient p;
	err e;
	err_clear(&e);
	int qf = 0, qt = 0;
	if (!rc && (rc = store_notify_pref_get(r->store, r->who->user.id, &p, &e)))
		http_fail(r, rc, NULL, "%s", e.msg);
	if (!rc && v[2].present && (rc = notify_quiet_parse(v[2].s, &qf, &qt, &e)))
		http_fail(r, rc, "quiet", "%s", e.msg);
	if (!rc && !(rc = store_begin(r->store, &e))) {
		if ((v[0].present || v[1].present) &&
		    (rc = store_notify_pref_set(r->store, r->who->user.id, v[0].present ? v[0].b : p.email_on,
						v[1].present ? v[1].b : p.webhook_on, &e)))
			http_fail(r, rc, NULL, "%s", e.msg);
		else if (v[2].present && (rc = store_notify_quiet_set(r->store, r->who->user.id, qf, qt, &e)))
			http_fail(r, rc, "quiet", "%s", e.msg);
		else if (v[3].present && (rc = store_notify_digest_set(r->store, r->who->user.id, v[3].b, &e)))
			http_fail(r, rc, "digest", "%s", e.msg);
		if (rc)
			store_rollback(r->store);
		else if ((rc = store_commit(r->store, &e)))
			http_fail(r, rc, NULL, "%s", e.msg);
	} else if (rc && e.code && !r->e.code) {
		http_fail(r, rc, NULL, "%s", e.msg);
	}
	json_decref(j);
	return rc ? rc : write_prefs(r);
}

/* The configuration, secrets hidden. */
static int write_config(http_req *r)
{
	notify_config c;
	err e;
	err_clear(&e);
	int rc = notify_config_load(r->store, &c, &e);
	if (rc)
		return http_fail(r, rc, NULL, "%s", e.msg);
	char smtp[300] = "", hook[300] = "";
	if (c.smtp_url[0])
		notify_url_safe(c.smtp_url, smtp, sizeof smtp);
	if (c.webhook_url[0])
		notify_url_safe(c.webhook_url, hook, sizeof hook);
	buf *b = &r->out;
	buf_putc(b, '{');
	jsonw_kv_str(b, "smtp_url", smtp, true);
	jsonw_kv_str(b, "from", c.from, true);
	jsonw_kv_str(b, "webhook_url", hook, true);
	buf_printf(b, "\"webhook_secret_set\":%s,", c.webhook_secret[0] ? "true" : "false");
	jsonw_kv_str(b, "base_url", c.base_url, true);
	return buf_printf(b, "\"backoff\":%d,\"timeout\":%d,\"max_attempts\":%d,\"remind_days\":%d}\n", c.backoff,
			  c.timeout, c.max_attempts, c.remind_days);
}

int api_notify_config_get(http_req *r)
{
	return write_config(r);
}

int api_notify_config_put(http_req *r)
{
	static const api_field f[] = {
		{"smtp_url", API_STR, false, NOTIFY_VALUE_MAX, 0, 0},
		{"from", API_STR, false, NOTIFY_VALUE_MAX, 0, 0},
		{"webhook_url", API_STR, false, NOTIFY_VALUE_MAX, 0, 0},
		{"webhook_secret", API_STR, false, NOTIFY_VALUE_MAX, 0, 0},
		{"base_url", API_STR, false, NOTIFY_VALUE_MAX, 0, 0},
		{"backoff", API_STR, false, 16, 0, 0},
		{"timeout", API_STR, false, 16, 0, 0},
		{"max_attempts", API_STR, false, 16, 0, 0},
		{"remind_days", API_STR, false, 16, 0, 0},
	};
	enum { N = sizeof f / sizeof f[0] };
	api_val v[N];
	json_t *j = NULL;
	int rc = api_json_body(r, &j);
	if (!rc)
		rc = api_json_fields(r, j, f, N, v);
	err e;
	err_clear(&e);
	if (!rc && !(rc = store_begin(r->store, &e))) {
		for (size_t i = 0; i < N && !rc; i++)
			if (v[i].present && (rc = notify_config_set(r->store, f[i].name, v[i].s, &e)))
				http_fail(r, rc, f[i].name, "%s", e.msg);
		if (rc)
			store_rollback(r->store);
		else if ((rc = store_commit(r->store, &e)))
			http_fail(r, rc, NULL, "%s", e.msg);
	} else if (rc && e.code) {
		http_fail(r, rc, NULL, "%s", e.msg);
	}
	json_decref(j);
	return rc ? rc : write_config(r);
}

int api_notify_log(http_req *r)
{
	const char *lim = http_query(r, "limit");
	long limit = 50;
	if (lim) {
		char *end;
		limit = strtol(lim, &end, 10);
		if (*end || limit < 1 || limit > 1000)
			return http_fail(r, ERR_INVALID, "limit", "limit: từ 1 đến 1000");
	}
	store_delivery *d = NULL;
	size_t n = 0;
	err e;
	err_clear(&e);
	int rc = store_delivery_list(r->store, (int)limit, &d, &n, &e);
	if (rc)
		return http_fail(r, rc, NULL, "%s", e.msg);
	buf *b = &r->out;
	buf_puts(b, "{\"items\":[");
	for (size_t i = 0; i < n; i++) {
		buf_printf(b, "%s{\"id\":%lld,\"notice\":%lld,", i ? "," : "", (long long)d[i].id,
			   (long long)d[i].notice_id);
		jsonw_kv_str(b, "channel", d[i].channel, true);
		jsonw_kv_str(b, "user", d[i].login, true);
		jsonw_kv_str(b, "address", d[i].address, true);
		jsonw_kv_str(b, "subject", d[i].notice.subject, true);
		jsonw_kv_str(b, "state", d[i].state, true);
		jsonw_kv_str(b, "error", d[i].last_error, true);
		buf_printf(b, "\"attempts\":%d,\"next_at\":%lld,\"sent_at\":%lld,\"created_at\":%lld}", d[i].attempts,
			   (long long)d[i].next_at, (long long)d[i].sent_at, (long long)d[i].created_at);
	}
	free(d);
	return buf_puts(b, "]}\n");
}

/* The small page of the unsubscribe link: title and one paragraph (escaped), and a button when form. */
static int unsub_page(http_req *r, const char *title, const char *text, const char *token)
{
	buf *b = &r->out;
	r->content_type = "text/html; charset=utf-8";
	buf_puts(b, "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>");
	html_escape(b, title);
	buf_puts(b, "</title></head><body><h1>");
	html_escape(b, title);
	buf_puts(b, "</h1><p>");
	html_escape(b, text);
	buf_puts(b, "</p>");
	if (token) {
		buf_puts(b, "<form method=\"post\" action=\"/api/notify/unsubscribe?token=");
		html_escape(b, token);
		buf_puts(b, "\"><button type=\"submit\">Thôi nhận thông báo qua email</button></form>");
	}
	return buf_puts(b, "</body></html>\n");
}

/* The token of the query: [0-9a-f], 16 to 64 characters; NULL otherwise. */
static const char *unsub_token(http_req *r)
{
	const char *t = http_query(r, "token");
	size_t n = t ? strlen(t) : 0;
	return n >= 16 && n <= 64 && strspn(t, "0123456789abcdef") == n ? t : NULL;
}

int api_notify_unsubscribe_page(http_req *r)
{
	const char *t = unsub_token(r);
	if (!t)
		return http_fail(r, ERR_NOTFOUND, "token", "liên kết thôi nhận thư không hợp lệ hoặc đã cũ");
	/* a GET changes nothing (mail scanners open links): the button posts */
	return unsub_page(r, "Thôi nhận thông báo qua email",
			  "Bấm nút dưới đây để thôi nhận thông báo của chitieu qua email. Thông báo vẫn hiện khi "
			  "bạn đăng nhập chitieu (biểu tượng chuông).",
			  t);
}

int api_notify_unsubscribe(http_req *r)
{
	const char *t = unsub_token(r);
	if (!t)
		return http_fail(r, ERR_NOTFOUND, "token", "liên kết thôi nhận thư không hợp lệ hoặc đã cũ");
	char login[LOGIN_MAX];
	err e;
	err_clear(&e);
	int rc = store_notify_unsubscribe(r->store, t, login, sizeof login, &e);
	if (rc)
		return http_fail(r, rc, "token", "%s", e.msg);
	char text[2 * LOGIN_MAX + 256];
	snprintf(text, sizeof text,
		 "Tài khoản %s sẽ không nhận thông báo qua email nữa. Muốn nhận lại, hãy nhờ quản trị "
		 "(chitieu notify pref %s --email on).",
		 login, login);
	return unsub_page(r, "Đã thôi nhận thông báo qua email", text, NULL);
}
