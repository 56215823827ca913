/*
 * store_sqlite.c - the SQLite store: opening a file (WAL, foreign keys,
 * busy timeout), versioned schema migrations, transactions with nesting,
 * the cache of persistent prepared statements and the helpers the other
 * store_sqlite_*.c files share.
 *
 * Units and agencies live in store_sqlite_units.c, indicators and targets in
 * store_sqlite_catalog.c, values and the bulk paths in store_sqlite_values.c.
 * Not for: rules of the model (model.c) or SQL of another backend. The SQL
 * here stays portable in shape (see docs/internals/store.md); only pragmas
 * and "WITHOUT ROWID" are SQLite DDL details.
 */
#include "store/store_sqlite_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- schema and migrations ------------------------------------------- */

/*
 * Each step moves the schema from version-1 to version and runs in one
 * transaction with the insert of its schema_version row. Never edit a
 * released step: add a new one and raise STORE_SCHEMA_VERSION.
 */
typedef struct migration {
	int version;
	const char *sql;
} migration;

static const migration MIGRATIONS[] = {
	{1,
	 "CREATE TABLE unit ("
	 " id INTEGER PRIMARY KEY,"
	 " code TEXT NOT NULL UNIQUE,"
	 " name TEXT NOT NULL,"
	 " type TEXT NOT NULL,"
	 " parent_id BIGINT REFERENCES unit(id),"
	 " valid_from TEXT,"
	 " valid_to TEXT);"
	 "CREATE INDEX unit_parent ON unit(parent_id);"
	 "CREATE TABLE unit_link ("
	 " unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " from_unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " link_date TEXT NOT NULL,"
	 " PRIMARY KEY (unit_id, from_unit_id));"
	 "CREATE INDEX unit_link_from ON unit_link(from_unit_id);"
	 "CREATE TABLE agency ("
	 " id INTEGER PRIMARY KEY,"
	 " code TEXT NOT NULL UNIQUE,"
	 " name TEXT NOT NULL);"
	 "CREATE TABLE indicator ("
	 " id INTEGER PRIMARY KEY,"
	 " code TEXT NOT NULL UNIQUE,"
	 " name_vi TEXT NOT NULL,"
	 " name_en TEXT NOT NULL,"
	 " uom TEXT NOT NULL,"
	 " uom_scale INTEGER NOT NULL,"
	 " decimals INTEGER NOT NULL,"
	 " sector TEXT NOT NULL,"
	 " kind TEXT NOT NULL,"
	 " direction TEXT NOT NULL,"
	 " rollup TEXT NOT NULL,"
	 " freq TEXT NOT NULL,"
	 " agency_id BIGINT REFERENCES agency(id),"
	 " numerator_id BIGINT REFERENCES indicator(id),"
	 " denominator_id BIGINT REFERENCES indicator(id),"
	 " ratio_scale INTEGER NOT NULL,"
	 " weight_id BIGINT REFERENCES indicator(id),"
	 " sort_order INTEGER NOT NULL);"
	 "CREATE TABLE target ("
	 " id INTEGER PRIMARY KEY,"
	 " indicator_id BIGINT NOT NULL REFERENCES indicator(id),"
	 " unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " year_from INTEGER NOT NULL,"
	 " year_to INTEGER NOT NULL,"
	 " source TEXT NOT NULL,"
	 " kind TEXT NOT NULL,"
	 " amount BIGINT NOT NULL,"
	 " baseline BIGINT,"
	 " total BIGINT NOT NULL,"
	 " note TEXT NOT NULL,"
	 " UNIQUE (indicator_id, unit_id, year_from, year_to, source));"
	 /* No declared foreign keys here: they cost a fifth of the import
	  * speed; store_value_put resolves codes and the bulk writer checks
	  * ids against the sets it loads (docs/internals/store.md). */
	 "CREATE TABLE value ("
	 " unit_id BIGINT NOT NULL,"
	 " year INTEGER NOT NULL,"
	 " indicator_id BIGINT NOT NULL,"
	 " month INTEGER NOT NULL,"
	 " amount BIGINT NOT NULL,"
	 " estimate INTEGER NOT NULL,"
	 " entered_by TEXT NOT NULL,"
	 " entered_at BIGINT NOT NULL,"
	 " PRIMARY KEY (unit_id, year, indicator_id, month)) WITHOUT ROWID;"
	 "CREATE TABLE value_audit ("
	 " id INTEGER PRIMARY KEY,"
	 " indicator_id BIGINT NOT NULL REFERENCES indicator(id),"
	 " unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " year INTEGER NOT NULL,"
	 " month INTEGER NOT NULL,"
	 " old_amount BIGINT,"
	 " old_estimate INTEGER,"
	 " new_amount BIGINT,"
	 " new_estimate INTEGER,"
	 " changed_by TEXT NOT NULL,"
	 " changed_at BIGINT NOT NULL,"
	 " reason TEXT NOT NULL);"
	 "CREATE INDEX value_audit_key ON value_audit(indicator_id, unit_id, year, month, id);"},
	{2,
	 /* One row per change or delete of a target (new_* NULL on delete). */
	 "CREATE TABLE target_audit ("
	 " id INTEGER PRIMARY KEY,"
	 " indicator_id BIGINT NOT NULL REFERENCES indicator(id),"
	 " unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " year_from INTEGER NOT NULL,"
	 " year_to INTEGER NOT NULL,"
	 " source TEXT NOT NULL,"
	 " old_kind TEXT NOT NULL,"
	 " old_value BIGINT NOT NULL,"
	 " old_baseline BIGINT,"
	 " old_total BIGINT NOT NULL,"
	 " old_note TEXT NOT NULL,"
	 " new_kind TEXT,"
	 " new_value BIGINT,"
	 " new_baseline BIGINT,"
	 " new_total BIGINT,"
	 " new_note TEXT,"
	 " changed_by TEXT NOT NULL,"
	 " changed_at BIGINT NOT NULL);"
	 "CREATE INDEX target_audit_key ON target_audit(indicator_id, unit_id, year_from, year_to, id);"},
	{3,
	 /* Users of the server (src/auth). "app_user", not "user": USER is a
	  * reserved word in PostgreSQL. Secrets are kept as hex SHA-256 only. */
	 "CREATE TABLE app_user ("
	 " id INTEGER PRIMARY KEY,"
	 " login TEXT NOT NULL UNIQUE,"
	 " name TEXT NOT NULL,"
	 " role TEXT NOT NULL,"
	 " agency_id BIGINT REFERENCES agency(id),"
	 " active INTEGER NOT NULL,"
	 " pw_hash TEXT NOT NULL,"
	 " created_at BIGINT NOT NULL);"
	 "CREATE TABLE user_scope ("
	 " user_id BIGINT NOT NULL REFERENCES app_user(id),"
	 " unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " kind TEXT NOT NULL,"
	 " PRIMARY KEY (user_id, unit_id, kind));"
	 "CREATE TABLE session ("
	 " token_hash TEXT NOT NULL PRIMARY KEY,"
	 " user_id BIGINT NOT NULL REFERENCES app_user(id),"
	 " csrf TEXT NOT NULL,"
	 " created_at BIGINT NOT NULL,"
	 " expires_at BIGINT NOT NULL);"
	 "CREATE INDEX session_user ON session(user_id);"
	 "CREATE TABLE api_token ("
	 " token_hash TEXT NOT NULL PRIMARY KEY,"
	 " user_id BIGINT NOT NULL REFERENCES app_user(id),"
	 " name TEXT NOT NULL,"
	 " created_at BIGINT NOT NULL,"
	 " expires_at BIGINT NOT NULL,"
	 " UNIQUE (user_id, name));"
	 "CREATE TABLE login_failure ("
	 " login TEXT NOT NULL,"
	 " ip TEXT NOT NULL,"
	 " at BIGINT NOT NULL);"
	 "CREATE INDEX login_failure_login ON login_failure(login, at);"
	 "CREATE INDEX login_failure_ip ON login_failure(ip, at);"},
	{4,
	 /* Period locking (src/core/lock.c): settings of the database as
	  * key/value text ("lock.due_day" = "25"), and the periods an
	  * administrator reopened for a unit (and its descendants) until a day. */
	 "CREATE TABLE setting ("
	 " key TEXT NOT NULL PRIMARY KEY,"
	 " value TEXT NOT NULL);"
	 "CREATE TABLE period_reopen ("
	 " id INTEGER PRIMARY KEY,"
	 " unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " period TEXT NOT NULL,"
	 " until_date TEXT NOT NULL,"
	 " reopened_by TEXT NOT NULL,"
	 " reopened_at BIGINT NOT NULL,"
	 " reason TEXT NOT NULL);"
	 "CREATE INDEX period_reopen_key ON period_reopen(period, unit_id, until_date);"},
	{5,
	 /* Report wording an administrator edited (src/report); a key without a
	  * row uses the built-in wording. */
	 "CREATE TABLE report_template ("
	 " key TEXT NOT NULL PRIMARY KEY,"
	 " body TEXT NOT NULL,"
	 " updated_by TEXT NOT NULL,"
	 " updated_at BIGINT NOT NULL);"},
	{6,
	 /* Meetings and the tasks they assign (issue #5; rules in core/task.c,
	  * SQL in store_sqlite_tasks.c). A task's lead and coordinating units
	  * or agencies are rows of task_unit (role 'lead' or 'coord', exactly
	  * one of unit_id / agency_id). Status is never stored. Attachment
	  * bytes live in their own table so lists never read them. */
	 "CREATE TABLE meeting ("
	 " id INTEGER PRIMARY KEY,"
	 " kind TEXT NOT NULL,"
	 " title TEXT NOT NULL,"
	 " held_on TEXT NOT NULL,"
	 " time_min INTEGER,"
	 " unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " chair TEXT NOT NULL,"
	 " attendees TEXT NOT NULL,"
	 " period TEXT,"
	 " conclusions TEXT NOT NULL,"
	 " notice_no TEXT NOT NULL,"
	 " created_by TEXT NOT NULL,"
	 " created_at BIGINT NOT NULL);"
	 "CREATE INDEX meeting_unit_date ON meeting(unit_id, held_on);"
	 "CREATE INDEX meeting_date ON meeting(held_on);"
	 "CREATE TABLE meeting_unit ("
	 " meeting_id BIGINT NOT NULL REFERENCES meeting(id),"
	 " unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " pos INTEGER NOT NULL,"
	 " PRIMARY KEY (meeting_id, unit_id));"
	 "CREATE TABLE meeting_indicator ("
	 " meeting_id BIGINT NOT NULL REFERENCES meeting(id),"
	 " indicator_id BIGINT NOT NULL REFERENCES indicator(id),"
	 " pos INTEGER NOT NULL,"
	 " PRIMARY KEY (meeting_id, indicator_id));"
	 "CREATE TABLE task ("
	 " id INTEGER PRIMARY KEY,"
	 " content TEXT NOT NULL,"
	 " owner_unit_id BIGINT NOT NULL REFERENCES unit(id),"
	 " meeting_id BIGINT REFERENCES meeting(id),"
	 " assigned_by TEXT NOT NULL,"
	 " assigned_on TEXT NOT NULL,"
	 " due_period TEXT,"
	 " due TEXT NOT NULL,"
	 " due_original TEXT NOT NULL,"
	 " priority TEXT NOT NULL,"
	 " state TEXT NOT NULL,"
	 " done_on TEXT,"
	 " percent INTEGER NOT NULL,"
	 " created_at BIGINT NOT NULL,"
	 " updated_at BIGINT NOT NULL);"
	 "CREATE INDEX task_due ON task(due, id);"
	 "CREATE INDEX task_state_due ON task(state, due);"
	 "CREATE INDEX task_meeting ON task(meeting_id);"
	 "CREATE INDEX task_owner ON task(owner_unit_id, due);"
	 "CREATE TABLE task_unit ("
	 " task_id BIGINT NOT NULL REFERENCES task(id),"
	 " role TEXT NOT NULL,"
	 " unit_id BIGINT REFERENCES unit(id),"
	 " agency_id BIGINT REFERENCES agency(id),"
	 " pos INTEGER NOT NULL,"
	 " CHECK ((unit_id IS NULL) <> (agency_id IS NULL)));"
	 "CREATE INDEX task_unit_task ON task_unit(task_id, role, pos);"
	 "CREATE INDEX task_unit_unit ON task_unit(unit_id, role, task_id);"
	 "CREATE INDEX task_unit_agency ON task_unit(agency_id, role, task_id);"
	 "CREATE TABLE task_indicator ("
	 " task_id BIGINT NOT NULL REFERENCES task(id),"
	 " indicator_id BIGINT NOT NULL REFERENCES indicator(id),"
	 " pos INTEGER NOT NULL,"
	 " PRIMARY KEY (task_id, indicator_id));"
	 "CREATE INDEX task_indicator_ind ON task_indicator(indicator_id, task_id);"
	 "CREATE TABLE task_progress ("
	 " id INTEGER PRIMARY KEY,"
	 " task_id BIGINT NOT NULL REFERENCES task(id),"
	 " lead_code TEXT NOT NULL,"
	 " body TEXT NOT NULL,"
	 " percent INTEGER NOT NULL,"
	 " report_date TEXT NOT NULL,"
	 " done INTEGER NOT NULL,"
	 " attach_name TEXT NOT NULL,"
	 " attach_type TEXT NOT NULL,"
	 " attach_size BIGINT NOT NULL,"
	 " reported_by TEXT NOT NULL,"
	 " reported_at BIGINT NOT NULL);"
	 "CREATE INDEX task_progress_task ON task_progress(task_id, id);"
	 "CREATE TABLE task_attachment ("
	 " progress_id BIGINT NOT NULL PRIMARY KEY REFERENCES task_progress(id),"
	 " data BLOB NOT NULL);"
	 "CREATE TABLE task_event ("
	 " id INTEGER PRIMARY KEY,"
	 " task_id BIGINT NOT NULL REFERENCES task(id),"
	 " kind TEXT NOT NULL,"
	 " old_due TEXT,"
	 " new_due TEXT,"
	 " event_date TEXT,"
	 " percent INTEGER NOT NULL,"
	 " reason TEXT NOT NULL,"
	 " event_by TEXT NOT NULL,"
	 " event_at BIGINT NOT NULL);"
	 "CREATE INDEX task_event_task ON task_event(task_id, id);"},
	{7,
	 /* Roll-ups kept up to date on write (issue #7; store_sqlite_rollup.c,
	  * docs/internals/scale.md): per (unit, year, indicator) the twelve
	  * monthly sums of the unit's children's effective values with their
	  * counts, as one BLOB. rollup_state.stale = 1 means the table cannot be
	  * trusted (a file that had values before this step, or a unit moved to
	  * another parent) until store_rollup_rebuild; readers then use the
	  * values themselves. The target index serves per-unit target reads. */
	 "CREATE TABLE value_rollup ("
	 " unit_id BIGINT NOT NULL,"
	 " year INTEGER NOT NULL,"
	 " indicator_id BIGINT NOT NULL,"
	 " slots BLOB NOT NULL,"
	 " PRIMARY KEY (unit_id, year, indicator_id)) WITHOUT ROWID;"
	 "CREATE TABLE rollup_state ("
	 " id INTEGER PRIMARY KEY CHECK (id = 1),"
	 " stale INTEGER NOT NULL);"
	 "INSERT INTO rollup_state (id, stale) SELECT 1, EXISTS (SELECT 1 FROM value);"
	 "CREATE INDEX target_unit_year ON target(unit_id, year_from);"
	 "CREATE TRIGGER unit_parent_rollup AFTER UPDATE OF parent_id ON unit"
	 " WHEN old.parent_id IS NOT new.parent_id"
	 " BEGIN UPDATE rollup_state SET stale = 1; END;"},
	{8,
	 /* One row per (unit, year, indicator) with its twelve months packed
	  * (vrow.h; docs/internals/scale.md, "The value row"): a bulk
	  * load is a twelfth of the B-tree inserts. Every month keeps its
	  * amount, estimate flag, who and when; the roll-ups do not change. */
	 "CREATE TABLE value_year ("
	 " unit_id BIGINT NOT NULL,"
	 " year INTEGER NOT NULL,"
	 " indicator_id BIGINT NOT NULL,"
	 " months BLOB NOT NULL,"
	 " PRIMARY KEY (unit_id, year, indicator_id)) WITHOUT ROWID;"
	 "INSERT INTO value_year (unit_id, year, indicator_id, months)"
	 " SELECT unit_id, year, indicator_id,"
	 " chitieu_vrow_pack(unit_id, year, indicator_id, month, amount, estimate,"
	 " entered_by, entered_at)"
	 " FROM value GROUP BY unit_id, year, indicator_id;"
	 "DROP TABLE value;"},
};

