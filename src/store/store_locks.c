/*
 * store_locks.c - the rows of period locking (schema v4, v9): database
 * settings (key/value text), the periods an administrator reopened for a
 * unit until a day, and those closed by hand.
 *
 * Rows only: deadlines, defaults, who may reopen and what a reopening means
 * are src/core/lock.c's. Not for: checking a write against a lock.
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- settings ------------------------------------------------------------ */

int store_setting_get(store *s, const char *key, char *out, size_t n, bool *found, err *e)
{
	db_stmt *st = NULL;
	*found = false;
	if (n)
		out[0] = '\0';
	int rc = store_int_cached(s, "SELECT value FROM setting WHERE key = ?1", &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, key);
	rc = db_step(st);
	if (rc == DB_ROW) {
		store_int_col_text(st, 0, out, n);
		*found = true;
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 0;
	} else {
		rc = store_int_dberr(s, e, "lỗi CSDL khi đọc thiết lập (setting)");
	}
	store_int_release(st);
	return rc;
}

int store_setting_set(store *s, const char *key, const char *val, err *e)
{
	if (!key[0] || strlen(key) >= STORE_SETTING_MAX || strlen(val) >= STORE_SETTING_MAX)
		return err_set(e, ERR_INVALID, "thiết lập \"%.40s\": khóa rỗng hoặc khóa/giá trị dài quá %d byte",
			       key, STORE_SETTING_MAX - 1);
	db_stmt *st = NULL;
	int rc = store_int_write_guard(s, e);
	if (!rc)
		rc = store_int_prepare(s,
				       "INSERT INTO setting (key, value) VALUES (?1, ?2)"
				       " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
				       &st, e);
	if (rc)
		return rc;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, val);
	if (db_step(st) != DB_DONE)
		rc = store_int_dberr(s, e, "không ghi được thiết lập (setting)");
	db_finalize(st);
	return rc;
}

/* ---- reopened periods ------------------------------------------------------ */

#define REOPEN_COLS                                                                         \
	"SELECT r.id, un.code, r.period, r.until_date, r.reopened_by, r.reopened_at, r.reason" \
	" FROM period_reopen r JOIN unit un ON un.id = r.unit_id"

/* Reads one row of REOPEN_COLS into elem (a store_reopen); a store_int_collect reader. */
static int read_reopen(db_stmt *st, void *elem, void *ctx, err *e)
{
	store_reopen *r = elem;
	char code[32];
	(void)ctx;
	memset(r, 0, sizeof *r);
	r->id = db_col_int(st, 0);
	store_int_col_text(st, 1, r->unit_code, sizeof r->unit_code);
	store_int_col_text(st, 2, code, sizeof code);
	int rc = store_int_col_date(st, 3, &r->until, e);
	if (rc)
		return rc;
	store_int_col_text(st, 4, r->by, sizeof r->by);
	r->at = db_col_int(st, 5);
	store_int_col_text(st, 6, r->reason, sizeof r->reason);
	if (period_parse(code, &r->period, NULL) != 0)
		return err_set(e, ERR_DB, "lần mở lại kỳ số %lld trong CSDL có kỳ \"%s\" không hợp lệ",
			       (long long)r->id, code);
	return 0;
}

int store_reopen_add(store *s, store_reopen *r, err *e)
{
	int64_t unit_id = 0;
	char code[32];
	db_stmt *st = NULL;
	int rc;
	if ((rc = period_code_str(&r->period, code, sizeof code, e)))
		return rc;
	if (!cdate_valid(r->until))
		return err_set(e, ERR_INVALID, "mở lại kỳ: ngày hết hạn (until) không hợp lệ");
	if ((rc = store_int_unit_id(s, r->unit_code, &unit_id, e)))
		return rc;
	if ((rc = store_int_write_guard(s, e)) ||
	    (rc = store_int_prepare(s,
				    "INSERT INTO period_reopen (unit_id, period, until_date, reopened_by,"
				    " reopened_at, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
				    &st, e)))
		return rc;
	db_bind_int(st, 1, unit_id);
	db_bind_text(st, 2, code);
	store_int_bind_date(st, 3, r->until);
	db_bind_text(st, 4, r->by);
	db_bind_int(st, 5, r->at);
	db_bind_text(st, 6, r->reason);
	if (db_step(st) == DB_ROW) {
		r->id = db_col_int(st, 0);
		rc = 0;
	} else {
		rc = store_int_dberr(s, e, "không ghi được lần mở lại kỳ (period_reopen)");
	}
	db_finalize(st);
	return rc;
}

