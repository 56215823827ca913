/*
 * store_copy.c - copies a whole chitieu database into another, between any
 * two engines (SQLite file to PostgreSQL, back, or to the same engine):
 * `chitieu db copy`.
 *
 * The tables and their order (parents before children) are listed once in
 * TABLES; their columns are read from the databases themselves
 * (SELECT * ... LIMIT 0), so a column added by a later schema step is copied
 * without a change here, and each value is copied as the type it has (an
 * integer stays an integer, a blob a blob). A table of the source that is
 * neither in TABLES nor in SKIPPED stops the copy, so a new table cannot be
 * left behind unnoticed. Ids are kept; columns that point into their own
 * table (a unit's parent, a ratio indicator's numerator) are written NULL
 * and set once the whole table is in, so no row has to come before another.
 *
 * The source is read in one snapshot, in pages of its integer key; the
 * destination is written in one transaction, several rows per INSERT (one
 * round trip to a PostgreSQL server per batch, not per row). Before the
 * commit every table is read back from the destination and compared with
 * what was read from the source: the row count and a checksum, the sum of a
 * 64-bit hash of each row in a canonical form (integers in decimal, text
 * and blobs as their bytes with their length, NULL as a marker). The sum
 * does not depend on the order rows are read in, so it needs no ORDER BY
 * on text keys, which the two engines may collate differently.
 *
 * Not for: copying part of a database, merging two, or any rule of the
 * model (the rows are copied as they are, not re-checked).
 */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

#define COPY_MAX_COLS 64
#define COPY_NAME_MAX 64
#define COPY_MAX_KEY 4
#define COPY_PAGE 5000       /* rows read per query from a table with an integer key */
#define COPY_BATCH_PARAMS 900 /* parameters per multi-row INSERT (SQLite allows 32766, PostgreSQL 65535) */
#define COPY_BATCH_ROWS 200

/* One table to copy, in the order of TABLES. */
typedef struct copy_table {
	const char *name;
	/* its integer key, read in pages of `page` rows by it; none: read in one
	 * query (small tables whose key is text, or that have none) */
	const char *key[COPY_MAX_KEY];
	/* columns referencing the table itself (by its key "id"): set after the table is in */
	const char *self[COPY_MAX_KEY];
	int page;    /* rows per page; 0 = COPY_PAGE */
	bool seeded; /* the schema itself inserts its rows: not a sign of data in the destination */
} copy_table;

static const copy_table TABLES[] = {
	{"agency", {"id"}, {NULL}, 0, false},
	{"unit", {"id"}, {"parent_id"}, 0, false},
	{"unit_link", {"unit_id", "from_unit_id"}, {NULL}, 0, false},
	{"indicator", {"id"}, {"numerator_id", "denominator_id", "weight_id"}, 0, false},
	{"target", {"id"}, {NULL}, 0, false},
	{"target_audit", {"id"}, {NULL}, 0, false},
	{"value_year", {"unit_id", "year", "indicator_id"}, {NULL}, 0, false},
	{"value_audit", {"id"}, {NULL}, 0, false},
	{"value_rollup", {"unit_id", "year", "indicator_id"}, {NULL}, 0, false},
	{"rollup_state", {"id"}, {NULL}, 0, true},
	{"app_user", {"id"}, {NULL}, 0, false},
	{"user_scope", {NULL}, {NULL}, 0, false},
	{"api_token", {NULL}, {NULL}, 0, false},
	{"setting", {NULL}, {NULL}, 0, false},
	{"period_reopen", {"id"}, {NULL}, 0, false},
	{"report_template", {NULL}, {NULL}, 0, false},
	{"meeting", {"id"}, {NULL}, 0, false},
	{"meeting_unit", {"meeting_id", "unit_id"}, {NULL}, 0, false},
	{"meeting_indicator", {"meeting_id", "indicator_id"}, {NULL}, 0, false},
	{"task", {"id"}, {NULL}, 0, false},
	{"task_unit", {NULL}, {NULL}, 0, false},
	{"task_indicator", {"task_id", "indicator_id"}, {NULL}, 0, false},
	{"task_progress", {"id"}, {NULL}, 0, false},
	{"task_attachment", {"progress_id"}, {NULL}, 16, false}, /* files: few rows a page */
	{"task_event", {"id"}, {NULL}, 0, false},
};

#define N_TABLES ((int)(sizeof TABLES / sizeof TABLES[0]))

_Static_assert(sizeof TABLES / sizeof TABLES[0] <= STORE_COPY_MAX_TABLES,
	       "store_copy_stats holds every table");