#define N_MIGRATIONS (sizeof MIGRATIONS / sizeof MIGRATIONS[0])

_Static_assert(sizeof MIGRATIONS / sizeof MIGRATIONS[0] == STORE_SCHEMA_VERSION,
	       "one migration step per schema version");

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
	[ST_CELLS_FOR_UNIT] =
		"SELECT indicator_id, year, months FROM value_year"
		" WHERE unit_id = ?1 AND year >= ?2 AND year <= ?3",
};

sqlite3_stmt *store_int_stmt(store *s, store_stmt_id id, err *e)
{
	sqlite3_stmt *st = s->st[id];
	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return st;
	}
	if (sqlite3_prepare_v3(s->db, STMT_SQL[id], -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
	    SQLITE_OK) {
		store_int_dberr(s, e, "không chuẩn bị được câu lệnh SQL");
		return NULL;
	}
	s->st[id] = st;
	return st;
}

int store_int_prepare(store *s, const char *sql, sqlite3_stmt **out, err *e)
{
	*out = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, out, NULL) != SQLITE_OK)
		return store_int_dberr(s, e, "không chuẩn bị được câu lệnh SQL");
	return 0;
}

int store_int_cached(store *s, const char *sql, sqlite3_stmt **out, err *e)
{
	*out = NULL;
	for (int i = 0; i < STORE_INT_CACHE; i++)
		if (s->cache[i].sql && !strcmp(s->cache[i].sql, sql)) {
			sqlite3_reset(s->cache[i].st);
			sqlite3_clear_bindings(s->cache[i].st);
			*out = s->cache[i].st;
			return 0;
		}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
		return store_int_dberr(s, e, "không chuẩn bị được câu lệnh SQL");
	char *copy = strdup(sql);
	if (!copy) {
		sqlite3_finalize(st);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi chuẩn bị câu lệnh SQL");
	}
	int k = s->cache_next;
	s->cache_next = (k + 1) % STORE_INT_CACHE;
	sqlite3_finalize(s->cache[k].st);
	free(s->cache[k].sql);
	s->cache[k].sql = copy;
	s->cache[k].st = st;
	*out = st;
	return 0;
}

