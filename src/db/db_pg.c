/*
 * db_pg.c - the PostgreSQL driver of the database layer, on libpq.
 *
 * A statement keeps its SQL with ?N rewritten to $N and its parameters as
 * typed values (int8, float8, text, bytea in binary), in the arrays
 * PQexecParams takes; the first db_step runs it (prepared on the server
 * once when it is persistent) and the rows are then read from the result,
 * in binary format (numbers by their type, bytea as its bytes, booleans as
 * 0/1). The whole result is held by the statement until reset, so several
 * statements can be walked at once on one connection, as on SQLite.
 *
 * Each session gets lock_timeout 5 s and idle_in_transaction_session_timeout
 * 60 s unless something else set them (session_sql below), so a writer
 * waits for the writers' lock as long as a SQLite writer waits for its
 * file, and a transaction left open cannot hold that lock for ever.
 *
 * db_prefetch sends a read ahead in libpq's pipeline mode: the server runs
 * it while the caller reads the results it already has; its result is then
 * read in order (the statements sent before it first, each kept by its
 * statement), and anything else that uses the connection first collects
 * every pending result (settle), so the rest of the driver never sees the
 * pipeline. Only reads inside a transaction go ahead, a few at a time.
 *
 * Connection loss: the driver alone reconnects. A connection found broken
 * is reset (trying every host of the target again, so a standby promoted
 * after a failover is found) before the next command only when no
 * transaction was open when it broke, and always before a new transaction;
 * a statement that met the loss fails with DB_E_CONN and is not retried, so
 * nothing is applied twice, and after a loss inside a transaction nothing
 * runs until the caller's ROLLBACK, so nothing is applied outside it.
 *
 * Not for: schema (store_schema_pg.c), or SQL that only PostgreSQL accepts
 * in the queries of the store.
 */
#include "db/db_int.h"

#include <libpq-fe.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Type oids of pg_type (stable across versions). */
#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_TEXT 25
#define OID_FLOAT4 700
#define OID_FLOAT8 701
#define OID_NUMERIC 1700

#define PG_MAX_PARAMS 65535 /* the protocol's limit */
#define PG_PEND_MAX 8       /* statements sent ahead at once (db_prefetch) */

/*
 * Set on every session, each only where nothing else chose a value (the
 * target's options, ALTER ROLE / DATABASE ... SET, the server's
 * configuration): then pg_settings.source is still 'default'.
 */
static const char session_sql[] =
	"SELECT set_config(o.name, o.setting, false)"
	" FROM (VALUES ('lock_timeout', '5s'), ('idle_in_transaction_session_timeout', '60s'))"
	" AS o(name, setting) JOIN pg_settings s ON s.name = o.name WHERE s.source = 'default'";

static const char snapshot_sql[] = "SELECT pg_current_snapshot()";

typedef struct pg_db {
	struct db base;
	PGconn *c;
	int64_t changes;
	uint64_t gen;   /* moves on at each reconnection: prepared statements are gone then */
	unsigned names; /* the last prepared statement's number */
	/* A transaction was open before the last command (ready): if that command
	 * found the connection lost, it was lost inside a transaction. */
	bool txn_open;
	/* In a db_begin_read transaction: the hash of its snapshot (snap_valid). */
	bool snap_valid;
	uint64_t snap;
	/* db_prefetch: statements sent in pipeline mode, results not read yet, in order */
	struct pg_stmt *pend[PG_PEND_MAX];
	int npend;
} pg_db;

/* A parameter's own copy of its value: small ones in place, others malloc'd. */
typedef struct pg_param {
	char *heap;
	char small[24];
} pg_param;

typedef struct pg_stmt {
	struct db_stmt base;
	char *sql;      /* with $N placeholders */
	int nparams;    /* the highest number the SQL uses */
	unsigned char *used; /* used[i]: $i+1 appears in the SQL */
	/* the parameters as PQexecParams takes them, kept by the binds */
	pg_param *p;
	const char **vals; /* NULL = SQL NULL */
	int *lens, *fmts;  /* fmts: 0 text, 1 binary */
	Oid *types;        /* 0 = let the server infer (a NULL the SQL uses) */
	PGresult *res;
	/* A persistent statement is prepared on the server once per connection
	 * (parsed and planned once) with the parameter types of its first run;
	 * a run whose types differ goes unprepared. */
	bool persistent;
	char name[16];
	uint64_t prep_gen; /* the connection generation it was prepared in; 0 = not */
	Oid *prep_types;
	/* db_prepare_scan inside a transaction: the rows come through this cursor,
	 * SCAN_BATCH at a time; more: the last batch was full */
	char cursor[16];
	bool open, more;
	int row;        /* the current row: -1 before the first, nrows once DB_DONE was answered */
	int nrows;
	/* per column: a number's text when it is read as text */
	char (*num)[32];
	int ncols;   /* room in num and type */
	bool pending; /* sent ahead (db_prefetch): its answer is still on the connection */
	bool fresh;   /* its answer sent ahead is in res, not looked at yet (take) */
	Oid *type;   /* per column of res: its type, read once per result */
	int nfields; /* columns of res */
} pg_stmt;

static PGconn *C(db *d)
{
	return ((pg_db *)d)->c;
}

static void no_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg; /* "relation already exists, skipping" and the like: not for the user */
}