/*
 * Tables not copied: who is logged in and the throttling of failed logins
 * (a copy starts with nobody logged in), and the destination's own
 * schema_version. With force, the first two are emptied in the destination
 * (a session of a user the copy replaces would point at someone else).
 */
static const char *const SKIPPED[] = {"session", "login_failure", "schema_version"};

/* One value read from a row. */
typedef struct cell {
	db_type t;
	int64_t i;
	double f;
	size_t off, n; /* text or blob: n bytes at data + off of the row buffer */
} cell;

/* Rows read, kept until written (a batch) or hashed. */
typedef struct rowbuf {
	cell *c;   /* rows x ncols */
	buf data;  /* the bytes of text and blob values */
	int ncols, rows, cap;
} rowbuf;

/* What is known of one table during the copy. */
typedef struct tinfo {
	int ncols;
	char col[COPY_MAX_COLS][COPY_NAME_MAX];
	int nkey, key_idx[COPY_MAX_KEY];  /* positions of the key columns */
	int nself, self_idx[COPY_MAX_KEY]; /* positions of the self references */
	bool self_col[COPY_MAX_COLS];
	int id_idx;  /* position of "id", -1 when none */
	int64_t src_rows, dst_rows;
	uint64_t src_sum, dst_sum;
} tinfo;

/* The state of one run. */
typedef struct copy_ctx {
	store *src, *dst;
	void (*progress)(void *ctx, long done, long total);
	void *pctx;
	long done, total;
	/* the table being copied */
	const copy_table *t;
	tinfo *ti;
	rowbuf batch;   /* rows waiting for their INSERT */
	int batch_rows; /* rows per full INSERT */
	db_stmt *ins;   /* the INSERT of a full batch */
	cell *fix;      /* rows with self references: id then the self columns, per row */
	size_t n_fix, cap_fix;
	rowbuf one;     /* one row, for hashing the destination */
} copy_ctx;

/* ---- rows and their checksum ------------------------------------------- */

static void rowbuf_init(rowbuf *rb)
{
	memset(rb, 0, sizeof *rb);
	buf_init(&rb->data, 0);
}

static void rowbuf_free(rowbuf *rb)
{
	free(rb->c);
	buf_free(&rb->data);
	memset(rb, 0, sizeof *rb);
}

/* Makes rb empty, for rows of ncols columns, room for cap rows. */
static int rowbuf_setup(rowbuf *rb, int ncols, int cap, err *e)
{
	free(rb->c);
	rb->c = calloc((size_t)ncols * (size_t)cap, sizeof *rb->c);
	if (!rb->c)
		return err_set(e, ERR_NOMEM, "hết bộ nhớ khi chép dữ liệu");
	rb->ncols = ncols;
	rb->cap = cap;
	rb->rows = 0;
	buf_reset(&rb->data);
	return 0;
}

static void rowbuf_clear(rowbuf *rb)
{
	rb->rows = 0;
	buf_reset(&rb->data);
}

