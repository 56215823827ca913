/*
 * api_session.c - logging in and out, and who is logged in: POST /api/login
 * (sets the HttpOnly, SameSite=Strict session cookie and answers the CSRF
 * token), POST /api/logout, GET /api/me. One message for an unknown login
 * and a wrong password; 429 while throttled. Login takes application/json
 * only (400 on Content-Type otherwise), so a cross-site form cannot log a
 * victim into someone else's account.
 *
 * Not for: hashing, throttling or sessions themselves (src/auth does them).
 */
#include "api/api_int.h"

#include <stdio.h>
#include <string.h>

void api_user_fields(buf *b, const user_account *u)
{
	jsonw_kv_str(b, "login", u->login, true);
	jsonw_kv_str(b, "name", u->name, true);
	jsonw_kv_str(b, "role", user_role_code(u->role), true);
	jsonw_kv_str(b, "role_label", user_role_label(u->role), true);
	buf_puts(b, "\"agency\":");
	if (u->agency_code[0])
		buf_json_str(b, u->agency_code);
	else
		buf_puts(b, "null");
	buf_puts(b, ",\"email\":");
	buf_json_str(b, u->email);
}

static void write_user(buf *b, const user_account *u)
{
	buf_putc(b, '{');
	api_user_fields(b, u);
	buf_putc(b, '}');
}

static void write_csrf(buf *b, const char *csrf)
{
	buf_puts(b, "\"csrf\":");
	if (csrf && *csrf)
		buf_json_str(b, csrf);
	else
		buf_puts(b, "null");
}

int api_login(http_req *r)
{
	static const api_field fields[] = {
		{"login", API_STR, true, LOGIN_MAX, 0, 0},
		{"password", API_STR, true, 1024, 0, 0},
	};
	api_val v[2];
	json_t *j = NULL;
	int rc = api_json_content_type(r); /* no CSRF header on login: JSON only, which no HTML form sends */
	if (!rc)
		rc = api_json_body(r, &j);
	if (!rc)
		rc = api_json_fields(r, j, fields, 2, v);
	if (rc)
		goto done;
	char session[AUTH_SECRET_LEN + 1], csrf[AUTH_CSRF_LEN + 1];
	err e;
	err_clear(&e);
	rc = auth_login(r->store, v[0].s, v[1].s, r->ip, r->now, session, csrf, &e);
	if (rc == ERR_THROTTLED) {
		http_fail(r, rc, NULL, "%s", e.msg[0] ? e.msg : "đăng nhập sai quá nhiều lần: hãy đợi rồi thử lại");
		goto done;
	}
	if (rc == ERR_UNAUTHORIZED || rc == ERR_NOTFOUND || rc == ERR_INVALID) {
		/* the same answer whether the login exists or not */
		rc = http_fail(r, ERR_UNAUTHORIZED, NULL, "sai tên đăng nhập hoặc mật khẩu");
		goto done;
	}
	if (rc) {
		http_fail(r, rc, NULL, "%s", e.msg);
		goto done;
	}
	auth_principal p;
	memset(&p, 0, sizeof p);
	if ((rc = auth_resolve(r->store, session, NULL, r->now, &p, &e))) {
		http_fail(r, rc, NULL, "%s", e.msg);
		goto done;
	}
	snprintf(r->set_cookie, sizeof r->set_cookie,
		 HTTP_SESSION_COOKIE "=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=%d", session,
		 AUTH_SESSION_TTL);
	buf_puts(&r->out, "{\"user\":");
	write_user(&r->out, &p.user);
	buf_putc(&r->out, ',');
	write_csrf(&r->out, csrf);
	buf_puts(&r->out, "}\n");
	auth_principal_free(&p);
done:
	json_decref(j);
	return rc;
}

int api_logout(http_req *r)
{
	err e;
	err_clear(&e);
	if (r->session && !r->who->via_token) {
		int rc = auth_logout(r->store, r->session, &e);
		if (rc)
			return http_fail(r, rc, NULL, "%s", e.msg);
	}
	snprintf(r->set_cookie, sizeof r->set_cookie,
		 HTTP_SESSION_COOKIE "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
	buf_puts(&r->out, "{\"status\":\"logged_out\"}\n");
	return 0;
}

int api_me(http_req *r)
{
	const auth_principal *p = r->who;
	buf *b = &r->out;
	buf_puts(b, "{\"user\":");
	write_user(b, &p->user);
	buf_puts(b, ",\"role\":");
	buf_json_str(b, user_role_code(p->user.role));
	buf_puts(b, ",\"scopes\":[");
	for (size_t i = 0; i < p->n_scopes; i++) {
		buf_puts(b, i ? ",{" : "{");
		jsonw_kv_str(b, "unit", p->scopes[i].unit_code, true);
		jsonw_kv_str(b, "kind", p->scopes[i].kind == SCOPE_ENTER ? "enter" : "view", false);
		buf_putc(b, '}');
	}
	buf_printf(b, "],\"via_token\":%s,", p->via_token ? "true" : "false");
	write_csrf(b, p->csrf);
	return buf_puts(b, "}\n");
}
