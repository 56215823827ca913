/*
 * store_int.h - what the files of the store share: the store struct, the
 * table of cached (persistent) statements, transaction nesting, the schema
 * steps of each engine and small helpers for dates, text columns and errors.
 *
 * Internal to src/store/store*.c; nothing outside the store includes it.
 * The store speaks to the database only through src/db/db.h, in SQL both
 * engines accept. Not for: SQL of one feature only (that stays in its own
 * file).
 */
#ifndef CHITIEU_STORE_INT_H
#define CHITIEU_STORE_INT_H

#include "db/db.h"

#include "store/store.h"

/* The statements prepared once (lazily) and kept for the life of the store. */
typedef enum store_stmt_id {
	ST_UNIT_ID_BY_CODE,
	ST_UNIT_GET,
	ST_INDICATOR_KEY_BY_CODE,
	ST_VROW_GET,
	ST_VROW_PUT,
	ST_VROW_DELETE,
	ST_AUDIT_INSERT,
	ST_CELLS_FOR_UNITS,
	ST_ROLLUPS_FOR_UNITS,
	ST_TARGETS_FOR_UNITS,
	ST__COUNT
} store_stmt_id;

#define STORE_INT_CACHE 64

struct store {
	db *db;
	int depth;     /* transaction nesting: 0 = none, 1 = BEGIN, >1 = SAVEPOINTs */
	bool read_txn; /* depth 1 was opened by store_read_begin (a deferred BEGIN) */
	bool in_cells; /* store_cells_for_units is walking (its statement is busy) */
	struct store_bulk *bulk; /* the open bulk writer, whose last row may be unwritten */
	char actor[WHO_MAX]; /* store_set_actor; "system" by default */
	int64_t now;         /* store_set_now; 0 = the clock */
	db_stmt *st[ST__COUNT];
	/* statements cached by their SQL text (store_int_cached) */
	struct { char *sql; db_stmt *st; } cache[STORE_INT_CACHE];
	int cache_next; /* the slot to reuse when all are taken */
	uint64_t txn_gen; /* moves on at each outermost BEGIN */
	int walking;      /* reads of units walking (their callbacks may not start one ahead) */
	/* store_prefetch_units: the read started ahead, per kind */
	struct {
		int64_t *ids;
		size_t n;
		int y0, y1;
		uint64_t gen; /* txn_gen when started; 0 = none */
	} ahead[STORE_READ__N];
};

/*
 * Returns the cached statement `id`, prepared on first use, reset and with
 * its bindings cleared. NULL on failure (e filled). The caller resets it
 * (db_reset) when done so no read transaction stays open.
 */
db_stmt *store_int_stmt(store *s, store_stmt_id id, err *e);

/*
 * Like store_int_prepare, but the statement is kept for the connection's
 * life, keyed by its SQL text, so a query run on every request (the session
 * and token checks) is parsed once. Give it back with store_int_release,
 * never db_finalize.
 */
int store_int_cached(store *s, const char *sql, db_stmt **out, err *e);

/* Resets a statement from store_int_cached (ends its read) and clears its bindings. */
void store_int_release(db_stmt *st);

/*
 * The rows of up to STORE_IN_N units in one statement (one round trip to a
 * server instead of one per unit): a condition both engines accept, an index
 * lookup per listed unit on each. The caller binds ?1..?64 and two more
 * integers, ?65 and ?66 (a span of years), with store_int_bind_units, which
 * repeats the last id to fill a short list (a repeated IN value selects
 * nothing twice).
 */
#define STORE_IN_N 64
#define STORE_IN_UNITS \
	"unit_id IN (" \
	"?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, " \
	"?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, " \
	"?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43, ?44, ?45, ?46, ?47, ?48, " \
	"?49, ?50, ?51, ?52, ?53, ?54, ?55, ?56, ?57, ?58, ?59, ?60, ?61, ?62, ?63, ?64)"
#define STORE_IN_UNITS_YEARS STORE_IN_UNITS " AND year >= ?65 AND year <= ?66"

