/*
 * testlib.h - header-only fixture helpers shared by the unit tests that work
 * on a real store (test_auth.c, test_lock.c, test_store.c,
 * test_import.c) and by fuzz/fuzz_import.c (included there as
 * "../tests/unit/testlib.h"):
 *  - tl_db: a fresh database file <dir>/<file> in its own temporary
 *    directory /tmp/<prefix>_XXXXXX, opened with store_open (tl_db_open), and
 *    closed and removed with its -wal/-shm/-journal side files (tl_db_close,
 *    tl_db_remove); tl_setup / tl_teardown wrap these as cmocka group-less
 *    per-test setup and teardown (state is a heap tl_db);
 *  - the same on PostgreSQL when $CHITIEU_TEST_PG holds the conninfo of a
 *    test server (scripts/pg_cluster.sh starts one): each database is then a
 *    fresh schema t_<pid>_<n> of that server, reached through search_path,
 *    and dropped on close. tl_pg() tells a test which engine it runs on, so
 *    the few tests of one engine's own behaviour skip on the other;
 *  - tl_schema_back_to: turns an open database back into an older schema
 *    version (for migration tests), dropping whatever later migrations made;
 *  - tl_put_unit, tl_make_ind, tl_put_ind: a unit or an indicator with the
 *    few fields the tests care about and plain defaults for the rest
 *    ("Đơn vị <code>", "Chỉ tiêu <code>", tỷ đồng, economy, higher is better,
 *    summed).
 * A store call that fails inside a helper ends the test through TL_FAIL
 * (printf-like; cmocka's fail_msg unless the includer defines it first, e.g.
 * fz_fail in the fuzzers), so include cmocka.h (or fuzz.h) before this file.
 *
 * Everything is `static inline` so a test that uses only part of it gets no
 * unused-function warning, and CMake (which builds tests/unit/test_*.c) needs
 * nothing new. Not for: assertions or fixtures particular to one test file
 * (keep those in the file), nor production code.
 */
#ifndef CHITIEU_TESTLIB_H
#define CHITIEU_TESTLIB_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db/db.h"
#include "store/store.h"
#include "store/vrow.h"
#include "util/err.h"

#ifndef TL_FAIL
#define TL_FAIL fail_msg
#endif

/* A database file in its own temporary directory, or a schema of the test server. */
typedef struct tl_db {
	char dir[64];
	char path[640]; /* the file, or the conninfo with the schema's search_path */
	char schema[48]; /* PostgreSQL: the schema made for this database, else "" */
	store *s;
} tl_db;

/* The conninfo of the PostgreSQL test server, NULL when the tests run on SQLite. */
static inline const char *tl_pg(void)
{
	const char *t = getenv("CHITIEU_TEST_PG");
	return t && *t ? t : NULL;
}

/* Runs sql on a new connection to the test server; 0 or -1 (printed). */
static inline int tl_pg_admin(const char *sql)
{
	db *c = NULL;
	err e;
	int rc = db_open(tl_pg(), 0, &c, &e);
	if (rc == 0)
		rc = db_exec(c, sql, &e);
	db_close(c);
	if (rc)
		fprintf(stderr, "tl_pg_admin %s: %s\n", sql, e.msg);
	return rc ? -1 : 0;
}

/* PostgreSQL: makes a fresh schema for d and points d->path at it. */
static inline int tl_pg_new(tl_db *d, err *e)
{
	static int serial;
	char sql[160];
	snprintf(d->schema, sizeof d->schema, "t_%ld_%d", (long)getpid(), ++serial);
	snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s", d->schema,
		 d->schema);
	if (tl_pg_admin(sql) != 0)
		return err_set(e, ERR_DB, "không tạo được schema %s trên máy chủ thử", d->schema);
	snprintf(d->path, sizeof d->path, "%s options='-c search_path=%s'", tl_pg(), d->schema);
	return 0;
}

/* The months stored in value_year, counted in C (vrow_count) so that both engines answer. */
static inline long tl_months_stored(db *d)
{
	db_stmt *st = NULL;
	long n = 0;
	int rc;
	if (db_prepare(d, "SELECT months FROM value_year", false, &st, NULL) != 0)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		int k = vrow_count(db_col_blob(st, 0), db_col_bytes(st, 0));
		n = k < 0 || n < 0 ? -1 : n + k;
	}
	db_finalize(st);
	return rc == DB_DONE ? n : -1;
}

/* Makes /tmp/<prefix>_XXXXXX and opens <dir>/<file> in it into d->s (or,
 * with tl_pg(), a fresh schema of the test server).
 * Returns 0, or -1 after filling e and printing it on stderr. */