/* Reads the current row of st into the next row of rb (room for it checked by the caller). */
static int rowbuf_read(rowbuf *rb, db_stmt *st, const char *table, err *e)
{
	cell *row = rb->c + (size_t)rb->rows * (size_t)rb->ncols;
	for (int c = 0; c < rb->ncols; c++) {
		cell *x = &row[c];
		const void *p = NULL;
		memset(x, 0, sizeof *x);
		x->t = db_col_type(st, c);
		switch (x->t) {
		case DB_T_INT:
			x->i = db_col_int(st, c);
			break;
		case DB_T_FLOAT:
			x->f = db_col_double(st, c);
			break;
		case DB_T_TEXT:
			p = db_col_text(st, c); /* before db_col_bytes: its length in UTF-8 */
			x->n = db_col_bytes(st, c);
			break;
		case DB_T_BLOB:
			p = db_col_blob(st, c);
			x->n = db_col_bytes(st, c);
			break;
		default:
			x->t = DB_T_NULL;
			break;
		}
		x->off = rb->data.len;
		if (x->n && (!p || buf_append(&rb->data, p, x->n) != 0))
			return err_set(e, ERR_NOMEM, "hết bộ nhớ khi đọc một dòng của bảng %s", table);
	}
	rb->rows++;
	return 0;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

/* The final mix of a row's hash (MurmurHash3's), so that sums of similar rows spread. */
static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

/*
 * The hash of row r of rb in its canonical form: per column a tag and the
 * value, "N" for NULL, "I<decimal>;", "F<%.17g>;", "T<length>:<bytes>",
 * "B<length>:<bytes>". The same on both engines for the same values.
 */
static uint64_t row_hash(const rowbuf *rb, int r)
{
	const cell *row = rb->c + (size_t)r * (size_t)rb->ncols;
	uint64_t h = 14695981039346656037ULL;
	char num[48];
	int len;
	for (int c = 0; c < rb->ncols; c++) {
		const cell *x = &row[c];
		switch (x->t) {
		case DB_T_INT:
			len = snprintf(num, sizeof num, "I%lld;", (long long)x->i);
			h = fnv(h, num, (size_t)len);
			break;
		case DB_T_FLOAT:
			len = snprintf(num, sizeof num, "F%.17g;", x->f);
			h = fnv(h, num, (size_t)len);
			break;
		case DB_T_TEXT:
		case DB_T_BLOB:
			len = snprintf(num, sizeof num, "%c%zu:", x->t == DB_T_TEXT ? 'T' : 'B', x->n);
			h = fnv(h, num, (size_t)len);
			h = fnv(h, rb->data.data + x->off, x->n);
			break;
		default:
			h = fnv(h, "N", 1);
			break;
		}
	}
	return mix(h);
}

/* Binds value x as parameter i of st. */
static int bind_cell(db_stmt *st, int i, const rowbuf *rb, const cell *x)
{
	switch (x->t) {
	case DB_T_INT:
		return db_bind_int(st, i, x->i);
	case DB_T_FLOAT:
		return db_bind_double(st, i, x->f);
	case DB_T_TEXT:
		return db_bind_textn(st, i, x->n ? rb->data.data + x->off : "", x->n);
	case DB_T_BLOB:
		return db_bind_blob(st, i, x->n ? rb->data.data + x->off : NULL, x->n);
	default:
		return db_bind_null(st, i);
	}
}

static void tick(copy_ctx *k)
{
	k->done++;
	if (k->progress)
		k->progress(k->pctx, k->done, k->total);
}

/* ---- reading a table --------------------------------------------------- */

/* Appends the table's column list ("a", "b", ...) to b. */
static int put_cols(buf *b, const tinfo *ti)
{
	int rc = 0;
	for (int c = 0; c < ti->ncols && rc == 0; c++)
		rc = buf_printf(b, "%s\"%s\"", c ? ", " : "", ti->col[c]);
	return rc;
}

/* Appends the key columns, comma-separated, to b. */
static int put_key(buf *b, const copy_table *t, int nkey)
{
	int rc = 0;
	for (int j = 0; j < nkey && rc == 0; j++)
		rc = buf_printf(b, "%s\"%s\"", j ? ", " : "", t->key[j]);
	return rc;
}

typedef int (*row_fn)(copy_ctx *k, db_stmt *st, err *e);

/*
 * Reads every row of table t from s, calling fn for each: in pages of its
 * integer key (WHERE (key) > (last key) ORDER BY key LIMIT page), or in one
 * query when it has none. side names s in messages ("nguồn", "đích").
 */
static int scan(copy_ctx *k, store *s, const char *side, row_fn fn, err *e)
{
	const copy_table *t = k->t;
	const tinfo *ti = k->ti;
	db_stmt *first = NULL, *next = NULL;
	int64_t last[COPY_MAX_KEY] = {0};
	int page = t->page ? t->page : COPY_PAGE;
	bool have_last = false, more = true;
	buf sql, where, order, q;
	int rc;

	/* SELECT cols FROM t [WHERE (key) > (?1, ...)] [ORDER BY key LIMIT page] */
	buf_init(&sql, 0);
	buf_init(&where, 0);
	buf_init(&order, 0);
	buf_init(&q, 0);
	rc = buf_puts(&sql, "SELECT ");
	if (!rc)
		rc = put_cols(&sql, ti);
	if (!rc)
		rc = buf_printf(&sql, " FROM %s", t->name);
	if (!rc && ti->nkey) {
		rc = buf_puts(&order, " ORDER BY ");
		if (!rc)
			rc = put_key(&order, t, ti->nkey);
		if (!rc)
			rc = buf_printf(&order, " LIMIT %d", page);
		if (!rc)
			rc = buf_puts(&where, " WHERE (");
		if (!rc)
			rc = put_key(&where, t, ti->nkey);
		if (!rc)
			rc = buf_puts(&where, ") > (");
		for (int j = 0; j < ti->nkey && !rc; j++)
			rc = buf_printf(&where, "%s?%d", j ? ", " : "", j + 1);
		if (!rc)
			rc = buf_putc(&where, ')');
	}
	if (rc) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi chép bảng %s", t->name);
		goto done;
	}
	/* the first page, then the next ones after the last key read */
	if ((rc = buf_printf(&q, "%s%s", buf_cstr(&sql), buf_cstr(&order))) != 0 ||
	    (rc = store_int_prepare(s, buf_cstr(&q), &first, e)) != 0)
		goto fail_sql;
	buf_reset(&q);
	if (ti->nkey &&
	    ((rc = buf_printf(&q, "%s%s%s", buf_cstr(&sql), buf_cstr(&where), buf_cstr(&order))) != 0 ||
	     (rc = store_int_prepare(s, buf_cstr(&q), &next, e)) != 0))
		goto fail_sql;

	while (more) {
		db_stmt *st = have_last ? next : first;
		int got = 0;
		db_reset(st);
		for (int j = 0; have_last && j < ti->nkey; j++)
			db_bind_int(st, j + 1, last[j]);
		while ((rc = db_step(st)) == DB_ROW) {
			got++;
			for (int j = 0; j < ti->nkey; j++) {
				if (db_col_type(st, ti->key_idx[j]) != DB_T_INT) {
					rc = err_set(e, ERR_DB, "bảng %s ở %s: cột khóa %s không phải số nguyên",
						     t->name, side, t->key[j]);
					goto done;
				}
				last[j] = db_col_int(st, ti->key_idx[j]);
			}
			if ((rc = fn(k, st, e)) != 0)
				goto done;
		}
		if (rc != DB_DONE) {
			char what[160];
			snprintf(what, sizeof what, "lỗi CSDL khi đọc bảng %s ở %s", t->name, side);
			rc = store_int_dberr(s, e, what);
			goto done;
		}
		rc = 0;
		db_reset(st);
		have_last = true;
		more = ti->nkey > 0 && got == page;
	}
	goto done;
fail_sql:
	if (rc != ERR_DB && rc != ERR_CONFLICT)
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi chép bảng %s", t->name);
	err_prefix(e, "bảng %s ở %s: ", t->name, side);
done:
	db_finalize(first);
	db_finalize(next);
	buf_free(&sql);
	buf_free(&where);
	buf_free(&order);
	buf_free(&q);
	return rc;
}