void store_int_release(sqlite3_stmt *st)
{
	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
}

int store_int_dberr(store *s, err *e, const char *what)
{
	int rc = sqlite3_errcode(s->db);
	if ((rc & 0xff) == SQLITE_READONLY)
		return err_set(e, ERR_IO, "%s: cơ sở dữ liệu chỉ đọc (read-only), không ghi được", what);
	int code = (rc & 0xff) == SQLITE_CONSTRAINT ? ERR_CONFLICT : ERR_DB;
	return err_set(e, code, "%s (%s)", what, sqlite3_errmsg(s->db));
}

int store_int_collect(store *s, sqlite3_stmt *st, size_t elem_size,
		      int (*read_row)(sqlite3_stmt *st, void *elem, void *ctx, err *e), void *ctx,
		      const char *what, void **out, size_t *n, err *e)
{
	unsigned char *arr = NULL;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
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
	if (rc != SQLITE_DONE) {
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
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		err_set(e, ERR_DB, "lỗi CSDL khi chạy \"%.60s\" (%s)", sql,
			msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return ERR_DB;
	}
	return 0;
}

/* ---- transactions ------------------------------------------------------ */

/* True when levels are open but SQLite ended the transaction by itself. */
static bool tx_lost(store *s)
{
	return s->depth > 0 && sqlite3_get_autocommit(s->db);
}

int store_int_write_guard(store *s, err *e)
{
	if (tx_lost(s))
		return err_set(e, ERR_DB,
			       "giao dịch đã bị SQLite hủy do lỗi trước; cần store_rollback");
	return 0;
}

int store_int_begin(store *s, err *e)
{
	char sql[48];
	int rc;
	if (s->depth == 0)
		rc = exec_sql(s, "BEGIN IMMEDIATE", e);
	else if ((rc = store_int_write_guard(s, e)) == 0 &&
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
	if (s->depth == 1)
		rc = exec_sql(s, "COMMIT", e);
	else if ((rc = store_int_write_guard(s, e)) == 0) {
		snprintf(sql, sizeof sql, "RELEASE sp%d", s->depth - 1);
		rc = exec_sql(s, sql, e);
	}
	if (rc != 0) {
		store_int_rollback(s); /* a failed commit ends its level */
		return rc;
	}
	if (--s->depth == 0)
		s->read_txn = false;
	return 0;
}

void store_int_rollback(store *s)
{
	char sql[64];
	if (s->depth <= 0)
		return;
	store_int_values_discard(s);
	if (tx_lost(s)) {
		/* SQLite already rolled everything back: there is nothing to undo, and
		 * each open level still calls us once, so only the count moves. */
		if (--s->depth == 0)
			s->read_txn = false;
		return;
	}
	if (s->depth == 1) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	} else {
		snprintf(sql, sizeof sql, "ROLLBACK TO sp%d; RELEASE sp%d", s->depth - 1,
			 s->depth - 1);
		sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	}
	if (--s->depth == 0)
		s->read_txn = false;
}

int store_read_begin(store *s, err *e)
{
	if (s->depth > 0)
		return 0;
	sqlite3_stmt *st;
	int rc = store_int_cached(s, "BEGIN", &st, e);
	if (rc)
		return rc;
	rc = sqlite3_step(st);
	store_int_release(st);
	if (rc != SQLITE_DONE)
		return store_int_dberr(s, e, "không mở được giao dịch đọc");
	s->depth = 1;
	s->read_txn = true;
	return 0;
}

void store_read_end(store *s)
{
	if (!s->read_txn || s->depth != 1)
		return;
	sqlite3_stmt *st;
	err e;
	if (store_int_cached(s, "COMMIT", &st, &e) == 0) {
		if (sqlite3_step(st) != SQLITE_DONE)
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		store_int_release(st);
	} else {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
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

int store_int_bind_date(sqlite3_stmt *st, int idx, cdate d)
{
	char iso[16];
	if (cdate_is_none(d))
		return sqlite3_bind_null(st, idx);
	snprintf(iso, sizeof iso, "%04d-%02d-%02d", d.y, d.m, d.d);
	return sqlite3_bind_text(st, idx, iso, -1, SQLITE_TRANSIENT);
}

int store_int_col_date(sqlite3_stmt *st, int col, cdate *out, err *e)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	cdate d = {0, 0, 0};
	if (!t) {
		*out = d;
		return 0;
	}
	if (sqlite3_column_bytes(st, col) != 10 || t[4] != '-' || t[7] != '-')
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

void store_int_col_text(sqlite3_stmt *st, int col, char *dst, size_t n)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	size_t len;
	if (!t || n == 0) {
		if (n)
			dst[0] = '\0';
		return;
	}
	len = (size_t)sqlite3_column_bytes(st, col);
	if (len >= n) {
		len = n - 1;
		while (len > 0 && (t[len] & 0xC0) == 0x80)
			len--; /* t[len] continues a character the cut would split */
	}
	memcpy(dst, t, len);
	dst[len] = '\0';
}

void store_int_date_vn(cdate d, char *dst, size_t n)
{
	if (!cdate_valid(d))
		snprintf(dst, n, "?");
	else
		snprintf(dst, n, "%02d/%02d/%04d", d.d, d.m, d.y);
}

void store_int_period_label(const period *p, char *dst, size_t n)
{
	buf b;
	buf_init(&b, 256);
	if (period_format_label(&b, p) == 0)
		snprintf(dst, n, "%s", buf_cstr(&b));
	else
		snprintf(dst, n, "%d/%d", p->index, p->year);
	buf_free(&b);
}

bool store_int_overlaps(cdate from, cdate to, cdate vfrom, cdate vto)
{
	if (!cdate_is_none(vfrom) && !cdate_is_none(to) && cdate_cmp(to, vfrom) < 0)
		return false;
	if (!cdate_is_none(vto) && !cdate_is_none(from) && cdate_cmp(from, vto) > 0)
		return false;
	return true;
}

int store_int_unit_id(store *s, const char *code, int64_t *id, err *e)
{
	sqlite3_stmt *st = store_int_stmt(s, ST_UNIT_ID_BY_CODE, e);
	int rc;
	if (!st)
		return e ? e->code : ERR_DB;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, "không có đơn vị mã \"%s\"", code);
	return store_int_dberr(s, e, "lỗi CSDL khi tìm đơn vị");
}

int store_int_indicator_key(store *s, const char *code, int64_t *id, ind_freq *freq, err *e)
{
	sqlite3_stmt *st = store_int_stmt(s, ST_INDICATOR_KEY_BY_CODE, e);
	char fc[32];
	int rc;
	if (!st)
		return e ? e->code : ERR_DB;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		store_int_col_text(st, 1, fc, sizeof fc);
		sqlite3_reset(st);
		if (freq && freq_from_code(fc, freq, e) != 0)
			return err_set(e, ERR_DB, "chỉ tiêu %s có tần suất \"%s\" không hợp lệ trong CSDL",
				       code, fc);
		return 0;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, "không có chỉ tiêu mã \"%s\"", code);
	return store_int_dberr(s, e, "lỗi CSDL khi tìm chỉ tiêu");
}

