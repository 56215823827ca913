/*
 * store.c - the store's common part, on the database layer (src/db):
 * opening a database of either engine (SQLite's pragmas), versioned schema
 * migrations, transactions with
 * nesting, the cache of persistent prepared statements and the helpers the
 * other store_*.c files share.
 *
 * Units and agencies live in store_units.c, indicators and targets in
 * store_catalog.c, values and the bulk paths in store_values.c; the DDL of
 * each engine in store_schema_sqlite.c and store_schema_pg.c.
 * Not for: rules of the model (src/core) or SQL only one engine accepts
 * (docs/internals/store.md says what both accept).
 */
#include "store/store_int.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the cached statements -------------------------------------------- */

static const char *const STMT_SQL[ST__COUNT] = {
	[ST_UNIT_ID_BY_CODE] = "SELECT id FROM unit WHERE code = ?1",
	[ST_UNIT_GET] =
		"SELECT u.id, u.code, u.name, u.type, p.code, u.parent_id, u.valid_from, u.valid_to"
		" FROM unit u LEFT JOIN unit p ON p.id = u.parent_id WHERE u.code = ?1",
	[ST_INDICATOR_KEY_BY_CODE] = "SELECT id, freq FROM indicator WHERE code = ?1",
	[ST_VROW_GET] = "SELECT months FROM value_year"
			" WHERE unit_id = ?1 AND year = ?2 AND indicator_id = ?3",
	[ST_VROW_PUT] = "INSERT INTO value_year (unit_id, year, indicator_id, months)"
			" VALUES (?1, ?2, ?3, ?4) ON CONFLICT (unit_id, year, indicator_id)"
			" DO UPDATE SET months = excluded.months",
	[ST_VROW_DELETE] = "DELETE FROM value_year"
			   " WHERE unit_id = ?1 AND year = ?2 AND indicator_id = ?3",
	[ST_AUDIT_INSERT] =
		"INSERT INTO value_audit (indicator_id, unit_id, year, month, old_amount,"
		" old_estimate, new_amount, new_estimate, changed_by, changed_at, reason)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[ST_CELLS_FOR_UNITS] = "SELECT unit_id, indicator_id, year, months FROM value_year"
			       " WHERE " STORE_IN_UNITS_YEARS,
	[ST_ROLLUPS_FOR_UNITS] = "SELECT unit_id, indicator_id, year, slots FROM value_rollup"
				 " WHERE " STORE_IN_UNITS_YEARS,
	[ST_TARGETS_FOR_UNITS] = "SELECT id, kind, source, amount, baseline, total, note, indicator_id, unit_id"
				 " FROM target WHERE " STORE_IN_UNITS " AND year_from = ?65 AND year_to = ?66",
};

/* The statement of each read of units (store_prefetch_units). */
static const store_stmt_id READ_STMT[STORE_READ__N] = {
	[STORE_READ_CELLS] = ST_CELLS_FOR_UNITS,
	[STORE_READ_ROLLUPS] = ST_ROLLUPS_FOR_UNITS,
	[STORE_READ_TARGETS] = ST_TARGETS_FOR_UNITS,
};

static void ahead_drop(store *s, int what)
{
	free(s->ahead[what].ids);
	memset(&s->ahead[what], 0, sizeof s->ahead[what]);
}

db_stmt *store_int_stmt(store *s, store_stmt_id id, err *e)
{
	for (int w = 0; w < STORE_READ__N; w++)
		if (READ_STMT[w] == id && s->ahead[w].gen)
			ahead_drop(s, w); /* its statement is reset: what went ahead is gone */
	db_stmt *st = s->st[id];
	if (st) {
		db_reset(st);
		db_clear_bindings(st);
		return st;
	}
	if (db_prepare(s->db, STMT_SQL[id], true, &st, e) != 0)
		return NULL;
	s->st[id] = st;
	return st;
}

