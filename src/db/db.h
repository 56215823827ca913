/*
 * db.h - the thin database layer under the store: one small interface with
 * two drivers, SQLite (db_sqlite.c, an embedded file) and PostgreSQL
 * (db_pg.c, libpq).
 *
 * The store is written once on top of it, in SQL both engines accept. SQL
 * given here uses numbered parameters ?1, ?2 ... (a bare ? takes the next
 * number); the PostgreSQL driver rewrites them to $1, $2 ... outside string
 * literals. Booleans are integers 0/1, dates ISO text, amounts BIGINT,
 * blobs BLOB / BYTEA: the same C calls read them on both engines.
 *
 * Not for: rules of the model (src/core), SQL of a feature (src/store), or
 * anything that differs between the engines except what db_engine_of lets
 * the caller pick (the schema DDL, pragmas).
 *
 * Conventions: functions that can fail return 0 or a negative ERR_* and
 * fill `e` with a Vietnamese message naming the engine and the target
 * (never its password); db_step returns DB_ROW, DB_DONE or a negative
 * ERR_*, and the connection keeps the engine's own message for the log
 * (db_errmsg). One connection is used by one thread at a time.
 *
 * Both drivers behave alike where the store could tell them apart: a
 * failed bind makes the next db_step fail, a step after DB_DONE runs the
 * statement again, a write waits at most 5 s for a lock (DB_E_BUSY), and
 * a connection is only ever replaced between transactions.
 */
#ifndef CHITIEU_DB_H
#define CHITIEU_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

typedef struct db db;
typedef struct db_stmt db_stmt;

typedef enum db_engine {
	DB_SQLITE = 1,
	DB_POSTGRES = 2,
} db_engine;

/* What db_step answers besides an error. */
enum { DB_ROW = 100, DB_DONE = 101 };

/* What kind of failure the last call met (db_errkind), for the caller's choice of ERR_*. */
typedef enum db_errkind {
	DB_E_NONE = 0,
	DB_E_UNIQUE,     /* a unique or primary key constraint */
	DB_E_CONSTRAINT, /* a foreign key, check or not-null constraint */
	DB_E_READONLY,   /* the database (or the server) takes no writes */
	DB_E_NOTADB,     /* the file is not a database */
	DB_E_BUSY,       /* locked, a serialization failure or a deadlock: the transaction may be retried */
	DB_E_CONN,       /* the connection to the server is lost or cannot be made */
	DB_E_OTHER,
} db_errkind;

/* The state of the connection's transaction. */
typedef enum db_txn {
	DB_TXN_NONE = 0,  /* autocommit: no transaction open */
	DB_TXN_ACTIVE,    /* a transaction is open and usable */
	DB_TXN_FAILED,    /* open but failed: only a rollback (or ROLLBACK TO a savepoint) helps */
} db_txn;

/*
 * True when target names a PostgreSQL database: a "postgresql://" or
 * "postgres://" URI, or libpq "key=value" conninfo (a word, '=' ...). Any
 * other text is a SQLite file path (or a "file:" URI).
 */
bool db_target_is_postgres(const char *target);

/*
 * Writes target into out (size n) with any password taken out: the
 * ":secret@" of a URI, a "password=..." of conninfo or of a URI's query.
 * For messages: a target is never printed with its password.
 */
void db_target_safe(const char *target, char *out, size_t n);

/* Flags of db_open. */
enum {
	DB_OPEN_CREATE = 1, /* SQLite: create the file when missing */
};

/*
 * Opens a connection to target (see db_target_is_postgres). SQLite: the
 * file with extended result codes and a 5 s busy timeout; a write-protected
 * file opens read-only (db_readonly). PostgreSQL: libpq's PQconnectdbParams
 * with a 10 s connect timeout, client_encoding UTF8, application_name
 * chitieu (what the target says wins), then, unless the target, the role,
 * the database or the server's configuration sets them, lock_timeout 5 s
 * (a lock waited for longer is DB_E_BUSY, as SQLite's busy timeout) and
 * idle_in_transaction_session_timeout 60 s (the server ends a session left
 * idle inside a transaction, so a leaked transaction cannot hold the
 * writers' lock for ever). Errors: ERR_IO naming the file or the host and
 * what failed (unreachable, password refused). *out is freed with db_close.
 */
int db_open(const char *target, unsigned flags, db **out, err *e);

/* Closes the connection (finalize statements first); db_close(NULL) is a no-op. */
void db_close(db *d);

db_engine db_engine_of(const db *d);

/* "SQLite" or "PostgreSQL", for messages. */
const char *db_engine_name(const db *d);

/*
 * The target for messages, never with a password: SQLite's file as given to
 * db_open; PostgreSQL's "user@host:port/db" of the server it is connected to
 * (with several hosts, the one that answered).
 */
