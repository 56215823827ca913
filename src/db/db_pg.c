/*
 * db_pg.c - the PostgreSQL driver of the database layer, on libpq.
 *
 * A statement keeps its SQL with ?N rewritten to $N and its parameters as
 * typed values (int8, float8, text, bytea in binary); the first db_step
 * runs it (prepared on the server once when it is persistent) and the rows
 * are then read from the result, in binary format (numbers by their type,
 * bytea as its bytes, booleans as 0/1). The whole
 * result is held by the statement until reset, so several statements can
 * be walked at once on one connection, as on SQLite.
 *
 * Connection loss: a broken connection is reset (trying every host of the
 * target again, so a standby promoted after a failover is found) before the
 * next transaction starts, never in the middle of one; a statement that
 * met the loss fails with DB_E_CONN and is not retried, so nothing is
 * applied twice.
 *
 * Not for: schema (store_schema_pg.c), or SQL that only PostgreSQL accepts
 * in the queries of the store.
 */
#include "db/db_int.h"

#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Type oids of pg_type (stable across versions). */
#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_TEXT 25
#define OID_FLOAT8 701

typedef struct pg_db {
	struct db base;
	PGconn *c;
	int64_t changes;
	uint64_t gen;   /* moves on at each reconnection: prepared statements are gone then */
	unsigned names; /* the last prepared statement's number */
} pg_db;

typedef struct pg_param {
	char *val;   /* NULL = SQL NULL */
	int len;
	int fmt;     /* 0 text, 1 binary */
	Oid type;    /* 0 = let the server infer */
	char small[24]; /* numbers are written here, val points to it */
} pg_param;

typedef struct pg_stmt {
	struct db_stmt base;
	char *sql;      /* with $N placeholders */
	int nparams;    /* the highest number the SQL uses */
	unsigned char *used; /* used[i]: $i+1 appears in the SQL */
	pg_param *p;
	PGresult *res;
	/* A persistent statement is prepared on the server once per connection
	 * (parsed and planned once) with the parameter types of its first run;
	 * a run whose types differ goes unprepared. */
	bool persistent;
	char name[16];
	uint64_t prep_gen; /* the connection generation it was prepared in; 0 = not */
	Oid *prep_types;
	int row;        /* the current row, -1 before the first */
	int nrows;
	/* per column: a number's text when it is read as text */
	char (*num)[32];
	int ncols;
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

/* Sets e from d's last failure, with the start of the SQL. */
static int fail_err(db *d, int code, const char *sql, err *e)
{
	if (d->kind == DB_E_CONN)
		return err_set(e, ERR_UNAVAILABLE, "mất kết nối tới máy chủ PostgreSQL %s (%s)", d->target,
			       d->msg);
	if (d->kind == DB_E_READONLY)
		return err_set(e, ERR_IO, "máy chủ PostgreSQL %s không nhận ghi (read-only): %s", d->target,
			       d->msg);
	return err_set(e, code, "lỗi CSDL khi chạy \"%.60s\" (%s)", sql, d->msg);
}

static void pg_close(db *d)
{
	PQfinish(C(d));
	free(d);
}

static int pg_ensure_connected(db *d, err *e);

static int pg_exec(db *d, const char *sql, err *e)
{
	if (PQstatus(C(d)) != CONNECTION_OK && pg_ensure_connected(d, e) != 0)
		return e ? e->code : ERR_UNAVAILABLE;
	PGresult *r = PQexec(C(d), sql);
	ExecStatusType st = PQresultStatus(r);
	int rc = 0;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		rc = fail_res(d, r);
		rc = fail_err(d, rc, sql, e);
	} else {
		const char *n = PQcmdTuples(r);
		if (n && *n)
			((pg_db *)d)->changes = strtoll(n, NULL, 10);
	}
	PQclear(r);
	return rc;
}

/*
 * Rewrites ?N and bare ? to $N outside quotes and comments. Returns the
 * malloc'd text (NULL when out of memory); *max the highest number, used[]
 * marks the numbers seen (grown as needed, malloc'd).
 */