void store_int_bind_units(db_stmt *st, const int64_t *ids, size_t n, int y0, int y1)
{
	for (size_t k = 0; k < STORE_IN_N; k++)
		db_bind_int(st, (int)k + 1, ids[k < n ? k : n - 1]);
	db_bind_int(st, STORE_IN_N + 1, y0);
	db_bind_int(st, STORE_IN_N + 2, y1);
}

void store_prefetch_units(store *s, store_read what, const int64_t *ids, size_t n, int y0, int y1)
{
	if ((unsigned)what >= STORE_READ__N || n == 0 || s->depth == 0 || s->walking || s->in_cells ||
	    (what == STORE_READ_TARGETS && db_seek_rows(s->db) < 1000) ||
	    (what == STORE_READ_CELLS && store_int_values_sync(s, NULL) != 0))
		return;
	db_stmt *st = store_int_stmt(s, READ_STMT[what], NULL); /* drops what went ahead before */
	int64_t *copy = malloc(n * sizeof *copy);
	if (!st || !copy) {
		free(copy);
		return; /* the read itself will say what failed */
	}
	memcpy(copy, ids, n * sizeof *copy);
	store_int_bind_units(st, ids, n < STORE_IN_N ? n : STORE_IN_N, y0, y1);
	(void)db_prefetch(st);
	s->ahead[what].ids = copy;
	s->ahead[what].n = n;
	s->ahead[what].y0 = y0;
	s->ahead[what].y1 = y1;
	s->ahead[what].gen = s->txn_gen;
}

db_stmt *store_int_units_first(store *s, store_read what, const int64_t *ids, size_t n, int y0, int y1,
			       err *e)
{
	bool same = s->ahead[what].gen && s->ahead[what].gen == s->txn_gen && s->depth > 0 &&
		    s->ahead[what].n == n && s->ahead[what].y0 == y0 && s->ahead[what].y1 == y1 &&
		    !memcmp(s->ahead[what].ids, ids, n * sizeof *ids) && s->st[READ_STMT[what]];
	if (same) {
		ahead_drop(s, what);
		return s->st[READ_STMT[what]];
	}
	db_stmt *st = store_int_stmt(s, READ_STMT[what], e);
	if (st)
		store_int_bind_units(st, ids, n < STORE_IN_N ? n : STORE_IN_N, y0, y1);
	return st;
}

int store_int_prepare(store *s, const char *sql, db_stmt **out, err *e)
{
	*out = NULL;
	return db_prepare(s->db, sql, false, out, e);
}

int store_int_prepare_scan(store *s, const char *sql, db_stmt **out, err *e)
{
	*out = NULL;
	return db_prepare_scan(s->db, sql, out, e);
}

bool store_int_read_start(store *s)
{
	err ig;
	return s->depth == 0 && store_read_begin(s, &ig) == 0;
}

void store_int_read_stop(store *s, bool mine)
{
	if (mine)
		store_read_end(s);
}

int store_int_cached(store *s, const char *sql, db_stmt **out, err *e)
{
	*out = NULL;
	for (int i = 0; i < STORE_INT_CACHE; i++)
		if (s->cache[i].sql && !strcmp(s->cache[i].sql, sql)) {
			db_reset(s->cache[i].st);
			db_clear_bindings(s->cache[i].st);
			*out = s->cache[i].st;
			return 0;
		}
	db_stmt *st = NULL;
	int rc = db_prepare(s->db, sql, true, &st, e);
	if (rc)
		return rc;
	char *copy = strdup(sql);
	if (!copy) {
		db_finalize(st);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi chuẩn bị câu lệnh SQL");
	}
	int k = s->cache_next;
	s->cache_next = (k + 1) % STORE_INT_CACHE;
	db_finalize(s->cache[k].st);
	free(s->cache[k].sql);
	s->cache[k].sql = copy;
	s->cache[k].st = st;
	*out = st;
	return 0;
}

void store_int_release(db_stmt *st)
{
	if (st) {
		db_reset(st);
		db_clear_bindings(st);
	}
}