/* Binds ids[0..n) (0 < n <= STORE_IN_N, the last repeated to fill), then y0 and y1. */
void store_int_bind_units(db_stmt *st, const int64_t *ids, size_t n, int y0, int y1);

/*
 * The statement of a read of units, bound for its first STORE_IN_N units:
 * the one store_prefetch_units started when it was exactly this read (then
 * already running), else prepared, reset and bound now. NULL on failure.
 * The caller binds the next chunks itself (store_int_bind_units).
 */
db_stmt *store_int_units_first(store *s, store_read what, const int64_t *ids, size_t n, int y0, int y1,
			       err *e);

/* The time writes record: store_set_now's, else time(NULL). */
int64_t store_int_now(store *s);

/*
 * A read of several statements, or of many rows, runs in one read
 * transaction: outside one, SQLite takes and drops its locks for every
 * statement (listing 10.000 tasks was several times slower), and
 * PostgreSQL can stream a scan only inside one (db_prepare_scan). Starts
 * one when none is open; returns true when it did (the caller ends it with
 * store_int_read_stop).
 */
bool store_int_read_start(store *s);
void store_int_read_stop(store *s, bool mine);

/* Prepares a one-off read of many rows (db_prepare_scan; caller finalizes). */
int store_int_prepare_scan(store *s, const char *sql, db_stmt **out, err *e);

/* Prepares a one-off statement (caller finalizes). Returns 0 or ERR_DB. */
int store_int_prepare(store *s, const char *sql, db_stmt **out, err *e);

/*
 * Steps st to the end, reading each row with read_row(st, elem, ctx, e) into the
 * next element (zeroed first) of a malloc'd array of elem_size bytes grown
 * by doubling. On success *out is the array (NULL when no rows; the caller
 * frees it) and *n its length. On failure the array is freed, *out is NULL,
 * *n 0, and the error is read_row's, ERR_NOMEM "hết bộ nhớ khi đọc <what>" or
 * store_int_dberr "lỗi CSDL khi đọc <what>". st is NOT finalized or reset:
 * the caller does (db_finalize, or store_int_release when cached).
 */
int store_int_collect(store *s, db_stmt *st, size_t elem_size,
		      int (*read_row)(db_stmt *st, void *elem, void *ctx, err *e), void *ctx,
		      const char *what, void **out, size_t *n, err *e);

/* Copies the first of the n elements of arr (elem_size bytes each) into out
 * and frees arr. False (nothing copied) when n is 0. */
bool store_int_take_first(void *arr, size_t n, size_t elem_size, void *out);

/* Fills e from the connection's last error: ERR_CONFLICT for a violated
 * constraint, else ERR_DB; the message is "<what> (<engine message>)". */
int store_int_dberr(store *s, err *e, const char *what);

/*
 * The write guard: 0, or ERR_DB when levels are open (depth > 0) but SQLite
 * has rolled the transaction back by itself (autocommit again). Every write
 * that does not go through store_int_begin calls it first.
 */
int store_int_write_guard(store *s, err *e);

/*
 * Writes the bulk writer's pending value row, if any, and forgets it (the
 * next bulk put reads the row again). Every reader of value_year calls it
 * first, so a bulk import never hides its last row from the same connection.
 */
int store_int_values_sync(store *s, err *e);

/*
 * Everything an open bulk writer holds in memory written: its pending row
 * and its deferred roll-up changes. Called before a savepoint starts and
 * before a commit, so a rollback to the savepoint undoes only later puts and
 * a commit never leaves roll-ups behind.
 */
int store_int_values_checkpoint(store *s, err *e);

/* Binds ?1..?3 to the key of a value row or roll-up row: (unit, year, indicator). */
void store_int_bind_row_key(db_stmt *st, int64_t unit_id, int year, int64_t ind_id);

/* ERR_DB naming a value_year row whose BLOB is not a value row. */
int store_int_bad_row(int64_t unit_id, int year, int64_t ind_id, err *e);

/* One month of a value row: *found false when it has no value (store_values.c). */
int store_int_value_month(store *s, int64_t unit_id, int year, int64_t ind_id, int month, bool *found,
			  num_t *amount, err *e);

