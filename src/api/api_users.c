/*
 * api_users.c - accounts over JSON: a user changes its own password
 * (keeping the session that asks, ending the others; wrong old passwords
 * count as failed logins, so the throttle stops guessing here too) and
 * manages its own API tokens (the secret answered once); administrators
 * list, create (a generated password answered once, only its argon2id hash
 * kept) and change users (name, role, agency, unit scopes, active).
 *
 * Not for: hashing, sessions, tokens or the role rules themselves (src/auth)
 * or who may call a route (the table; src/http checks it).
 */
#include "api/api_admin.h"
#include "api/api_int.h"
#include "util/text.h"

#include <stdlib.h>
#include <string.h>

#define USER_SCOPES_MAX 200  /* units in one of view / enter */
#define TOKEN_DAYS_DEFAULT 90
#define TOKEN_DAYS_MAX AUTH_TOKEN_MAX_DAYS
#define PASSWORD_GEN_LEN 16

static int fail_e(http_req *r, const err *e, int rc, const char *field)
{
	return http_fail(r, rc, field, "%s", e->msg[0] ? e->msg : "lỗi");
}

static int read_body(http_req *r, json_t **j, const api_field *f, size_t n, api_val *v)
{
	int rc = api_json_body(r, j);
	return rc ? rc : api_json_fields(r, *j, f, n, v);
}

/* ---- own password --------------------------------------------------------- */

int api_password_post(http_req *r)
{
	static const api_field f[] = {
		{"old", API_STR, true, 1025, 0, 0},
		{"new", API_STR, true, 1025, 0, 0},
	};
	api_val v[2];
	json_t *j = NULL;
	err e;
	err_clear(&e);
	const char *login = r->who->user.login;
	int rc = read_body(r, &j, f, 2, v);
	if (rc)
		goto done;
	/* the same throttle as logins, taken atomically: a stolen session must not guess the password */
	if ((rc = auth_throttle_take(r->store, login, r->ip, r->now, &e))) {
		if (rc == ERR_THROTTLED)
			rc = http_fail(r, ERR_THROTTLED, "old",
				       "nhập sai mật khẩu quá nhiều lần: hãy đợi %d phút rồi thử lại",
				       AUTH_THROTTLE_WINDOW / 60);
		else
			fail_e(r, &e, rc, NULL);
		goto done;
	}
	rc = auth_password_change_keep(r->store, login, v[0].s, v[1].s, r->who->via_token ? NULL : r->session, &e);
	if (rc == 0 || rc == ERR_INVALID) { /* the old password was right: the attempt was no guess */
		err e2;
		(void)auth_throttle_forget(r->store, login, r->ip, &e2);
	}
	if (rc == ERR_UNAUTHORIZED) {
		/* 403, not 401: the session is fine, the old password is not */
		rc = http_fail(r, ERR_FORBIDDEN, "old", "%s", e.msg);
		goto done;
	}
	if (rc) {
		fail_e(r, &e, rc, rc == ERR_INVALID ? "new" : NULL);
		goto done;
	}
	buf_puts(&r->out, "{\"result\":\"changed\",\"other_sessions_ended\":true}\n");
done:
	json_decref(j);
	return rc;
}

/* ---- own API tokens ------------------------------------------------------- */

int api_tokens_list(http_req *r)
{
	long limit, offset;
	int rc = api_adm_page(r, &limit, &offset);
	if (rc)
		return rc;
	store_token_info *t = NULL;
	size_t n = 0;
	err e;
	err_clear(&e);
	if ((rc = store_token_list_for_user(r->store, r->who->user.id, &t, &n, &e)))
		return fail_e(r, &e, rc, NULL);
	buf *b = &r->out;
	buf_puts(b, "{\"items\":[");
	size_t shown = 0;
	for (size_t i = (size_t)offset; i < n && shown < (size_t)limit; i++, shown++) {
		buf_puts(b, shown ? ",{" : "{");
		jsonw_kv_str(b, "name", t[i].name, true);
		buf_printf(b, "\"created_at\":%lld,\"expires_at\":", (long long)t[i].created_at);
		if (t[i].expires_at)
			buf_printf(b, "%lld}", (long long)t[i].expires_at);
		else
			buf_puts(b, "null}");
	}
	free(t);
	return buf_printf(b, "],\"total\":%zu,\"limit\":%ld,\"offset\":%ld}\n", n, limit, offset);
}