int store_int_dberr(store *s, err *e, const char *what)
{
	db_errkind k = db_errkind_of(s->db);
	if (k == DB_E_READONLY)
		return err_set(e, ERR_IO, "%s: cơ sở dữ liệu chỉ đọc (read-only), không ghi được", what);
	if (k == DB_E_BUSY)
		return err_set(e, ERR_DB,
			       "%s: CSDL đang bận (chờ lượt ghi khác quá lâu, hoặc hai giao dịch xung đột); "
			       "hãy thử lại sau (%s)",
			       what, db_errmsg(s->db));
	if (k == DB_E_CONN)
		return err_set(e, ERR_UNAVAILABLE, "%s: mất kết nối tới máy chủ CSDL %s (%s)", what,
			       db_target(s->db), db_errmsg(s->db));
	return err_set(e, k == DB_E_CONSTRAINT || k == DB_E_UNIQUE ? ERR_CONFLICT : ERR_DB, "%s (%s)", what,
		       db_errmsg(s->db));
}

int store_int_collect(store *s, db_stmt *st, size_t elem_size,
		      int (*read_row)(db_stmt *st, void *elem, void *ctx, err *e), void *ctx,
		      const char *what, void **out, size_t *n, err *e)
{
	unsigned char *arr = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (len == cap) {
			size_t nc = cap ? cap * 2 : 8;
			unsigned char *na = NULL;
			if (elem_size && nc > cap && nc <= SIZE_MAX / elem_size)
				na = realloc(arr, nc * elem_size);
			if (!na) {
				rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc %s", what);
				goto fail;
			}
			arr = na;
			cap = nc;
		}
		memset(arr + len * elem_size, 0, elem_size);
		if ((rc = read_row(st, arr + len * elem_size, ctx, e)) != 0)
			goto fail;
		len++;
	}
	if (rc != DB_DONE) {
		char msg[ERR_MSG_MAX];
		snprintf(msg, sizeof msg, "lỗi CSDL khi đọc %s", what);
		rc = store_int_dberr(s, e, msg);
		goto fail;
	}
	*out = arr;
	*n = len;
	return 0;
fail:
	free(arr);
	return rc;
}

bool store_int_take_first(void *arr, size_t n, size_t elem_size, void *out)
{
	if (n > 0)
		memcpy(out, arr, elem_size);
	free(arr);
	return n > 0;
}

/* Runs SQL text without parameters (pragmas, DDL, transaction control). */
static int exec_sql(store *s, const char *sql, err *e)
{
	return db_exec(s->db, sql, e);
}

/* ---- transactions ------------------------------------------------------ */

/*
 * True when levels are open but the transaction cannot go on: SQLite ended
 * it by itself, or a statement failed inside it on PostgreSQL (which then
 * refuses everything until a rollback).
 */
static bool tx_lost(store *s)
{
	return s->depth > 0 && db_txn_state(s->db) != DB_TXN_ACTIVE;
}

int store_int_write_guard(store *s, err *e)
{
	/* a write makes a read sent ahead stale: drop it (ahead_drop below) */
	for (int w = 0; w < STORE_READ__N; w++)
		if (s->ahead[w].gen) {
			free(s->ahead[w].ids);
			memset(&s->ahead[w], 0, sizeof s->ahead[w]);
		}
	if (tx_lost(s))
		return err_set(e, ERR_DB,
			       "giao dịch đã bị CSDL hủy do lỗi trước; cần store_rollback");
	return 0;
}

int store_int_begin(store *s, err *e)
{
	char sql[48];
	int rc;
	if (s->depth == 0) {
		rc = db_begin_write(s->db, e); /* the driver reconnects a broken connection first */
		if (rc == 0)
			s->txn_gen++;
	} else if ((rc = store_int_write_guard(s, e)) == 0 &&
		 (rc = store_int_values_checkpoint(s, e)) == 0) {
		/* Outside a transaction SAVEPOINT would start a new one: guarded above.
		 * An open bulk writer's pending row and roll-ups are written first, so
		 * the savepoint's rollback undoes only what came after it. */
		snprintf(sql, sizeof sql, "SAVEPOINT sp%d", s->depth);
		rc = exec_sql(s, sql, e);
	}
	if (rc == 0)
		s->depth++;
	return rc;
}