/* ---- writing a table --------------------------------------------------- */

/* Prepares INSERT INTO t (cols) VALUES (?1, ...), ... for n rows. */
static int prepare_insert(copy_ctx *k, int n, db_stmt **out, err *e)
{
	buf sql;
	int rc, p = 1;
	buf_init(&sql, 0);
	rc = buf_printf(&sql, "INSERT INTO %s (", k->t->name);
	if (!rc)
		rc = put_cols(&sql, k->ti);
	if (!rc)
		rc = buf_puts(&sql, ") VALUES ");
	for (int r = 0; r < n && !rc; r++) {
		rc = buf_puts(&sql, r ? ", (" : "(");
		for (int c = 0; c < k->ti->ncols && !rc; c++)
			rc = buf_printf(&sql, "%s?%d", c ? ", " : "", p++);
		if (!rc)
			rc = buf_putc(&sql, ')');
	}
	if (rc)
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi chép bảng %s", k->t->name);
	else
		rc = store_int_prepare(k->dst, buf_cstr(&sql), out, e);
	buf_free(&sql);
	return rc;
}

/* Writes the rows of the batch with one INSERT (self references as NULL). */
static int flush(copy_ctx *k, err *e)
{
	rowbuf *rb = &k->batch;
	db_stmt *st = NULL;
	int rc = 0, p = 1;
	if (rb->rows == 0)
		return 0;
	if (rb->rows == k->batch_rows) {
		if (!k->ins && (rc = prepare_insert(k, k->batch_rows, &k->ins, e)) != 0)
			return rc;
		st = k->ins;
		db_reset(st);
	} else if ((rc = prepare_insert(k, rb->rows, &st, e)) != 0) {
		return rc;
	}
	for (int r = 0; r < rb->rows && !rc; r++)
		for (int c = 0; c < rb->ncols && !rc; c++, p++) {
			const cell *x = &rb->c[(size_t)r * (size_t)rb->ncols + (size_t)c];
			rc = k->ti->self_col[c] ? db_bind_null(st, p) : bind_cell(st, p, rb, x);
		}
	if (!rc && db_step(st) != DB_DONE)
		rc = ERR_DB;
	if (rc) {
		char what[160];
		snprintf(what, sizeof what, "không ghi được vào bảng %s ở đích", k->t->name);
		rc = store_int_dberr(k->dst, e, what);
	}
	if (st == k->ins)
		db_reset(st);
	else
		db_finalize(st);
	rowbuf_clear(rb);
	return rc;
}

