/*
 * db_sqlite.c - the SQLite driver of the database layer: an embedded file,
 * opened with extended result codes, a 5 s busy timeout, writers of one
 * process taking turns on a mutex of the file's (sq_writer_of), and no
 * per-call mutex (one thread per connection). A file that cannot be written opens
 * read-only, and a WAL file whose -shm cannot be made is read as immutable.
 *
 * Not for: pragmas and schema (the store decides them), other engines.
 */
#include "db/db_int.h"
#include "db/db_sqlite.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SQ_BUSY_MS 5000 /* how long a writer waits for another's lock before DB_E_BUSY */

typedef struct sq_db {
	struct db base;
	sqlite3 *h;
	pthread_mutex_t *writer;    /* this process's writers of the file take turns on it (sq_writer) */
	bool writing;               /* this connection holds it (a write transaction is open) */
	/* "BEGIN IMMEDIATE" and "BEGIN", prepared once: the server opens one per request */
	sqlite3_stmt *begin_write, *begin_read;
} sq_db;

typedef struct sq_stmt {
	struct db_stmt base;
	sqlite3_stmt *h;
} sq_stmt;

static sqlite3 *H(db *d)
{
	return ((sq_db *)d)->h;
}

static sqlite3_stmt *SH(db_stmt *st)
{
	return ((sq_stmt *)st)->h;
}

static db_errkind kind_of(int rc)
{
	if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return DB_E_UNIQUE;
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		return DB_E_CONSTRAINT;
	case SQLITE_READONLY:
		return DB_E_READONLY;
	case SQLITE_NOTADB:
		return DB_E_NOTADB;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_E_BUSY;
	default:
		return DB_E_OTHER;
	}
}

/*
 * One writer at a time per file in this process, queued on a mutex instead
 * of SQLite's lock and busy handler: a server's worker threads write the same
 * file, and a thread that sleeps in the busy handler also leaves every other
 * connection it serves waiting. The mutex is taken before BEGIN IMMEDIATE
 * (waiting SQ_BUSY_MS at most, then DB_E_BUSY as SQLite would answer) and
 * given back as soon as the connection is out of its transaction (committed,
 * rolled back, or ended by SQLite itself: sq_writer_check after each
 * statement). Other processes still meet SQLite's lock (its busy timeout).
 */
#define SQ_WRITERS 16 /* files with a writer mutex of their own; more share none */
static struct {
	char path[PATH_MAX];
	pthread_mutex_t mu;
} sq_writers[SQ_WRITERS];
static int sq_nwriters;
static pthread_mutex_t sq_writers_mu = PTHREAD_MUTEX_INITIALIZER;

/* The writer mutex of the file at path (NULL: none, e.g. too many files). */
static pthread_mutex_t *sq_writer_of(const char *path)
{
	char real[PATH_MAX];
	if (!realpath(path, real))
		return NULL; /* a URI, or not there yet: SQLite's lock alone */
	pthread_mutex_t *mu = NULL;
	pthread_mutex_lock(&sq_writers_mu);
	for (int i = 0; i < sq_nwriters && !mu; i++)
		if (!strcmp(sq_writers[i].path, real))
			mu = &sq_writers[i].mu;
	if (!mu && sq_nwriters < SQ_WRITERS && pthread_mutex_init(&sq_writers[sq_nwriters].mu, NULL) == 0) {
		snprintf(sq_writers[sq_nwriters].path, PATH_MAX, "%s", real);
		mu = &sq_writers[sq_nwriters++].mu;
	}
	pthread_mutex_unlock(&sq_writers_mu);
	return mu;
}

/* Gives the writer mutex back once the connection is out of its transaction. */
static void sq_writer_check(sq_db *d)
{
	if (d->writing && sqlite3_get_autocommit(d->h)) {
		d->writing = false;
		pthread_mutex_unlock(d->writer);
	}
}