/* Write transactions committed by this process (store_local_commits). */
static _Atomic uint64_t local_commits;

int store_int_commit(store *s, err *e)
{
	char sql[48];
	int rc;
	if (s->depth <= 0)
		return err_set(e, ERR_CONFLICT, "không có giao dịch nào đang mở để ghi (commit)");
	if ((rc = store_int_values_checkpoint(s, e)) != 0) {
		store_int_rollback(s);
		return rc;
	}
	/* A transaction the engine ended or failed cannot commit: PostgreSQL
	 * answers COMMIT with no transaction by a warning, and COMMIT of a failed
	 * one by rolling it back; neither may look like success. */
	if ((rc = store_int_write_guard(s, e)) == 0) {
		if (s->depth == 1) {
			/* prepared once: a write per request should not parse its COMMIT */
			db_stmt *st = NULL;
			if ((rc = store_int_cached(s, "COMMIT", &st, e)) == 0) {
				if (db_step(st) != DB_DONE)
					rc = store_int_dberr(s, e, "không ghi được giao dịch (COMMIT)");
				store_int_release(st);
			}
		} else {
			snprintf(sql, sizeof sql, "RELEASE sp%d", s->depth - 1);
			rc = exec_sql(s, sql, e);
		}
	}
	if (rc != 0) {
		store_int_rollback(s); /* a failed commit ends its level */
		return rc;
	}
	if (--s->depth == 0) {
		if (!s->read_txn)
			atomic_fetch_add_explicit(&local_commits, 1, memory_order_release);
		s->read_txn = false;
	}
	return 0;
}

uint64_t store_local_commits(void)
{
	return atomic_load_explicit(&local_commits, memory_order_acquire);
}

void store_int_rollback(store *s)
{
	char sql[64];
	if (s->depth <= 0)
		return;
	store_int_values_discard(s);
	if (db_txn_state(s->db) == DB_TXN_NONE) {
		/* The engine already rolled everything back: there is nothing to undo,
		 * and each open level still calls us once, so only the count moves. */
		if (--s->depth == 0)
			s->read_txn = false;
		return;
	}
	if (s->depth == 1) {
		(void)db_exec(s->db, "ROLLBACK", NULL);
	} else {
		snprintf(sql, sizeof sql, "ROLLBACK TO sp%d; RELEASE sp%d", s->depth - 1,
			 s->depth - 1);
		(void)db_exec(s->db, sql, NULL);
	}
	if (--s->depth == 0)
		s->read_txn = false;
}

int store_read_begin(store *s, err *e)
{
	if (s->depth > 0)
		return 0;
	int rc = db_begin_read(s->db, e); /* the driver reconnects a broken connection first */
	if (rc)
		return err_prefix(e, "không mở được giao dịch đọc: ");
	s->depth = 1;
	s->read_txn = true;
	s->txn_gen++;
	return 0;
}

void store_read_end(store *s)
{
	if (!s->read_txn || s->depth != 1)
		return;
	db_stmt *st;
	err e;
	if (store_int_cached(s, "COMMIT", &st, &e) == 0) {
		if (db_step(st) != DB_DONE)
			(void)db_exec(s->db, "ROLLBACK", NULL);
		store_int_release(st);
	} else {
		(void)db_exec(s->db, "ROLLBACK", NULL);
	}
	s->depth = 0;
	s->read_txn = false;
}

int store_begin(store *s, err *e)
{
	return store_int_begin(s, e);
}

int store_commit(store *s, err *e)
{
	return store_int_commit(s, e);
}

void store_rollback(store *s)
{
	store_int_rollback(s);
}