/* The comment kept with one month of a value (store_vrules.c): put replaces
 * it, delete removes it (no error when none), get reads it (*found false and
 * out "" when none). */
int store_int_comment_put(store *s, int64_t unit_id, int year, int64_t ind_id, int month, const char *text,
			  const char *by, int64_t at, err *e);
int store_int_comment_delete(store *s, int64_t unit_id, int year, int64_t ind_id, int month, err *e);
/* Clears the follow-up flag of one month (store_xmap.c; no error when none). */
int store_int_followup_delete(store *s, int64_t unit_id, int year, int64_t ind_id, int month, err *e);
int store_int_comment_get(store *s, int64_t unit_id, int year, int64_t ind_id, int month, char *out, size_t n,
			  bool *found, err *e);

/* store_vrules_check_cells over the rules naming only_code (NULL: every rule):
 * store_value_put's check of its one value. */
int store_int_vrules_check(store *s, const store_cell *cells, size_t n, const char *only_code, const char *comment,
			   const char *by, size_t *bad, err *e);

/* Forgets what an open bulk writer holds in memory, unwritten (a rollback undid it). */
void store_int_values_discard(store *s);

/*
 * One step of the schema: run in one transaction that also records the
 * versions from+1 .. version in schema_version. SQLite has its whole history
 * (from = version - 1); PostgreSQL starts from a baseline that creates the
 * schema of version 8 at once (from = 0), then takes the same later steps.
 */
typedef struct store_migration {
	int from;
	int version;
	const char *sql;
} store_migration;

/* The steps of SQLite (store_schema_sqlite.c) and of PostgreSQL (store_schema_pg.c). */
const store_migration *store_schema_sqlite(size_t *n);
const store_migration *store_schema_pg(size_t *n);

/*
 * SQLite only: registers the SQL functions of the value row on the
 * connection: chitieu_vrow_pack(unit_id, year, indicator_id, month, amount,
 * estimate, by, at), an aggregate used by migration 8, and
 * chitieu_vrow_count(months), the number of months. 0 on PostgreSQL.
 */
int store_int_value_functions(store *s, err *e);

/* Internal transaction: BEGIN IMMEDIATE at depth 0, else SAVEPOINT (guarded).
 * A failed commit has rolled back its level. */
int store_int_begin(store *s, err *e);
int store_int_commit(store *s, err *e);
void store_int_rollback(store *s);

/* Binds a date as ISO text 'yyyy-mm-dd', or NULL for the "none" date. */
int store_int_bind_date(db_stmt *st, int idx, cdate d);

/* Reads an ISO date column (NULL -> none). Returns 0 or ERR_DB on bad text. */
int store_int_col_date(db_stmt *st, int col, cdate *out, err *e);

/* Copies a text column into a fixed field of size n (NULL -> ""), cutting a
 * longer text on a UTF-8 character boundary. */
void store_int_col_text(db_stmt *st, int col, char *dst, size_t n);

/*
 * Steps st (prepared with store_int_prepare, its parameters bound) and hands
 * each row's period code (column 0) and agency code (column 1 when
 * with_agency, else "") to fn; a non-zero answer of fn stops and is returned.
 * A database error is ERR_DB with the message what. Finalizes st.
 */
int store_int_each_period(store *s, db_stmt *st, bool with_agency, store_period_fn fn, void *ctx, const char *what,
			  err *e);

/* Resolves a unit code to its id; ERR_NOTFOUND naming the code. */
int store_int_unit_id(store *s, const char *code, int64_t *id, err *e);

/* Whether the roll-ups take the unit's own values of the indicator (true)
 * or its units' aggregate (false): core/source.h's rule over the unit's
 * level and children, the indicator and figure_source (store_sources.c). */
int store_int_source_own(store *s, int64_t unit_id, int64_t ind_id, bool *own, err *e);

/* Resolves an indicator code to its id and frequency; ERR_NOTFOUND naming the code. */
int store_int_indicator_key(store *s, const char *code, int64_t *id, ind_freq *freq, err *e);

#endif