/* Records the handle's last error; returns the ERR_* code for it. */
static int fail_from(db *d, int rc)
{
	db_errkind k = kind_of(rc == SQLITE_CONSTRAINT ? sqlite3_extended_errcode(H(d)) : rc);
	db_int_fail(d, k, sqlite3_errmsg(H(d)));
	return db_int_code(k);
}

static void sq_close(db *d)
{
	sq_db *q = (sq_db *)d;
	if (q->writing) {
		q->writing = false;
		pthread_mutex_unlock(q->writer);
	}
	sqlite3_finalize(((sq_db *)d)->begin_write);
	sqlite3_finalize(((sq_db *)d)->begin_read);
	sqlite3_close(H(d));
	free(d);
}

static int sq_exec(db *d, const char *sql, err *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(H(d), sql, NULL, NULL, &msg);
	sq_writer_check((sq_db *)d);
	if (rc != SQLITE_OK) {
		db_int_fail(d, kind_of(sqlite3_extended_errcode(H(d))), msg ? msg : sqlite3_errmsg(H(d)));
		sqlite3_free(msg);
		return db_int_err(d, sql, e);
	}
	return 0;
}

static int sq_prepare(db *d, const char *sql, bool persistent, db_stmt **out, err *e)
{
	sq_stmt *st = calloc(1, sizeof *st);
	if (!st)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi chuẩn bị câu lệnh SQL");
	st->base.d = d;
	int rc = sqlite3_prepare_v3(H(d), sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0, &st->h,
				    NULL);
	if (rc != SQLITE_OK) {
		fail_from(d, rc);
		sqlite3_finalize(st->h);
		free(st);
		return err_set(e, ERR_DB, "không chuẩn bị được câu lệnh SQL trên CSDL SQLite %s (%s)", d->target,
			       d->msg);
	}
	*out = &st->base;
	return 0;
}

static void sq_finalize(db_stmt *st)
{
	sqlite3_finalize(SH(st));
	free(st);
}

static void sq_reset(db_stmt *st)
{
	sqlite3_reset(SH(st));
}

static void sq_clear_bindings(db_stmt *st)
{
	sqlite3_clear_bindings(SH(st));
}

/* A bind's answer as db_ops wants it (db.c words and remembers a failure). */
static int bind_rc(int rc)
{
	switch (rc) {
	case SQLITE_OK:
		return 0;
	case SQLITE_NOMEM:
		return ERR_NOMEM;
	case SQLITE_TOOBIG:
		return ERR_TOOBIG;
	default: /* SQLITE_RANGE: no such parameter; SQLITE_MISUSE: the statement runs */
		return ERR_DB;
	}
}

/* Binds a copy of n bytes (an empty blob, not NULL, when p is NULL). */
static int bind_blob(sqlite3_stmt *h, int i, const void *p, size_t n)
{
	static const char empty[1];
	return bind_rc(sqlite3_bind_blob64(h, i, p ? p : empty, n, SQLITE_TRANSIENT));
}

static int sq_bind_int(db_stmt *st, int i, int64_t v)
{
	return bind_rc(sqlite3_bind_int64(SH(st), i, v));
}

static int sq_bind_double(db_stmt *st, int i, double v)
{
	return bind_rc(sqlite3_bind_double(SH(st), i, v));
}

static int sq_bind_text(db_stmt *st, int i, const char *s, size_t n)
{
	return bind_rc(sqlite3_bind_text64(SH(st), i, s, n, SQLITE_TRANSIENT, SQLITE_UTF8));
}

static int sq_bind_blob(db_stmt *st, int i, const void *p, size_t n)
{
	return bind_blob(SH(st), i, p, n);
}

static int sq_bind_null(db_stmt *st, int i)
{
	return bind_rc(sqlite3_bind_null(SH(st), i));
}

static int sq_step(db_stmt *st)
{
	int rc = sqlite3_step(SH(st));
	if (rc == SQLITE_ROW)
		return DB_ROW;
	sq_writer_check((sq_db *)st->d);
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return fail_from(st->d, sqlite3_extended_errcode(H(st->d)));
}