/* ---- open, migrate, close --------------------------------------------- */

/* Reads the highest applied version (0 for a new file). */
static int read_version(store *s, int *out, err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = store_int_prepare(s, "SELECT MAX(version) FROM schema_version", &st, e);
	if (rc)
		return rc;
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = store_int_dberr(s, e, "không đọc được phiên bản lược đồ (schema_version)");
		sqlite3_finalize(st);
		return rc;
	}
	*out = sqlite3_column_type(st, 0) == SQLITE_NULL ? 0 : sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

static int apply_step(store *s, const migration *m, err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = exec_sql(s, m->sql, e);
	if (rc)
		return err_prefix(e, "nâng cấp lược đồ lên phiên bản %d: ", m->version);
	rc = store_int_prepare(s, "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)",
			       &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, m->version);
	sqlite3_bind_int64(st, 2, (int64_t)time(NULL));
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_int_dberr(s, e, "không ghi được phiên bản lược đồ");
	sqlite3_finalize(st);
	return rc;
}

/* Brings the file to STORE_SCHEMA_VERSION, each step in its own transaction. */
static int migrate(store *s, err *e)
{
	int version = 0, rc;

	rc = exec_sql(s,
		      "CREATE TABLE IF NOT EXISTS schema_version ("
		      " version INTEGER NOT NULL PRIMARY KEY,"
		      " applied_at BIGINT NOT NULL)",
		      e);
	if (rc)
		return rc;
	for (;;) {
		const migration *next = NULL;
		if ((rc = store_int_begin(s, e)) != 0)
			return rc;
		if ((rc = read_version(s, &version, e)) != 0)
			goto fail;
		if (version > STORE_SCHEMA_VERSION) {
			rc = err_set(e, ERR_CONFLICT,
				     "tệp CSDL có lược đồ phiên bản %d, mới hơn phiên bản %d mà bản "
				     "chitieu này hiểu; hãy dùng bản chitieu mới hơn",
				     version, STORE_SCHEMA_VERSION);
			goto fail;
		}
		for (size_t i = 0; i < N_MIGRATIONS; i++)
			if (MIGRATIONS[i].version == version + 1)
				next = &MIGRATIONS[i];
		if (!next) {
			store_int_rollback(s); /* nothing to do: end the read transaction */
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

int store_open(const char *path, store **out, err *e)
{
	store *s;
	int rc;

	*out = NULL;
	s = calloc(1, sizeof *s);
	if (!s)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi mở CSDL");
	store_set_actor(s, NULL);
	if (sqlite3_open_v2(path, &s->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI,
			    NULL) !=
	    SQLITE_OK) {
		rc = err_set(e, ERR_IO, "không mở được CSDL \"%s\" (%s)", path,
			     s->db ? sqlite3_errmsg(s->db) : "hết bộ nhớ");
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, 5000);
	if (sqlite3_db_readonly(s->db, "main") == 1) {
		/* A write-protected file (or a "file:...?mode=ro" URI): readable as it
		 * is, at the current schema; every write says it is read-only. A WAL
		 * file needs its -shm, which a reader without write access to the
		 * folder cannot create: then read it as immutable. */
		int version = 0;
		if (read_version(s, &version, e) != 0 && strncmp(path, "file:", 5) != 0) {
			sqlite3_close(s->db);
			s->db = NULL;
			char uri[4200];
			size_t k = 0;
			k += (size_t)snprintf(uri, sizeof uri, "file:");
			for (const char *c = path; *c && k + 8 < sizeof uri; c++)
				k += (size_t)(strchr("%?#", *c) ? snprintf(uri + k, sizeof uri - k, "%%%02X",
									  (unsigned char)*c)
								: snprintf(uri + k, sizeof uri - k, "%c", *c));
			snprintf(uri + k, sizeof uri - k, "?immutable=1");
			if (sqlite3_open_v2(uri, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI,
					    NULL) != SQLITE_OK) {
				rc = err_set(e, ERR_IO, "không mở được CSDL chỉ đọc \"%s\" (%s)", path,
					     s->db ? sqlite3_errmsg(s->db) : "hết bộ nhớ");
				goto fail;
			}
			err_clear(e);
		}
		if ((rc = exec_sql(s, "PRAGMA foreign_keys=ON; PRAGMA cache_size=-16384", e)) != 0 ||
		    (rc = store_int_value_functions(s, e)) != 0 ||
		    (rc = read_version(s, &version, e)) != 0)
			goto fail;
		if (version != STORE_SCHEMA_VERSION) {
			rc = err_set(e, ERR_CONFLICT,
				     "CSDL \"%s\" chỉ đọc (read-only) và ở phiên bản lược đồ %d, cần %d: "
				     "mở một lần với quyền ghi để nâng cấp",
				     path, version, STORE_SCHEMA_VERSION);
			goto fail;
		}
		*out = s;
		return 0;
	}
	if ((rc = exec_sql(s,
			   "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
			   " PRAGMA synchronous=NORMAL; PRAGMA cache_size=-16384",
			   e)) != 0) {
		if ((sqlite3_errcode(s->db) & 0xff) == SQLITE_NOTADB)
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
		sqlite3_finalize(s->st[i]);
	for (int i = 0; i < STORE_INT_CACHE; i++) {
		sqlite3_finalize(s->cache[i].st);
		free(s->cache[i].sql);
	}
	sqlite3_close(s->db);
	free(s);
}

int store_data_version(store *s, uint64_t *out, err *e)
{
	unsigned v = 0;
	if (sqlite3_file_control(s->db, "main", SQLITE_FCNTL_DATA_VERSION, &v) != SQLITE_OK)
		return err_set(e, ERR_DB, "không đọc được phiên bản dữ liệu (data_version)");
	*out = v;
	return 0;
}

int store_schema_version(store *s, int *out, err *e)
{
	return read_version(s, out, e);
}
