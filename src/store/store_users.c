/*
 * store_users.c - the server's users on SQLite: accounts (app_user),
 * their unit scopes, sessions, API tokens and failed logins (schema v3).
 *
 * Rows only: roles, the password policy, throttling and permission rules are
 * src/auth's. Secrets never reach this file: sessions and tokens arrive as
 * the hex SHA-256 of their secret. Not for: hashing, random numbers, or
 * deciding whether a login is allowed.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ------------------------------------------------------ */

/* Runs a prepared write to completion and finalizes it; 0 or the DB error. */
static int step_done(store *s, db_stmt *st, const char *what, err *e)
{
	int rc = 0;
	if (db_step(st) != DB_DONE)
		rc = store_int_dberr(s, e, what);
	db_finalize(st);
	return rc;
}

/* Prepares a write after the transaction guard. */
static int prepare_write(store *s, const char *sql, db_stmt **st, err *e)
{
	int rc = store_int_write_guard(s, e);
	if (rc)
		return rc;
	return store_int_prepare(s, sql, st, e);
}

static int agency_id(store *s, const char *code, int64_t *id, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_prepare(s, "SELECT id FROM agency WHERE code = ?1", &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, code);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = err_set(e, ERR_NOTFOUND, "không có cơ quan mã \"%s\"", code);
	} else {
		rc = store_int_dberr(s, e, "lỗi CSDL khi tìm cơ quan");
	}
	db_finalize(st);
	return rc;
}

/* ---- users ---------------------------------------------------------------- */

#define USER_COLS                                                                     \
	"SELECT u.id, u.login, u.name, u.role, a.code, u.active, u.pw_hash, u.created_at, u.email" \
	" FROM app_user u LEFT JOIN agency a ON a.id = u.agency_id"

/* Reads one row of USER_COLS into elem (a user_account); a store_int_collect reader. */
static int read_user(db_stmt *st, void *elem, void *ctx, err *e)
{
	user_account *u = elem;
	char role[32];
	(void)ctx;
	memset(u, 0, sizeof *u);
	u->id = db_col_int(st, 0);
	store_int_col_text(st, 1, u->login, sizeof u->login);
	store_int_col_text(st, 2, u->name, sizeof u->name);
	store_int_col_text(st, 3, role, sizeof role);
	store_int_col_text(st, 4, u->agency_code, sizeof u->agency_code);
	u->active = (int)db_col_int(st, 5) != 0;
	store_int_col_text(st, 6, u->pw_hash, sizeof u->pw_hash);
	u->created_at = db_col_int(st, 7);
	store_int_col_text(st, 8, u->email, sizeof u->email);
	if (user_role_from_code(role, &u->role, NULL) != 0)
		return err_set(e, ERR_DB, "người dùng %s trong CSDL có vai trò \"%s\" không hợp lệ",
			       u->login, role);
	return 0;
}

/* Loads users matching the statement (already bound) into a malloc'd array. */
static int load_users(store *s, db_stmt *st, user_account **out, size_t *n, err *e)
{
	void *arr = NULL;
	int rc = store_int_collect(s, st, sizeof **out, read_user, NULL, "người dùng", &arr, n, e);
	*out = arr;
	return rc;
}