static char *rewrite(const char *sql, int *max, unsigned char **used)
{
	size_t n = strlen(sql);
	char *out = malloc(n * 2 + 16);
	size_t k = 0;
	int hi = 0, cap = 16;
	unsigned char *u = calloc((size_t)cap, 1);
	if (!out || !u) {
		free(out);
		free(u);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		char ch = sql[i];
		if (ch == '\'' || ch == '"') { /* a literal or a quoted name: copied as it is */
			out[k++] = sql[i++];
			while (i < n && sql[i] != ch)
				out[k++] = sql[i++];
			if (i < n)
				out[k++] = sql[i];
			continue;
		}
		if (ch == '-' && i + 1 < n && sql[i + 1] == '-') {
			while (i < n && sql[i] != '\n')
				out[k++] = sql[i++];
			if (i < n)
				out[k++] = sql[i];
			continue;
		}
		if (ch != '?') {
			out[k++] = ch;
			continue;
		}
		int num = 0;
		size_t j = i + 1;
		while (j < n && sql[j] >= '0' && sql[j] <= '9' && num < 100000)
			num = num * 10 + (sql[j++] - '0');
		if (j == i + 1)
			num = hi + 1; /* a bare ?: the next number, as SQLite gives it */
		i = j - 1;
		if (num > hi)
			hi = num;
		if (num > cap) {
			int nc = num * 2;
			unsigned char *nu = realloc(u, (size_t)nc);
			if (!nu) {
				free(out);
				free(u);
				return NULL;
			}
			memset(nu + cap, 0, (size_t)(nc - cap));
			u = nu;
			cap = nc;
		}
		u[num - 1] = 1;
		k += (size_t)snprintf(out + k, 16, "$%d", num);
	}
	out[k] = '\0';
	*max = hi;
	*used = u;
	return out;
}

static int pg_prepare(db *d, const char *sql, bool persistent, db_stmt **out, err *e)
{
	pg_stmt *st = calloc(1, sizeof *st);
	if (!st)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi chuẩn bị câu lệnh SQL");
	st->base.d = d;
	st->row = -1;
	st->persistent = persistent;
	st->sql = rewrite(sql, &st->nparams, &st->used);
	if (!st->sql || (st->nparams && !(st->p = calloc((size_t)st->nparams, sizeof *st->p)))) {
		free(st->sql);
		free(st->used);
		free(st);
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi chuẩn bị câu lệnh SQL");
	}
	*out = &st->base;
	return 0;
}

static void pg_reset(db_stmt *b)
{
	pg_stmt *st = (pg_stmt *)b;
	PQclear(st->res);
	st->res = NULL;
	st->row = -1;
	st->nrows = 0;
}

static void param_free(pg_param *p)
{
	if (p->val != p->small)
		free(p->val);
	p->val = NULL;
	p->len = 0;
	p->fmt = 0;
	p->type = 0;
}

static void pg_clear_bindings(db_stmt *b)
{
	pg_stmt *st = (pg_stmt *)b;
	for (int i = 0; i < st->nparams; i++)
		param_free(&st->p[i]);
}

static void pg_finalize(db_stmt *b)
{
	pg_stmt *st = (pg_stmt *)b;
	pg_db *q = (pg_db *)b->d;
	if (st->prep_gen && st->prep_gen == q->gen && PQstatus(q->c) == CONNECTION_OK &&
	    PQtransactionStatus(q->c) != PQTRANS_INERROR) {
		char sql[48];
		snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
		PQclear(PQexec(q->c, sql)); /* the server forgets it; a failure only leaks it there */
	}
	free(st->prep_types);
	pg_reset(b);
	pg_clear_bindings(b);
	free(st->num);
	free(st->p);
	free(st->used);
	free(st->sql);
	free(st);
}

/* The parameter slot i (from 1), or NULL (the failure recorded) when out of range. */
static pg_param *slot(db_stmt *b, int i)
{
	pg_stmt *st = (pg_stmt *)b;
	if (i < 1 || i > st->nparams) {
		db_int_fail(b->d, DB_E_OTHER, "tham số SQL ngoài phạm vi");
		return NULL;
	}
	param_free(&st->p[i - 1]);
	return &st->p[i - 1];
}