const char *db_target(const db *d);

/*
 * How many rows reading through costs as much as running one more
 * statement: SQLite's statements are calls in the process (a few rows),
 * PostgreSQL's are a round trip to the server (thousands of rows). A reader
 * that can either seek again or read through unwanted rows asks this.
 */
int db_seek_rows(const db *d);

/* True when the connection takes no writes (a write-protected SQLite file). */
bool db_readonly(const db *d);

/*
 * Runs SQL text of one or more statements without parameters (DDL,
 * pragmas, transaction control). ERR_DB naming the start of the text and
 * the engine's message; ERR_CONFLICT for a violated constraint.
 */
int db_exec(db *d, const char *sql, err *e);

/*
 * Prepares one statement. persistent: it will be kept and reused for the
 * connection's life (a hint to the engine). *out is freed with db_finalize.
 */
int db_prepare(db *d, const char *sql, bool persistent, db_stmt **out, err *e);

/*
 * Prepares a read that may return more rows than should be held at once (a
 * whole table: an export, a rebuild). SQLite reads row by row anyway; on
 * PostgreSQL, when a transaction is open, the rows come through a cursor a
 * few thousand at a time (other statements may run between two steps);
 * outside a transaction they are read whole, as db_prepare's. Freed with
 * db_finalize.
 */
int db_prepare_scan(db *d, const char *sql, db_stmt **out, err *e);

/*
 * Starts the bound statement now, so that a server works on it while the
 * caller reads the answers it already has; its rows are then read with
 * db_step as usual. A hint for reads inside a transaction: SQLite has
 * nothing to gain and ignores it; on PostgreSQL the statement is sent ahead
 * (libpq's pipeline mode, a few at a time), and any other use of the
 * connection first reads the answers sent ahead, in order. Binding it again
 * before its step fails (as for a running statement); db_reset drops it.
 * Returns 0 (nothing that fails here is not reported by the step).
 */
int db_prefetch(db_stmt *st);

/* Frees a statement; NULL is a no-op. */
void db_finalize(db_stmt *st);

/* Ends the statement's run (its read); the bindings stay, a failed bind is forgotten. NULL is a no-op. */
void db_reset(db_stmt *st);

/* Sets every parameter of the statement back to NULL (a failed bind is forgotten). NULL is a no-op. */
void db_clear_bindings(db_stmt *st);

/*
 * Binds parameter i (from 1) of a statement that is not running (new, or
 * reset). Text and blobs are copied. 0, or ERR_NOMEM, ERR_TOOBIG (over 2 GB)
 * or ERR_DB (no parameter i, or the statement ran and was not reset), with
 * db_errmsg saying which. A failed bind is also remembered: the next
 * db_step answers that error rather than run without the parameter, until
 * db_reset or db_clear_bindings; so a caller may bind without looking and
 * check db_step only.
 */
int db_bind_int(db_stmt *st, int i, int64_t v);
int db_bind_double(db_stmt *st, int i, double v);
int db_bind_text(db_stmt *st, int i, const char *s); /* NULL binds NULL */
int db_bind_textn(db_stmt *st, int i, const char *s, size_t n);
int db_bind_blob(db_stmt *st, int i, const void *p, size_t n);
int db_bind_null(db_stmt *st, int i);

/*
 * Runs the statement (first call) or moves to its next row: DB_ROW with a
 * row to read, DB_DONE when there is none left, or a negative ERR_* (the
 * kind and message with db_errkind_of / db_errmsg; ERR_CONFLICT for a
 * constraint, ERR_UNAVAILABLE for a lost connection, the bind's code after
 * a failed bind, else ERR_DB). A call after DB_DONE or an error runs the
 * statement again from the start with the same bindings (SQLite's
 * automatic reset; the PostgreSQL driver does the same).
 */
int db_step(db_stmt *st);

/*
 * Fault injection, for tests: the nth db_step or db_exec from now (of any
 * connection) fails as a failing engine would (ERR_DB, the connection's
 * message "lỗi CSDL giả lập"), once; 0 turns it off. The caller's
 * rollbacks must leave nothing half-written (tests/unit/test_faults.c).
 */
void db_fault_after(long n);
/* The statements left before the chosen one fails: 0 once it has (or when off). */
long db_fault_left(void);

/* Columns of the current row, from 0. NULL reads as 0, 0.0, NULL text, NULL blob, 0 bytes. */
bool db_col_null(db_stmt *st, int c);
int64_t db_col_int(db_stmt *st, int c);
double db_col_double(db_stmt *st, int c);
/* The text of a column, valid until the next step or reset; NULL for NULL. */
const char *db_col_text(db_stmt *st, int c);
/* The bytes of a blob column, valid until the next step or reset; NULL when empty or NULL. */
const void *db_col_blob(db_stmt *st, int c);
/* The length of the text or blob of the column. */
size_t db_col_bytes(db_stmt *st, int c);
int db_col_count(db_stmt *st);