int store_user_put(store *s, user_account *u, err *e)
{
	db_stmt *st = NULL;
	int64_t agency_row = 0;
	int rc;

	if (!u->login[0])
		return err_set(e, ERR_INVALID, "người dùng: thiếu tên đăng nhập (login)");
	if (u->agency_code[0] && (rc = agency_id(s, u->agency_code, &agency_row, e)) != 0)
		return err_prefix(e, "người dùng %s: ", u->login);
	if (u->id == 0)
		rc = prepare_write(s,
				   "INSERT INTO app_user (login, name, role, agency_id, active, pw_hash,"
				   " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
				   &st, e);
	else
		rc = prepare_write(s,
				   "UPDATE app_user SET login = ?1, name = ?2, role = ?3, agency_id = ?4,"
				   " active = ?5, pw_hash = ?6 WHERE id = ?8 RETURNING id",
				   &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, u->login);
	db_bind_text(st, 2, u->name);
	db_bind_text(st, 3, user_role_code(u->role));
	if (agency_row)
		db_bind_int(st, 4, agency_row);
	else
		db_bind_null(st, 4);
	db_bind_int(st, 5, u->active ? 1 : 0);
	db_bind_text(st, 6, u->pw_hash);
	if (u->id == 0)
		db_bind_int(st, 7, u->created_at);
	else
		db_bind_int(st, 8, u->id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		u->id = db_col_int(st, 0);
		rc = db_step(st) == DB_DONE ? 0 : store_int_dberr(s, e, "không ghi được người dùng");
	} else if (rc == DB_DONE) {
		rc = err_set(e, ERR_NOTFOUND, "không có người dùng số %lld", (long long)u->id);
	} else if (db_errkind_of(s->db) == DB_E_UNIQUE) {
		rc = err_set(e, ERR_CONFLICT, "đã có người dùng với tên đăng nhập \"%s\"", u->login);
	} else {
		rc = store_int_dberr(s, e, "không ghi được người dùng");
		err_prefix(e, "người dùng %s: ", u->login);
	}
	db_finalize(st);
	return rc;
}

static int user_get_where(store *s, const char *where, const char *login, int64_t id,
			  user_account *out, err *e)
{
	char sql[512];
	db_stmt *st = NULL;
	user_account *arr = NULL;
	size_t n = 0;
	int rc;
	snprintf(sql, sizeof sql, "%s WHERE %s", USER_COLS, where);
	if ((rc = store_int_cached(s, sql, &st, e)) != 0)
		return rc;
	if (login)
		db_bind_text(st, 1, login);
	else
		db_bind_int(st, 1, id);
	rc = load_users(s, st, &arr, &n, e);
	store_int_release(st);
	if (rc)
		return rc;
	if (!store_int_take_first(arr, n, sizeof *out, out))
		return login ? err_set(e, ERR_NOTFOUND, "không có người dùng \"%s\"", login)
			     : err_set(e, ERR_NOTFOUND, "không có người dùng số %lld", (long long)id);
	return 0;
}

int store_user_get(store *s, const char *login, user_account *out, err *e)
{
	return user_get_where(s, "u.login = ?1", login, 0, out, e);
}

int store_user_get_by_id(store *s, int64_t id, user_account *out, err *e)
{
	return user_get_where(s, "u.id = ?1", NULL, id, out, e);
}

int store_user_list(store *s, user_account **out, size_t *n, err *e)
{
	db_stmt *st = NULL;
	int rc;
	*out = NULL;
	*n = 0;
	if ((rc = store_int_prepare(s, USER_COLS " ORDER BY u.login", &st, e)) != 0)
		return rc;
	rc = load_users(s, st, out, n, e);
	db_finalize(st);
	return rc;
}

/* ---- scopes ------------------------------------------------------------------ */

static const char *scope_code(scope_kind k)
{
	return k == SCOPE_ENTER ? "enter" : "view";
}

int store_user_scopes_set(store *s, int64_t user_id, const user_scope *sc, size_t n, err *e)
{
	db_stmt *st = NULL;
	int rc;

	for (size_t i = 0; i < n; i++)
		if (sc[i].kind != SCOPE_VIEW && sc[i].kind != SCOPE_ENTER)
			return err_set(e, ERR_INVALID, "phạm vi của đơn vị %s: loại %d không hợp lệ",
				       sc[i].unit_code, (int)sc[i].kind);
	if ((rc = store_int_begin(s, e)) != 0)
		return rc;
	if ((rc = store_int_prepare(s, "DELETE FROM user_scope WHERE user_id = ?1", &st, e)) != 0)
		goto fail;
	db_bind_int(st, 1, user_id);
	if ((rc = step_done(s, st, "không xóa được phạm vi cũ", e)) != 0)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		int64_t unit_id = 0;
		if ((rc = store_int_unit_id(s, sc[i].unit_code, &unit_id, e)) != 0) {
			err_prefix(e, "phạm vi người dùng: ");
			goto fail;
		}
		if ((rc = store_int_prepare(s,
					    "INSERT INTO user_scope (user_id, unit_id, kind)"
					    " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
					    &st, e)) != 0)
			goto fail;
		db_bind_int(st, 1, user_id);
		db_bind_int(st, 2, unit_id);
		db_bind_text(st, 3, scope_code(sc[i].kind));
		if ((rc = step_done(s, st, "không ghi được phạm vi người dùng", e)) != 0)
			goto fail;
	}
	return store_int_commit(s, e);