int store_reopen_find(store *s, const char *unit_code, const period *p, cdate on, int64_t since,
		      store_reopen *out, bool *found, err *e)
{
	int64_t unit_id = 0;
	char code[32];
	db_stmt *st = NULL;
	int rc;
	*found = false;
	if ((rc = period_code_str(p, code, sizeof code, e)) || (rc = store_int_unit_id(s, unit_code, &unit_id, e)))
		return rc;
	/* The unit and its ancestors, then their reopenings of the period still running on `on`. */
	rc = store_int_prepare(s,
			       "WITH RECURSIVE up(id) AS (SELECT ?1 UNION"
			       " SELECT u.parent_id FROM unit u JOIN up ON u.id = up.id"
			       " WHERE u.parent_id IS NOT NULL) " REOPEN_COLS
			       " JOIN up ON up.id = r.unit_id"
			       " WHERE r.period = ?2 AND r.until_date >= ?3 AND r.reopened_at >= ?4"
			       " ORDER BY r.until_date DESC, r.id DESC LIMIT 1",
			       &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, unit_id);
	db_bind_text(st, 2, code);
	store_int_bind_date(st, 3, on);
	db_bind_int(st, 4, since);
	rc = db_step(st);
	if (rc == DB_ROW) {
		rc = read_reopen(st, out, NULL, e);
		*found = rc == 0;
	} else if (rc == DB_DONE) {
		rc = 0;
	} else {
		rc = store_int_dberr(s, e, "lỗi CSDL khi tìm lần mở lại kỳ");
	}
	db_finalize(st);
	return rc;
}

int store_reopen_list(store *s, const char *unit_code, cdate active_on, store_reopen **out,
		      size_t *n, err *e)
{
	db_stmt *st = NULL;
	void *arr = NULL;
	int rc;
	*out = NULL;
	*n = 0;
	if (unit_code) {
		int64_t id;
		if ((rc = store_int_unit_id(s, unit_code, &id, e)))
			return rc;
	}
	rc = store_int_prepare(s,
			       REOPEN_COLS " WHERE (CAST(?1 AS TEXT) IS NULL OR un.code = ?1)"
			       " AND (CAST(?2 AS TEXT) IS NULL OR r.until_date >= ?2)"
			       " ORDER BY r.reopened_at DESC, r.id DESC",
			       &st, e);
	if (rc)
		return rc;
	if (unit_code)
		db_bind_text(st, 1, unit_code);
	store_int_bind_date(st, 2, active_on);
	rc = store_int_collect(s, st, sizeof **out, read_reopen, NULL, "các lần mở lại kỳ", &arr, n,
			       e);
	db_finalize(st);
	*out = arr;
	return rc;
}

/* ---- periods closed by hand -------------------------------------------------- */

#define CLOSE_COLS                                                                \
	"SELECT c.id, un.code, c.period, c.closed_by, c.closed_at, c.reason" \
	" FROM period_close c JOIN unit un ON un.id = c.unit_id"

/* Reads one row of CLOSE_COLS into elem (a store_closing); a store_int_collect reader. */
static int read_close(db_stmt *st, void *elem, void *ctx, err *e)
{
	store_closing *c = elem;
	char code[32];
	(void)ctx;
	memset(c, 0, sizeof *c);
	c->id = db_col_int(st, 0);
	store_int_col_text(st, 1, c->unit_code, sizeof c->unit_code);
	store_int_col_text(st, 2, code, sizeof code);
	store_int_col_text(st, 3, c->by, sizeof c->by);
	c->at = db_col_int(st, 4);
	store_int_col_text(st, 5, c->reason, sizeof c->reason);
	if (period_parse(code, &c->period, NULL) != 0)
		return err_set(e, ERR_DB, "lần khóa kỳ số %lld trong CSDL có kỳ \"%s\" không hợp lệ",
			       (long long)c->id, code);
	return 0;
}