static inline int tl_db_open(tl_db *d, const char *prefix, const char *file, err *e)
{
	d->schema[0] = '\0';
	snprintf(d->dir, sizeof d->dir, "/tmp/%s_XXXXXX", prefix);
	if (!mkdtemp(d->dir)) {
		err_set(e, ERR_IO, "không tạo được thư mục tạm %s (mkdtemp)", d->dir);
		fprintf(stderr, "%s\n", e->msg);
		return -1;
	}
	if (tl_pg()) { /* the directory still holds what a test writes beside its database */
		if (tl_pg_new(d, e) != 0 || store_open(d->path, &d->s, e) != 0) {
			fprintf(stderr, "store_open: %s\n", e->msg);
			return -1;
		}
		return 0;
	}
	snprintf(d->path, sizeof d->path, "%s/%s", d->dir, file);
	if (store_open(d->path, &d->s, e) != 0) {
		fprintf(stderr, "store_open: %s\n", e->msg);
		return -1;
	}
	return 0;
}

/* Removes the database file path, its -wal, -shm and -journal side files,
 * and then the (by now empty) directory dir. */
static inline void tl_db_remove(const char *path, const char *dir)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	char p[700]; /* room for a tl_db path (640) and a suffix */
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		unlink(p);
	}
	rmdir(dir);
}

/* Closes d->s (NULL is fine) and removes the file and its directory. */
static inline void tl_db_close(tl_db *d)
{
	store_close(d->s);
	d->s = NULL;
	if (d->schema[0]) {
		char sql[160];
		snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", d->schema);
		(void)tl_pg_admin(sql);
		d->schema[0] = '\0';
		rmdir(d->dir);
		return;
	}
	tl_db_remove(d->path, d->dir);
}

/* cmocka setup: *state becomes a heap tl_db opened by tl_db_open(prefix, "t.db"). */
static inline int tl_setup(void **state, const char *prefix)
{
	tl_db *d = calloc(1, sizeof *d);
	err e;
	if (!d)
		return -1;
	if (tl_db_open(d, prefix, "t.db", &e) != 0) {
		free(d);
		return -1;
	}
	*state = d;
	return 0;
}

/* cmocka teardown matching tl_setup. */
static inline int tl_teardown(void **state)
{
	tl_db *d = *state;
	tl_db_close(d);
	free(d);
	return 0;
}

/*
 * Makes the database on connection db look like schema `version`: drops every
 * index, trigger and view not named in keep_idx, every table not named in
 * keep_tables (schema_version always stays), and the schema_version rows
 * above `version`. Below version 8 it first creates the (empty) one-value-
 * per-row `value` table that migration 8 replaced. Read from sqlite_master, so a new migration needs no edit
 * in the tests that use it.
 */