fail:
	store_int_rollback(s);
	return rc;
}

/* Reads one scope row (unit code, kind) into elem (a user_scope). */
static int read_scope(db_stmt *st, void *elem, void *ctx, err *e)
{
	user_scope *sc = elem;
	char kind[16];
	(void)ctx;
	store_int_col_text(st, 0, sc->unit_code, sizeof sc->unit_code);
	store_int_col_text(st, 1, kind, sizeof kind);
	if (!strcmp(kind, "view"))
		sc->kind = SCOPE_VIEW;
	else if (!strcmp(kind, "enter"))
		sc->kind = SCOPE_ENTER;
	else
		return err_set(e, ERR_DB, "phạm vi \"%s\" trong CSDL không hợp lệ", kind);
	return 0;
}

int store_user_scopes(store *s, int64_t user_id, user_scope **out, size_t *n, err *e)
{
	db_stmt *st = NULL;
	void *arr = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = store_int_cached(s,
				    "SELECT u.code, c.kind FROM user_scope c JOIN unit u ON u.id = c.unit_id"
				    " WHERE c.user_id = ?1 ORDER BY u.code, c.kind",
				    &st, e)) != 0)
		return rc;
	db_bind_int(st, 1, user_id);
	rc = store_int_collect(s, st, sizeof **out, read_scope, NULL, "phạm vi người dùng", &arr, n,
			       e);
	store_int_release(st);
	*out = arr;
	return rc;
}

/* ---- sessions ------------------------------------------------------------------ */

int store_session_put(store *s, const char *token_hash, int64_t user_id, const char *csrf,
		      int64_t created_at, int64_t expires_at, err *e)
{
	db_stmt *st = NULL;
	int rc = prepare_write(s,
			       "INSERT INTO session (token_hash, user_id, csrf, created_at, expires_at)"
			       " VALUES (?1, ?2, ?3, ?4, ?5)",
			       &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, token_hash);
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, csrf);
	db_bind_int(st, 4, created_at);
	db_bind_int(st, 5, expires_at);
	return step_done(s, st, "không ghi được phiên đăng nhập (session)", e);
}

int store_session_get(store *s, const char *token_hash, int64_t now, int64_t *user_id,
		      char *csrf, size_t csrf_n, int64_t *expires_at, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_cached(s,
				   "SELECT user_id, csrf, expires_at FROM session"
				   " WHERE token_hash = ?1 AND expires_at > ?2",
				   &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, token_hash);
	db_bind_int(st, 2, now);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*user_id = db_col_int(st, 0);
		if (csrf && csrf_n)
			store_int_col_text(st, 1, csrf, csrf_n);
		if (expires_at)
			*expires_at = db_col_int(st, 2);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = err_set(e, ERR_NOTFOUND, "phiên đăng nhập không có hoặc đã hết hạn");
	} else {
		rc = store_int_dberr(s, e, "lỗi CSDL khi đọc phiên đăng nhập");
	}
	store_int_release(st);
	return rc;
}

