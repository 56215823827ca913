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
 * neither in TABLES nor skipped on purpose stops the copy, so a new table
 * cannot be left behind unnoticed. Ids are kept. Rows go in id order, so a
 * column that points into its own table (a unit's parent, a ratio
 * indicator's numerator) at a higher id names a row not yet written: that
 * row is written with those columns NULL and they are set once the whole
 * table is in.
 *
 * The source is read in one snapshot, in pages of its integer key; the
 * destination is written in one transaction, several rows per INSERT (one
 * round trip to a PostgreSQL server per batch, not per row; a batch is cut
 * short when its text and blobs pass a few megabytes, so attachments never
 * pile up in memory). Before the commit every table is read back from the
 * destination and compared with what was read from the source: the row
 * count and a checksum, the sum of a 64-bit hash of each row in a canonical
 * form (per value a type tag, integers as 8 bytes, text and blobs as their
 * length and bytes). The sum does not depend on the order rows are read in,
 * so it needs no ORDER BY on text keys, which the two engines may collate
 * differently.
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
#define COPY_BATCH_PARAMS 900 /* parameters per multi-row INSERT (old SQLite builds allow 999) */
#define COPY_BATCH_ROWS 200
#define COPY_BATCH_BYTES ((size_t)8 << 20) /* text and blob bytes that end a batch early */

/* One table to copy, in the order of TABLES. */
typedef struct copy_table {
	const char *name;
	/* its integer key, read in pages of `page` rows by it; none: read in one
	 * query (small tables whose key is text, or that have none) */
	const char *key[COPY_MAX_KEY];
	/* columns referencing the table itself by its key, which must be "id" */
	const char *self[COPY_MAX_KEY];
	int page;    /* rows per page; 0 = COPY_PAGE */
	bool seeded; /* the schema itself inserts its rows: not a sign of data in the destination */
} copy_table;

/* unit comes before rollup_state: setting a unit's parent fires the trigger
 * that marks roll-ups stale, on a rollup_state still empty at that time */
static const copy_table TABLES[] = {
	{"agency", {"id"}, {NULL}, 0, false},
	{"unit", {"id"}, {"parent_id"}, 0, false},
	{"unit_link", {"unit_id", "from_unit_id"}, {NULL}, 0, false},
	{"indicator", {"id"}, {"numerator_id", "denominator_id", "weight_id"}, 0, false},
	{"figure_source", {NULL}, {NULL}, 0, false},
	{"target", {"id"}, {NULL}, 0, false},
	{"target_audit", {"id"}, {NULL}, 0, false},
	{"value_year", {"unit_id", "year", "indicator_id"}, {NULL}, 0, false},
	{"value_audit", {"id"}, {NULL}, 0, false},
	{"value_comment", {"unit_id", "year", "indicator_id", "month"}, {NULL}, 0, false},
	{"validation_rule", {"id"}, {NULL}, 0, false},
	{"value_rollup", {"unit_id", "year", "indicator_id"}, {NULL}, 0, false},
	{"rollup_state", {"id"}, {NULL}, 0, true},
	{"app_user", {"id"}, {NULL}, 0, false},
	{"user_scope", {NULL}, {NULL}, 0, false},
	{"api_token", {NULL}, {NULL}, 0, false},
	{"notify_config", {NULL}, {NULL}, 0, false},
	{"notify_pref", {NULL}, {NULL}, 0, false},
	{"notice", {"id"}, {NULL}, 0, false},
	{"notice_delivery", {"id"}, {NULL}, 0, false},
	{"setting", {NULL}, {NULL}, 0, false},
	{"exchange_map", {NULL}, {NULL}, 0, false},
	{"value_followup", {"unit_id", "year", "indicator_id", "month"}, {NULL}, 0, false},
	{"period_reopen", {"id"}, {NULL}, 0, false},
	{"period_close", {"id"}, {NULL}, 0, false},
	{"approval", {NULL}, {NULL}, 0, false},
	{"approval_event", {"id"}, {NULL}, 0, false},
	{"report_template", {NULL}, {NULL}, 0, false},
	{"meeting", {"id"}, {NULL}, 0, false},
	{"meeting_unit", {"meeting_id", "unit_id"}, {NULL}, 0, false},
	{"meeting_indicator", {"meeting_id", "indicator_id"}, {NULL}, 0, false},
	{"task", {"id"}, {NULL}, 0, false},
	{"task_unit", {NULL}, {NULL}, 0, false},
	{"task_indicator", {"task_id", "indicator_id"}, {NULL}, 0, false},
	{"task_progress", {"id"}, {NULL}, 0, false},
	{"task_attachment", {"progress_id"}, {NULL}, 16, false}, /* files of up to 4 MB */
	{"task_event", {"id"}, {NULL}, 0, false},
};

#define N_TABLES ((int)(sizeof TABLES / sizeof TABLES[0]))

_Static_assert(sizeof TABLES / sizeof TABLES[0] <= STORE_COPY_MAX_TABLES,
	       "store_copy_stats holds every table");

/*
 * Not copied: who is logged in and the throttling of failed logins (a copy
 * starts with nobody logged in; with force they are emptied in the
 * destination, as a session of a user the copy replaces would point at
 * someone else), and the destination's own schema_version.
 */
static const char *const LOGINS[] = {"session", "login_failure"};
#define N_LOGINS ((int)(sizeof LOGINS / sizeof LOGINS[0]))

/* One value read from a row. */
typedef struct cell {
	db_type t;
	int64_t i;
	double f;
	size_t off, n; /* text or blob: n bytes at data + off of the row buffer */
} cell;

/* Rows read, kept until written (a batch) or hashed. */
typedef struct rowbuf {
	cell *c;   /* cap rows of ncols cells */
	buf data;  /* the bytes of text and blob values */
	int ncols, rows, cap;
} rowbuf;

/* What is known of one table during the copy. */
typedef struct tinfo {
	int ncols;
	char col[COPY_MAX_COLS][COPY_NAME_MAX];
	int nkey, key_idx[COPY_MAX_KEY];   /* positions of the key columns */
	int nself, self_idx[COPY_MAX_KEY]; /* positions of the self references */
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
	rowbuf batch; /* rows waiting for their INSERT; while checking, the row read back */
	db_stmt *ins; /* the INSERT of a full batch */
	cell *fix;    /* rows whose self references wait: id, then the self columns */
	size_t n_fix, cap_fix;
} copy_ctx;

static int nomem(const copy_ctx *k, err *e)
{
	return err_set(e, ERR_NOMEM, "hết bộ nhớ khi chép bảng %s", k->t->name);
}

/* ---- rows and their checksum ------------------------------------------- */

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

static cell *rowbuf_row(const rowbuf *rb, int r)
{
	return rb->c + (size_t)r * (size_t)rb->ncols;
}

/* Reads the current row of st into the next row of rb (room for it checked by the caller). */
static int rowbuf_read(rowbuf *rb, db_stmt *st, const char *table, err *e)
{
	cell *row = rowbuf_row(rb, rb->rows);
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

/* Adds a tag and a 64-bit number, least significant byte first on any machine. */
static uint64_t fnv_word(uint64_t h, char tag, uint64_t v)
{
	unsigned char b[9];
	b[0] = (unsigned char)tag;
	for (int i = 0; i < 8; i++)
		b[1 + i] = (unsigned char)(v >> (8 * i));
	return fnv(h, b, sizeof b);
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
 * The hash of row r of rb in its canonical form, per column: 'N' for NULL,
 * 'I' and the integer's 8 bytes, 'F' and the double's, 'T' or 'B' and the
 * length, then the bytes of a text or blob. The same on both engines for the
 * same values.
 */
static uint64_t row_hash(const rowbuf *rb, int r)
{
	const cell *row = rowbuf_row(rb, r);
	uint64_t h = 14695981039346656037ULL, bits;
	for (int c = 0; c < rb->ncols; c++) {
		const cell *x = &row[c];
		switch (x->t) {
		case DB_T_INT:
			h = fnv_word(h, 'I', (uint64_t)x->i);
			break;
		case DB_T_FLOAT:
			memcpy(&bits, &x->f, sizeof bits);
			h = fnv_word(h, 'F', bits);
			break;
		case DB_T_TEXT:
		case DB_T_BLOB:
			h = fnv_word(h, x->t == DB_T_TEXT ? 'T' : 'B', x->n);
			if (x->n)
				h = fnv(h, rb->data.data + x->off, x->n);
			break;
		default:
			h = fnv(h, "N", 1);
			break;
		}
	}
	return mix(h);
}

/* Binds value x (its bytes in rb) as parameter i of st. */
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

/* Appends column names, quoted and comma-separated: those at idx[0..n), or the first n
 * when idx is NULL. */
static int put_names(buf *b, const tinfo *ti, const int *idx, int n)
{
	int rc = 0;
	for (int j = 0; j < n && rc == 0; j++)
		rc = buf_printf(b, "%s\"%s\"", j ? ", " : "", ti->col[idx ? idx[j] : j]);
	return rc;
}

/*
 * Appends SELECT cols FROM t [WHERE (key) > (?1, ...)] [ORDER BY key LIMIT page]:
 * the first page of a table, or (after) the page after a key. 0 or a buf error.
 */
static int select_sql(buf *b, const copy_ctx *k, int page, bool after)
{
	const tinfo *ti = k->ti;
	int rc = buf_puts(b, "SELECT ");
	if (!rc)
		rc = put_names(b, ti, NULL, ti->ncols);
	if (!rc)
		rc = buf_printf(b, " FROM %s", k->t->name);
	if (!rc && ti->nkey && after) {
		rc = buf_puts(b, " WHERE (");
		if (!rc)
			rc = put_names(b, ti, ti->key_idx, ti->nkey);
		if (!rc)
			rc = buf_puts(b, ") > (");
		for (int j = 0; j < ti->nkey && !rc; j++)
			rc = buf_printf(b, "%s?%d", j ? ", " : "", j + 1);
		if (!rc)
			rc = buf_putc(b, ')');
	}
	if (!rc && ti->nkey) {
		rc = buf_puts(b, " ORDER BY ");
		if (!rc)
			rc = put_names(b, ti, ti->key_idx, ti->nkey);
		if (!rc)
			rc = buf_printf(b, " LIMIT %d", page);
	}
	return rc;
}

/* Prepares on s the SELECT of select_sql (side names s in messages). */
static int prepare_select(copy_ctx *k, store *s, const char *side, int page, bool after,
			  db_stmt **out, err *e)
{
	buf q;
	int rc;
	buf_init(&q, 0);
	if (select_sql(&q, k, page, after) != 0)
		rc = nomem(k, e);
	else if ((rc = store_int_prepare(s, buf_cstr(&q), out, e)) != 0)
		err_prefix(e, "bảng %s ở %s: ", k->t->name, side);
	buf_free(&q);
	return rc;
}

typedef int (*row_fn)(copy_ctx *k, db_stmt *st, err *e);

/*
 * Reads every row of table k->t from s, calling fn for each: in pages of its
 * integer key (each after the last key read), or in one query when it has
 * none. side names s in messages ("nguồn", "đích").
 */
static int scan(copy_ctx *k, store *s, const char *side, row_fn fn, err *e)
{
	const tinfo *ti = k->ti;
	db_stmt *first = NULL, *next = NULL;
	int64_t last[COPY_MAX_KEY] = {0};
	int page = k->t->page ? k->t->page : COPY_PAGE;
	bool after = false;
	int rc = prepare_select(k, s, side, page, false, &first, e);
	if (!rc && ti->nkey)
		rc = prepare_select(k, s, side, page, true, &next, e);
	while (!rc) {
		db_stmt *st = after ? next : first;
		int got = 0, step = DB_DONE;
		for (int j = 0; after && j < ti->nkey && !rc; j++)
			if (db_bind_int(st, j + 1, last[j]) != 0)
				rc = nomem(k, e);
		while (!rc && (step = db_step(st)) == DB_ROW) {
			got++;
			for (int j = 0; j < ti->nkey && !rc; j++) {
				if (db_col_type(st, ti->key_idx[j]) != DB_T_INT)
					rc = err_set(e, ERR_DB, "bảng %s ở %s: cột khóa %s không phải số nguyên",
						     k->t->name, side, ti->col[ti->key_idx[j]]);
				last[j] = db_col_int(st, ti->key_idx[j]);
			}
			if (!rc)
				rc = fn(k, st, e);
		}
		if (!rc && step != DB_DONE) {
			rc = store_int_dberr(s, e, "lỗi CSDL khi đọc");
			err_prefix(e, "bảng %s ở %s: ", k->t->name, side);
		}
		db_reset(st);
		if (!ti->nkey || got < page)
			break;
		after = true;
	}
	db_finalize(first);
	db_finalize(next);
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
		rc = put_names(&sql, k->ti, NULL, k->ti->ncols);
	if (!rc)
		rc = buf_puts(&sql, ") VALUES ");
	for (int r = 0; r < n && !rc; r++) {
		rc = buf_puts(&sql, r ? ", (" : "(");
		for (int c = 0; c < k->ti->ncols && !rc; c++)
			rc = buf_printf(&sql, "%s?%d", c ? ", " : "", p++);
		if (!rc)
			rc = buf_putc(&sql, ')');
	}
	rc = rc ? nomem(k, e) : store_int_prepare(k->dst, buf_cstr(&sql), out, e);
	buf_free(&sql);
	return rc;
}

/*
 * Writes into out how a message names row r of the batch: its key
 * ("id 7", "unit_id 1, year 2020, indicator_id 3"), or its place in the
 * table when it has no key ("dòng thứ 12").
 */
static void row_name(const copy_ctx *k, int r, char *out, size_t n)
{
	const tinfo *ti = k->ti;
	const cell *row = rowbuf_row(&k->batch, r);
	size_t len = 0;
	if (ti->nkey == 0) {
		snprintf(out, n, "dòng thứ %lld", (long long)(ti->src_rows - k->batch.rows + r + 1));
		return;
	}
	out[0] = '\0';
	for (int j = 0; j < ti->nkey && len < n; j++) {
		int w = snprintf(out + len, n - len, "%s%s %lld", j ? ", " : "", ti->col[ti->key_idx[j]],
				 (long long)row[ti->key_idx[j]].i);
		if (w < 0)
			break;
		len += (size_t)w;
	}
}

/* Writes the rows of the batch with one INSERT, and empties it. */
static int flush(copy_ctx *k, err *e)
{
	rowbuf *rb = &k->batch;
	bool full = rb->rows == rb->cap; /* a full batch reuses its statement; a shorter one has its own */
	db_stmt *st = full ? k->ins : NULL;
	int rc = 0, p = 1;
	if (rb->rows == 0)
		return 0;
	if (!st && (rc = prepare_insert(k, rb->rows, &st, e)) != 0)
		return rc;
	if (full)
		k->ins = st;
	for (int r = 0; r < rb->rows && !rc; r++)
		for (int c = 0; c < rb->ncols && !rc; c++)
			if (bind_cell(st, p++, rb, &rowbuf_row(rb, r)[c]) != 0)
				rc = nomem(k, e);
	if (!rc && db_step(st) != DB_DONE) {
		char first[160], last[160];
		row_name(k, 0, first, sizeof first);
		row_name(k, rb->rows - 1, last, sizeof last);
		rc = store_int_dberr(k->dst, e, "không ghi được");
		if (rb->rows == 1)
			err_prefix(e, "bảng %s ở đích, %s: ", k->t->name, first);
		else
			err_prefix(e, "bảng %s ở đích, các dòng từ %s đến %s: ", k->t->name, first, last);
	}
	if (full)
		db_reset(st);
	else
		db_finalize(st);
	rowbuf_clear(rb);
	return rc;
}

/*
 * Rows are written in id order, so a self reference to a higher id (a unit
 * put under a unit made after it) names a row not yet in. Such a row is
 * written with its self references NULL, and kept in k->fix (its id, then
 * its self references) for apply_fix once the whole table is in.
 */
static int defer_self(copy_ctx *k, cell *row, err *e)
{
	const tinfo *ti = k->ti;
	int64_t id = row[ti->key_idx[0]].i;
	size_t per = 1 + (size_t)ti->nself;
	bool later = false;
	for (int j = 0; j < ti->nself; j++) {
		const cell *x = &row[ti->self_idx[j]];
		if (x->t != DB_T_NULL && x->t != DB_T_INT)
			return err_set(e, ERR_DB, "bảng %s ở nguồn, dòng id %lld: cột %s không phải số nguyên",
				       k->t->name, (long long)id, ti->col[ti->self_idx[j]]);
		later = later || (x->t == DB_T_INT && x->i > id);
	}
	if (!later)
		return 0;
	if (k->n_fix == k->cap_fix) {
		size_t nc = k->cap_fix ? k->cap_fix * 2 : 64;
		cell *nf = realloc(k->fix, nc * per * sizeof *nf);
		if (!nf)
			return nomem(k, e);
		k->fix = nf;
		k->cap_fix = nc;
	}
	cell *f = k->fix + k->n_fix++ * per;
	f[0] = row[ti->key_idx[0]];
	for (int j = 0; j < ti->nself; j++) {
		f[1 + j] = row[ti->self_idx[j]];
		row[ti->self_idx[j]].t = DB_T_NULL;
	}
	return 0;
}

/* A row of the source: hashed, kept in the batch, the batch written when full. */
static int copy_row(copy_ctx *k, db_stmt *st, err *e)
{
	rowbuf *rb = &k->batch;
	int rc = rowbuf_read(rb, st, k->t->name, e);
	if (rc)
		return rc;
	k->ti->src_rows++;
	k->ti->src_sum += row_hash(rb, rb->rows - 1);
	if (k->ti->nself && (rc = defer_self(k, rowbuf_row(rb, rb->rows - 1), e)) != 0)
		return rc;
	tick(k);
	return rb->rows == rb->cap || rb->data.len >= COPY_BATCH_BYTES ? flush(k, e) : 0;
}

/* Sets the self references kept by defer_self: UPDATE t SET a = ?2, ... WHERE id = ?1. */
static int apply_fix(copy_ctx *k, err *e)
{
	const tinfo *ti = k->ti;
	size_t per = 1 + (size_t)ti->nself;
	db_stmt *st = NULL;
	buf sql;
	int rc;
	if (k->n_fix == 0)
		return 0;
	buf_init(&sql, 0);
	rc = buf_printf(&sql, "UPDATE %s SET ", k->t->name);
	for (int j = 0; j < ti->nself && !rc; j++)
		rc = buf_printf(&sql, "%s\"%s\" = ?%d", j ? ", " : "", ti->col[ti->self_idx[j]], j + 2);
	if (!rc)
		rc = buf_puts(&sql, " WHERE \"id\" = ?1");
	rc = rc ? nomem(k, e) : store_int_prepare(k->dst, buf_cstr(&sql), &st, e);
	buf_free(&sql);
	for (size_t i = 0; i < k->n_fix && !rc; i++) {
		const cell *f = k->fix + i * per;
		for (size_t j = 0; j < per && !rc; j++)
			if (bind_cell(st, (int)j + 1, &k->batch, &f[j]) != 0)
				rc = nomem(k, e);
		if (!rc && db_step(st) != DB_DONE) {
			rc = store_int_dberr(k->dst, e, "không ghi được cột tham chiếu");
			err_prefix(e, "bảng %s ở đích, dòng id %lld: ", k->t->name, (long long)f[0].i);
		}
		db_reset(st);
	}
	db_finalize(st);
	return rc;
}

/* Copies table k->t from the source into the destination. */
static int copy_table_rows(copy_ctx *k, err *e)
{
	/* at least 14 rows a batch: ncols <= COPY_MAX_COLS */
	int rows = COPY_BATCH_PARAMS / k->ti->ncols;
	if (rows > COPY_BATCH_ROWS)
		rows = COPY_BATCH_ROWS;
	k->n_fix = 0;
	int rc = rowbuf_setup(&k->batch, k->ti->ncols, rows, e);
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
	rowbuf_clear(&k->batch);
	int rc = rowbuf_read(&k->batch, st, k->t->name, e);
	if (rc)
		return rc;
	k->ti->dst_rows++;
	k->ti->dst_sum += row_hash(&k->batch, 0);
	tick(k);
	return 0;
}

/* ---- the checks before the copy ---------------------------------------- */

/* True when the copy knows table name: copies it, or leaves it out on purpose. */
static bool known_table(const char *name)
{
	for (int i = 0; i < N_TABLES; i++)
		if (!strcmp(TABLES[i].name, name))
			return true;
	for (int i = 0; i < N_LOGINS; i++)
		if (!strcmp(LOGINS[i], name))
			return true;
	return !strcmp(name, "schema_version");
}

/* Refuses a source holding a table neither copied nor left out on purpose. */
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
		rc = store_int_dberr(s, e, "không đọc được các cột");
		err_prefix(e, "bảng %s ở %s: ", table, side);
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
	for (int j = 0; j < COPY_MAX_KEY && t->key[j]; j++, ti->nkey++)
		if ((ti->key_idx[j] = find_col(ti, t->key[j])) < 0)
			return err_set(e, ERR_CONFLICT, "bảng %s ở nguồn thiếu cột khóa %s", t->name,
				       t->key[j]);
	for (int j = 0; j < COPY_MAX_KEY && t->self[j]; j++, ti->nself++)
		if ((ti->self_idx[j] = find_col(ti, t->self[j])) < 0)
			return err_set(e, ERR_CONFLICT, "bảng %s ở nguồn thiếu cột %s", t->name, t->self[j]);
	/* defer_self compares a reference with the row's id, rows read in id order */
	if (ti->nself && (ti->nkey != 1 || strcmp(t->key[0], "id")))
		return err_set(e, ERR_DB, "bảng %s: cột tham chiếu chính bảng mà khóa không phải id",
			       t->name);
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

/* Empties the destination: who is logged in there first when forced, then the tables, children first. */
static int empty_dst(store *dst, bool force, err *e)
{
	char sql[96];
	int rc = 0;
	for (int i = 0; force && i < N_LOGINS && !rc; i++) {
		snprintf(sql, sizeof sql, "DELETE FROM %s", LOGINS[i]);
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
		if (find_col(&info[i], "id") < 0)
			continue;
		/* a table whose id is no identity (rollup_state) has no sequence: setval(NULL) is NULL */
		snprintf(sql, sizeof sql,
			 "SELECT setval(pg_get_serial_sequence('%s', 'id'), COALESCE(MAX(id), 0) + 1, false)"
			 " FROM %s",
			 TABLES[i].name, TABLES[i].name);
		if (db_exec(dst->db, sql, e) != 0)
			return err_prefix(e, "bảng %s: không đặt lại được bộ đếm id: ", TABLES[i].name);
	}
	return 0;
}

static int versions_match(store *src, store *dst, err *e)
{
	int vs = 0, vd = 0;
	if (store_schema_version(src, &vs, e) != 0)
		return err_prefix(e, "nguồn: ");
	if (store_schema_version(dst, &vd, e) != 0)
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
	buf_init(&k.batch.data, 0);
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
		if ((rc = copy_table_rows(&k, e)) != 0)
			goto done;
	}
	if (db_engine_of(dst->db) == DB_POSTGRES && (rc = reset_sequences(dst, info, e)) != 0)
		goto done;

	/* read everything back before the commit */
	for (int i = 0; i < N_TABLES; i++) {
		tinfo *ti = &info[i];
		k.t = &TABLES[i];
		k.ti = ti;
		if ((rc = rowbuf_setup(&k.batch, ti->ncols, 1, e)) != 0 ||
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
	free(info);
	return rc;
}