/* The kind of failure a result (or, without one, the connection) shows. */
static db_errkind kind_of(PGconn *c, const PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (PQstatus(c) == CONNECTION_BAD)
		return DB_E_CONN;
	if (!state)
		return r ? DB_E_OTHER : DB_E_CONN;
	if (!strcmp(state, "23505"))
		return DB_E_UNIQUE;
	if (!strncmp(state, "23", 2))
		return DB_E_CONSTRAINT;
	/* serialization failure, deadlock, lock_not_available (lock_timeout) */
	if (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03"))
		return DB_E_BUSY;
	if (!strncmp(state, "08", 2) || !strncmp(state, "57P", 3))
		return DB_E_CONN;
	if (!strcmp(state, "25006"))
		return DB_E_READONLY;
	return DB_E_OTHER;
}

/* Records the failure of r (or of the connection); returns its ERR_* code. */
static int fail_res(db *d, const PGresult *r)
{
	db_errkind k = kind_of(C(d), r);
	const char *msg = r ? PQresultErrorMessage(r) : NULL;
	db_int_fail(d, k, msg && *msg ? msg : PQerrorMessage(C(d)));
	return db_int_code(k);
}

/* True when r is a success (a command, or rows). */
static bool res_ok(const PGresult *r)
{
	ExecStatusType st = PQresultStatus(r);
	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

/* Notes the rows an INSERT, UPDATE, DELETE or MERGE changed (db_changes); other commands leave it. */
static void note_changes(pg_db *q, const PGresult *r)
{
	const char *s = PQcmdStatus((PGresult *)r);
	if (!strncmp(s, "INSERT", 6) || !strncmp(s, "UPDATE", 6) || !strncmp(s, "DELETE", 6) ||
	    !strncmp(s, "MERGE", 5))
		q->changes = strtoll(PQcmdTuples((PGresult *)r), NULL, 10);
}

/* Says where the connection goes ("user@host:port/db"), without the password. */
static void describe(pg_db *d)
{
	const char *h = PQhost(d->c), *p = PQport(d->c), *u = PQuser(d->c), *n = PQdb(d->c);
	snprintf(d->base.target, sizeof d->base.target, "%s@%s:%s/%s", u ? u : "?",
		 h && *h ? h : "localhost", p && *p ? p : "5432", n ? n : "?");
}

/* Sets the session's defaults (session_sql) on a new connection; false (recorded) when refused. */
static bool session_setup(pg_db *q)
{
	PGresult *r = PQexec(q->c, session_sql);
	bool ok = res_ok(r);
	if (!ok)
		fail_res(&q->base, r);
	PQclear(r);
	return ok;
}

/* Notes, before a command on a working connection, whether a transaction is open. */
static void note_txn(pg_db *q)
{
	q->txn_open = PQtransactionStatus(q->c) != PQTRANS_IDLE;
	if (!q->txn_open)
		q->snap_valid = false; /* the read transaction it was taken in has ended */
}

/*
 * Reads the answers of the statements sent ahead (db_prefetch), in order,
 * each into its statement, up to and including `upto` (NULL: all), and
 * leaves pipeline mode when none is left. A statement whose answer did not
 * come (the connection broke) is left without one: its step then reports
 * the connection's failure.
 */
static void collect(pg_db *q, const pg_stmt *upto)
{
	while (q->npend > 0) {
		pg_stmt *st = q->pend[0];
		memmove(q->pend, q->pend + 1, (size_t)--q->npend * sizeof *q->pend);
		st->pending = false;
		st->fresh = true;
		st->res = PQgetResult(q->c); /* its answer: the rows, or its error */
		/* then the end of its answer (NULL) and the Sync sent after it */
		for (int nulls = st->res ? 0 : 1; nulls < 2;) {
			PGresult *x = PQgetResult(q->c);
			if (!x) {
				nulls++;
				continue;
			}
			bool sync = PQresultStatus(x) == PGRES_PIPELINE_SYNC;
			PQclear(x);
			if (sync)
				break;
		}
		if (st == upto)
			break;
	}
	if (q->npend == 0 && PQpipelineStatus(q->c) != PQ_PIPELINE_OFF)
		(void)PQexitPipelineMode(q->c);
}

/* Every answer sent ahead read: the connection is free for a command. */
static void settle(pg_db *q)
{
	if (q->npend > 0 || PQpipelineStatus(q->c) != PQ_PIPELINE_OFF)
		collect(q, NULL);
}

/* Replaces the broken connection (every host of the target is tried again). */
static int reconnect(pg_db *q, err *e)
{
	db *d = &q->base;
	PQreset(q->c);
	q->gen++; /* whatever was prepared on the old connection is gone */
	q->txn_open = false;
	q->snap_valid = false;
	if (PQstatus(q->c) != CONNECTION_OK) {
		db_int_fail(d, DB_E_CONN, PQerrorMessage(q->c));
		return err_set(e, ERR_UNAVAILABLE, "không kết nối lại được tới máy chủ PostgreSQL %s (%s)",
			       d->target, d->msg);
	}
	describe(q);
	if (!session_setup(q))
		return err_set(e, ERR_UNAVAILABLE, "máy chủ PostgreSQL %s không nhận thiết lập phiên (%s)",
			       d->target, d->msg);
	return 0;
}

/*
 * Before every command: 0 when the connection can take it. A connection
 * that broke is replaced only when no transaction was open then; inside
 * one the loss is the caller's to see (DB_TXN_FAILED until its ROLLBACK),
 * and no command may run outside its transaction on a new connection.
 */
static int ready(db *d, err *e)
{
	pg_db *q = (pg_db *)d;
	settle(q);
	if (PQstatus(q->c) == CONNECTION_OK) {
		note_txn(q);
		return 0;
	}
	if (q->txn_open) {
		db_int_fail(d, DB_E_CONN, "kết nối đã mất giữa giao dịch; cần ROLLBACK trước khi dùng tiếp");
		return db_int_err(d, "", e);
	}
	return reconnect(q, e);
}

static void pg_close(db *d)
{
	PQfinish(C(d));
	free(d);
}

static int pg_exec(db *d, const char *sql, err *e)
{
	pg_db *q = (pg_db *)d;
	settle(q);
	if (PQstatus(q->c) != CONNECTION_OK && q->txn_open && !strcmp(sql, "ROLLBACK")) {
		q->txn_open = false; /* the server dropped the transaction with the connection */
		return 0;
	}
	int rc = ready(d, e);
	if (rc)
		return rc;
	PGresult *r = PQexec(q->c, sql);
	if (res_ok(r)) {
		note_changes(q, r);
	} else {
		fail_res(d, r);
		rc = db_int_err(d, sql, e);
	}
	PQclear(r);
	return rc;
}

/*
 * Rewrites ?N and bare ? (the next number, as SQLite gives it) to $N
 * outside quotes and comments. 0 with *out the malloc'd text, *max the
 * highest number and *used[i] set for each $i+1 seen (malloc'd, *max
 * bytes at least); ERR_NOMEM; ERR_INVALID for ?0 or a number above the
 * protocol's limit.
 */
static int rewrite(const char *sql, char **out, int *max, unsigned char **used)
{
	size_t n = strlen(sql), marks = 0;
	for (size_t i = 0; i < n; i++)
		marks += sql[i] == '?';
	/* a mark grows at most from "?" to "$65535" */
	char *o = n + 5 * marks < n ? NULL : malloc(n + 5 * marks + 1);
	size_t k = 0;
	int hi = 0, cap = 16;
	unsigned char *u = calloc((size_t)cap, 1);
	if (!o || !u)
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		char ch = sql[i];
		if (ch == '\'' || ch == '"') { /* a literal or a quoted name: copied as it is */
			o[k++] = sql[i++];
			while (i < n && sql[i] != ch)
				o[k++] = sql[i++];
			if (i < n)
				o[k++] = sql[i];
			continue;
		}
		if (ch == '-' && i + 1 < n && sql[i + 1] == '-') {
			while (i < n && sql[i] != '\n')
				o[k++] = sql[i++];
			if (i < n)
				o[k++] = sql[i];
			continue;
		}
		if (ch != '?') {
			o[k++] = ch;
			continue;
		}
		long num = 0;
		size_t j = i + 1;
		while (j < n && sql[j] >= '0' && sql[j] <= '9' && num <= PG_MAX_PARAMS)
			num = num * 10 + (sql[j++] - '0');
		if (j == i + 1)
			num = hi + 1;
		if (num < 1 || num > PG_MAX_PARAMS) {
			free(o);
			free(u);
			return ERR_INVALID;
		}
		i = j - 1;
		if (num > hi)
			hi = (int)num;
		if (num > cap) {
			int nc = (int)num * 2;
			unsigned char *nu = realloc(u, (size_t)nc);
			if (!nu)
				goto nomem;
			memset(nu + cap, 0, (size_t)(nc - cap));
			u = nu;
			cap = nc;
		}
		u[num - 1] = 1;
		k += (size_t)snprintf(o + k, 8, "$%ld", num);
	}
	o[k] = '\0';
	*out = o;
	*max = hi;
	*used = u;
	return 0;
nomem:
	free(o);
	free(u);
	return ERR_NOMEM;
}

/* Sets parameter i (from 0) to NULL, whatever it held. */
static void drop(pg_stmt *st, int i)
{
	free(st->p[i].heap);
	st->p[i].heap = NULL;
	st->vals[i] = NULL;
	st->lens[i] = 0;
	st->fmts[i] = 0;
	st->types[i] = st->used[i] ? 0 : OID_TEXT; /* a number the SQL skips still needs a type */
}

static void pg_reset(db_stmt *b)
{
	pg_stmt *st = (pg_stmt *)b;
	if (st->pending)
		collect((pg_db *)b->d, st); /* its answer off the connection, then dropped */
	if (st->open) {
		PGconn *c = C(b->d);
		settle((pg_db *)b->d);
		/* a failed or ended transaction took the cursor with it */
		if (PQstatus(c) == CONNECTION_OK && PQtransactionStatus(c) == PQTRANS_INTRANS) {
			char sql[32];
			snprintf(sql, sizeof sql, "CLOSE %s", st->cursor);
			PQclear(PQexec(c, sql));
		}
		st->open = st->more = false;
	}
	PQclear(st->res);
	st->res = NULL;
	st->fresh = false;
	st->row = -1;
	st->nrows = 0;
}

static void pg_clear_bindings(db_stmt *b)
{
	pg_stmt *st = (pg_stmt *)b;
	for (int i = 0; i < st->nparams; i++)
		drop(st, i);
}

static void pg_finalize(db_stmt *b)
{
	pg_stmt *st = (pg_stmt *)b;
	pg_db *q = (pg_db *)b->d;
	settle(q);
	if (st->prep_gen && st->prep_gen == q->gen && PQstatus(q->c) == CONNECTION_OK &&
	    PQtransactionStatus(q->c) != PQTRANS_INERROR) {
		char sql[48];
		note_txn(q);
		snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
		PQclear(PQexec(q->c, sql)); /* the server forgets it; a failure only leaks it there */
	}
	pg_reset(b);
	for (int i = 0; st->p && i < st->nparams; i++)
		free(st->p[i].heap);
	free(st->prep_types);
	free(st->num);
	free(st->type);
	free(st->p);
	free(st->vals);
	free(st->lens);
	free(st->fmts);
	free(st->types);
	free(st->used);
	free(st->sql);
	free(st);
}

static int pg_prepare(db *d, const char *sql, bool persistent, db_stmt **out, err *e)
{
	pg_stmt *st = calloc(1, sizeof *st);
	if (!st)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi chuẩn bị câu lệnh SQL");
	st->base.d = d;
	st->row = -1;
	st->persistent = persistent;
	int rc = rewrite(sql, &st->sql, &st->nparams, &st->used);
	if (rc == ERR_INVALID) {
		free(st);
		return err_set(e, ERR_INVALID, "câu lệnh SQL có tham số ?0 hoặc quá %d: \"%.60s\"", PG_MAX_PARAMS,
			       sql);
	}
	size_t np = (size_t)(st->nparams ? st->nparams : 1);
	if (rc || !(st->p = calloc(np, sizeof *st->p)) || !(st->vals = calloc(np, sizeof *st->vals)) ||
	    !(st->lens = calloc(np, sizeof *st->lens)) || !(st->fmts = calloc(np, sizeof *st->fmts)) ||
	    !(st->types = calloc(np, sizeof *st->types))) {
		pg_finalize(&st->base);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi chuẩn bị câu lệnh SQL");
	}
	pg_clear_bindings(&st->base); /* every parameter NULL, with the types that needs */
	*out = &st->base;
	return 0;
}

/* Checks that parameter i (from 1) may be bound now (it exists, the statement is not running) and empties it. */
static int unset(pg_stmt *st, int i)
{
	if (i < 1 || i > st->nparams || st->res || st->pending)
		return ERR_DB; /* as SQLite: SQLITE_RANGE, or SQLITE_MISUSE before a reset */
	drop(st, i - 1);
	return 0;
}

/* Sets parameter i (from 1) to a copy of n bytes of v, of that type and format (0 text, 1 binary). */
static int put(db_stmt *b, int i, Oid type, int fmt, const void *v, size_t n)
{
	pg_stmt *st = (pg_stmt *)b;
	int rc = unset(st, i);
	if (rc)
		return rc;
	if (n > INT_MAX - 1)
		return ERR_TOOBIG;
	pg_param *p = &st->p[i - 1];
	char *dst = p->small;
	if (n >= sizeof p->small && !(dst = p->heap = malloc(n + 1)))
		return ERR_NOMEM;
	if (n)
		memcpy(dst, v, n);
	dst[n] = '\0';
	st->vals[i - 1] = dst;
	st->lens[i - 1] = (int)n;
	st->fmts[i - 1] = fmt;
	st->types[i - 1] = type;
	return 0;
}

static int pg_bind_int(db_stmt *b, int i, int64_t v)
{
	char t[24];
	int n = snprintf(t, sizeof t, "%lld", (long long)v);
	return put(b, i, OID_INT8, 0, t, (size_t)n);
}

static int pg_bind_double(db_stmt *b, int i, double v)
{
	char t[32];
	int n = snprintf(t, sizeof t, "%.17g", v);
	return put(b, i, OID_FLOAT8, 0, t, (size_t)n);
}

static int pg_bind_text(db_stmt *b, int i, const char *s, size_t n)
{
	return put(b, i, OID_TEXT, 0, s, n);
}

static int pg_bind_blob(db_stmt *b, int i, const void *v, size_t n)
{
	return put(b, i, OID_BYTEA, 1, v, n);
}

static int pg_bind_null(db_stmt *b, int i)
{
	return unset((pg_stmt *)b, i);
}

/*
 * True when st is prepared on this connection for its parameters' types
 * (preparing it now if it never was): only when every parameter the SQL
 * uses has a type (a NULL has none to give), so that a prepare never fails
 * where the unprepared run would not; a later run whose non-NULL types
 * differ runs unprepared. A failed prepare leaves its error in st->res.
 */
static bool prepared(pg_stmt *st)
{
	pg_db *q = (pg_db *)st->base.d;
	const Oid *types = st->types;
	if (st->prep_gen && st->prep_gen == q->gen) {
		for (int i = 0; i < st->nparams; i++)
			if (types[i] && types[i] != st->prep_types[i])
				return false;
		return true;
	}
	for (int i = 0; i < st->nparams; i++)
		if (!types[i])
			return false;
	if (!st->prep_types && st->nparams &&
	    !(st->prep_types = malloc((size_t)st->nparams * sizeof *st->prep_types)))
		return false;
	snprintf(st->name, sizeof st->name, "c%u", ++q->names);
	PGresult *r = PQprepare(q->c, st->name, st->sql, st->nparams, types);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		st->res = r; /* the run's answer: its error is the statement's (a prepare
			      * failed inside a transaction has ended it, as the run would) */
		return false;
	}
	PQclear(r);
	if (st->nparams)
		memcpy(st->prep_types, types, (size_t)st->nparams * sizeof *types);
	st->prep_gen = q->gen;
	return true;
}