void store_set_actor(store *s, const char *who)
{
	size_t len;
	if (!who || !who[0])
		who = "system";
	len = strlen(who);
	if (len >= sizeof s->actor) {
		len = sizeof s->actor - 1;
		while (len > 0 && ((unsigned char)who[len] & 0xC0) == 0x80)
			len--; /* who[len] continues a character the cut would split */
	}
	memcpy(s->actor, who, len);
	s->actor[len] = '\0';
}

void store_set_now(store *s, int64_t now)
{
	s->now = now > 0 ? now : 0;
}

int64_t store_int_now(store *s)
{
	return s->now ? s->now : (int64_t)time(NULL);
}

/* ---- helpers ------------------------------------------------------------ */

int store_int_bind_date(db_stmt *st, int idx, cdate d)
{
	char iso[16];
	if (cdate_is_none(d))
		return db_bind_null(st, idx);
	snprintf(iso, sizeof iso, "%04d-%02d-%02d", d.y, d.m, d.d);
	return db_bind_text(st, idx, iso);
}

int store_int_col_date(db_stmt *st, int col, cdate *out, err *e)
{
	const char *t = db_col_text(st, col);
	cdate d = {0, 0, 0};
	if (!t) {
		*out = d;
		return 0;
	}
	if (db_col_bytes(st, col) != 10 || t[4] != '-' || t[7] != '-')
		return err_set(e, ERR_DB, "ngày \"%s\" trong CSDL không đúng dạng yyyy-mm-dd",
			       (const char *)t);
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (t[i] < '0' || t[i] > '9')
			return err_set(e, ERR_DB, "ngày \"%s\" trong CSDL không đúng dạng yyyy-mm-dd",
				       (const char *)t);
	}
	d.y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
	d.m = (t[5] - '0') * 10 + (t[6] - '0');
	d.d = (t[8] - '0') * 10 + (t[9] - '0');
	if (!cdate_valid(d))
		return err_set(e, ERR_DB, "ngày \"%s\" trong CSDL không có thật", (const char *)t);
	*out = d;
	return 0;
}

int store_int_each_period(store *s, db_stmt *st, bool with_agency, store_period_fn fn, void *ctx, const char *what,
			  err *e)
{
	char code[32], agency_code[CODE_MAX] = "";
	int rc, frc = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		store_int_col_text(st, 0, code, sizeof code);
		if (with_agency)
			store_int_col_text(st, 1, agency_code, sizeof agency_code);
		if ((frc = fn(ctx, code, agency_code, e)))
			break;
	}
	if (frc)
		rc = frc;
	else if (rc == DB_DONE)
		rc = 0;
	else
		rc = store_int_dberr(s, e, what);
	db_finalize(st);
	return rc;
}

void store_int_col_text(db_stmt *st, int col, char *dst, size_t n)
{
	const unsigned char *t = (const unsigned char *)db_col_text(st, col);
	size_t len;
	if (!t || n == 0) {
		if (n)
			dst[0] = '\0';
		return;
	}
	len = (size_t)db_col_bytes(st, col);
	if (len >= n) {
		len = n - 1;
		while (len > 0 && (t[len] & 0xC0) == 0x80)
			len--; /* t[len] continues a character the cut would split */
	}
	memcpy(dst, t, len);
	dst[len] = '\0';
}

int store_int_unit_id(store *s, const char *code, int64_t *id, err *e)
{
	db_stmt *st = store_int_stmt(s, ST_UNIT_ID_BY_CODE, e);
	int rc;
	if (!st)
		return e ? e->code : ERR_DB;
	db_bind_text(st, 1, code);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		db_reset(st);
		return 0;
	}
	db_reset(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOTFOUND, "không có đơn vị mã \"%s\"", code);
	return store_int_dberr(s, e, "lỗi CSDL khi tìm đơn vị");
}