int api_token_post(http_req *r)
{
	static const api_field f[] = {
		{"name", API_STR, true, 65, 0, 0},
		{"days", API_INT, false, 0, 1, TOKEN_DAYS_MAX},
	};
	api_val v[2];
	json_t *j = NULL;
	err e;
	err_clear(&e);
	int rc = read_body(r, &j, f, 2, v);
	if (rc)
		goto done;
	if (!text_utf8_valid(v[0].s, strlen(v[0].s))) {
		rc = http_fail(r, ERR_INVALID, "name", "tên mã truy cập không phải UTF-8 hợp lệ");
		goto done;
	}
	long days = v[1].present ? v[1].i : TOKEN_DAYS_DEFAULT;
	int64_t expires = r->now + (int64_t)days * 86400;
	char tok[AUTH_SECRET_LEN + 1];
	if ((rc = auth_token_create(r->store, r->who->user.login, v[0].s, expires, tok, &e))) {
		fail_e(r, &e, rc, "name");
		goto done;
	}
	r->status = 201;
	buf_putc(&r->out, '{');
	jsonw_kv_str(&r->out, "name", v[0].s, true);
	jsonw_kv_str(&r->out, "token", tok, true);
	if (expires)
		buf_printf(&r->out, "\"expires_at\":%lld}\n", (long long)expires);
	else
		buf_puts(&r->out, "\"expires_at\":null}\n");
	memset(tok, 0, sizeof tok);
done:
	json_decref(j);
	return rc;
}

int api_token_delete(http_req *r)
{
	err e;
	err_clear(&e);
	const char *name = http_param(r, "name");
	int rc = auth_token_revoke(r->store, r->who->user.login, name, &e);
	if (rc)
		return fail_e(r, &e, rc, "name");
	buf_puts(&r->out, "{\"result\":\"deleted\",\"name\":");
	buf_json_str(&r->out, name);
	return buf_puts(&r->out, "}\n");
}

/* ---- users (administrators) ----------------------------------------------- */

static void write_user(buf *b, const user_account *u, const user_scope *sc, size_t n)
{
	buf_putc(b, '{');
	api_user_fields(b, u);
	buf_printf(b, ",\"active\":%s,\"created_at\":%lld", u->active ? "true" : "false", (long long)u->created_at);
	static const struct { scope_kind k; const char *name; } kinds[] = {{SCOPE_VIEW, "view"}, {SCOPE_ENTER, "enter"}};
	for (size_t k = 0; k < 2; k++) {
		buf_printf(b, ",\"%s\":[", kinds[k].name);
		bool first = true;
		for (size_t i = 0; i < n; i++) {
			if (sc[i].kind != kinds[k].k)
				continue;
			if (!first)
				buf_putc(b, ',');
			first = false;
			buf_json_str(b, sc[i].unit_code);
		}
		buf_putc(b, ']');
	}
	buf_putc(b, '}');
}

/* Writes a user with its scopes read from the store. */
static int write_user_full(http_req *r, const user_account *u)
{
	user_scope *sc = NULL;
	size_t n = 0;
	err e;
	err_clear(&e);
	int rc = store_user_scopes(r->store, u->id, &sc, &n, &e);
	if (rc)
		return fail_e(r, &e, rc, NULL);
	write_user(&r->out, u, sc, n);
	free(sc);
	return 0;
}

int api_users_list(http_req *r)
{
	long limit, offset;
	int rc = api_adm_page(r, &limit, &offset);
	if (rc)
		return rc;
	user_account *u = NULL;
	size_t n = 0;
	err e;
	err_clear(&e);
	if ((rc = store_user_list(r->store, &u, &n, &e)))
		return fail_e(r, &e, rc, NULL);
	buf_puts(&r->out, "{\"items\":[");
	size_t shown = 0;
	for (size_t i = (size_t)offset; i < n && shown < (size_t)limit && !rc; i++, shown++) {
		if (shown)
			buf_putc(&r->out, ',');
		rc = write_user_full(r, &u[i]);
	}
	free(u);
	return rc ? rc : buf_printf(&r->out, "],\"total\":%zu,\"limit\":%ld,\"offset\":%ld}\n", n, limit, offset);
}

/* The units of a "view" or "enter" list appended to sc (each must exist: 404 naming the field). */
static int scopes_from(http_req *r, json_t *list, scope_kind kind, const char *field, user_scope *sc, size_t *n)
{
	size_t i;
	json_t *c;
	json_array_foreach(list, i, c) {
		const char *code = json_string_value(c);
		unit u;
		err e;
		err_clear(&e);
		int rc = store_unit_get(r->store, code, &u, &e);
		if (rc)
			return fail_e(r, &e, rc, field);
		bool dup = false;
		for (size_t k = 0; k < *n && !dup; k++)
			dup = sc[k].kind == kind && !strcmp(sc[k].unit_code, u.code);
		if (dup)
			continue;
		memset(&sc[*n], 0, sizeof sc[*n]);
		snprintf(sc[*n].unit_code, sizeof sc[*n].unit_code, "%s", u.code);
		sc[*n].kind = kind;
		(*n)++;
	}
	return 0;
}