#define SCAN_BATCH 4096

static int take(pg_stmt *st);

/* The next batch of an open cursor into st->res. */
static int fetch(pg_stmt *st)
{
	char sql[48];
	snprintf(sql, sizeof sql, "FETCH FORWARD %d FROM %s", SCAN_BATCH, st->cursor);
	settle((pg_db *)st->base.d);
	PQclear(st->res);
	st->res = PQexecParams(C(st->base.d), sql, 0, NULL, NULL, NULL, NULL, 1);
	int rc = take(st);
	st->more = rc == 0 && st->nrows == SCAN_BATCH;
	st->row = -1;
	return rc;
}

/* A scan inside a transaction: declares its cursor with the parameters, then fetches. */
static int run_cursor(pg_stmt *st)
{
	db *d = st->base.d;
	size_t n = strlen(st->sql) + 64;
	char *sql = malloc(n);
	if (!sql) {
		db_int_fail(d, DB_E_OTHER, "hết bộ nhớ");
		return ERR_NOMEM;
	}
	snprintf(st->cursor, sizeof st->cursor, "k%u", ++((pg_db *)d)->names);
	snprintf(sql, n, "DECLARE %s NO SCROLL CURSOR FOR %s", st->cursor, st->sql);
	PGresult *r = PQexecParams(C(d), sql, st->nparams, st->types, st->vals, st->lens, st->fmts, 1);
	free(sql);
	if (!res_ok(r)) {
		int rc = fail_res(d, r);
		PQclear(r);
		return rc;
	}
	PQclear(r);
	st->open = true;
	return fetch(st);
}

