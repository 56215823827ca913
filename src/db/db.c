/*
 * db.c - the database layer's front: picks the driver from the target text
 * and dispatches each call through the driver's table (db_int.h).
 *
 * Not for: anything engine-specific (db_sqlite.c, db_pg.c).
 */
#include "db/db_int.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

bool db_target_is_postgres(const char *t)
{
	if (!t)
		return false;
	if (!strncmp(t, "postgresql://", 13) || !strncmp(t, "postgres://", 11))
		return true;
	/* libpq conninfo: starts with a keyword followed by '=' ("host=... dbname=...") */
	const char *p = t;
	while (*p == ' ')
		p++;
	const char *k = p;
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	if (p == k)
		return false;
	while (*p == ' ')
		p++;
	return *p == '=';
}

void db_target_safe(const char *t, char *out, size_t n)
{
	size_t k = 0;
	const char *scheme = strstr(t, "://");
	const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
	const char *colon = scheme && at ? memchr(scheme + 3, ':', (size_t)(at - scheme - 3)) : NULL;
	if (n == 0)
		return;
	for (const char *p = t; *p && k + 1 < n;) {
		if (colon && p == colon) { /* "user:secret@host": the secret goes */
			p = at;
			continue;
		}
		if (!strncmp(p, "password=", 9) && (p == t || strchr(" &?", p[-1]))) {
			const char *q = p + 9;
			if (*q == '\'') { /* a quoted conninfo value */
				for (q++; *q && *q != '\''; q++)
					if (*q == '\\' && q[1])
						q++;
				if (*q)
					q++;
			} else {
				while (*q && *q != ' ' && *q != '&')
					q++;
			}
			for (const char *r = "password=***"; *r && k + 1 < n; r++)
				out[k++] = *r;
			p = q;
			continue;
		}
		out[k++] = *p++;
	}
	out[k] = '\0';
}

int db_open(const char *target, unsigned flags, db **out, err *e)
{
	*out = NULL;
	if (!target || !*target)
		return err_set(e, ERR_INVALID, "chưa chỉ định cơ sở dữ liệu");
	if (db_target_is_postgres(target))
		return db_pg_open(target, flags, out, e);
	return db_sqlite_open(target, flags, out, e);
}