static int pg_bind_int(db_stmt *b, int i, int64_t v)
{
	pg_param *p = slot(b, i);
	if (!p)
		return ERR_DB;
	p->len = snprintf(p->small, sizeof p->small, "%lld", (long long)v);
	p->val = p->small;
	p->type = OID_INT8;
	return 0;
}

static int pg_bind_double(db_stmt *b, int i, double v)
{
	pg_param *p = slot(b, i);
	if (!p)
		return ERR_DB;
	p->len = snprintf(p->small, sizeof p->small, "%.17g", v);
	p->val = p->small;
	p->type = OID_FLOAT8;
	return 0;
}

/* Copies n bytes into p (a NUL after them). */
static int copy_in(db_stmt *b, pg_param *p, const void *src, size_t n)
{
	if (n > 0x7ffffffe) {
		db_int_fail(b->d, DB_E_OTHER, "giá trị quá lớn");
		return ERR_TOOBIG;
	}
	if (n < sizeof p->small) {
		p->val = p->small;
	} else if (!(p->val = malloc(n + 1))) {
		db_int_fail(b->d, DB_E_OTHER, "hết bộ nhớ");
		return ERR_NOMEM;
	}
	if (n)
		memcpy(p->val, src, n);
	p->val[n] = '\0';
	p->len = (int)n;
	return 0;
}

static int pg_bind_text(db_stmt *b, int i, const char *s, size_t n)
{
	pg_param *p = slot(b, i);
	if (!p)
		return ERR_DB;
	p->type = OID_TEXT;
	return copy_in(b, p, s, n);
}

static int pg_bind_blob(db_stmt *b, int i, const void *v, size_t n)
{
	pg_param *p = slot(b, i);
	if (!p)
		return ERR_DB;
	p->type = OID_BYTEA;
	p->fmt = 1;
	return copy_in(b, p, v, n);
}

static int pg_bind_null(db_stmt *b, int i)
{
	return slot(b, i) ? 0 : ERR_DB;
}

/*
 * True when st is prepared on this connection for these parameter types
 * (preparing it now if it never was): only when every parameter the SQL
 * uses has a type (a NULL has none to give), so that a prepare never fails
 * where the unprepared run would not; a later run whose non-NULL types
 * differ runs unprepared. A failed prepare leaves its error in st->res.
 */