/* Keeps the id and self references of row r of the batch when any is set. */
static int keep_fix(copy_ctx *k, int r, err *e)
{
	const tinfo *ti = k->ti;
	const cell *row = k->batch.c + (size_t)r * (size_t)k->batch.ncols;
	bool any = false;
	for (int j = 0; j < ti->nself; j++)
		if (row[ti->self_idx[j]].t != DB_T_NULL) {
			if (row[ti->self_idx[j]].t != DB_T_INT)
				return err_set(e, ERR_DB, "bảng %s ở nguồn: cột %s không phải số nguyên",
					       k->t->name, ti->col[ti->self_idx[j]]);
			any = true;
		}
	if (!any)
		return 0;
	size_t per = 1 + (size_t)ti->nself;
	if (k->n_fix == k->cap_fix) {
		size_t nc = k->cap_fix ? k->cap_fix * 2 : 64;
		cell *nf = realloc(k->fix, nc * per * sizeof *nf);
		if (!nf)
			return err_set(e, ERR_NOMEM, "hết bộ nhớ khi chép bảng %s", k->t->name);
		k->fix = nf;
		k->cap_fix = nc;
	}
	cell *f = k->fix + k->n_fix * per;
	f[0] = row[ti->id_idx];
	for (int j = 0; j < ti->nself; j++)
		f[1 + j] = row[ti->self_idx[j]];
	k->n_fix++;
	return 0;
}

/* A row of the source: hashed, kept in the batch, the batch written when full. */
static int copy_row(copy_ctx *k, db_stmt *st, err *e)
{
	int rc = rowbuf_read(&k->batch, st, k->t->name, e);
	if (rc)
		return rc;
	int r = k->batch.rows - 1;
	k->ti->src_rows++;
	k->ti->src_sum += row_hash(&k->batch, r);
	if (k->ti->nself && (rc = keep_fix(k, r, e)) != 0)
		return rc;
	tick(k);
	return k->batch.rows == k->batch_rows ? flush(k, e) : 0;
}

/* Sets the self references kept by keep_fix: UPDATE t SET a = ?2, ... WHERE id = ?1. */
static int apply_fix(copy_ctx *k, err *e)
{
	const tinfo *ti = k->ti;
	db_stmt *st = NULL;
	buf sql;
	int rc;
	size_t per = 1 + (size_t)ti->nself;
	if (k->n_fix == 0)
		return 0;
	buf_init(&sql, 0);
	rc = buf_printf(&sql, "UPDATE %s SET ", k->t->name);
	for (int j = 0; j < ti->nself && !rc; j++)
		rc = buf_printf(&sql, "%s\"%s\" = ?%d", j ? ", " : "", ti->col[ti->self_idx[j]], j + 2);
	if (!rc)
		rc = buf_puts(&sql, " WHERE \"id\" = ?1");
	if (rc)
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi chép bảng %s", k->t->name);
	else
		rc = store_int_prepare(k->dst, buf_cstr(&sql), &st, e);
	buf_free(&sql);
	for (size_t i = 0; i < k->n_fix && !rc; i++) {
		const cell *f = k->fix + i * per;
		db_reset(st);
		for (size_t j = 0; j < per && !rc; j++)
			rc = bind_cell(st, (int)j + 1, &k->batch, &f[j]);
		if (!rc && db_step(st) != DB_DONE)
			rc = ERR_DB;
		if (rc) {
			char what[160];
			snprintf(what, sizeof what, "không ghi được liên kết trong bảng %s ở đích",
				 k->t->name);
			rc = store_int_dberr(k->dst, e, what);
		}
	}
	db_finalize(st);
	return rc;
}

/* Copies table k->t from the source into the destination. */
static int copy_table_rows(copy_ctx *k, err *e)
{
	int ncols = k->ti->ncols;
	int rows = COPY_BATCH_PARAMS / ncols;
	if (rows < 1)
		rows = 1;
	if (rows > COPY_BATCH_ROWS)
		rows = COPY_BATCH_ROWS;
	k->batch_rows = rows;
	k->n_fix = 0;
	int rc = rowbuf_setup(&k->batch, ncols, rows, e);
	if (!rc)
		rc = scan(k, k->src, "nguồn", copy_row, e);
	if (!rc)
		rc = flush(k, e);
	if (!rc)
		rc = apply_fix(k, e);
	db_finalize(k->ins);
	k->ins = NULL;
	return rc;
}