static bool sq_col_null(db_stmt *st, int c)
{
	return sqlite3_column_type(SH(st), c) == SQLITE_NULL;
}

static int64_t sq_col_int(db_stmt *st, int c)
{
	return sqlite3_column_int64(SH(st), c);
}

static double sq_col_double(db_stmt *st, int c)
{
	return sqlite3_column_double(SH(st), c);
}

static const char *sq_col_text(db_stmt *st, int c)
{
	return (const char *)sqlite3_column_text(SH(st), c);
}

static const void *sq_col_blob(db_stmt *st, int c)
{
	return sqlite3_column_blob(SH(st), c);
}

static size_t sq_col_bytes(db_stmt *st, int c)
{
	return (size_t)sqlite3_column_bytes(SH(st), c);
}

static int sq_col_count(db_stmt *st)
{
	return sqlite3_column_count(SH(st));
}

static db_type sq_col_type(db_stmt *st, int c)
{
	switch (sqlite3_column_type(SH(st), c)) {
	case SQLITE_INTEGER:
		return DB_T_INT;
	case SQLITE_FLOAT:
		return DB_T_FLOAT;
	case SQLITE_TEXT:
		return DB_T_TEXT;
	case SQLITE_BLOB:
		return DB_T_BLOB;
	default:
		return DB_T_NULL;
	}
}

static const char *sq_col_name(db_stmt *st, int c)
{
	return sqlite3_column_name(SH(st), c);
}

static int64_t sq_changes(db *d)
{
	return sqlite3_changes64(H(d));
}

static db_txn sq_txn_state(db *d)
{
	sq_writer_check((sq_db *)d); /* SQLite may have ended it by itself */
	return sqlite3_get_autocommit(H(d)) ? DB_TXN_NONE : DB_TXN_ACTIVE;
}


/* Runs sql (a BEGIN) through *cache, prepared on first use: no parse per transaction. */
static int begin(db *d, sqlite3_stmt **cache, const char *sql, err *e)
{
	int rc;
	if (!*cache && (rc = sqlite3_prepare_v3(H(d), sql, -1, SQLITE_PREPARE_PERSISTENT, cache, NULL)) !=
			       SQLITE_OK) {
		fail_from(d, rc);
		return db_int_err(d, sql, e);
	}
	rc = sqlite3_step(*cache);
	sqlite3_reset(*cache);
	if (rc != SQLITE_DONE) {
		fail_from(d, rc);
		return db_int_err(d, sql, e);
	}
	return 0;
}

static int sq_begin_write(db *d, err *e)
{
	sq_db *q = (sq_db *)d;
	if (q->writer && !q->writing) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += SQ_BUSY_MS / 1000;
		int rc = pthread_mutex_timedlock(q->writer, &until);
		if (rc == ETIMEDOUT) {
			db_int_fail(d, DB_E_BUSY, "database is locked (another writer of this process)");
			return db_int_err(d, "BEGIN IMMEDIATE", e);
		}
		q->writing = rc == 0;
	}
	int rc = begin(d, &q->begin_write, "BEGIN IMMEDIATE", e);
	sq_writer_check(q); /* a failed BEGIN gives it back */
	return rc;
}

static int sq_begin_read(db *d, err *e)
{
	return begin(d, &((sq_db *)d)->begin_read, "BEGIN", e);
}

static int sq_data_version(db *d, uint64_t *out, err *e)
{
	unsigned v = 0;
	if (sqlite3_file_control(H(d), "main", SQLITE_FCNTL_DATA_VERSION, &v) != SQLITE_OK)
		return err_set(e, ERR_DB, "không đọc được phiên bản dữ liệu (data_version) của CSDL SQLite %s",
			       d->target);
	*out = v;
	return 0;
}