static inline void tl_schema_back_to(sqlite3 *h, int version, const char *const *keep_tables,
				     size_t n_tables, const char *const *keep_idx, size_t n_idx)
{
	static const char *const queries[2] = {
		"SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger', 'view')"
		" AND sql IS NOT NULL",
		"SELECT type, name FROM sqlite_master WHERE type = 'table'"
		" AND name NOT LIKE 'sqlite_%' AND name <> 'schema_version' ORDER BY rowid DESC",
	};
	/* versions before 8 kept one value per row in `value` (migration 1) */
	if (version < 8 &&
	    sqlite3_exec(h,
			 "CREATE TABLE IF NOT EXISTS value ("
			 " unit_id BIGINT NOT NULL, year INTEGER NOT NULL,"
			 " indicator_id BIGINT NOT NULL, month INTEGER NOT NULL,"
			 " amount BIGINT NOT NULL, estimate INTEGER NOT NULL,"
			 " entered_by TEXT NOT NULL, entered_at BIGINT NOT NULL,"
			 " PRIMARY KEY (unit_id, year, indicator_id, month)) WITHOUT ROWID",
			 NULL, NULL, NULL) != SQLITE_OK)
		TL_FAIL("tl_schema_back_to: %s", sqlite3_errmsg(h));
	for (int q = 0; q < 2; q++) {
		char drops[128][80];
		int n = 0;
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(h, queries[q], -1, &st, NULL) != SQLITE_OK)
			TL_FAIL("tl_schema_back_to: %s", sqlite3_errmsg(h));
		while (sqlite3_step(st) == SQLITE_ROW && n < 128) {
			const char *type = (const char *)sqlite3_column_text(st, 0);
			const char *name = (const char *)sqlite3_column_text(st, 1);
			const char *const *keep = q ? keep_tables : keep_idx;
			size_t nk = q ? n_tables : n_idx;
			bool kept = false;
			for (size_t i = 0; i < nk; i++)
				kept = kept || !strcmp(name, keep[i]);
			if (!kept)
				snprintf(drops[n++], sizeof drops[0], "DROP %s IF EXISTS \"%s\"", type, name);
		}
		sqlite3_finalize(st);
		for (int i = 0; i < n; i++)
			if (sqlite3_exec(h, drops[i], NULL, NULL, NULL) != SQLITE_OK)
				TL_FAIL("tl_schema_back_to: %s: %s", drops[i], sqlite3_errmsg(h));
	}
	/* versions before 10 had no value type or bounds of indicators (migration 10 adds them) */
	if (version < 10 &&
	    sqlite3_exec(h,
			 "ALTER TABLE indicator DROP COLUMN value_type;"
			 "ALTER TABLE indicator DROP COLUMN min_value;"
			 "ALTER TABLE indicator DROP COLUMN max_value",
			 NULL, NULL, NULL) != SQLITE_OK)
		TL_FAIL("tl_schema_back_to: %s", sqlite3_errmsg(h));
	/* versions before 15 had no email address of users (migration 15 adds it) */
	if (version < 15) {
		sqlite3_stmt *st = NULL;
		bool has = false;
		if (sqlite3_prepare_v2(h, "SELECT 1 FROM pragma_table_info('app_user') WHERE name = 'email'", -1, &st,
				       NULL) != SQLITE_OK)
			TL_FAIL("tl_schema_back_to: %s", sqlite3_errmsg(h));
		has = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
		if (has && sqlite3_exec(h, "ALTER TABLE app_user DROP COLUMN email", NULL, NULL, NULL) != SQLITE_OK)
			TL_FAIL("tl_schema_back_to: %s", sqlite3_errmsg(h));
	}
	/* versions before 16 had no synonyms of indicators (migration 16 adds them) */
	if (version < 16 &&
	    sqlite3_exec(h, "ALTER TABLE indicator DROP COLUMN synonyms", NULL, NULL, NULL) != SQLITE_OK)
		TL_FAIL("tl_schema_back_to: %s", sqlite3_errmsg(h));
	char del[80];
	snprintf(del, sizeof del, "DELETE FROM schema_version WHERE version > %d", version);
	if (sqlite3_exec(h, del, NULL, NULL, NULL) != SQLITE_OK)
		TL_FAIL("tl_schema_back_to: %s", sqlite3_errmsg(h));
}

/* Puts unit code (named name, or "Đơn vị <code>" when name is NULL) under
 * parent ("" for none) with the given validity ({0,0,0} for open ends). */
static inline void tl_put_unit(store *s, const char *code, const char *name, const char *parent,
			       unit_type type, cdate from, cdate to)
{
	unit u;
	err e;
	memset(&u, 0, sizeof u);
	snprintf(u.code, sizeof u.code, "%s", code);
	if (name)
		snprintf(u.name, sizeof u.name, "%s", name);
	else
		snprintf(u.name, sizeof u.name, "Đơn vị %s", code);
	snprintf(u.parent_code, sizeof u.parent_code, "%s", parent);
	u.type = type;
	u.valid_from = from;
	u.valid_to = to;
	if (store_unit_put(s, &u, &e) != 0)
		TL_FAIL("store_unit_put %s: %s", code, e.msg);
}

/* An indicator code (named name, or "Chỉ tiêu <code>" when name is NULL) in
 * tỷ đồng (scale 9) with the given decimals, frequency and kind; economy,
 * higher is better, summed up the tree, no agency; its values may be
 * anything in range, negative too (min -NUM_MAX: the tests of arithmetic
 * write signed amounts; the tests of bounds set their own). */
static inline indicator tl_make_ind(const char *code, const char *name, ind_freq freq, ind_kind kind,
				    int decimals)
{
	indicator ind;
	memset(&ind, 0, sizeof ind);
	snprintf(ind.code, sizeof ind.code, "%s", code);
	if (name)
		snprintf(ind.name_vi, sizeof ind.name_vi, "%s", name);
	else
		snprintf(ind.name_vi, sizeof ind.name_vi, "Chỉ tiêu %s", code);
	snprintf(ind.uom, sizeof ind.uom, "tỷ đồng");
	ind.uom_scale = 9;
	ind.decimals = decimals;
	ind.sector = SECTOR_ECONOMY;
	ind.kind = kind;
	ind.direction = DIR_HIGHER;
	ind.rollup = ROLLUP_SUM;
	ind.freq = freq;
	ind.has_min = true;
	ind.min = -NUM_MAX;
	return ind;
}

/* Stores ind (store_indicator_put). */
static inline void tl_put_ind(store *s, indicator *ind)
{
	err e;
	if (store_indicator_put(s, ind, &e) != 0)
		TL_FAIL("store_indicator_put %s: %s", ind->code, e.msg);
}

#endif