/* Runs the statement with its parameters; the rows are then in st->res. */
static int run(pg_stmt *st)
{
	db *d = st->base.d;
	int rc = ready(d, NULL);
	if (rc)
		return rc;
	st->res = NULL;
	if (st->base.scan && PQtransactionStatus(C(d)) == PQTRANS_INTRANS)
		return run_cursor(st);
	if (st->persistent && prepared(st))
		st->res = PQexecPrepared(C(d), st->name, st->nparams, st->vals, st->lens, st->fmts, 1);
	if (!st->res)
		st->res = PQexecParams(C(d), st->sql, st->nparams, st->types, st->vals, st->lens, st->fmts, 1);
	return take(st);
}

/* Takes st->res as the statement's answer: its rows ready to read, or its error. */
static int take(pg_stmt *st)
{
	db *d = st->base.d;
	int rc;
	if (res_ok(st->res)) {
		note_changes((pg_db *)d, st->res);
		st->nrows = PQntuples(st->res);
		int nc = PQnfields(st->res);
		if (nc > st->ncols) {
			char (*nn)[32] = realloc(st->num, (size_t)nc * sizeof *nn);
			if (nn)
				st->num = nn;
			Oid *nt = realloc(st->type, (size_t)nc * sizeof *nt);
			if (nt)
				st->type = nt;
			if (!nn || !nt) {
				PQclear(st->res);
				st->res = NULL;
				db_int_fail(d, DB_E_OTHER, "hết bộ nhớ");
				return ERR_NOMEM;
			}
			st->ncols = nc;
		}
		for (int c = 0; c < nc; c++)
			st->type[c] = PQftype(st->res, c);
		st->nfields = nc;
		return 0;
	}
	rc = fail_res(d, st->res);
	PQclear(st->res);
	st->res = NULL;
	return rc;
}