/* Role, agency and name rules (auth_user_create's, for an update too). */
static int user_fields_ok(http_req *r, const user_account *u)
{
	agency a;
	err e;
	err_clear(&e);
	int rc;
	if (!u->name[0])
		return http_fail(r, ERR_INVALID, "name", "thiếu họ tên (name)");
	if (!text_utf8_valid(u->name, strlen(u->name)))
		return http_fail(r, ERR_INVALID, "name", "họ tên không phải UTF-8 hợp lệ");
	if (u->role == ROLE_DEPARTMENT && !u->agency_code[0])
		return http_fail(r, ERR_INVALID, "agency", "cán bộ phòng ban (department) cần cơ quan (agency)");
	if (u->role != ROLE_DEPARTMENT && u->agency_code[0])
		return http_fail(r, ERR_INVALID, "agency",
				 "chỉ cán bộ phòng ban (department) mới gắn với cơ quan (agency), vai trò %s thì không",
				 user_role_code(u->role));
	if (u->agency_code[0] && (rc = store_agency_get(r->store, u->agency_code, &a, &e)))
		return fail_e(r, &e, rc, "agency");
	return 0;
}

static const api_field user_fields[] = {
	{"login", API_STR, false, LOGIN_MAX, 0, 0},
	{"name", API_STR, false, NAME_MAX_, 0, 0},
	{"role", API_STR, false, 32, 0, 0},
	{"agency", API_STR, false, CODE_MAX, 0, 0},
	{"view", API_CODES, false, USER_SCOPES_MAX, 0, 0},
	{"enter", API_CODES, false, USER_SCOPES_MAX, 0, 0},
	{"active", API_BOOL, false, 0, 0, 0},
};
enum { US_LOGIN, US_NAME, US_ROLE, US_AGENCY, US_VIEW, US_ENTER, US_ACTIVE, US_N };

/* name, role, agency of the body into u. */
static int user_apply(http_req *r, user_account *u, const api_val *v)
{
	int rc;
	err e;
	err_clear(&e);
	if (v[US_NAME].present && (rc = model_set_text(u->name, sizeof u->name, v[US_NAME].s, "name", &e)))
		return fail_e(r, &e, rc, "name");
	if (v[US_ROLE].present) {
		user_role old = u->role;
		if ((rc = user_role_from_code(v[US_ROLE].s, &u->role, &e)))
			return fail_e(r, &e, rc, "role");
		/* leaving the department role drops its agency unless one is given */
		if (old == ROLE_DEPARTMENT && u->role != ROLE_DEPARTMENT && !v[US_AGENCY].present)
			u->agency_code[0] = '\0';
	}
	if (v[US_AGENCY].present)
		snprintf(u->agency_code, sizeof u->agency_code, "%s", v[US_AGENCY].s);
	return user_fields_ok(r, u);
}

int api_user_post(http_req *r)
{
	api_val v[US_N];
	json_t *j = NULL;
	user_account u;
	memset(&u, 0, sizeof u);
	user_scope *sc = NULL;
	size_t n = 0;
	err e;
	err_clear(&e);
	char pw[PASSWORD_GEN_LEN + 1];
	pw[0] = '\0';
	int rc = read_body(r, &j, user_fields, US_N, v);
	if (rc)
		goto done;
	static const int need[] = {US_LOGIN, US_NAME, US_ROLE};
	for (size_t i = 0; i < 3; i++)
		if (!v[need[i]].present || !v[need[i]].s[0]) {
			rc = http_fail(r, ERR_INVALID, user_fields[need[i]].name, "thiếu trường \"%s\"",
				       user_fields[need[i]].name);
			goto done;
		}
	if (v[US_ACTIVE].present) {
		rc = http_fail(r, ERR_INVALID, "active", "người dùng mới luôn hoạt động; đổi bằng PUT /api/users/{login}");
		goto done;
	}
	if ((rc = auth_login_check(v[US_LOGIN].s, u.login, sizeof u.login, &e))) {
		fail_e(r, &e, rc, "login");
		goto done;
	}
	user_account old;
	if (!store_user_get(r->store, u.login, &old, &e)) {
		rc = http_fail(r, ERR_CONFLICT, "login", "người dùng %s đã có", u.login);
		goto done;
	}
	u.role = ROLE_VIEWER;
	if ((rc = user_apply(r, &u, v)))
		goto done;
	size_t cap = (v[US_VIEW].list ? json_array_size(v[US_VIEW].list) : 0) +
		     (v[US_ENTER].list ? json_array_size(v[US_ENTER].list) : 0);
	if (cap && !(sc = calloc(cap, sizeof *sc))) {
		rc = http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ");
		goto done;
	}
	if ((v[US_VIEW].list && (rc = scopes_from(r, v[US_VIEW].list, SCOPE_VIEW, "view", sc, &n))) ||
	    (v[US_ENTER].list && (rc = scopes_from(r, v[US_ENTER].list, SCOPE_ENTER, "enter", sc, &n))))
		goto done;
	auth_password_random(pw, sizeof pw, PASSWORD_GEN_LEN);
	u.created_at = r->now;
	if ((rc = auth_user_create(r->store, &u, pw, sc, n, &e))) {
		fail_e(r, &e, rc, rc == ERR_CONFLICT ? "login" : NULL);
		goto done;
	}
	r->status = 201;
	buf_puts(&r->out, "{\"user\":");
	write_user(&r->out, &u, sc, n);
	/* shown once: only its hash is kept */
	buf_puts(&r->out, ",\"password\":");
	buf_json_str(&r->out, pw);
	buf_puts(&r->out, "}\n");
done:
	memset(pw, 0, sizeof pw);
	free(sc);
	json_decref(j);
	return rc;
}