/* A row of the destination, read back: counted and hashed. */
static int check_row(copy_ctx *k, db_stmt *st, err *e)
{
	rowbuf_clear(&k->one);
	int rc = rowbuf_read(&k->one, st, k->t->name, e);
	if (rc)
		return rc;
	k->ti->dst_rows++;
	k->ti->dst_sum += row_hash(&k->one, 0);
	tick(k);
	return 0;
}

/* ---- the checks before the copy ---------------------------------------- */

static bool known_table(const char *name)
{
	for (int i = 0; i < N_TABLES; i++)
		if (!strcmp(TABLES[i].name, name))
			return true;
	for (size_t i = 0; i < sizeof SKIPPED / sizeof SKIPPED[0]; i++)
		if (!strcmp(SKIPPED[i], name))
			return true;
	return false;
}

/* Refuses a source holding a table neither copied nor skipped on purpose. */
static int check_tables(store *src, err *e)
{
	const char *sql = db_engine_of(src->db) == DB_POSTGRES
				  ? "SELECT table_name FROM information_schema.tables"
				    " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
				  : "SELECT name FROM sqlite_master WHERE type = 'table'";
	db_stmt *st = NULL;
	int rc = store_int_prepare(src, sql, &st, e);
	if (rc)
		return rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *name = db_col_text(st, 0);
		if (!name || !strncmp(name, "sqlite_", 7) || known_table(name))
			continue;
		rc = err_set(e, ERR_CONFLICT,
			     "nguồn có bảng \"%s\" mà bản chitieu này không biết chép; dùng bản chitieu "
			     "mới hơn (không chép thiếu một bảng)",
			     name);
		db_finalize(st);
		return rc;
	}
	if (rc != DB_DONE)
		rc = store_int_dberr(src, e, "lỗi CSDL khi đọc danh sách bảng của nguồn");
	else
		rc = 0;
	db_finalize(st);
	return rc;
}

/* True when name is a plain lower-case SQL name (safe to quote and put in SQL). */
static bool plain_name(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n >= COPY_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
		      name[i] == '_'))
			return false;
	return true;
}

/* Reads the column names of table t on s into names (at most COPY_MAX_COLS). */
static int read_cols(store *s, const char *side, const char *table,
		     char names[COPY_MAX_COLS][COPY_NAME_MAX], int *n, err *e)
{
	char sql[128];
	db_stmt *st = NULL;
	int rc;
	snprintf(sql, sizeof sql, "SELECT * FROM %s LIMIT 0", table);
	if ((rc = store_int_prepare(s, sql, &st, e)) != 0)
		return err_prefix(e, "bảng %s ở %s: ", table, side);
	if (db_step(st) != DB_DONE) { /* PostgreSQL tells the columns once it has run */
		char what[160];
		snprintf(what, sizeof what, "không đọc được các cột của bảng %s ở %s", table, side);
		rc = store_int_dberr(s, e, what);
		goto done;
	}
	*n = db_col_count(st);
	if (*n < 1 || *n > COPY_MAX_COLS) {
		rc = err_set(e, ERR_DB, "bảng %s ở %s có %d cột (tối đa %d)", table, side, *n,
			     COPY_MAX_COLS);
		goto done;
	}
	for (int c = 0; c < *n; c++) {
		const char *name = db_col_name(st, c);
		if (!plain_name(name)) {
			rc = err_set(e, ERR_CONFLICT, "bảng %s ở %s có cột tên \"%s\" không chép được",
				     table, side, name ? name : "?");
			goto done;
		}
		snprintf(names[c], COPY_NAME_MAX, "%s", name);
	}
done:
	db_finalize(st);
	return rc;
}

static int find_col(const tinfo *ti, const char *name)
{
	for (int c = 0; c < ti->ncols; c++)
		if (!strcmp(ti->col[c], name))
			return c;
	return -1;
}