int store_int_indicator_key(store *s, const char *code, int64_t *id, ind_freq *freq, err *e)
{
	db_stmt *st = store_int_stmt(s, ST_INDICATOR_KEY_BY_CODE, e);
	char fc[32];
	int rc;
	if (!st)
		return e ? e->code : ERR_DB;
	db_bind_text(st, 1, code);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		store_int_col_text(st, 1, fc, sizeof fc);
		db_reset(st);
		if (freq && freq_from_code(fc, freq, e) != 0)
			return err_set(e, ERR_DB, "chỉ tiêu %s có tần suất \"%s\" không hợp lệ trong CSDL",
				       code, fc);
		return 0;
	}
	db_reset(st);
	if (rc == DB_DONE)
		return err_set(e, ERR_NOTFOUND, "không có chỉ tiêu mã \"%s\"", code);
	return store_int_dberr(s, e, "lỗi CSDL khi tìm chỉ tiêu");
}

/* ---- open, migrate, close --------------------------------------------- */

/* Reads the highest applied version (0 for a new file). */
static int read_version(store *s, int *out, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_prepare(s, "SELECT MAX(version) FROM schema_version", &st, e);
	if (rc)
		return rc;
	if (db_step(st) != DB_ROW) {
		rc = store_int_dberr(s, e, "không đọc được phiên bản lược đồ (schema_version)");
		db_finalize(st);
		return rc;
	}
	*out = db_col_null(st, 0) ? 0 : (int)db_col_int(st, 0);
	db_finalize(st);
	return 0;
}

static int apply_step(store *s, const store_migration *m, err *e)
{
	db_stmt *st = NULL;
	int rc = exec_sql(s, m->sql, e);
	if (rc)
		return err_prefix(e, "nâng cấp lược đồ lên phiên bản %d: ", m->version);
	rc = store_int_prepare(s, "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)",
			       &st, e);
	if (rc)
		return rc;
	for (int v = m->from + 1; v <= m->version && rc == 0; v++) {
		db_reset(st);
		db_bind_int(st, 1, v);
		db_bind_int(st, 2, (int64_t)time(NULL));
		if (db_step(st) != DB_DONE)
			rc = store_int_dberr(s, e, "không ghi được phiên bản lược đồ");
	}
	db_finalize(st);
	return rc;
}

/* The refusal of a database from a newer chitieu: unusable by this build (exit 3). */
static int newer_schema(store *s, int version, err *e)
{
	return err_set(e, ERR_IO,
		       "CSDL %s có lược đồ phiên bản %d, mới hơn phiên bản %d mà bản "
		       "chitieu này hiểu; hãy dùng bản chitieu mới hơn",
		       db_target(s->db), version, STORE_SCHEMA_VERSION);
}

/*
 * Brings the database to STORE_SCHEMA_VERSION, each step in its own write
 * transaction (which on PostgreSQL holds the writers' lock: servers started
 * together migrate one after the other). A database already at the version
 * is only read: opening takes no write lock, so a long import elsewhere does
 * not hold up every command and server thread that opens the database.
 */
static int migrate(store *s, err *e)
{
	size_t n_steps = 0;
	const store_migration *steps = db_engine_of(s->db) == DB_POSTGRES
					       ? store_schema_pg(&n_steps)
					       : store_schema_sqlite(&n_steps);
	int version = 0, rc;
	err ig;

	/* the usual case, read outside any transaction; a database without the
	 * table, or any failure here, goes the locked way, which says why */
	if (read_version(s, &version, &ig) == 0) {
		if (version == STORE_SCHEMA_VERSION)
			return 0;
		if (version > STORE_SCHEMA_VERSION)
			return newer_schema(s, version, e);
	}
	for (;;) {
		const store_migration *next = NULL;
		if ((rc = store_int_begin(s, e)) != 0)
			return rc;
		if ((rc = exec_sql(s,
				   "CREATE TABLE IF NOT EXISTS schema_version ("
				   " version INTEGER NOT NULL PRIMARY KEY,"
				   " applied_at BIGINT NOT NULL)",
				   e)) != 0)
			goto fail;
		if ((rc = read_version(s, &version, e)) != 0)
			goto fail;
		if (version > STORE_SCHEMA_VERSION) {
			rc = newer_schema(s, version, e);
			goto fail;
		}
		for (size_t i = 0; i < n_steps; i++)
			if (steps[i].from == version)
				next = &steps[i];
		if (!next) {
			store_int_rollback(s); /* nothing to do: end the read transaction */
			if (version != STORE_SCHEMA_VERSION)
				return err_set(e, ERR_IO,
					       "CSDL %s ở phiên bản lược đồ %d, bản chitieu này không "
					       "nâng cấp được từ đó lên %d",
					       db_target(s->db), version, STORE_SCHEMA_VERSION);
			return 0;
		}
		if ((rc = apply_step(s, next, e)) != 0)
			goto fail;
		if ((rc = store_int_commit(s, e)) != 0)
			return rc;
	}
fail:
	store_int_rollback(s);
	return rc;
}