static bool prepared(pg_stmt *st, const Oid *types)
{
	pg_db *q = (pg_db *)st->base.d;
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

/* Runs the statement with its parameters; the rows are then in st->res. */
static int run(pg_stmt *st)
{
	db *d = st->base.d;
	/* outside a transaction nothing is lost by connecting again first (the
	 * server went away, a standby took over); inside one the failure shows */
	if (PQstatus(C(d)) != CONNECTION_OK && pg_ensure_connected(d, NULL) != 0)
		return ERR_UNAVAILABLE;
	const char *vals[st->nparams ? st->nparams : 1];
	int lens[st->nparams ? st->nparams : 1], fmts[st->nparams ? st->nparams : 1];
	Oid types[st->nparams ? st->nparams : 1];
	for (int i = 0; i < st->nparams; i++) {
		vals[i] = st->p[i].val;
		lens[i] = st->p[i].len;
		fmts[i] = st->p[i].fmt;
		/* a number the SQL skips still needs a type; NULL is left to the server */
		types[i] = !st->used[i] ? OID_TEXT : st->p[i].val ? st->p[i].type : 0;
	}
	st->res = NULL;
	if (st->persistent && prepared(st, types))
		st->res = PQexecPrepared(C(d), st->name, st->nparams, vals, lens, fmts, 1);
	if (!st->res)
		st->res = PQexecParams(C(d), st->sql, st->nparams, types, vals, lens, fmts, 1);
	ExecStatusType rs = PQresultStatus(st->res);
	if (rs == PGRES_TUPLES_OK || rs == PGRES_COMMAND_OK) {
		const char *n = PQcmdTuples(st->res);
		if (n && *n)
			((pg_db *)d)->changes = strtoll(n, NULL, 10);
		st->nrows = PQntuples(st->res);
		int nc = PQnfields(st->res);
		if (nc > st->ncols) {
			char (*nn)[32] = realloc(st->num, (size_t)nc * sizeof *nn);
			if (!nn) {
				PQclear(st->res);
				st->res = NULL;
				db_int_fail(d, DB_E_OTHER, "hết bộ nhớ");
				return ERR_NOMEM;
			}
			st->num = nn;
			st->ncols = nc;
		}
		return 0;
	}
	int rc = fail_res(d, st->res);
	PQclear(st->res);
	st->res = NULL;
	return rc;
}

static int pg_step(db_stmt *b)
{
	pg_stmt *st = (pg_stmt *)b;
	if (!st->res) {
		int rc = run(st);
		if (rc)
			return rc;
		st->row = -1;
	}
	if (st->row + 1 < st->nrows) {
		st->row++;
		return DB_ROW;
	}
	st->row = st->nrows;
	return DB_DONE;
}

static bool have(pg_stmt *st, int c)
{
	return st->res && st->row >= 0 && st->row < st->nrows && c >= 0 && c < PQnfields(st->res) &&
	       !PQgetisnull(st->res, st->row, c);
}

/*
 * Results come in PostgreSQL's binary format: integers and floats in
 * network order, bytea as its bytes (no hex to decode, half the bytes on the
 * wire), text as it is (libpq adds a NUL). A column is read by its type.
 */
#define OID_INT2 21
#define OID_INT4 23
#define OID_FLOAT4 700
#define OID_NUMERIC 1700

static uint64_t be(const char *p, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = v << 8 | (unsigned char)p[i];
	return v;
}

/* A binary numeric: its integer part exactly when it fits (*whole), and as a double. */
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
	for (int i = 0; i < nd; i++) {
		int d = (int)be(p + 8 + 2 * i, 2);
		v += d * pow(10000.0, weight - i);
		if (weight - i >= 0)
			w = w * 10000 + d;
	}
	for (int k = nd - 1; k < weight; k++)
		w *= 10000; /* trailing zero groups of the integer part */
	*whole = sign == 0x4000 ? -w : w;
	return sign == 0x4000 ? -v : v;
}