static int pg_step(db_stmt *b)
{
	pg_stmt *st = (pg_stmt *)b;
	if (st->pending) /* sent ahead: its answer, in turn */
		collect((pg_db *)b->d, st);
	if (st->fresh) {
		st->fresh = false;
		st->row = -1;
		int rc = take(st);
		if (rc)
			return rc;
	}
	if (st->res && st->row >= st->nrows)
		pg_reset(b); /* called again after DB_DONE: runs again, as SQLite's step does */
	if (!st->res) {
		int rc = run(st);
		if (rc)
			return rc;
		st->row = -1;
	}
	if (st->row + 1 >= st->nrows && st->open && st->more) {
		int rc = fetch(st); /* the cursor's next batch */
		if (rc)
			return rc;
	}
	if (st->row + 1 < st->nrows) {
		st->row++;
		return DB_ROW;
	}
	st->row = st->nrows;
	return DB_DONE;
}

/*
 * Sends the statement ahead (db_prefetch): inside a transaction only (a Sync
 * outside one would commit it), at most PG_PEND_MAX at once, never a scan;
 * prepared by name when it already is for these types (or, first in line,
 * can be now), else sent with its SQL. Anything that stops it leaves the
 * statement to run at its step as usual.
 */
static int pg_prefetch(db_stmt *b)
{
	pg_stmt *st = (pg_stmt *)b;
	pg_db *q = (pg_db *)b->d;
	if (st->pending || st->res || st->open || b->scan || q->npend == PG_PEND_MAX ||
	    PQstatus(q->c) != CONNECTION_OK)
		return 0;
	bool named;
	if (q->npend == 0) {
		if (PQtransactionStatus(q->c) != PQTRANS_INTRANS)
			return 0;
		note_txn(q);
		named = st->persistent && prepared(st);
		if (st->res) { /* its prepare failed (and ended the transaction): the step answers with that */
			st->fresh = true;
			return 0;
		}
		if (!PQenterPipelineMode(q->c))
			return 0;
	} else {
		named = st->persistent && st->prep_gen && st->prep_gen == q->gen;
		for (int i = 0; named && i < st->nparams; i++)
			named = !st->types[i] || st->types[i] == st->prep_types[i];
	}
	int sent = named ? PQsendQueryPrepared(q->c, st->name, st->nparams, st->vals, st->lens, st->fmts, 1)
			 : PQsendQueryParams(q->c, st->sql, st->nparams, st->types, st->vals, st->lens,
					     st->fmts, 1);
	if (!sent) {
		if (q->npend == 0)
			(void)PQexitPipelineMode(q->c);
		return 0;
	}
	(void)PQpipelineSync(q->c); /* a failure here is the connection's: the answer says so */
	st->pending = true;
	q->pend[q->npend++] = st;
	return 0;
}

static bool have(pg_stmt *st, int c)
{
	return st->res && st->row >= 0 && st->row < st->nrows && c >= 0 && c < st->nfields &&
	       !PQgetisnull(st->res, st->row, c);
}

/*
 * Results come in PostgreSQL's binary format: integers and floats in
 * network order, bytea as its bytes (no hex to decode, half the bytes on the
 * wire), text as it is (libpq adds a NUL). A column is read by its type.
 */
static uint64_t be(const char *p, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = v << 8 | (unsigned char)p[i];
	return v;
}

/* A double as an integer, as SQLite converts a REAL: cut toward zero, clamped, NaN as 0. */
static int64_t int_of(double f)
{
	if (f != f)
		return 0;
	if (f >= 9223372036854775807.0)
		return INT64_MAX;
	if (f <= -9223372036854775808.0)
		return INT64_MIN;
	return (int64_t)f;
}

/* A binary numeric: its integer part exactly when it fits (*whole, else clamped), and as a double. */
static double numeric_of(const char *p, int len, int64_t *whole)
{
	*whole = 0;
	if (len < 8)
		return 0.0;
	int nd = (int)be(p, 2), weight = (int16_t)be(p + 2, 2), sign = (int)be(p + 4, 2);
	if (sign == 0xC000 || len < 8 + 2 * nd)
		return 0.0; /* NaN */
	double v = 0.0;
	int64_t w = 0;
	bool fits = true;
	for (int i = 0; i < nd; i++) {
		int d = (int)be(p + 8 + 2 * i, 2);
		v += d * pow(10000.0, weight - i);
		if (weight - i >= 0)
			fits = fits && !__builtin_mul_overflow(w, 10000, &w) && !__builtin_add_overflow(w, d, &w);
	}
	for (int k = nd - 1; k < weight && fits; k++)
		fits = !__builtin_mul_overflow(w, 10000, &w); /* trailing zero groups of the integer part */
	if (sign == 0x4000)
		v = -v;
	*whole = !fits ? int_of(v) : sign == 0x4000 ? -w : w;
	return v;
}

/* The column's value as an integer and a double, by its type; false for text. */
static bool number_of(pg_stmt *st, int c, int64_t *i, double *f)
{
	Oid t = st->type[c];
	if (t == OID_TEXT || t == OID_BYTEA)
		return false; /* the common non-numbers, before reading the value */
	const char *v = PQgetvalue(st->res, st->row, c);
	int len = PQgetlength(st->res, st->row, c);
	switch (t) {
	case OID_BOOL:
		*i = len > 0 && v[0] != 0;
		break;
	case OID_INT2:
		*i = (int16_t)be(v, 2);
		break;
	case OID_INT4:
		*i = (int32_t)be(v, 4);
		break;
	case OID_INT8:
		*i = (int64_t)be(v, 8);
		break;
	case OID_FLOAT4: {
		uint32_t u = (uint32_t)be(v, 4);
		float x;
		memcpy(&x, &u, sizeof x);
		*f = x;
		*i = int_of(*f);
		return true;
	}
	case OID_FLOAT8: {
		uint64_t u = be(v, 8);
		memcpy(f, &u, sizeof *f);
		*i = int_of(*f);
		return true;
	}
	case OID_NUMERIC:
		*f = numeric_of(v, len, i);
		return true;
	default:
		return false;
	}
	*f = (double)*i;
	return true;
}