/* The read-only path: a write-protected SQLite file is read as it is, at the current schema. */
static int open_readonly(store *s, err *e)
{
	int version = 0, rc;
	if ((rc = exec_sql(s, "PRAGMA foreign_keys=ON; PRAGMA cache_size=-16384", e)) != 0 ||
	    (rc = store_int_value_functions(s, e)) != 0 || (rc = read_version(s, &version, e)) != 0)
		return rc;
	if (version != STORE_SCHEMA_VERSION)
		return err_set(e, ERR_CONFLICT,
			       "CSDL \"%s\" chỉ đọc (read-only) và ở phiên bản lược đồ %d, cần %d: "
			       "mở một lần với quyền ghi để nâng cấp",
			       db_target(s->db), version, STORE_SCHEMA_VERSION);
	return 0;
}

int store_open(const char *path, store **out, err *e)
{
	store *s;
	int rc;

	*out = NULL;
	s = calloc(1, sizeof *s);
	if (!s)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi mở CSDL");
	store_set_actor(s, NULL);
	if ((rc = db_open(path, DB_OPEN_CREATE, &s->db, e)) != 0)
		goto fail;
	if (db_readonly(s->db)) {
		if ((rc = open_readonly(s, e)) != 0)
			goto fail;
		*out = s;
		return 0;
	}
	if (db_engine_of(s->db) == DB_SQLITE &&
	    (rc = exec_sql(s,
			   "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
			   " PRAGMA synchronous=NORMAL; PRAGMA cache_size=-16384",
			   e)) != 0) {
		if (db_errkind_of(s->db) == DB_E_NOTADB)
			rc = err_set(e, ERR_IO,
				     "tệp không phải cơ sở dữ liệu của chitieu (không phải tệp SQLite, "
				     "hoặc đã hỏng)");
		goto fail;
	}
	if ((rc = store_int_value_functions(s, e)) != 0 || (rc = migrate(s, e)) != 0)
		goto fail;
	*out = s;
	return 0;
fail:
	store_close(s);
	return rc;
}

void store_close(store *s)
{
	if (!s)
		return;
	while (s->depth > 0)
		store_int_rollback(s);
	for (int i = 0; i < ST__COUNT; i++)
		db_finalize(s->st[i]);
	for (int w = 0; w < STORE_READ__N; w++)
		ahead_drop(s, w);
	for (int i = 0; i < STORE_INT_CACHE; i++) {
		db_finalize(s->cache[i].st);
		free(s->cache[i].sql);
	}
	db_close(s->db);
	free(s);
}

int store_data_version(store *s, uint64_t *out, err *e)
{
	return db_data_version(s->db, out, e);
}

int store_schema_version(store *s, int *out, err *e)
{
	return read_version(s, out, e);
}

const char *store_engine_name(store *s)
{
	return db_engine_name(s->db);
}

bool store_is_postgres(store *s)
{
	return db_engine_of(s->db) == DB_POSTGRES;
}