int store_closing_add(store *s, store_closing *c, err *e)
{
	int64_t unit_id = 0;
	char code[32];
	db_stmt *st = NULL;
	int rc;
	if ((rc = period_code_str(&c->period, code, sizeof code, e)) ||
	    (rc = store_int_unit_id(s, c->unit_code, &unit_id, e)))
		return rc;
	if ((rc = store_int_write_guard(s, e)) ||
	    (rc = store_int_prepare(s,
				    "INSERT INTO period_close (unit_id, period, closed_by, closed_at, reason)"
				    " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
				    &st, e)))
		return rc;
	db_bind_int(st, 1, unit_id);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, c->by);
	db_bind_int(st, 4, c->at);
	db_bind_text(st, 5, c->reason);
	if (db_step(st) == DB_ROW) {
		c->id = db_col_int(st, 0);
		rc = 0;
	} else {
		rc = store_int_dberr(s, e, "không ghi được lần khóa kỳ (period_close)");
	}
	db_finalize(st);
	return rc;
}

int store_closing_find(store *s, const char *unit_code, const period *p, store_closing *out, bool *found,
		     err *e)
{
	int64_t unit_id = 0;
	char code[32];
	db_stmt *st = NULL;
	int rc;
	*found = false;
	if ((rc = period_code_str(p, code, sizeof code, e)) || (rc = store_int_unit_id(s, unit_code, &unit_id, e)))
		return rc;
	/* The unit and its ancestors, then their latest closing of the period. */
	rc = store_int_cached(s,
			       "WITH RECURSIVE up(id) AS (SELECT ?1 UNION"
			       " SELECT u.parent_id FROM unit u JOIN up ON u.id = up.id"
			       " WHERE u.parent_id IS NOT NULL) " CLOSE_COLS
			       " JOIN up ON up.id = c.unit_id WHERE c.period = ?2"
			       " ORDER BY c.closed_at DESC, c.id DESC LIMIT 1",
			       &st, e);
	if (rc)
		return rc;
	db_bind_int(st, 1, unit_id);
	db_bind_text(st, 2, code);
	rc = db_step(st);
	if (rc == DB_ROW) {
		rc = read_close(st, out, NULL, e);
		*found = rc == 0;
	} else if (rc == DB_DONE) {
		rc = 0;
	} else {
		rc = store_int_dberr(s, e, "lỗi CSDL khi tìm lần khóa kỳ");
	}
	store_int_release(st);
	return rc;
}

int store_closing_periods(store *s, const char *unit_code, store_period_fn fn, void *ctx, err *e)
{
	int64_t unit_id = 0;
	db_stmt *st = NULL;
	int rc = store_int_unit_id(s, unit_code, &unit_id, e);
	if (rc)
		return rc;
	/* the unit and its ancestors, as store_closing_find walks them */
	if ((rc = store_int_prepare(s,
				    "WITH RECURSIVE up(id) AS (SELECT ?1 UNION"
				    " SELECT u.parent_id FROM unit u JOIN up ON u.id = up.id"
				    " WHERE u.parent_id IS NOT NULL)"
				    " SELECT DISTINCT c.period FROM period_close c JOIN up ON up.id = c.unit_id",
				    &st, e)))
		return rc;
	db_bind_int(st, 1, unit_id);
	return store_int_each_period(s, st, false, fn, ctx, "lỗi CSDL khi tìm các kỳ đã khóa sổ", e);
}

int store_closing_list(store *s, const char *unit_code, store_closing **out, size_t *n, err *e)
{
	db_stmt *st = NULL;
	void *arr = NULL;
	int rc;
	*out = NULL;
	*n = 0;
	if (unit_code) {
		int64_t id;
		if ((rc = store_int_unit_id(s, unit_code, &id, e)))
			return rc;
	}
	rc = store_int_prepare(s,
			       CLOSE_COLS " WHERE (CAST(?1 AS TEXT) IS NULL OR un.code = ?1)"
			       " ORDER BY c.closed_at DESC, c.id DESC",
			       &st, e);
	if (rc)
		return rc;
	if (unit_code)
		db_bind_text(st, 1, unit_code);
	rc = store_int_collect(s, st, sizeof **out, read_close, NULL, "các lần khóa kỳ", &arr, n, e);
	db_finalize(st);
	*out = arr;
	return rc;
}