/* The text of a number column, written into the statement's scratch for column c. */
static const char *number_text(pg_stmt *st, int c, int64_t i, double f)
{
	char *dst = st->num[c];
	Oid t = st->type[c];
	if (t == OID_FLOAT4 || t == OID_FLOAT8 || (t == OID_NUMERIC && f != (double)i))
		snprintf(dst, sizeof st->num[c], "%.17g", f);
	else
		snprintf(dst, sizeof st->num[c], "%lld", (long long)i);
	return dst;
}

/*
 * Column c of the current row as bytes, *len of them: text and bytea as
 * they came, a number as its text. NULL (and 0) for NULL or no row.
 */
static const char *col_view(pg_stmt *st, int c, size_t *len)
{
	int64_t i = 0;
	double f = 0.0;
	*len = 0;
	if (!have(st, c))
		return NULL;
	if (number_of(st, c, &i, &f)) {
		const char *t = number_text(st, c, i, f);
		*len = strlen(t);
		return t;
	}
	*len = (size_t)PQgetlength(st->res, st->row, c);
	return PQgetvalue(st->res, st->row, c);
}

static bool pg_col_null(db_stmt *b, int c)
{
	return !have((pg_stmt *)b, c);
}

static int64_t pg_col_int(db_stmt *b, int c)
{
	pg_stmt *st = (pg_stmt *)b;
	int64_t i = 0;
	double f = 0.0;
	if (!have(st, c))
		return 0;
	if (number_of(st, c, &i, &f))
		return i;
	const char *v = PQgetvalue(st->res, st->row, c); /* text: read as SQLite would */
	if (strchr(v, '.') || strchr(v, 'e'))
		return int_of(strtod(v, NULL));
	return strtoll(v, NULL, 10);
}

static double pg_col_double(db_stmt *b, int c)
{
	pg_stmt *st = (pg_stmt *)b;
	int64_t i = 0;
	double f = 0.0;
	if (!have(st, c))
		return 0.0;
	if (number_of(st, c, &i, &f))
		return f;
	return strtod(PQgetvalue(st->res, st->row, c), NULL);
}

static const char *pg_col_text(db_stmt *b, int c)
{
	size_t n;
	return col_view((pg_stmt *)b, c, &n);
}

static const void *pg_col_blob(db_stmt *b, int c)
{
	size_t n;
	const char *v = col_view((pg_stmt *)b, c, &n);
	return n ? v : NULL; /* as SQLite: an empty blob reads as NULL */
}

static size_t pg_col_bytes(db_stmt *b, int c)
{
	size_t n;
	(void)col_view((pg_stmt *)b, c, &n);
	return n;
}

static int pg_col_count(db_stmt *b)
{
	pg_stmt *st = (pg_stmt *)b;
	return st->res ? PQnfields(st->res) : 0;
}

static db_type pg_col_type(db_stmt *b, int c)
{
	pg_stmt *st = (pg_stmt *)b;
	if (!have(st, c))
		return DB_T_NULL;
	switch (PQftype(st->res, c)) {
	case OID_BOOL:
	case OID_INT8:
	case 21:  /* int2 */
	case 23:  /* int4 */
		return DB_T_INT;
	case 700:  /* float4 */
	case OID_FLOAT8:
	case 1700: /* numeric */
		return DB_T_FLOAT;
	case OID_BYTEA:
		return DB_T_BLOB;
	default:
		return DB_T_TEXT;
	}
}

static const char *pg_col_name(db_stmt *b, int c)
{
	pg_stmt *st = (pg_stmt *)b;
	return st->res && c >= 0 && c < PQnfields(st->res) ? PQfname(st->res, c) : NULL;
}

static int64_t pg_changes(db *d)
{
	return ((pg_db *)d)->changes;
}

static db_txn pg_txn_state(db *d)
{
	pg_db *q = (pg_db *)d;
	settle(q);
	if (PQstatus(q->c) != CONNECTION_OK) /* lost inside a transaction: failed until the ROLLBACK */
		return q->txn_open ? DB_TXN_FAILED : DB_TXN_NONE;
	switch (PQtransactionStatus(q->c)) {
	case PQTRANS_INTRANS:
	case PQTRANS_ACTIVE:
		return DB_TXN_ACTIVE;
	case PQTRANS_INERROR:
		return DB_TXN_FAILED;
	default:
		return DB_TXN_NONE;
	}
}

/*
 * Opens a transaction with sql: BEGIN and what comes with it, in one round
 * trip; *rows (when not NULL) receives the answer of its last statement.
 * The caller is done with any transaction the connection lost, so a broken
 * connection is replaced first; one that breaks on this very command (the
 * server went away while the connection was idle) is replaced and the
 * command sent once more: nothing was applied. A failure leaves no
 * transaction open.
 */
static int begin(db *d, const char *sql, PGresult **rows, err *e)
{
	pg_db *q = (pg_db *)d;
	q->txn_open = false;
	for (int tries = 0;; tries++) {
		int rc = ready(d, e);
		if (rc)
			return rc;
		PGresult *r = PQexec(q->c, sql);
		if (res_ok(r)) {
			if (rows)
				*rows = r;
			else
				PQclear(r);
			return 0;
		}
		fail_res(d, r);
		PQclear(r);
		if (tries == 0 && d->kind == DB_E_CONN && PQstatus(q->c) == CONNECTION_BAD)
			continue;
		if (PQstatus(q->c) == CONNECTION_OK && PQtransactionStatus(q->c) != PQTRANS_IDLE)
			PQclear(PQexec(q->c, "ROLLBACK")); /* BEGIN went, what came after failed */
		return db_int_err(d, sql, e);
	}
}

