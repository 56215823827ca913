/*
 * db_int.h - what the two drivers of the database layer share: the
 * connection and statement headers each driver's own structs begin with,
 * and the table of a driver's functions (db.c dispatches through it).
 *
 * Internal to src/db; the store sees only db.h.
 */
#ifndef CHITIEU_DB_INT_H
#define CHITIEU_DB_INT_H

#include "db/db.h"

#define DB_MSG_MAX 400
#define DB_TARGET_MAX 512

/*
 * A driver's functions. The binds return 0, ERR_NOMEM, ERR_TOOBIG, or
 * ERR_DB (no such parameter, or the statement is running) and need not
 * record anything: db.c remembers a failed bind and words it.
 */
typedef struct db_ops {
	void (*close)(db *d);
	int (*exec)(db *d, const char *sql, err *e);
	int (*prepare)(db *d, const char *sql, bool persistent, db_stmt **out, err *e);
	void (*finalize)(db_stmt *st);
	void (*reset)(db_stmt *st);
	void (*clear_bindings)(db_stmt *st);
	int (*bind_int)(db_stmt *st, int i, int64_t v);
	int (*bind_double)(db_stmt *st, int i, double v);
	int (*bind_text)(db_stmt *st, int i, const char *s, size_t n);
	int (*bind_blob)(db_stmt *st, int i, const void *p, size_t n);
	int (*bind_null)(db_stmt *st, int i);
	int (*step)(db_stmt *st);
	int (*prefetch)(db_stmt *st); /* NULL: nothing to gain (db_prefetch) */
	bool (*col_null)(db_stmt *st, int c);
	int64_t (*col_int)(db_stmt *st, int c);
	double (*col_double)(db_stmt *st, int c);
	const char *(*col_text)(db_stmt *st, int c);
	const void *(*col_blob)(db_stmt *st, int c);
	size_t (*col_bytes)(db_stmt *st, int c);
	int (*col_count)(db_stmt *st);
	db_type (*col_type)(db_stmt *st, int c);
	const char *(*col_name)(db_stmt *st, int c);
	int64_t (*changes)(db *d);
	db_txn (*txn_state)(db *d);
	int (*begin_write)(db *d, err *e);
	int (*begin_read)(db *d, err *e);
	int (*data_version)(db *d, uint64_t *out, err *e);
	int (*copy_open)(db *d, const char *table, const char *cols, int ncols, db_copy **out, err *e);
	int (*copy_int)(db_copy *c, int64_t v);
	int (*copy_blob)(db_copy *c, const void *p, size_t n);
	int (*copy_row)(db_copy *c, err *e);
	int (*copy_flush)(db_copy *c, err *e);
	size_t (*copy_pending)(const db_copy *c);
	void (*copy_discard)(db_copy *c);
	void (*copy_close)(db_copy *c);
} db_ops;

/* The head of every driver's connection struct. */
struct db {
	const db_ops *ops;
	db_engine engine;
	bool readonly;
	int seek_rows;            /* db_seek_rows */
	db_errkind kind;          /* the last failure */
	char msg[DB_MSG_MAX];     /* its engine message */
	char target[DB_TARGET_MAX]; /* for messages, password removed */
};

/* The head of every driver's inserter struct. */
struct db_copy {
	db *d;
};

/* The head of every driver's statement struct. */
struct db_stmt {
	db *d;
	/* The first bind that failed since the last reset or clear (db.c): its
	 * ERR_* code and parameter; db_step answers it instead of running. */
	int bind_rc;
	int bind_param;
	bool scan; /* db_prepare_scan: a read of many rows (drivers may fetch it in batches) */
};

/* Records the last failure of d (message cut on a UTF-8 boundary). */
void db_int_fail(db *d, db_errkind kind, const char *msg);

/* ERR_CONFLICT for a constraint, ERR_UNAVAILABLE for a lost connection, else ERR_DB. */
int db_int_code(db_errkind kind);

/*
 * Sets e from d's last failure (db_int_fail), met while running sql (its
 * first 60 bytes are quoted), in Vietnamese naming the engine and the
 * target: ERR_IO for a read-only database, ERR_UNAVAILABLE for a lost
 * connection, else db_int_code. Returns the code.
 */
int db_int_err(db *d, const char *sql, err *e);

/* The drivers' openers (db_open picks one). */
int db_sqlite_open(const char *target, unsigned flags, db **out, err *e);
int db_pg_open(const char *target, unsigned flags, db **out, err *e);

#endif