/* Fills ti for table t: the source's columns, the same set required at the destination. */
static int table_info(store *src, store *dst, const copy_table *t, tinfo *ti, err *e)
{
	char other[COPY_MAX_COLS][COPY_NAME_MAX];
	int n_other = 0, rc;
	memset(ti, 0, sizeof *ti);
	if ((rc = read_cols(src, "nguồn", t->name, ti->col, &ti->ncols, e)) != 0 ||
	    (rc = read_cols(dst, "đích", t->name, other, &n_other, e)) != 0)
		return rc;
	for (int c = 0; c < n_other; c++)
		if (find_col(ti, other[c]) < 0)
			return err_set(e, ERR_CONFLICT, "bảng %s: cột %s có ở đích nhưng không có ở nguồn",
				       t->name, other[c]);
	if (n_other != ti->ncols)
		return err_set(e, ERR_CONFLICT, "bảng %s: nguồn có %d cột, đích có %d cột", t->name,
			       ti->ncols, n_other);
	ti->id_idx = find_col(ti, "id");
	for (int j = 0; j < COPY_MAX_KEY && t->key[j]; j++) {
		if ((ti->key_idx[j] = find_col(ti, t->key[j])) < 0)
			return err_set(e, ERR_CONFLICT, "bảng %s ở nguồn thiếu cột khóa %s", t->name,
				       t->key[j]);
		ti->nkey++;
	}
	for (int j = 0; j < COPY_MAX_KEY && t->self[j]; j++) {
		if ((ti->self_idx[j] = find_col(ti, t->self[j])) < 0 || ti->id_idx < 0)
			return err_set(e, ERR_CONFLICT, "bảng %s ở nguồn thiếu cột %s", t->name,
				       ti->id_idx < 0 ? "id" : t->self[j]);
		ti->self_col[ti->self_idx[j]] = true;
		ti->nself++;
	}
	return 0;
}

/* Runs a query of one integer (a count) on s into *out. */
static int query_int(store *s, const char *sql, const char *what, int64_t *out, bool *any, err *e)
{
	db_stmt *st = NULL;
	int rc = store_int_prepare(s, sql, &st, e);
	if (rc)
		return rc;
	rc = db_step(st);
	if (rc == DB_ROW || rc == DB_DONE) {
		if (any)
			*any = rc == DB_ROW;
		if (out)
			*out = rc == DB_ROW ? db_col_int(st, 0) : 0;
		rc = 0;
	} else {
		rc = store_int_dberr(s, e, what);
	}
	db_finalize(st);
	return rc;
}

/* ---- the run ------------------------------------------------------------ */

/* Empties the destination: its sessions first when forced, then the tables, children first. */
static int empty_dst(store *dst, bool force, err *e)
{
	char sql[96];
	int rc = 0;
	for (size_t i = 0; force && i < 2 && !rc; i++) { /* session, login_failure */
		snprintf(sql, sizeof sql, "DELETE FROM %s", SKIPPED[i]);
		rc = db_exec(dst->db, sql, e);
	}
	for (int i = N_TABLES - 1; i >= 0 && !rc; i--) {
		snprintf(sql, sizeof sql, "DELETE FROM %s", TABLES[i].name);
		rc = db_exec(dst->db, sql, e);
	}
	return rc ? err_prefix(e, "không xóa được dữ liệu cũ ở đích: ") : 0;
}

/* Refuses a destination that holds data (the rows the schema itself writes aside). */
static int check_empty(store *dst, err *e)
{
	char sql[96];
	for (int i = 0; i < N_TABLES; i++) {
		bool any = false;
		int rc;
		if (TABLES[i].seeded)
			continue;
		snprintf(sql, sizeof sql, "SELECT 1 FROM %s LIMIT 1", TABLES[i].name);
		if ((rc = query_int(dst, sql, "lỗi CSDL khi xem đích có dữ liệu chưa", NULL, &any, e)) != 0)
			return rc;
		if (any)
			return err_set(e, ERR_CONFLICT,
				       "CSDL đích %s đã có dữ liệu (bảng %s): thêm --force để xóa hết dữ "
				       "liệu ở đích rồi chép, hoặc chọn một đích mới",
				       db_target(dst->db), TABLES[i].name);
	}
	return 0;
}

/* PostgreSQL: moves each identity sequence past the ids copied in. */
static int reset_sequences(store *dst, const tinfo *info, err *e)
{
	char sql[200];
	for (int i = 0; i < N_TABLES; i++) {
		if (info[i].id_idx < 0)
			continue;
		/* a table whose id is no identity (rollup_state) has no sequence: setval(NULL) is NULL */
		snprintf(sql, sizeof sql,
			 "SELECT setval(pg_get_serial_sequence('%s', 'id'), COALESCE(MAX(id), 0) + 1, false)"
			 " FROM %s",
			 TABLES[i].name, TABLES[i].name);
		int rc = db_exec(dst->db, sql, e);
		if (rc)
			return err_prefix(e, "bảng %s: không đặt lại được bộ đếm id: ", TABLES[i].name);
	}
	return 0;
}

static int versions_match(store *src, store *dst, err *e)
{
	int vs = 0, vd = 0, rc;
	if ((rc = store_schema_version(src, &vs, e)) != 0)
		return err_prefix(e, "nguồn: ");
	if ((rc = store_schema_version(dst, &vd, e)) != 0)
		return err_prefix(e, "đích: ");
	if (vs != vd)
		return err_set(e, ERR_CONFLICT,
			       "hai CSDL khác phiên bản lược đồ: nguồn %s ở phiên bản %d, đích %s ở "
			       "phiên bản %d; không chép",
			       db_target(src->db), vs, db_target(dst->db), vd);
	return 0;
}