/*
 * A write transaction takes one advisory lock, held to its end: writers of
 * all servers on the database go one at a time, as SQLite's BEGIN IMMEDIATE
 * makes them, so the roll-ups each write reads, adds to and writes back
 * stay exact, and with one lock there is no order to get wrong (no
 * deadlock). Readers never wait for it (docs/internals/store.md). The
 * lock is the schema's: chitieu databases kept in several schemas of one
 * server (the tests' do) do not wait for each other. Waiting for it ends
 * at lock_timeout (DB_E_BUSY).
 */
static int pg_begin_write(db *d, err *e)
{
	return begin(d, "BEGIN; SELECT pg_advisory_xact_lock(2025070101, hashtext(current_schema()))", NULL,
		     e);
}

/* FNV-1a of the snapshot's text in r: the same snapshot sees the same data. */
static bool snapshot_hash(const PGresult *r, uint64_t *out)
{
	if (PQntuples(r) != 1 || PQnfields(r) != 1 || PQgetisnull(r, 0, 0))
		return false;
	uint64_t h = 14695981039346656037ULL;
	for (const unsigned char *p = (const unsigned char *)PQgetvalue(r, 0, 0); *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	*out = h;
	return true;
}

/*
 * A read transaction's snapshot is fixed at its first statement: taken
 * with the BEGIN, it is also what db_data_version answers inside it,
 * without another round trip.
 */
static int pg_begin_read(db *d, err *e)
{
	pg_db *q = (pg_db *)d;
	PGresult *r = NULL;
	int rc = begin(d, "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT pg_current_snapshot()", &r, e);
	if (rc == 0) {
		q->snap_valid = snapshot_hash(r, &q->snap);
		PQclear(r);
	}
	return rc;
}

static int pg_data_version(db *d, uint64_t *out, err *e)
{
	pg_db *q = (pg_db *)d;
	settle(q);
	if (q->snap_valid && PQstatus(q->c) == CONNECTION_OK &&
	    PQtransactionStatus(q->c) == PQTRANS_INTRANS) {
		*out = q->snap;
		return 0;
	}
	int rc = ready(d, e);
	if (rc)
		return rc;
	PGresult *r = PQexec(q->c, snapshot_sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || !snapshot_hash(r, out)) {
		fail_res(d, r);
		rc = db_int_err(d, snapshot_sql, e);
	}
	PQclear(r);
	return rc;
}

/*
 * The inserter: rows in COPY's text format (fields by tabs, rows by
 * newlines, bytea as \\x and hex) gathered in memory and sent with one
 * COPY ... FROM STDIN per flush: a round trip per few megabytes instead of
 * one per row.
 */
#define COPY_FLUSH_BYTES (4u << 20)

typedef struct pg_copy {
	struct db_copy base;
	char *sql;   /* "COPY t (cols) FROM STDIN" */
	char *buf;
	size_t len, cap;
	size_t rows;  /* whole rows in buf */
	size_t row_start; /* where the row being appended starts */
	bool first;  /* no field of the current row yet */
	int failed;  /* a field could not be appended (its ERR_*): the row is refused at copy_row */
} pg_copy;

/* Room for more bytes; false, the row failed (ERR_NOMEM, ERR_TOOBIG for a size that overflows), when there is none. */
static bool copy_room(pg_copy *c, size_t more)
{
	if (more > SIZE_MAX / 2 - c->len) {
		c->failed = c->failed ? c->failed : ERR_TOOBIG;
		return false;
	}
	if (c->len + more <= c->cap)
		return true;
	size_t nc = c->cap ? c->cap : 1u << 16;
	while (nc < c->len + more)
		nc *= 2;
	char *nb = realloc(c->buf, nc);
	if (!nb) {
		c->failed = c->failed ? c->failed : ERR_NOMEM;
		return false;
	}
	c->buf = nb;
	c->cap = nc;
	return true;
}

/* Starts a field of up to more bytes: room for it and its separator, which is written. */
static bool copy_field(pg_copy *c, size_t more)
{
	if (!copy_room(c, more + 1))
		return false;
	if (!c->first)
		c->buf[c->len++] = '\t';
	c->first = false;
	return true;
}

static int pg_copy_open(db *d, const char *table, const char *cols, int ncols, db_copy **out,
			err *e)
{
	(void)ncols;
	pg_copy *c = calloc(1, sizeof *c);
	size_t n = strlen(table) + strlen(cols) + 32;
	if (!c || !(c->sql = malloc(n))) {
		free(c);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi chuẩn bị ghi hàng loạt");
	}
	snprintf(c->sql, n, "COPY %s (%s) FROM STDIN", table, cols);
	c->base.d = d;
	c->first = true;
	*out = &c->base;
	return 0;
}

static int pg_copy_int(db_copy *b, int64_t v)
{
	pg_copy *c = (pg_copy *)b;
	if (!copy_field(c, 22)) /* 20 digits, a sign, snprintf's NUL */
		return c->failed;
	c->len += (size_t)snprintf(c->buf + c->len, 22, "%lld", (long long)v);
	return 0;
}

static int pg_copy_blob(db_copy *b, const void *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	pg_copy *c = (pg_copy *)b;
	const unsigned char *u = p;
	if (!copy_field(c, n > SIZE_MAX / 4 ? SIZE_MAX / 2 : 2 * n + 3))
		return c->failed;
	c->buf[c->len++] = '\\'; /* COPY's escape of the backslash of bytea's \x */
	c->buf[c->len++] = '\\';
	c->buf[c->len++] = 'x';
	for (size_t i = 0; i < n; i++) {
		c->buf[c->len++] = hex[u[i] >> 4];
		c->buf[c->len++] = hex[u[i] & 15];
	}
	return 0;
}

static int pg_copy_flush(db_copy *b, err *e)
{
	pg_copy *c = (pg_copy *)b;
	db *d = b->d;
	pg_db *q = (pg_db *)d;
	bool sent = true;
	int rc;
	if (c->rows == 0)
		return 0;
	if ((rc = ready(d, e)) != 0)
		return rc;
	PGresult *r = PQexec(q->c, c->sql);
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		fail_res(d, r);
		PQclear(r);
		return db_int_err(d, c->sql, e);
	}
	PQclear(r);
	for (size_t off = 0; off < c->row_start && sent;) {
		size_t chunk = c->row_start - off > (1u << 20) ? (1u << 20) : c->row_start - off;
		sent = PQputCopyData(q->c, c->buf + off, (int)chunk) == 1;
		off += chunk;
	}
	if (PQputCopyEnd(q->c, sent ? NULL : "chitieu: gửi dữ liệu thất bại") != 1)
		sent = false;
	while ((r = PQgetResult(q->c)) != NULL) {
		if (PQresultStatus(r) == PGRES_COMMAND_OK)
			q->changes = (int64_t)c->rows;
		else if (rc == 0)
			rc = fail_res(d, r);
		PQclear(r);
	}
	if (!sent && rc == 0) { /* the data did not go, and the server said nothing of it */
		db_int_fail(d, kind_of(q->c, NULL), PQerrorMessage(q->c));
		rc = db_int_code(d->kind);
	}
	/* the rows are gone either way: sent, or refused with the transaction */
	memmove(c->buf, c->buf + c->row_start, c->len - c->row_start);
	c->len -= c->row_start;
	c->row_start = 0;
	c->rows = 0;
	return rc ? db_int_err(d, c->sql, e) : 0;
}