int store_session_touch(store *s, const char *token_hash, int64_t expires_at, err *e)
{
	db_stmt *st = NULL;
	int rc = prepare_write(s, "UPDATE session SET expires_at = ?2 WHERE token_hash = ?1", &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, token_hash);
	db_bind_int(st, 2, expires_at);
	if ((rc = step_done(s, st, "không gia hạn được phiên đăng nhập", e)) != 0)
		return rc;
	if (db_changes(s->db) == 0)
		return err_set(e, ERR_NOTFOUND, "phiên đăng nhập không có");
	return 0;
}

int store_session_delete(store *s, const char *token_hash, err *e)
{
	db_stmt *st = NULL;
	int rc = prepare_write(s, "DELETE FROM session WHERE token_hash = ?1", &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, token_hash);
	return step_done(s, st, "không xóa được phiên đăng nhập", e);
}

int store_session_delete_for_user(store *s, int64_t user_id, const char *keep_hash, err *e)
{
	db_stmt *st = NULL;
	int rc = prepare_write(s,
			       keep_hash ? "DELETE FROM session WHERE user_id = ?1 AND token_hash <> ?2"
					 : "DELETE FROM session WHERE user_id = ?1",
			       &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, user_id);
	if (keep_hash)
		db_bind_text(st, 2, keep_hash);
	return step_done(s, st, "không xóa được các phiên đăng nhập của người dùng", e);
}

/* ---- API tokens ------------------------------------------------------------------ */

int store_token_put(store *s, const char *token_hash, int64_t user_id, const char *name,
		    int64_t created_at, int64_t expires_at, err *e)
{
	db_stmt *st = NULL;
	int rc = prepare_write(s,
			       "INSERT INTO api_token (token_hash, user_id, name, created_at, expires_at)"
			       " VALUES (?1, ?2, ?3, ?4, ?5)",
			       &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, token_hash);
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, name);
	db_bind_int(st, 4, created_at);
	db_bind_int(st, 5, expires_at);
	if (db_step(st) == DB_DONE)
		rc = 0;
	else if (db_errkind_of(s->db) == DB_E_UNIQUE)
		rc = err_set(e, ERR_CONFLICT, "người dùng này đã có mã truy cập (token) tên \"%s\"",
			     name);
	else
		rc = store_int_dberr(s, e, "không ghi được mã truy cập (token)");
	db_finalize(st);
	return rc;
}

int store_token_get(store *s, const char *token_hash, int64_t now, int64_t created_after, int64_t *user_id, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_cached(s,
				   "SELECT user_id FROM api_token WHERE token_hash = ?1"
				   " AND ((expires_at = 0 AND created_at > ?3) OR expires_at > ?2)",
				   &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, token_hash);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, created_after);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*user_id = db_col_int(st, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = err_set(e, ERR_NOTFOUND, "mã truy cập (token) không có hoặc đã hết hạn");
	} else {
		rc = store_int_dberr(s, e, "lỗi CSDL khi đọc mã truy cập (token)");
	}
	store_int_release(st);
	return rc;
}

int store_token_delete_for_user(store *s, int64_t user_id, err *e)
{
	db_stmt *st = NULL;
	int rc = prepare_write(s, "DELETE FROM api_token WHERE user_id = ?1", &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, user_id);
	return step_done(s, st, "không xóa được các mã truy cập (token) của người dùng", e);
}

int store_token_delete(store *s, int64_t user_id, const char *name, err *e)
{
	db_stmt *st = NULL;
	int rc = prepare_write(s, "DELETE FROM api_token WHERE user_id = ?1 AND name = ?2", &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, name);
	if ((rc = step_done(s, st, "không xóa được mã truy cập (token)", e)) != 0)
		return rc;
	if (db_changes(s->db) == 0)
		return err_set(e, ERR_NOTFOUND, "không có mã truy cập (token) tên \"%s\"", name);
	return 0;
}

/* Reads one token row (name, created_at, expires_at) into elem (a store_token_info). */
static int read_token(db_stmt *st, void *elem, void *ctx, err *e)
{
	store_token_info *t = elem;
	(void)ctx;
	(void)e;
	store_int_col_text(st, 0, t->name, sizeof t->name);
	t->created_at = db_col_int(st, 1);
	t->expires_at = db_col_int(st, 2);
	return 0;
}