/* What a column of the current row holds (db_col_type). */
typedef enum db_type {
	DB_T_NULL = 0,
	DB_T_INT,   /* read with db_col_int */
	DB_T_FLOAT, /* db_col_double */
	DB_T_TEXT,  /* db_col_text, db_col_bytes */
	DB_T_BLOB,  /* db_col_blob, db_col_bytes */
} db_type;

/*
 * The type of column c of the current row, for code that copies values it
 * does not know in advance (store_copy.c). SQLite: the value's storage
 * class. PostgreSQL: from the column's type (int2/int4/int8 and bool as
 * DB_T_INT, float4/float8/numeric DB_T_FLOAT, bytea DB_T_BLOB, others
 * DB_T_TEXT); DB_T_NULL for NULL or when there is no current row.
 */
db_type db_col_type(db_stmt *st, int c);

/*
 * The name of result column c (from 0), or NULL when out of range. Like
 * db_col_count, PostgreSQL knows the columns only once the statement has run
 * (after the first db_step, even one that returns DB_DONE), SQLite from
 * db_prepare on. Valid until the statement is reset or finalized.
 */
const char *db_col_name(db_stmt *st, int c);

/*
 * A buffered inserter of new rows into one table, for bulk loads: rows are
 * appended field by field (db_copy_int, db_copy_blob) and db_copy_row ends
 * one. SQLite runs a prepared INSERT per row at once; PostgreSQL keeps the
 * rows in memory and sends them with one COPY ... FROM STDIN when
 * db_copy_flush is called or the buffer passes a few megabytes. Nothing
 * else may run on the connection between a row's first field and its
 * db_copy_row. Rows must be new: a duplicate key fails the whole flush
 * (ERR_CONFLICT) on PostgreSQL. cols is "a, b, c" with ncols names.
 */
typedef struct db_copy db_copy;
int db_copy_open(db *d, const char *table, const char *cols, int ncols, db_copy **out, err *e);
int db_copy_int(db_copy *c, int64_t v);
int db_copy_blob(db_copy *c, const void *p, size_t n);
int db_copy_row(db_copy *c, err *e);
/* Sends the buffered rows (PostgreSQL); 0 when there were none. */
int db_copy_flush(db_copy *c, err *e);
/* Rows buffered and not yet sent (0 on SQLite). */
size_t db_copy_pending(const db_copy *c);
/* Forgets buffered rows (after a rollback) without sending them. */
void db_copy_discard(db_copy *c);
/* Frees the inserter; rows not flushed are dropped. NULL is a no-op. */
void db_copy_close(db_copy *c);

/* Rows changed by the last INSERT, UPDATE, DELETE (or inserter flush) run on the connection; other statements leave it. */
int64_t db_changes(db *d);

/* The last failure of the connection: its kind and the engine's message ("" when none). */
db_errkind db_errkind_of(const db *d);
const char *db_errmsg(const db *d);

/*
 * The connection's transaction state. PostgreSQL: a connection lost inside
 * a transaction is DB_TXN_FAILED until the caller's "ROLLBACK" (which the
 * driver answers itself: the server has dropped the transaction); until
 * then every statement fails with DB_E_CONN rather than run, outside the
 * caller's transaction, on a new connection. Lost outside one, it is
 * DB_TXN_NONE and the next statement reconnects.
 */
db_txn db_txn_state(db *d);

/*
 * Opens a transaction meant to write: SQLite "BEGIN IMMEDIATE" (the write
 * lock taken now, not at the first write), PostgreSQL "BEGIN" and the
 * writers' advisory lock (docs/internals/store.md). Waits at most 5 s for
 * another writer, then fails with DB_E_BUSY. PostgreSQL: a broken
 * connection is replaced first (the driver owns reconnection: callers need
 * not check the connection before a transaction).
 */
int db_begin_write(db *d, err *e);

/*
 * Opens a transaction that reads one snapshot: SQLite "BEGIN" (deferred),
 * PostgreSQL "BEGIN ISOLATION LEVEL REPEATABLE READ" (a write inside may
 * then fail with a serialization error, as a stale SQLite snapshot does),
 * after replacing a broken connection as db_begin_write does.
 */
int db_begin_read(db *d, err *e);

/*
 * A number that changes whenever data visible to the connection may have
 * changed by another connection's commit: SQLite's data_version of the file;
 * on PostgreSQL a hash of the current snapshot (the same snapshot sees the
 * same committed data), so another server's write is seen at once. Inside
 * a db_begin_read transaction PostgreSQL answers the snapshot read with
 * its BEGIN (no round trip); elsewhere it asks the server.
 */
int db_data_version(db *d, uint64_t *out, err *e);

#endif