void db_int_fail(db *d, db_errkind kind, const char *msg)
{
	size_t len;
	d->kind = kind;
	if (!msg)
		msg = "";
	len = strlen(msg);
	while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
		len--; /* libpq ends its messages with a newline */
	if (len >= sizeof d->msg) {
		len = sizeof d->msg - 1;
		while (len > 0 && ((unsigned char)msg[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(d->msg, msg, len);
	d->msg[len] = '\0';
}

int db_int_code(db_errkind kind)
{
	if (kind == DB_E_CONN)
		return ERR_UNAVAILABLE;
	return kind == DB_E_CONSTRAINT || kind == DB_E_UNIQUE ? ERR_CONFLICT : ERR_DB;
}

int db_int_err(db *d, const char *sql, err *e)
{
	const char *eng = db_engine_name(d);
	switch (d->kind) {
	case DB_E_READONLY:
		return err_set(e, ERR_IO, "CSDL %s %s chỉ đọc (read-only), không ghi được (%s)", eng,
			       d->target, d->msg);
	case DB_E_CONN:
		return err_set(e, ERR_UNAVAILABLE, "mất kết nối tới máy chủ %s %s (%s)", eng, d->target,
			       d->msg);
	case DB_E_BUSY:
		return err_set(e, ERR_DB, "CSDL %s %s đang bận (chờ khóa quá lâu hoặc xung đột với một giao "
			       "dịch khác), hãy thử lại sau (%s)", eng, d->target, d->msg);
	default:
		return err_set(e, db_int_code(d->kind), "lỗi CSDL %s %s khi chạy \"%.60s\" (%s)", eng,
			       d->target, sql, d->msg);
	}
}

void db_close(db *d)
{
	if (d)
		d->ops->close(d);
}

db_engine db_engine_of(const db *d)
{
	return d->engine;
}

const char *db_engine_name(const db *d)
{
	return d->engine == DB_POSTGRES ? "PostgreSQL" : "SQLite";
}

const char *db_target(const db *d)
{
	return d->target;
}

int db_seek_rows(const db *d)
{
	return d->seek_rows > 0 ? d->seek_rows : 1;
}

bool db_readonly(const db *d)
{
	return d->readonly;
}

/* ---- fault injection (tests) ---------------------------------------------- */

static atomic_long fault_left; /* statements left before the one that fails; 0: off */

void db_fault_after(long n)
{
	atomic_store(&fault_left, n > 0 ? n : 0);
}

long db_fault_left(void)
{
	return atomic_load(&fault_left);
}

/* True, once, for the statement db_fault_after chose. */
static bool fault_now(db *d)
{
	long v = atomic_load(&fault_left);
	while (v > 0 && !atomic_compare_exchange_weak(&fault_left, &v, v - 1))
		;
	if (v != 1)
		return false;
	db_int_fail(d, DB_E_OTHER, "lỗi CSDL giả lập (fault injection)");
	return true;
}

int db_exec(db *d, const char *sql, err *e)
{
	if (fault_now(d))
		return err_set(e, ERR_DB, "lỗi CSDL giả lập (fault injection) ở câu lệnh: %.60s", sql);
	return d->ops->exec(d, sql, e);
}

int db_prepare_scan(db *d, const char *sql, db_stmt **out, err *e)
{
	int rc = db_prepare(d, sql, false, out, e);
	if (rc == 0)
		(*out)->scan = true;
	return rc;
}

int db_prepare(db *d, const char *sql, bool persistent, db_stmt **out, err *e)
{
	*out = NULL;
	return d->ops->prepare(d, sql, persistent, out, e);
}

void db_finalize(db_stmt *st)
{
	if (st)
		st->d->ops->finalize(st);
}

void db_reset(db_stmt *st)
{
	if (st) {
		st->bind_rc = 0;
		st->d->ops->reset(st);
	}
}

void db_clear_bindings(db_stmt *st)
{
	if (st) {
		st->bind_rc = 0;
		st->d->ops->clear_bindings(st);
	}
}

/* Records on st's connection why binding parameter i failed with rc. */
static void bind_failed(db_stmt *st, int i, int rc)
{
	char msg[200];
	snprintf(msg, sizeof msg, "không gắn được tham số ?%d của câu lệnh (%s)", i,
		 rc == ERR_NOMEM   ? "hết bộ nhớ"
		 : rc == ERR_TOOBIG ? "giá trị quá lớn"
				    : "không có tham số này, hoặc câu lệnh đang chạy mà chưa reset");
	db_int_fail(st->d, DB_E_OTHER, msg);
}

/* A bind's answer; a failure is recorded, and the first one kept for db_step. */
static int bound(db_stmt *st, int i, int rc)
{
	if (rc == 0)
		return 0;
	if (!st->bind_rc) {
		st->bind_rc = rc;
		st->bind_param = i;
	}
	bind_failed(st, i, rc);
	return rc;
}

int db_bind_int(db_stmt *st, int i, int64_t v)
{
	return bound(st, i, st->d->ops->bind_int(st, i, v));
}

int db_bind_double(db_stmt *st, int i, double v)
{
	return bound(st, i, st->d->ops->bind_double(st, i, v));
}

int db_bind_text(db_stmt *st, int i, const char *s)
{
	return db_bind_textn(st, i, s, s ? strlen(s) : 0);
}

int db_bind_textn(db_stmt *st, int i, const char *s, size_t n)
{
	if (!s)
		return db_bind_null(st, i);
	return bound(st, i, st->d->ops->bind_text(st, i, s, n));
}

int db_bind_blob(db_stmt *st, int i, const void *p, size_t n)
{
	return bound(st, i, st->d->ops->bind_blob(st, i, p, n));
}

int db_bind_null(db_stmt *st, int i)
{
	return bound(st, i, st->d->ops->bind_null(st, i));
}

int db_step(db_stmt *st)
{
	if (st->bind_rc) { /* never run with a parameter missing: say which */
		bind_failed(st, st->bind_param, st->bind_rc);
		return st->bind_rc;
	}
	if (fault_now(st->d))
		return ERR_DB;
	return st->d->ops->step(st);
}

int db_prefetch(db_stmt *st)
{
	if (st->bind_rc || !st->d->ops->prefetch)
		return 0; /* the step reports a failed bind */
	return st->d->ops->prefetch(st);
}

bool db_col_null(db_stmt *st, int c)
{
	return st->d->ops->col_null(st, c);
}

int64_t db_col_int(db_stmt *st, int c)
{
	return st->d->ops->col_int(st, c);
}

double db_col_double(db_stmt *st, int c)
{
	return st->d->ops->col_double(st, c);
}

const char *db_col_text(db_stmt *st, int c)
{
	return st->d->ops->col_text(st, c);
}

const void *db_col_blob(db_stmt *st, int c)
{
	return st->d->ops->col_blob(st, c);
}

size_t db_col_bytes(db_stmt *st, int c)
{
	return st->d->ops->col_bytes(st, c);
}

int db_col_count(db_stmt *st)
{
	return st->d->ops->col_count(st);
}

db_type db_col_type(db_stmt *st, int c)
{
	return st->d->ops->col_type(st, c);
}

const char *db_col_name(db_stmt *st, int c)
{
	return st->d->ops->col_name(st, c);
}

int64_t db_changes(db *d)
{
	return d->ops->changes(d);
}

db_errkind db_errkind_of(const db *d)
{
	return d->kind;
}

const char *db_errmsg(const db *d)
{
	return d->msg;
}

db_txn db_txn_state(db *d)
{
	return d->ops->txn_state(d);
}

int db_begin_write(db *d, err *e)
{
	return d->ops->begin_write(d, e);
}

int db_begin_read(db *d, err *e)
{
	return d->ops->begin_read(d, e);
}

int db_data_version(db *d, uint64_t *out, err *e)
{
	return d->ops->data_version(d, out, e);
}

int db_copy_open(db *d, const char *table, const char *cols, int ncols, db_copy **out, err *e)
{
	*out = NULL;
	return d->ops->copy_open(d, table, cols, ncols, out, e);
}

int db_copy_int(db_copy *c, int64_t v)
{
	return c->d->ops->copy_int(c, v);
}

int db_copy_blob(db_copy *c, const void *p, size_t n)
{
	return c->d->ops->copy_blob(c, p, n);
}

int db_copy_row(db_copy *c, err *e)
{
	return c->d->ops->copy_row(c, e);
}

int db_copy_flush(db_copy *c, err *e)
{
	return c ? c->d->ops->copy_flush(c, e) : 0;
}

size_t db_copy_pending(const db_copy *c)
{
	return c ? c->d->ops->copy_pending(c) : 0;
}

void db_copy_discard(db_copy *c)
{
	if (c)
		c->d->ops->copy_discard(c);
}

void db_copy_close(db_copy *c)
{
	if (c)
		c->d->ops->copy_close(c);
}