int store_copy_run(store *src, store *dst, bool force,
		   void (*progress)(void *ctx, long done, long total), void *ctx,
		   store_copy_stats *out, err *e)
{
	copy_ctx k;
	tinfo *info = NULL;
	bool reading = false, writing = false;
	int rc;

	memset(&k, 0, sizeof k);
	k.src = src;
	k.dst = dst;
	k.progress = progress;
	k.pctx = ctx;
	rowbuf_init(&k.batch);
	rowbuf_init(&k.one);
	if (out)
		memset(out, 0, sizeof *out);
	if (src->depth > 0 || dst->depth > 0) {
		rc = err_set(e, ERR_CONFLICT, "không chép khi đang có giao dịch mở");
		goto done;
	}
	if ((rc = versions_match(src, dst, e)) != 0)
		goto done;
	if (!(info = calloc(N_TABLES, sizeof *info))) {
		rc = err_set(e, ERR_NOMEM, "hết bộ nhớ khi chép dữ liệu");
		goto done;
	}

	/* the source: one snapshot from here to the end */
	if ((rc = store_read_begin(src, e)) != 0)
		goto done;
	reading = true;
	if ((rc = check_tables(src, e)) != 0)
		goto done;
	for (int i = 0; i < N_TABLES; i++) {
		char sql[96];
		int64_t n = 0;
		if ((rc = table_info(src, dst, &TABLES[i], &info[i], e)) != 0)
			goto done;
		snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", TABLES[i].name);
		if ((rc = query_int(src, sql, "lỗi CSDL khi đếm dòng ở nguồn", &n, NULL, e)) != 0)
			goto done;
		k.total += (long)n * 2; /* copied, then read back */
	}

	/* the destination: one transaction */
	if ((rc = store_begin(dst, e)) != 0)
		goto done;
	writing = true;
	if (!force && (rc = check_empty(dst, e)) != 0)
		goto done;
	if ((rc = empty_dst(dst, force, e)) != 0)
		goto done;
	for (int i = 0; i < N_TABLES; i++) {
		k.t = &TABLES[i];
		k.ti = &info[i];
		if ((rc = rowbuf_setup(&k.one, info[i].ncols, 1, e)) != 0 ||
		    (rc = copy_table_rows(&k, e)) != 0)
			goto done;
	}
	if (db_engine_of(dst->db) == DB_POSTGRES && (rc = reset_sequences(dst, info, e)) != 0)
		goto done;

	/* read everything back before the commit */
	for (int i = 0; i < N_TABLES; i++) {
		tinfo *ti = &info[i];
		k.t = &TABLES[i];
		k.ti = ti;
		if ((rc = rowbuf_setup(&k.one, ti->ncols, 1, e)) != 0 ||
		    (rc = scan(&k, dst, "đích", check_row, e)) != 0)
			goto done;
		if (ti->src_rows != ti->dst_rows) {
			rc = err_set(e, ERR_DB,
				     "kiểm tra sau khi chép: bảng %s có %lld dòng ở nguồn nhưng %lld dòng ở "
				     "đích; đã hủy, đích không đổi",
				     TABLES[i].name, (long long)ti->src_rows, (long long)ti->dst_rows);
			goto done;
		}
		if (ti->src_sum != ti->dst_sum) {
			rc = err_set(e, ERR_DB,
				     "kiểm tra sau khi chép: bảng %s khác tổng kiểm tra (nguồn %016llx, "
				     "đích %016llx, cùng %lld dòng); đã hủy, đích không đổi",
				     TABLES[i].name, (unsigned long long)ti->src_sum,
				     (unsigned long long)ti->dst_sum, (long long)ti->src_rows);
			goto done;
		}
	}
	writing = false;
	if ((rc = store_commit(dst, e)) != 0) {
		err_prefix(e, "không ghi xong (commit) ở đích: ");
		goto done;
	}
	if (out) {
		for (int i = 0; i < N_TABLES; i++) {
			out->tables[i].table = TABLES[i].name;
			out->tables[i].rows = info[i].src_rows;
			out->rows += info[i].src_rows;
		}
		out->n_tables = N_TABLES;
	}
done:
	if (writing)
		store_rollback(dst);
	if (reading)
		store_read_end(src);
	db_finalize(k.ins);
	free(k.fix);
	rowbuf_free(&k.batch);
	rowbuf_free(&k.one);
	free(info);
	return rc;
}