/* The inserter: a prepared INSERT run per row, at once (SQLite's own speed needs no buffer). */
typedef struct sq_copy {
	struct db_copy base;
	sqlite3_stmt *st;
	int next;   /* the next parameter to bind */
	int failed; /* the first failed field of the row (its ERR_*): the row is refused */
} sq_copy;

static int sq_copy_open(db *d, const char *table, const char *cols, int ncols, db_copy **out,
			err *e)
{
	char sql[1024];
	int k = snprintf(sql, sizeof sql, "INSERT INTO %s (%s) VALUES (", table, cols);
	for (int i = 1; i <= ncols && k > 0 && (size_t)k < sizeof sql; i++)
		k += snprintf(sql + k, sizeof sql - (size_t)k, "%s?%d", i > 1 ? ", " : "", i);
	if (k <= 0 || (size_t)k + 2 >= sizeof sql)
		return err_set(e, ERR_INVALID, "câu lệnh chèn hàng loạt vào %s quá dài", table);
	snprintf(sql + k, sizeof sql - (size_t)k, ")");
	sq_copy *c = calloc(1, sizeof *c);
	if (!c)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi chuẩn bị ghi hàng loạt");
	c->base.d = d;
	c->next = 1;
	if (sqlite3_prepare_v3(H(d), sql, -1, SQLITE_PREPARE_PERSISTENT, &c->st, NULL) != SQLITE_OK) {
		fail_from(d, sqlite3_extended_errcode(H(d)));
		free(c);
		return err_set(e, ERR_DB, "không chuẩn bị được câu lệnh chèn vào %s trên CSDL SQLite %s (%s)",
			       table, d->target, d->msg);
	}
	*out = &c->base;
	return 0;
}

/* A field's answer: a failure is kept, so the row is refused rather than inserted without it. */
static int field(sq_copy *c, int rc)
{
	if (rc && !c->failed)
		c->failed = rc;
	return rc;
}

static int sq_copy_int(db_copy *b, int64_t v)
{
	sq_copy *c = (sq_copy *)b;
	return field(c, bind_rc(sqlite3_bind_int64(c->st, c->next++, v)));
}

static int sq_copy_blob(db_copy *b, const void *p, size_t n)
{
	sq_copy *c = (sq_copy *)b;
	return field(c, bind_blob(c->st, c->next++, p, n));
}

static void sq_copy_discard(db_copy *b)
{
	sq_copy *c = (sq_copy *)b;
	sqlite3_clear_bindings(c->st);
	c->next = 1;
	c->failed = 0;
}

static int sq_copy_row(db_copy *b, err *e)
{
	sq_copy *c = (sq_copy *)b;
	int rc = c->failed;
	if (rc) {
		sq_copy_discard(b);
		db_int_fail(b->d, DB_E_OTHER, rc == ERR_NOMEM    ? "hết bộ nhớ"
					      : rc == ERR_TOOBIG ? "giá trị quá lớn"
								 : "không gắn được một trường của dòng");
		return err_set(e, rc, "không ghi hàng loạt được dòng vào CSDL SQLite %s (%s)", b->d->target,
			       b->d->msg);
	}
	rc = sqlite3_step(c->st);
	sqlite3_reset(c->st);
	c->next = 1;
	if (rc == SQLITE_DONE)
		return 0;
	rc = fail_from(b->d, sqlite3_extended_errcode(H(b->d)));
	return err_set(e, rc, "không ghi hàng loạt được dòng vào CSDL SQLite %s (%s)", b->d->target,
		       b->d->msg);
}

static int sq_copy_flush(db_copy *b, err *e)
{
	(void)b;
	(void)e;
	return 0;
}

static size_t sq_copy_pending(const db_copy *b)
{
	(void)b;
	return 0;
}

static void sq_copy_close(db_copy *b)
{
	if (!b)
		return;
	sqlite3_finalize(((sq_copy *)b)->st);
	free(b);
}