int store_token_list_for_user(store *s, int64_t user_id, store_token_info **out, size_t *n,
			      err *e)
{
	db_stmt *st = NULL;
	void *arr = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = store_int_prepare(s,
				    "SELECT name, created_at, expires_at FROM api_token"
				    " WHERE user_id = ?1 ORDER BY name",
				    &st, e)) != 0)
		return rc;
	db_bind_int(st, 1, user_id);
	rc = store_int_collect(s, st, sizeof **out, read_token, NULL, "mã truy cập", &arr, n, e);
	db_finalize(st);
	*out = arr;
	return rc;
}

/* ---- failed logins ------------------------------------------------------------------ */

int store_login_failure_add(store *s, const char *login, const char *ip, int64_t at, err *e)
{
	db_stmt *st = NULL;
	int rc = prepare_write(s, "INSERT INTO login_failure (login, ip, at) VALUES (?1, ?2, ?3)",
			       &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, login ? login : "");
	db_bind_text(st, 2, ip ? ip : "");
	db_bind_int(st, 3, at);
	return step_done(s, st, "không ghi được lần đăng nhập sai", e);
}

int store_login_failure_count(store *s, const char *login, const char *ip, int64_t since,
			      int64_t *count, int64_t *latest, err *e)
{
	db_stmt *st = NULL;
	int rc;
	if (!login && !ip)
		return err_set(e, ERR_INVALID, "đếm lần đăng nhập sai: cần tên đăng nhập hoặc địa chỉ IP");
	rc = store_int_prepare(s,
			       login && ip ? "SELECT COUNT(*), MAX(at) FROM login_failure WHERE login = ?1 AND at >= ?2"
					     " AND ip = ?3"
			       : login	   ? "SELECT COUNT(*), MAX(at) FROM login_failure WHERE login = ?1 AND at >= ?2"
					   : "SELECT COUNT(*), MAX(at) FROM login_failure WHERE ip = ?1 AND at >= ?2",
			       &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, login ? login : ip);
	db_bind_int(st, 2, since);
	if (login && ip)
		db_bind_text(st, 3, ip);
	if (db_step(st) == DB_ROW) {
		*count = db_col_int(st, 0);
		if (latest)
			*latest = db_col_int(st, 1); /* NULL reads as 0 */
		rc = 0;
	} else {
		rc = store_int_dberr(s, e, "lỗi CSDL khi đếm lần đăng nhập sai");
	}
	db_finalize(st);
	return rc;
}

int store_login_failure_clear(store *s, const char *login, const char *ip, err *e)
{
	db_stmt *st = NULL;
	int rc = prepare_write(s,
			       ip ? "DELETE FROM login_failure WHERE login = ?1 AND ip = ?2"
				  : "DELETE FROM login_failure WHERE login = ?1",
			       &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, login);
	if (ip)
		db_bind_text(st, 2, ip);
	return step_done(s, st, "không xóa được các lần đăng nhập sai", e);
}

int store_auth_purge(store *s, int64_t now, int64_t failures_before, err *e)
{
	static const char *const sql[] = {
		"DELETE FROM session WHERE expires_at <= ?1",
		"DELETE FROM api_token WHERE expires_at <> 0 AND expires_at <= ?1",
		"DELETE FROM login_failure WHERE at < ?1",
	};
	int rc = store_int_begin(s, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		db_stmt *st = NULL;
		if ((rc = store_int_prepare(s, sql[i], &st, e)) != 0)
			goto fail;
		db_bind_int(st, 1, i == 2 ? failures_before : now);
		if ((rc = step_done(s, st, "không dọn được phiên và mã truy cập hết hạn", e)) != 0)
			goto fail;
	}
	return store_int_commit(s, e);
fail:
	store_int_rollback(s);
	return rc;
}