int api_user_put(http_req *r)
{
	api_val v[US_N];
	json_t *j = NULL;
	user_account u;
	user_scope *old_sc = NULL, *sc = NULL;
	size_t n_old = 0, n = 0;
	bool in_tx = false;
	err e;
	err_clear(&e);
	char canon[LOGIN_MAX];
	int rc = read_body(r, &j, user_fields, US_N, v);
	if (rc)
		goto done;
	if ((rc = auth_login_check(http_param(r, "login"), canon, sizeof canon, &e)) ||
	    (rc = store_user_get(r->store, canon, &u, &e))) {
		fail_e(r, &e, rc == ERR_INVALID ? ERR_NOTFOUND : rc, "login");
		rc = rc == ERR_INVALID ? ERR_NOTFOUND : rc;
		goto done;
	}
	if (v[US_LOGIN].present && strcmp(v[US_LOGIN].s, u.login)) {
		rc = http_fail(r, ERR_INVALID, "login", "không đổi được tên đăng nhập %s", u.login);
		goto done;
	}
	bool self = u.id == r->who->user.id;
	if ((rc = user_apply(r, &u, v)))
		goto done;
	if (v[US_ACTIVE].present)
		u.active = v[US_ACTIVE].b;
	/* an administrator cannot lock itself out */
	if (self && (!u.active || u.role != ROLE_ADMIN)) {
		rc = http_fail(r, ERR_CONFLICT, !u.active ? "active" : "role",
			       "không thể tự khóa hay tự bỏ quyền quản trị của chính mình");
		goto done;
	}
	bool scopes = v[US_VIEW].present || v[US_ENTER].present;
	if (scopes) {
		if ((rc = store_user_scopes(r->store, u.id, &old_sc, &n_old, &e))) {
			fail_e(r, &e, rc, NULL);
			goto done;
		}
		size_t cap = n_old + (v[US_VIEW].list ? json_array_size(v[US_VIEW].list) : 0) +
			     (v[US_ENTER].list ? json_array_size(v[US_ENTER].list) : 0);
		if (cap && !(sc = calloc(cap, sizeof *sc))) {
			rc = http_fail(r, ERR_NOMEM, NULL, "hết bộ nhớ");
			goto done;
		}
		/* a list given replaces that kind; the other kind is kept */
		for (size_t i = 0; i < n_old; i++)
			if ((old_sc[i].kind == SCOPE_VIEW && !v[US_VIEW].present) ||
			    (old_sc[i].kind == SCOPE_ENTER && !v[US_ENTER].present))
				sc[n++] = old_sc[i];
		if ((v[US_VIEW].list && (rc = scopes_from(r, v[US_VIEW].list, SCOPE_VIEW, "view", sc, &n))) ||
		    (v[US_ENTER].list && (rc = scopes_from(r, v[US_ENTER].list, SCOPE_ENTER, "enter", sc, &n))))
			goto done;
	}
	if ((rc = store_begin(r->store, &e))) {
		fail_e(r, &e, rc, NULL);
		goto done;
	}
	in_tx = true;
	if ((rc = store_user_put(r->store, &u, &e)) ||
	    (scopes && (rc = store_user_scopes_set(r->store, u.id, sc, n, &e))) ||
	    (!u.active && (rc = store_session_delete_for_user(r->store, u.id, NULL, &e)))) {
		fail_e(r, &e, rc, NULL);
		goto done;
	}
	in_tx = false;
	if ((rc = store_commit(r->store, &e))) {
		fail_e(r, &e, rc, NULL);
		goto done;
	}
	rc = write_user_full(r, &u);
	if (!rc)
		buf_putc(&r->out, '\n');
done:
	if (in_tx)
		store_rollback(r->store);
	free(old_sc);
	free(sc);
	json_decref(j);
	return rc;
}