static int pg_copy_row(db_copy *b, err *e)
{
	pg_copy *c = (pg_copy *)b;
	if (!c->failed)
		(void)copy_room(c, 1);
	if (c->failed) {
		int rc = c->failed;
		c->len = c->row_start; /* the half-made row goes */
		c->first = true;
		c->failed = 0;
		db_int_fail(b->d, DB_E_OTHER, rc == ERR_NOMEM ? "hết bộ nhớ" : "giá trị quá lớn");
		return err_set(e, rc, "không ghi hàng loạt được dòng vào CSDL PostgreSQL %s (%s)", b->d->target,
			       b->d->msg);
	}
	c->buf[c->len++] = '\n';
	c->row_start = c->len;
	c->first = true;
	c->rows++;
	return c->len >= COPY_FLUSH_BYTES ? pg_copy_flush(b, e) : 0;
}

static size_t pg_copy_pending(const db_copy *b)
{
	return ((const pg_copy *)b)->rows;
}

static void pg_copy_discard(db_copy *b)
{
	pg_copy *c = (pg_copy *)b;
	c->len = c->row_start = c->rows = 0;
	c->first = true;
	c->failed = 0;
}

static void pg_copy_close(db_copy *b)
{
	pg_copy *c = (pg_copy *)b;
	if (!c)
		return;
	free(c->buf);
	free(c->sql);
	free(c);
}

static const db_ops PG_OPS = {
	.close = pg_close,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.clear_bindings = pg_clear_bindings,
	.bind_int = pg_bind_int,
	.bind_double = pg_bind_double,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.prefetch = pg_prefetch,
	.col_null = pg_col_null,
	.col_int = pg_col_int,
	.col_double = pg_col_double,
	.col_text = pg_col_text,
	.col_blob = pg_col_blob,
	.col_bytes = pg_col_bytes,
	.col_count = pg_col_count,
	.col_type = pg_col_type,
	.col_name = pg_col_name,
	.changes = pg_changes,
	.txn_state = pg_txn_state,
	.begin_write = pg_begin_write,
	.begin_read = pg_begin_read,
	.data_version = pg_data_version,
	.copy_open = pg_copy_open,
	.copy_int = pg_copy_int,
	.copy_blob = pg_copy_blob,
	.copy_row = pg_copy_row,
	.copy_flush = pg_copy_flush,
	.copy_pending = pg_copy_pending,
	.copy_discard = pg_copy_discard,
	.copy_close = pg_copy_close,
};

int db_pg_open(const char *target, unsigned flags, db **out, err *e)
{
	(void)flags;
	pg_db *d = calloc(1, sizeof *d);
	if (!d)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi mở CSDL");
	d->base.ops = &PG_OPS;
	d->base.engine = DB_POSTGRES;
	d->gen = 1;
	d->base.seek_rows = 2000; /* a round trip (~0.1 ms on loopback) against ~50 ns a row */
	/* ours first: what the target says wins (libpq takes the last value of a keyword) */
	const char *keys[] = {"connect_timeout", "application_name", "client_encoding", "dbname", NULL};
	const char *vals[] = {"10", "chitieu", "UTF8", target, NULL};
	d->c = PQconnectdbParams(keys, vals, 1);
	if (!d->c) {
		free(d);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi kết nối PostgreSQL");
	}
	describe(d);
	if (PQstatus(d->c) != CONNECTION_OK) {
		const char *m = PQerrorMessage(d->c);
		db_int_fail(&d->base, DB_E_CONN, m);
		if (strstr(m, "password authentication failed") || strstr(m, "no password supplied"))
			err_set(e, ERR_IO, "máy chủ PostgreSQL %s từ chối đăng nhập: sai hoặc thiếu mật khẩu (%s)",
				d->base.target, d->base.msg);
		else if (strstr(m, "does not exist"))
			err_set(e, ERR_IO, "máy chủ PostgreSQL %s: cơ sở dữ liệu hoặc người dùng không tồn tại (%s)",
				d->base.target, d->base.msg);
		else
			err_set(e, ERR_IO, "không kết nối được tới máy chủ PostgreSQL %s (%s)", d->base.target,
				d->base.msg);
		goto fail;
	}
	PQsetNoticeProcessor(d->c, no_notice, NULL);
	if (!session_setup(d)) {
		err_set(e, ERR_IO, "máy chủ PostgreSQL %s không nhận thiết lập phiên (%s)", d->base.target,
			d->base.msg);
		goto fail;
	}
	*out = &d->base;
	return 0;
fail:
	PQfinish(d->c);
	free(d);
	return ERR_IO;
}