/* The column's value as an integer and a double, by its type; false for text. */
static bool number_of(pg_stmt *st, int c, int64_t *i, double *f)
{
	const char *v = PQgetvalue(st->res, st->row, c);
	int len = PQgetlength(st->res, st->row, c);
	switch (PQftype(st->res, c)) {
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
		*i = (int64_t)x;
		return true;
	}
	case OID_FLOAT8: {
		uint64_t u = be(v, 8);
		memcpy(f, &u, sizeof *f);
		*i = (int64_t)*f;
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
		return (int64_t)strtod(v, NULL);
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

/* The text of a number column, written into the statement's scratch for column c. */
static const char *number_text(pg_stmt *st, int c, int64_t i, double f)
{
	char *dst = st->num[c];
	Oid t = PQftype(st->res, c);
	if (t == OID_FLOAT4 || t == OID_FLOAT8 || (t == OID_NUMERIC && f != (double)i))
		snprintf(dst, sizeof st->num[c], "%.17g", f);
	else
		snprintf(dst, sizeof st->num[c], "%lld", (long long)i);
	return dst;
}

static const char *pg_col_text(db_stmt *b, int c)
{
	pg_stmt *st = (pg_stmt *)b;
	int64_t i = 0;
	double f = 0.0;
	if (!have(st, c))
		return NULL;
	if (number_of(st, c, &i, &f))
		return number_text(st, c, i, f);
	return PQgetvalue(st->res, st->row, c);
}

static const void *pg_col_blob(db_stmt *b, int c)
{
	pg_stmt *st = (pg_stmt *)b;
	if (!have(st, c) || PQgetlength(st->res, st->row, c) == 0)
		return NULL;
	int64_t i = 0;
	double f = 0.0;
	if (number_of(st, c, &i, &f))
		return number_text(st, c, i, f);
	return PQgetvalue(st->res, st->row, c);
}

static size_t pg_col_bytes(db_stmt *b, int c)
{
	pg_stmt *st = (pg_stmt *)b;
	int64_t i = 0;
	double f = 0.0;
	if (!have(st, c))
		return 0;
	if (number_of(st, c, &i, &f))
		return strlen(number_text(st, c, i, f));
	return (size_t)PQgetlength(st->res, st->row, c);
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
	switch (PQtransactionStatus(C(d))) {
	case PQTRANS_INTRANS:
	case PQTRANS_ACTIVE:
		return DB_TXN_ACTIVE;
	case PQTRANS_INERROR:
		return DB_TXN_FAILED;
	default:
		return DB_TXN_NONE;
	}
}

/* Says where the connection goes ("user@host:port/db"), without the password. */
static void describe(pg_db *d)
{
	const char *h = PQhost(d->c), *p = PQport(d->c), *u = PQuser(d->c), *n = PQdb(d->c);
	snprintf(d->base.target, sizeof d->base.target, "%s@%s:%s/%s", u ? u : "?",
		 h && *h ? h : "localhost", p && *p ? p : "5432", n ? n : "?");
}

static int pg_ensure_connected(db *d, err *e)
{
	pg_db *q = (pg_db *)d;
	if (PQstatus(q->c) == CONNECTION_OK)
		return 0;
	if (PQtransactionStatus(q->c) != PQTRANS_IDLE && PQtransactionStatus(q->c) != PQTRANS_UNKNOWN)
		return 0; /* inside a transaction: its failure is the caller's to see */
	PQreset(q->c);
	q->gen++; /* whatever was prepared on the old connection is gone */
	if (PQstatus(q->c) != CONNECTION_OK) {
		db_int_fail(d, DB_E_CONN, PQerrorMessage(q->c));
		return err_set(e, ERR_UNAVAILABLE, "không kết nối lại được tới máy chủ PostgreSQL %s (%s)",
			       d->target, d->msg);
	}
	describe(q);
	return 0;
}

/* Opens a transaction; a connection found broken at its start is reset and tried once more. */
static int begin(db *d, const char *sql, err *e)
{
	int rc = pg_ensure_connected(d, e);
	if (rc)
		return rc;
	PGresult *r = PQexec(C(d), sql);
	if (PQresultStatus(r) == PGRES_COMMAND_OK) {
		PQclear(r);
		return 0;
	}
	rc = fail_res(d, r);
	PQclear(r);
	if (d->kind == DB_E_CONN && PQstatus(C(d)) == CONNECTION_BAD) {
		/* nothing was applied: a server that went away (a failover) is looked for again */
		if (pg_ensure_connected(d, e) != 0)
			return ERR_DB;
		return pg_exec(d, sql, e);
	}
	return fail_err(d, rc, sql, e);
}

/*
 * A write transaction takes one advisory lock, held to its end: writers of
 * all servers on the database go one at a time, as SQLite's BEGIN IMMEDIATE
 * makes them, so the roll-ups each write reads, adds to and writes back
 * stay exact, and with one lock there is no order to get wrong (no
 * deadlock). Readers never wait for it (docs/internals/store.md). The
 * lock is the schema's: chitieu databases kept in several schemas of one
 * server (the tests' do) do not wait for each other.
 */
static int pg_begin_write(db *d, err *e)
{
	int rc = begin(d, "BEGIN", e);
	if (rc == 0 &&
	    (rc = pg_exec(d, "SELECT pg_advisory_xact_lock(2025070101, hashtext(current_schema()))", e)) != 0)
		(void)pg_exec(d, "ROLLBACK", NULL);
	return rc;
}

static int pg_begin_read(db *d, err *e)
{
	return begin(d, "BEGIN ISOLATION LEVEL REPEATABLE READ", e);
}

static int pg_data_version(db *d, uint64_t *out, err *e)
{
	int rc = pg_ensure_connected(d, e);
	if (rc)
		return rc;
	PGresult *r = PQexec(C(d), "SELECT pg_current_snapshot()");
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		rc = fail_res(d, r);
		PQclear(r);
		return err_set(e, rc, "không đọc được phiên bản dữ liệu (%s)", d->msg);
	}
	/* FNV-1a of the snapshot's text: the same snapshot sees the same data */
	uint64_t h = 14695981039346656037ULL;
	for (const unsigned char *p = (const unsigned char *)PQgetvalue(r, 0, 0); *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	PQclear(r);
	*out = h;
	return 0;
}

static int pg_notifications(db *d, const char *channel)
{
	int n = 0;
	PGnotify *note;
	PQconsumeInput(C(d));
	while ((note = PQnotifies(C(d))) != NULL) {
		if (!channel || !strcmp(note->relname, channel))
			n++;
		PQfreemem(note);
	}
	return n;
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
	bool failed; /* out of memory while appending: the row is refused at copy_row */
} pg_copy;

static bool copy_room(pg_copy *c, size_t more)
{
	if (c->len + more <= c->cap)
		return true;
	size_t nc = c->cap ? c->cap : 1u << 16;
	while (nc < c->len + more)
		nc *= 2;
	char *nb = realloc(c->buf, nc);
	if (!nb) {
		c->failed = true;
		return false;
	}
	c->buf = nb;
	c->cap = nc;
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
	if (!copy_room(c, 24))
		return ERR_NOMEM;
	if (!c->first)
		c->buf[c->len++] = '\t';
	c->first = false;
	c->len += (size_t)snprintf(c->buf + c->len, 22, "%lld", (long long)v);
	return 0;
}

static int pg_copy_blob(db_copy *b, const void *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	pg_copy *c = (pg_copy *)b;
	const unsigned char *u = p;
	if (n > (SIZE_MAX - 8) / 2 || !copy_room(c, 2 * n + 8))
		return ERR_NOMEM;
	if (!c->first)
		c->buf[c->len++] = '\t';
	c->first = false;
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
	int rc = 0;
	if (c->rows == 0)
		return 0;
	PGresult *r = PQexec(C(d), c->sql);
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		rc = fail_res(d, r);
		PQclear(r);
		return fail_err(d, rc, c->sql, e);
	}
	PQclear(r);
	for (size_t off = 0; off < c->row_start && rc == 0;) {
		size_t chunk = c->row_start - off > (1u << 20) ? (1u << 20) : c->row_start - off;
		if (PQputCopyData(C(d), c->buf + off, (int)chunk) != 1)
			rc = -1;
		off += chunk;
	}
	if (PQputCopyEnd(C(d), rc ? "chitieu: gửi dữ liệu thất bại" : NULL) != 1)
		rc = -1;
	while ((r = PQgetResult(C(d))) != NULL) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && rc >= 0)
			rc = fail_res(d, r);
		else if (PQresultStatus(r) == PGRES_COMMAND_OK)
			((pg_db *)d)->changes = (int64_t)c->rows;
		PQclear(r);
	}
	if (rc == -1) {
		db_int_fail(d, kind_of(C(d), NULL), PQerrorMessage(C(d)));
		rc = db_int_code(d->kind);
	}
	/* the rows are gone either way: sent, or refused with the transaction */
	memmove(c->buf, c->buf + c->row_start, c->len - c->row_start);
	c->len -= c->row_start;
	c->row_start = 0;
	c->rows = 0;
	return rc ? fail_err(d, rc, c->sql, e) : 0;
}

static int pg_copy_row(db_copy *b, err *e)
{
	pg_copy *c = (pg_copy *)b;
	if (c->failed || !copy_room(c, 1)) {
		c->len = c->row_start; /* the half-made row goes */
		c->first = true;
		c->failed = false;
		db_int_fail(b->d, DB_E_OTHER, "hết bộ nhớ");
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi ghi hàng loạt");
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
	c->failed = false;
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
	.ensure_connected = pg_ensure_connected,
	.notifications = pg_notifications,
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
		PQfinish(d->c);
		free(d);
		return ERR_IO;
	}
	PQsetNoticeProcessor(d->c, no_notice, NULL);
	*out = &d->base;
	return 0;
}