static const db_ops SQ_OPS = {
	.close = sq_close,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.reset = sq_reset,
	.clear_bindings = sq_clear_bindings,
	.bind_int = sq_bind_int,
	.bind_double = sq_bind_double,
	.bind_text = sq_bind_text,
	.bind_blob = sq_bind_blob,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.col_null = sq_col_null,
	.col_int = sq_col_int,
	.col_double = sq_col_double,
	.col_text = sq_col_text,
	.col_blob = sq_col_blob,
	.col_bytes = sq_col_bytes,
	.col_count = sq_col_count,
	.col_type = sq_col_type,
	.col_name = sq_col_name,
	.changes = sq_changes,
	.txn_state = sq_txn_state,
	.begin_write = sq_begin_write,
	.begin_read = sq_begin_read,
	.data_version = sq_data_version,
	.copy_open = sq_copy_open,
	.copy_int = sq_copy_int,
	.copy_blob = sq_copy_blob,
	.copy_row = sq_copy_row,
	.copy_flush = sq_copy_flush,
	.copy_pending = sq_copy_pending,
	.copy_discard = sq_copy_discard,
	.copy_close = sq_copy_close,
};

/* True when the file's schema can be read on the open handle. */
static bool readable(sqlite3 *h)
{
	return sqlite3_exec(h, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) == SQLITE_OK;
}

/* Before SQLite's first use: no count of its memory (a global mutex taken at
 * every allocation, which the server's threads would queue on). Too late
 * when something else started SQLite first; then it keeps counting. */
static void sq_configure(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int db_sqlite_open(const char *path, unsigned flags, db **out, err *e)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, sq_configure);
	sq_db *d = calloc(1, sizeof *d);
	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
	if (!d)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi mở CSDL");
	d->base.ops = &SQ_OPS;
	d->base.engine = DB_SQLITE;
	d->base.seek_rows = 8; /* measured for target reads: docs/internals/scale.md */
	snprintf(d->base.target, sizeof d->base.target, "%s", path);
	if (flags & DB_OPEN_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &d->h, oflags, NULL) != SQLITE_OK) {
		err_set(e, ERR_IO, "không mở được CSDL \"%s\" (%s)", path,
			d->h ? sqlite3_errmsg(d->h) : "hết bộ nhớ");
		goto fail;
	}
	sqlite3_extended_result_codes(d->h, 1);
	sqlite3_busy_timeout(d->h, SQ_BUSY_MS);
	d->writer = sq_writer_of(path);
	if (sqlite3_db_readonly(d->h, "main") == 1) {
		d->base.readonly = true;
		/* A WAL file needs its -shm, which a reader without write access to the
		 * folder cannot create: then read it as immutable. */
		if (!readable(d->h) && strncmp(path, "file:", 5) != 0) {
			sqlite3_close(d->h);
			d->h = NULL;
			char uri[4200];
			size_t k = 0;
			k += (size_t)snprintf(uri, sizeof uri, "file:");
			for (const char *c = path; *c && k + 8 < sizeof uri; c++)
				k += (size_t)(strchr("%?#", *c) ? snprintf(uri + k, sizeof uri - k, "%%%02X",
									  (unsigned char)*c)
								: snprintf(uri + k, sizeof uri - k, "%c", *c));
			snprintf(uri + k, sizeof uri - k, "?immutable=1");
			if (sqlite3_open_v2(uri, &d->h, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI,
					    NULL) != SQLITE_OK) {
				err_set(e, ERR_IO, "không mở được CSDL chỉ đọc \"%s\" (%s)", path,
					d->h ? sqlite3_errmsg(d->h) : "hết bộ nhớ");
				goto fail;
			}
			sqlite3_extended_result_codes(d->h, 1);
		}
	}
	*out = &d->base;
	return 0;
fail:
	sqlite3_close(d->h);
	free(d);
	return e ? e->code : ERR_IO;
}

sqlite3 *db_sqlite_handle(db *d)
{
	return d && d->engine == DB_SQLITE ? H(d) : NULL;
}
