/*
 * store.h - the one interface the core uses to keep and read the model.
 *
 * src/store/store*.c implement it once, on the database layer (src/db/db.h)
 * with its two engines: an embedded SQLite file (WAL, foreign keys on) or a
 * PostgreSQL server; versioned migrations, bound parameters only. Nothing
 * here exposes an engine type, a dialect or a row id's meaning.
 *
 * Conventions: functions return 0 or a negative ERR_* and fill `e`. Codes
 * that do not exist give ERR_NOTFOUND naming the code. Lists are malloc'd
 * arrays the caller frees with free(). Each write is atomic; several writes
 * become one with store_begin/store_commit (an error inside means
 * store_rollback, and nothing is written). Not thread-safe: one store per thread.
 */
#ifndef CHITIEU_STORE_H
#define CHITIEU_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "core/source.h"
#include "core/period.h"
#include "core/task.h"
#include "core/vrule.h"
#include "util/err.h"

typedef struct store store;

/* The schema version this build writes; store_open migrates older files up to it. */
#define STORE_SCHEMA_VERSION 17

/*
 * Opens the database at path and migrates it to STORE_SCHEMA_VERSION, each
 * step in one transaction. path is a SQLite file (created if missing) or a
 * PostgreSQL URI / conninfo ("postgresql://user@host/db", "host=A,B
 * dbname=chitieu target_session_attrs=read-write"): db_target_is_postgres.
 * A database from a newer chitieu is refused (ERR_IO: unusable by this build); a server that
 * cannot be reached or refuses the login is ERR_IO naming the host.
 * *out is freed with store_close.
 */
int store_open(const char *path, store **out, err *e);

/* Closes the store; store_close(NULL) is a no-op. An open transaction is rolled back. */
void store_close(store *s);

/* The schema version of the open database. */
int store_schema_version(store *s, int *out, err *e);

/* "SQLite" or "PostgreSQL": the engine of the open database. */
const char *store_engine_name(store *s);

/* True when the store is on PostgreSQL (for the few faces that say or do something else then). */
bool store_is_postgres(store *s);

/*
 * A number that changes whenever another connection or process commits to
 * the database (not for this connection's own writes): lets a cache notice
 * writes it did not make. 0, or ERR_DB when the backend cannot tell.
 */
int store_data_version(store *s, uint64_t *out, err *e);

/* Write transactions committed by this process so far, on any connection
 * (counted once each commit has returned): with store_data_version, tells
 * this process's writes from another's (api_cache.c). */
uint64_t store_local_commits(void);

/*
 * A read transaction: several reads see one snapshot and pay for one
 * transaction instead of one each (the server wraps each GET request in
 * one). Only starts when no transaction is open (else does nothing);
 * store_read_end ends it. A write inside goes through store_begin as usual
 * and may fail with ERR_DB if another connection wrote since the snapshot.
 */
int store_read_begin(store *s, err *e);
void store_read_end(store *s);

/* Transactions. Nesting is counted: only the outermost commit writes. */
int store_begin(store *s, err *e);
/* A failed store_commit has already rolled back its level (do not call store_rollback for it). */
int store_commit(store *s, err *e);
void store_rollback(store *s);

/*
 * If SQLite rolled a transaction back by itself (interrupt, disk full, I/O
 * error, out of memory) while store_begin levels are open, every further
 * write is refused (ERR_DB) until each open level has called store_rollback.
 */

/*
 * Sets who makes the following catalog changes (recorded in the target
 * audit): copied into the store, cut to WHO_MAX-1 bytes on a UTF-8
 * boundary; NULL or "" restores the default "system".
 */
void store_set_actor(store *s, const char *who);

/*
 * Fixes the Unix time the following writes of meetings and tasks record
 * (created_at, event and progress times), and the entry time of a bulk
 * writer begun after it, instead of the clock; 0 restores the clock. For the
 * deterministic demo and for tests.
 */
void store_set_now(store *s, int64_t now);

/* ---- units ---------------------------------------------------------- */

/*
 * Inserts the unit or, when its code exists, updates it, after unit_check.
 * parent_code must name an existing unit ("" for a root). In the same
 * transaction it reads the facts of the rules of core/unit_rules.h and
 * applies them: the window within the parent's, no cycle and a tree at most
 * UNIT_RULES_MAX_DEPTH deep above it, and for an existing unit its
 * children's windows and its values and targets inside the new window
 * (ERR_CONFLICT with the rule's message). Fills u->id and u->parent_id.
 */
int store_unit_put(store *s, unit *u, err *e);

/* Reads one unit by code. */
int store_unit_get(store *s, const char *code, unit *out, err *e);

/*
 * Reads unit `code` and its ancestors, nearest first: out[0] is the unit,
 * out[k] the parent of out[k-1]; stops after a root or after max units
 * (out has room for max >= 1). *n is how many were read. ERR_NOTFOUND
 * naming the code when a unit of the line does not exist.
 */
int store_unit_ancestry(store *s, const char *code, unit *out, size_t max, size_t *n, err *e);

/* Called with one stored value's indicator and period, or one target's
 * indicator and years; a non-zero return stops the walk and is returned. */
typedef int (*store_unit_value_cb)(void *ctx, const char *indicator_code, const period *p,
				   err *e);
typedef int (*store_unit_target_cb)(void *ctx, const char *indicator_code, int year_from,
				    int year_to, err *e);

/*
 * Walks the periods that hold a value of unit `code` in years <= year_lo or
 * >= year_hi (unit_rules_edge_years: the only years a new window can leave
 * a value outside of), ordered by indicator code, then period. ERR_DB for a
 * stored row that is not a value row or whose months fit no period of its
 * indicator's frequency.
 */
int store_unit_value_periods(store *s, const char *code, int year_lo, int year_hi,
			     store_unit_value_cb cb, void *ctx, err *e);

/* The same for the targets of unit `code` starting in a year <= year_lo or
 * ending in a year >= year_hi, ordered by indicator code, year_from, year_to. */
int store_unit_target_years(store *s, const char *code, int year_lo, int year_hi,
			    store_unit_target_cb cb, void *ctx, err *e);

/*
 * Lists units. parent_code NULL: all units, parents before children (tree
 * order, then by code). Otherwise the children of that unit. If on is not
 * NULL and not none, only units valid on that date.
 */
int store_unit_list(store *s, const char *parent_code, const cdate *on,
		    unit **out, size_t *n, err *e);

/* Records that unit `code` was formed (partly) from `from_code` on date, after
 * unit_rules_link (a real date, not from itself: ERR_INVALID). Idempotent. */
int store_unit_link_add(store *s, const char *code, const char *from_code, cdate date, err *e);

/* The predecessor links of a unit (code != NULL) or all links (code == NULL). */
int store_unit_link_list(store *s, const char *code, unit_link **out, size_t *n, err *e);

/* The units formed (partly) from unit `code` (the other side of its links),
 * by code; *out freed by the caller. ERR_NOTFOUND for an unknown code. */
int store_unit_successors(store *s, const char *code, char (**out)[CODE_MAX], size_t *n, err *e);

/* ---- agencies ------------------------------------------------------- */

/* Inserts or updates (by code) an agency after agency_check. Fills a->id. */
int store_agency_put(store *s, agency *a, err *e);
int store_agency_get(store *s, const char *code, agency *out, err *e);
int store_agency_list(store *s, agency **out, size_t *n, err *e);

/* ---- indicators ----------------------------------------------------- */

/*
 * Inserts or updates (by code) an indicator after indicator_check. agency,
 * numerator, denominator and weight codes must exist. In the same
 * transaction it applies the rules of core/catalog_rules.h: no reference to
 * itself, and once the indicator has values its frequency, uom_scale, kind,
 * numerator and denominator are locked (ERR_CONFLICT).
 */
int store_indicator_put(store *s, indicator *ind, err *e);
int store_indicator_get(store *s, const char *code, indicator *out, err *e);

/* All indicators ordered by sector, sort_order, code. */
int store_indicator_list(store *s, indicator **out, size_t *n, err *e);

/* ---- targets -------------------------------------------------------- */

/*
 * Inserts or updates a target, keyed by (indicator, unit, year_from, year_to,
 * source), after target_check and catalog_rules_target_unit (the unit
 * existed on some day of its years: else ERR_CONFLICT). Fills t->id.
 */
int store_target_put(store *s, target *t, err *e);

/* Deletes the target with that key; ERR_NOTFOUND if there is none. */
int store_target_delete(store *s, const target *key, err *e);

/*
 * One change of a target as the audit keeps it: store_target_put writes a
 * row when an existing target changes (not on its first insert, not when
 * nothing changed), store_target_delete writes one with has_new false.
 */
typedef struct target_audit {
	bool had_old;          /* always true today: first inserts are not audited */
	target old_target;     /* the key fields and the old kind, value, baseline, total, note */
	bool has_new;          /* false when the target was deleted */
	target new_target;     /* the new fields when has_new (key fields as old_target) */
	char by[WHO_MAX];      /* store_set_actor at the time */
	int64_t at;            /* Unix seconds */
} target_audit;

/*
 * The audit history of the targets of (indicator, unit) spanning exactly
 * year_from..year_to (both sources), oldest first. *out is malloc'd, the
 * caller frees it; ERR_NOTFOUND for an unknown code.
 */
int store_target_history(store *s, const char *indicator_code, const char *unit_code,
			 int year_from, int year_to, target_audit **out, size_t *n, err *e);

/*
 * Lists targets. Each filter is optional: indicator_code / unit_code NULL for
 * all; year 0 for all, else targets whose span contains that year.
 * Ordered by indicator, unit, year_from, year_to, source.
 */
int store_target_list(store *s, const char *indicator_code, const char *unit_code,
		      int year, target **out, size_t *n, err *e);

/* ---- values --------------------------------------------------------- */

/* What store_value_put did. */
typedef enum store_change {
	STORE_UNCHANGED = 0, /* same amount and estimate flag: nothing written */
	STORE_INSERTED = 1,
	STORE_UPDATED = 2,   /* the old value went to the audit table */
	STORE_SKIPPED = 3,   /* store_bulk with a strategy: not written (CREATE: it exists; UPDATE: it does not) */
	STORE_DELETED = 4,   /* store_bulk_delete: deleted, the old value went to the audit table */
} store_change;

/*
 * Sets one value after checking it: indicator and unit exist, the period's
 * type matches the indicator's frequency, the unit was valid during the
 * period. Ratio indicators accept entered values too (an entered ratio wins
 * over the one computed from its numerator and denominator). An existing
 * different value is replaced and the change (old, new, by, at, reason)
 * is written to the audit table in the same transaction. v->at 0 = now.
 * *changed (may be NULL) says what happened.
 */
int store_value_put(store *s, value *v, const char *reason, store_change *changed, err *e);

/*
 * What the writer saw of a value before changing it (optimistic concurrency:
 * an officer's phone that typed a figure offline sends it later with the
 * value it had read).
 */
typedef struct store_value_expect {
	bool had;          /* a value was stored then; false: the cell was empty */
	num_t amount;      /* had: its amount */
	bool estimate;     /* had: its estimate flag */
	int64_t at;        /* had: when it was written (Unix seconds); 0 = not compared */
} store_value_expect;

/*
 * store_value_put when the stored value is still the one the writer saw
 * (x; NULL = always, as store_value_put): the comparison and the write are
 * one transaction. When it changed in between (set, changed or deleted by
 * someone else) nothing is written, *stale is set and ERR_CONFLICT returned
 * with a message naming the value; a new value equal to the stored one (the
 * same amount and flag) is never a conflict (STORE_UNCHANGED). stale may be
 * NULL.
 */
int store_value_put_expect(store *s, value *v, const char *reason, const store_value_expect *x,
			   bool *stale, store_change *changed, err *e);

/* Reads one value; ERR_NOTFOUND if it is not set. */
int store_value_get(store *s, const char *indicator_code, const char *unit_code,
		    const period *p, value *out, err *e);

/* Deletes one value, keeping it in the audit table. ERR_NOTFOUND if not set. */
int store_value_delete(store *s, const char *indicator_code, const char *unit_code,
		       const period *p, const char *by, const char *reason, err *e);

/* Filter for listing values; zero / NULL fields mean "any". */
typedef struct store_value_filter {
	const char *indicator_code;
	const char *unit_code;
	int year_from, year_to; /* by the year of the period */
} store_value_filter;

/* Called once per value; a non-zero return stops the walk and is returned. */
typedef int (*store_value_cb)(void *ctx, const value *v);

/* Walks values matching f, ordered by indicator, unit, period. */
int store_value_each(store *s, const store_value_filter *f, store_value_cb cb, void *ctx, err *e);

/* The audit history of one value, oldest first. */
int store_value_history(store *s, const char *indicator_code, const char *unit_code,
			const period *p, value_audit **out, size_t *n, err *e);

/* ---- bulk paths for evaluation and import --------------------------- */

/* A raw cell of the value table, addressed by store ids (fast paths only). */
typedef struct store_cell {
	int64_t indicator_id;
	int64_t unit_id;
	int year;
	int month;     /* the last month of the value's period, 1..12 */
	num_t amount;
	bool estimate;
} store_cell;

typedef int (*store_cell_cb)(void *ctx, const store_cell *c);

/*
 * Walks every value of the given units (each named once) whose period lies
 * in years year_from..year_to, in no particular order, a statement per 64
 * units. The evaluation loads with it.
 */
int store_cells_for_units(store *s, const int64_t *unit_ids, size_t n_units,
			  int year_from, int year_to, store_cell_cb cb, void *ctx, err *e);

/* When one month's value of a unit was last entered (store_entries_for_units). */
typedef struct store_entry {
	int64_t unit_id, indicator_id;
	int year, month;
	int64_t at; /* Unix seconds */
} store_entry;

typedef int (*store_entry_cb)(void *ctx, const store_entry *x);

/*
 * Walks every value of the given units (each named once) in years
 * year_from..year_to with when it was last entered, in no particular
 * order, 64 units per statement (who has reported: core/completeness.c).
 */
int store_entries_for_units(store *s, const int64_t *unit_ids, size_t n_units, int year_from, int year_to,
			    store_entry_cb cb, void *ctx, err *e);

/*
 * Bulk writer for imports: prepared once, one call per value, inside a
 * transaction the caller holds. Values are pre-checked by the caller
 * (ids resolved, frequency and validity checked); the writer still keeps
 * the audit rule: a changed value is audited, an equal one is left alone.
 */
typedef struct store_bulk store_bulk;

int store_bulk_begin(store *s, const char *by, const char *reason, store_bulk **out, err *e);
int store_bulk_put(store_bulk *b, const store_cell *c, store_change *changed, err *e);
/* Changes who the following puts are recorded as (an import whose rows name
 * different people); cheaper than a new writer. */
int store_bulk_set_by(store_bulk *b, const char *by, err *e);
/* Changes when the following puts are recorded as entered (Unix seconds; 0:
 * now): the demo's figures, each entered on its own day. */
void store_bulk_set_at(store_bulk *b, int64_t at);
/* Changes the reason the following changes are audited with (cut to
 * NOTE_MAX - 1 bytes on a UTF-8 boundary): a row's own storedBy/created. */
void store_bulk_set_reason(store_bulk *b, const char *reason);
/*
 * Brings the roll-ups up to date with the puts so far (store_bulk_end does
 * it too, if not done; an error there aborts the caller's transaction so
 * its store_commit fails). Call before store_commit to see the error.
 */
int store_bulk_finish(store_bulk *b, err *e);
/* Frees the writer (does not commit: the caller's transaction decides). */
void store_bulk_end(store_bulk *b);

/* What the following puts may do (DHIS2's importStrategy): any (the
 * default), only create a value that is not there (an existing one is
 * STORE_SKIPPED), or only update one that is (a missing one is skipped). */
typedef enum store_bulk_strategy {
	STORE_BULK_ANY = 0,
	STORE_BULK_CREATE,
	STORE_BULK_UPDATE,
} store_bulk_strategy;
void store_bulk_set_strategy(store_bulk *b, store_bulk_strategy st);

/*
 * Deletes the value of cell c (its amount and estimate are not looked at)
 * as store_value_delete does: audited with the writer's by and reason, its
 * comment and follow-up dropped, the roll-ups brought up to date; inside the
 * caller's transaction (a savepoint). *changed: STORE_DELETED, or
 * STORE_SKIPPED when there was no value.
 */
int store_bulk_delete(store_bulk *b, const store_cell *c, store_change *changed, err *e);

/* ---- roll-ups (schema v7; store_rollup.c, docs/internals/scale.md) --- */

/*
 * One month of a roll-up of unit P: over P's children, the sum of their
 * effective values (a child's own values when it entered any of the
 * indicator in that year, else its own roll-up), the sum of their absolute
 * values, how many children have a value there and how many of those are
 * estimates. The store keeps them for every indicator, whatever its rule:
 * the evaluation decides where a sum is the right figure.
 */
typedef struct store_rollup_slot {
	num_t sum;
	int64_t abs;   /* sum of |value|: no order of adding can overflow while it fits */
	int32_t n_val;
	int32_t n_est;
} store_rollup_slot;

typedef struct store_rollup {
	int64_t unit_id, indicator_id;
	int year;
	uint16_t poison; /* bit k: month k+1 could not be kept (an overflow): do not use */
	store_rollup_slot m[12];
} store_rollup;

typedef int (*store_rollup_cb)(void *ctx, const store_rollup *r);

/*
 * The reads of many units that can be started ahead (store_prefetch_units):
 * store_cells_for_units, store_rollup_for_units, store_targets_for_units.
 */
typedef enum store_read {
	STORE_READ_CELLS,
	STORE_READ_ROLLUPS,
	STORE_READ_TARGETS,
	STORE_READ__N
} store_read;

/*
 * Starts a read of units ahead, inside a transaction: on PostgreSQL its
 * first 64 units are sent to the server now (db_prefetch), to run while the
 * caller reads other answers. The next read of that kind with the same
 * units (the same ids, in the same order) and years takes its rows from it;
 * any other read of that kind, or the end of the transaction, drops it.
 * Years y0..y1 (targets: y0 = y1 = the year). A hint: nothing happens
 * outside a transaction, from inside a walk's callback, or for targets on
 * SQLite (read there by rowid ranges).
 */
void store_prefetch_units(store *s, store_read what, const int64_t *ids, size_t n, int y0, int y1);

/* True when the roll-ups match the values (false after a unit moved to
 * another parent, or in a file migrated with values, until a rebuild). */
int store_rollup_ready(store *s, bool *ready, err *e);

/* Walks the roll-ups of the given units (each named once) for years
 * year_from..year_to, in no particular order; a non-zero return of cb stops
 * the walk and is returned. */
int store_rollup_for_units(store *s, const int64_t *unit_ids, size_t n_units, int year_from,
			   int year_to, store_rollup_cb cb, void *ctx, err *e);

/* Reads the roll-up of (unit, year, indicator); *found false when there is
 * none (no child has a value of it that year). */
int store_rollup_get(store *s, int64_t unit_id, int year, int64_t indicator_id,
		     store_rollup *out, bool *found, err *e);

/* Recomputes every roll-up from the values in one pass (own transaction,
 * or part of the caller's) and marks them ready. */
int store_rollup_rebuild(store *s, err *e);

/*
 * The targets of the units unit_ids[0..n_units) (each named once) for exactly one year
 * (year_from = year_to = year), each given to cb with the position of its
 * unit in unit_ids and its indicator's id (t->unit_code and
 * t->indicator_code are left empty); a non-zero return of cb stops the walk
 * and is returned, in no promised order. The evaluation's read of its loaded
 * units' targets: on SQLite the rowids come from the index on (unit_id,
 * year_from), then the rows are read in rowid order by ranges, not one seek
 * per row; on PostgreSQL, where a statement is a round trip, one statement
 * per 64 units reads their rows whole (db_seek_rows chooses; store_catalog.c).
 */
typedef int (*store_units_target_cb)(void *ctx, size_t unit_pos, int64_t indicator_id,
				     const target *t);
int store_targets_for_units(store *s, const int64_t *unit_ids, size_t n_units, int year,
			    store_units_target_cb cb, void *ctx, err *e);

/* The unit tree in one read: ids, parents, validity, and whether any
 * predecessor link names the unit (either side). */
typedef struct store_tree_node {
	int64_t id, parent_id; /* parent_id 0 for a root */
	cdate valid_from, valid_to;
	bool linked;
} store_tree_node;

/* *out malloc'd (caller frees), ordered by id. */
int store_unit_tree(store *s, store_tree_node **out, size_t *n, err *e);

/* ---- users, sessions, tokens (schema v3) ---------------------------- */
/*
 * The server's accounts and their secrets. The rules (roles, password
 * policy, throttling, permissions) live in src/auth; the store only keeps
 * rows. Secrets are never stored: a session or API token is kept as the hex
 * SHA-256 of its secret (64 characters), called token_hash below.
 */

#define STORE_TOKEN_HASH_LEN 64 /* hex SHA-256 */

/*
 * Inserts the user when u->id is 0 (ERR_CONFLICT for a login that exists),
 * else updates the user with that id (login, name, role, agency, active,
 * pw_hash). u->agency_code "" = none, else it must exist (ERR_NOTFOUND).
 * Fills u->id.
 */
int store_user_put(store *s, user_account *u, err *e);

/* Reads one user by login / by id; ERR_NOTFOUND naming it. */
int store_user_get(store *s, const char *login, user_account *out, err *e);
int store_user_get_by_id(store *s, int64_t id, user_account *out, err *e);

/* All users ordered by login; *out malloc'd (caller frees). */
int store_user_list(store *s, user_account **out, size_t *n, err *e);

/* Replaces all scopes of the user with sc[0..n) (unit codes must exist:
 * ERR_NOTFOUND naming the code; nothing changes then). */
int store_user_scopes_set(store *s, int64_t user_id, const user_scope *sc, size_t n, err *e);

/* The user's scopes ordered by unit code, kind; *out malloc'd (caller frees; NULL when none). */
int store_user_scopes(store *s, int64_t user_id, user_scope **out, size_t *n, err *e);

/* Records a session (token_hash: hex SHA-256 of its secret; csrf: its CSRF token). */
int store_session_put(store *s, const char *token_hash, int64_t user_id, const char *csrf,
		      int64_t created_at, int64_t expires_at, err *e);

/*
 * Reads a session live at `now`: its user id, CSRF token (copied into csrf,
 * size csrf_n) and expiry (expires_at may be NULL). ERR_NOTFOUND when it is
 * missing or expired.
 */
int store_session_get(store *s, const char *token_hash, int64_t now, int64_t *user_id,
		      char *csrf, size_t csrf_n, int64_t *expires_at, err *e);

/* Moves a session's expiry to expires_at (ERR_NOTFOUND when it does not exist). */
int store_session_touch(store *s, const char *token_hash, int64_t expires_at, err *e);

/* Deletes one session; no error when it does not exist. */
int store_session_delete(store *s, const char *token_hash, err *e);

/* Deletes every session of the user except keep_hash (NULL: all of them). */
int store_session_delete_for_user(store *s, int64_t user_id, const char *keep_hash, err *e);

/* An API token as listed (never its secret or hash). */
typedef struct store_token_info {
	char name[NAME_MAX_];
	int64_t created_at;
	int64_t expires_at; /* 0 = never */
} store_token_info;

/* Records an API token named `name` (unique per user: ERR_CONFLICT). expires_at 0 = never. */
int store_token_put(store *s, const char *token_hash, int64_t user_id, const char *name,
		    int64_t created_at, int64_t expires_at, err *e);

/*
 * The user id of a token live at `now`; ERR_NOTFOUND when missing or expired.
 * A token without expiry (expires_at 0, made before tokens had to have one)
 * is live only when created after `created_after`.
 */
int store_token_get(store *s, const char *token_hash, int64_t now, int64_t created_after, int64_t *user_id, err *e);

/* Deletes every API token of the user (a password change). */
int store_token_delete_for_user(store *s, int64_t user_id, err *e);

/* Deletes the user's token named `name`; ERR_NOTFOUND when there is none. */
int store_token_delete(store *s, int64_t user_id, const char *name, err *e);

/* The user's tokens ordered by name; *out malloc'd (caller frees; NULL when none). */
int store_token_list_for_user(store *s, int64_t user_id, store_token_info **out, size_t *n,
			      err *e);

/* Records a failed login (ip NULL or "" when unknown). */
int store_login_failure_add(store *s, const char *login, const char *ip, int64_t at, err *e);

/*
 * Counts failures at or after `since` for login from ip (both given), for
 * login from anywhere (ip NULL) or for ip whatever the login (login NULL).
 * *latest (may be NULL) gets the time of the newest counted failure (0 when
 * none).
 */
int store_login_failure_count(store *s, const char *login, const char *ip, int64_t since,
			      int64_t *count, int64_t *latest, err *e);

/* Forgets the failures of a login from ip (after a successful login); ip NULL: from anywhere. */
int store_login_failure_clear(store *s, const char *login, const char *ip, err *e);

/* Housekeeping: deletes sessions and tokens expired at `now` and failures before failures_before. */
int store_auth_purge(store *s, int64_t now, int64_t failures_before, err *e);

/* ---- locks: settings and reopened periods (schema v4) ---------------- */
/*
 * Rows for period locking; the rules (deadlines, who may reopen, what a
 * reopening covers) are src/core/lock.c's.
 */

#define STORE_SETTING_MAX 128 /* bytes of a setting's key or value */

/*
 * Reads the setting `key` into out (size n). *found is false (and out "")
 * when it was never set.
 */
int store_setting_get(store *s, const char *key, char *out, size_t n, bool *found, err *e);

/* Sets (inserts or replaces) a setting; key and value under STORE_SETTING_MAX bytes. */
int store_setting_set(store *s, const char *key, const char *val, err *e);

/* A period an administrator reopened for a unit (and its descendants). */
typedef struct store_reopen {
	int64_t id;
	char unit_code[CODE_MAX];
	period period;
	cdate until;           /* entry is open through the end of this day (Vietnam time) */
	char by[WHO_MAX];
	int64_t at;            /* Unix seconds */
	char reason[NOTE_MAX];
} store_reopen;

/* Records a reopening (unit must exist: ERR_NOTFOUND). Fills r->id. */
int store_reopen_add(store *s, store_reopen *r, err *e);

/*
 * The reopening of period p that covers unit_code on day `on`: one made for
 * the unit or any of its ancestors with until >= on, at or after `since`
 * (Unix seconds; 0: any); the one lasting longest when several do. *found
 * false when none does; ERR_NOTFOUND for an unknown unit.
 */
int store_reopen_find(store *s, const char *unit_code, const period *p, cdate on, int64_t since,
		      store_reopen *out, bool *found, err *e);

/* A period an administrator closed by hand for a unit (and its descendants). */
typedef struct store_closing {
	int64_t id;
	char unit_code[CODE_MAX];
	period period;
	char by[WHO_MAX];
	int64_t at;            /* Unix seconds */
	char reason[NOTE_MAX];
} store_closing;

/* Records a closing (unit must exist: ERR_NOTFOUND). Fills c->id. */
int store_closing_add(store *s, store_closing *c, err *e);

/*
 * The latest closing of period p made for unit_code or any of its
 * ancestors. *found false when none; ERR_NOTFOUND for an unknown unit.
 */
int store_closing_find(store *s, const char *unit_code, const period *p, store_closing *out, bool *found,
		     err *e);

/* Called with a period's code (and an agency's, "" for none) by the listings below; non-zero stops them. */
typedef int (*store_period_fn)(void *ctx, const char *period_code, const char *agency_code, err *e);

/*
 * Every period closed by hand (period_close) for unit_code or any of its
 * ancestors, each once, agency_code "": where store_closing_find may find
 * one (a bulk import asks it per period only for these). ERR_NOTFOUND for an
 * unknown unit; fn's error.
 */
int store_closing_periods(store *s, const char *unit_code, store_period_fn fn, void *ctx, err *e);

/* Lists closings, newest first: of unit_code (NULL: all units). *out malloc'd (caller frees). */
int store_closing_list(store *s, const char *unit_code, store_closing **out, size_t *n, err *e);

/* ---- approval (schema v11, per agency v14; rules in core/approval.c) --- */

/*
 * The state of a unit's figures of a period on their way up: of the whole
 * unit (agency "") or of one agency's part, the indicators of that agency
 * (a department at a city). Every call below takes agency_code: NULL or ""
 * for the whole unit, else an agency's code (ERR_NOTFOUND when unknown).
 */
typedef struct store_approval {
	char unit_code[CODE_MAX];
	period period;
	char agency_code[CODE_MAX]; /* "" for the whole unit */
	char state[16];         /* "draft" when nothing was done yet; else core/approval.h's codes */
	char by[WHO_MAX];
	int64_t at;
	char comment[NOTE_MAX];
} store_approval;

/* One step taken, for the audit. */
typedef struct store_approval_event {
	char from[16], to[16];
	char by[WHO_MAX];
	int64_t at;
	char comment[NOTE_MAX];
} store_approval_event;

/*
 * The period and agency ("" for the whole unit) of every approval row of
 * unit_code, whatever its state: the keys store_approval_get may find a row
 * for (elsewhere it answers draft). ERR_NOTFOUND for an unknown unit; fn's error.
 */
int store_approval_keys(store *s, const char *unit_code, store_period_fn fn, void *ctx, err *e);

/* The state (draft when none); ERR_NOTFOUND for an unknown unit or agency. */
int store_approval_get(store *s, const char *unit_code, const period *p, const char *agency_code,
		       store_approval *out, err *e);

/*
 * Moves the state from `from` to `to` and records the step, in one
 * transaction; ERR_CONFLICT when the state is no longer `from` (another
 * writer moved first: nothing written).
 */
int store_approval_move(store *s, const char *unit_code, const period *p, const char *agency_code, const char *from,
			const char *to, const char *by, int64_t at, const char *comment, err *e);

/* The whole units' states (agency parts left out) of the given units'
 * months of a year that are not draft, as (unit id, month, state code), in
 * no particular order, 64 units per statement (who has reported:
 * core/completeness.c; approved figures only: core/eval_load.c). */
typedef int (*store_approval_state_cb)(void *ctx, int64_t unit_id, int month, const char *state);
int store_approval_states(store *s, const int64_t *unit_ids, size_t n_units, int year, store_approval_state_cb cb,
			  void *ctx, err *e);

/* The steps taken, oldest first; *out malloc'd (caller frees). */
int store_approval_events(store *s, const char *unit_code, const period *p, const char *agency_code,
			  store_approval_event **out, size_t *n, err *e);

/* ---- own or aggregated figures (schema v13; rules in core/source.h) ---- */

/* Every setting, by indicator code then unit code then level; *out
 * malloc'd (caller frees; NULL when none). */
int store_sources_list(store *s, fig_source_rule **out, size_t *n, err *e);

/*
 * Sets the source of indicator_code at unit_code, or (unit_code NULL or "")
 * at every unit of `level`: FIG_OWN or FIG_AGGREGATED, or FIG_DEFAULT to
 * remove the setting. The rule (fig_source_check) is checked; in the same
 * transaction the roll-ups of that indicator above the units concerned move
 * by the difference, as a write of values moves them (no rebuild: a nation
 * of 100 million values changes a few hundred rows). ERR_NOTFOUND for an
 * unknown indicator or unit.
 */
int store_source_set(store *s, const char *indicator_code, const char *unit_code, unit_type level,
		     fig_source src, const char *by, int64_t at, err *e);

/* Whether the figure of indicator ind_id at unit unit_id is the unit's own
 * (true) or its units' aggregate (false), by ids: core/source.h's rule over
 * the settings, the indicator and whether the unit has units below. */
int store_source_own(store *s, int64_t unit_id, int64_t ind_id, bool *own, err *e);

/* The source used for indicator_code at unit_code (the setting, else the
 * rule of the indicator and whether the unit has units below), and *set the
 * setting that decided it (FIG_DEFAULT when none). */
int store_source_of(store *s, const char *indicator_code, const char *unit_code, fig_source *used,
		    fig_source *set, err *e);

/*
 * Lists reopenings, newest first: of unit_code (NULL: all units), only those
 * with until >= active_on unless active_on is the none date. *out malloc'd
 * (caller frees; NULL when none).
 */
int store_reopen_list(store *s, const char *unit_code, cdate active_on, store_reopen **out,
		      size_t *n, err *e);

/* ---- report wording (table report_template; rules in src/report) ------ */

#define STORE_TEMPLATE_MAX 8192 /* bytes of one template's body */

/* The stored body of template `key` into out (size n); *found false when the
 * administrator never changed it (the built-in wording applies). */
int store_template_get(store *s, const char *key, char *out, size_t n, bool *found, err *e);

/* Stores (replaces) a template body, by the store's actor. */
int store_template_set(store *s, const char *key, const char *body, err *e);

/* Removes an edited template (back to the built-in wording); no error if none. */
int store_template_reset(store *s, const char *key, err *e);

/* Keys of the edited templates, sorted; *keys malloc'd array of malloc'd strings
 * (caller frees each and the array). */
int store_template_keys(store *s, char ***keys, size_t *n, err *e);

/* ---- meetings and tasks (issue #5) ------------------------------------ */

/*
 * Persistence only: these writes keep what they are given and check no rule
 * of meetings and tasks. The rules are core/task.h's, applied around these
 * writes by core/task_ops.h (task_put, task_extend, meeting_put, ...):
 * call those to change meetings and tasks. A write refuses only what it
 * cannot keep: an unknown id or code (ERR_NOTFOUND naming it), a reason
 * longer than TASK_REASON_MAX - 1 bytes (ERR_INVALID).
 */

/*
 * Meetings: put inserts (m->id 0; fills id, created_at, created_by = the
 * store's actor when empty) or updates by id (ERR_NOTFOUND for an unknown
 * one; keeps who created it and when, and fills them in *m); an update
 * that moves the date moves its tasks' assignment day (assigned_on) with
 * it. The holding unit, attending units and reviewed indicators must exist
 * (ERR_NOTFOUND naming the code).
 */
int store_meeting_put(store *s, meeting *m, err *e);
int store_meeting_get(store *s, int64_t id, meeting *out, err *e);

typedef struct store_meeting_filter {
	const char *unit_code;   /* held by this unit (NULL: any) */
	int kind;                /* meeting_kind, 0: any */
	cdate from, to;          /* held within [from, to]; none dates: open ends */
	long limit;              /* at most this many (0: all) */
	const meeting *after;    /* when set: only those after it in the list's order (the next
	                            page; lists that filter in C read page by page so as not to
	                            hold every meeting: one is ~23 KB in memory) */
} store_meeting_filter;

/* Meetings matching f, newest first. *out malloc'd (caller frees). */
int store_meeting_list(store *s, const store_meeting_filter *f, meeting **out, size_t *n, err *e);

/* Deletes a meeting and its links (ERR_NOTFOUND for an unknown id). Tasks
 * of it make the database's foreign key refuse it (ERR_CONFLICT with the
 * engine's message); meeting_delete (task_ops.h) refuses first, by the rule. */
int store_meeting_delete(store *s, int64_t id, err *e);

/* *n = how many tasks meeting id gave (cancelled ones too). */
int store_meeting_task_count(store *s, int64_t id, long long *n, err *e);

/*
 * Tasks: put writes t as it is given, which is as task_prepare of
 * core/task.h leaves it (state, due_original, a meeting's day and unit,
 * what an edit keeps, created_at, updated_at): nothing is derived here but
 * assigned_by, the store's actor when empty. It inserts (t->id 0: fills
 * id; a TASK_EV_CREATED event by the store's actor) or updates content,
 * owner, units, indicators, priority, due and due_original by id
 * (ERR_NOTFOUND for an unknown one; TASK_EV_EDITED). The owner unit, the
 * lead and the coordinating units and agencies and the indicators must
 * exist (ERR_NOTFOUND naming the code); an unknown meeting is refused by
 * the database's foreign key (ERR_CONFLICT). No rule is checked: task_put
 * does (a unit merged before the assignment day, a deadline before the
 * meeting, a later deadline without extension).
 */
int store_task_put(store *s, task *t, err *e);
int store_task_get(store *s, int64_t id, task *out, err *e);

typedef struct store_task_filter {
	const char *unit_code;    /* tasks this unit leads or coordinates (NULL: any) */
	const char *agency_code;  /* tasks this agency leads or coordinates (NULL: any) */
	bool lead_only;           /* with unit_code/agency_code: only those it leads */
	bool coord_only;          /* with unit_code/agency_code: only those it coordinates */
	const char *owner_unit;   /* tasks assigned by this unit's government (NULL: any) */
	const char *const *units; /* when non-NULL: only tasks whose owner, lead or a coordinating
	                             unit is among these n_units codes (a user's visible units),
	                             or whose lead or a coordinating agency is `or_agency` */
	size_t n_units;
	const char *or_agency;
	int64_t meeting_id;       /* tasks of this meeting (0: any) */
	bool open_only;           /* state open */
	cdate due_from, due_to;   /* due within [due_from, due_to]; none dates: open ends */
	const char *indicator;    /* linked to this indicator (NULL: any) */
	long limit;               /* at most this many rows (0: all); not with `units` */
	const task *after;        /* when set: only those after it in the list's order (due, id):
	                             the next page (a task is ~5 KB in memory; lists that filter
	                             in C read page by page so as not to hold every task) */
} store_task_filter;

/* Tasks matching f, ordered by due then id. *out malloc'd (caller frees). */
int store_task_list(store *s, const store_task_filter *f, task **out, size_t *n, err *e);

/*
 * The changes of a task's state. `stored` is the task as store_task_get
 * read it in the caller's transaction (task_ops.c reads it for the rules):
 * the write starts from it instead of reading it again, and refuses an
 * unknown stored->id (ERR_NOTFOUND). Each records one event by the store's
 * actor, now, with the task's percent.
 *
 * extend: the deadline becomes new_due (a day, no longer a period);
 * TASK_EV_EXTENDED with the old one and the reason. Rules: task_extend.
 * cancel: the task is cancelled; TASK_EV_CANCELLED with the reason. Rules:
 * task_cancel. reopen: the task is open again (no done day);
 * TASK_EV_REOPENED with the day it had been done and the reason. Rules:
 * task_reopen.
 */
int store_task_extend(store *s, const task *stored, cdate new_due, const char *reason, err *e);
int store_task_cancel(store *s, const task *stored, const char *reason, err *e);
int store_task_reopen(store *s, const task *stored, const char *reason, err *e);

/*
 * Stores progress report p of task `stored` (as above; p->task_id becomes
 * stored->id) with its attachment (attach may be NULL;
 * task_progress_attach makes p's attachment fields describe attach_len
 * bytes), by p->by (the store's actor when empty) now. Sets the task's
 * percent; a report with done marks the task done on p->date
 * (TASK_EV_PROGRESS, then TASK_EV_DONE). Fills p->id and p->at. Rules (the
 * lead reports, on an open task, ...): task_progress_add
 * (task_check_progress).
 */
int store_task_progress_add(store *s, const task *stored, task_progress *p, const void *attach,
			    size_t attach_len, err *e);

/* The unit that unit `code` became: the unit of its earliest link as a
 * predecessor (by date, then code); only code and name are filled. *found
 * false when no link records one; ERR_NOTFOUND for an unknown code. For the
 * message that a task's unit no longer exists (task_check_unit_on). */
int store_task_unit_successor(store *s, const char *code, unit *out, bool *found, err *e);

/* The Unix time the writes of meetings and tasks record now: store_set_now's,
 * else the clock. The rules' "today" is its Vietnam day (task_today). */
int64_t store_task_now(store *s);

/* Progress reports of a task, oldest first (without attachment bytes). */
int store_task_progress_list(store *s, int64_t task_id, task_progress **out, size_t *n, err *e);

/* One progress report's attachment: *data malloc'd (caller frees), with its
 * name and type in p. ERR_NOTFOUND when the report has none. */
int store_task_attachment(store *s, int64_t progress_id, task_progress *p, void **data,
			  size_t *len, err *e);

/* The history of a task, oldest first. */
int store_task_events(store *s, int64_t task_id, task_event **out, size_t *n, err *e);

/* ---- rules between indicators, comments of values (schema v12) ---------- */
/*
 * Rows of table validation_rule (store_vrules.c); what a rule means is
 * core/vrule.h's. put inserts or updates by code after vrule_compile, with
 * the indicators it names read in the same transaction (vrule_check_refs:
 * unknown codes ERR_NOTFOUND, two frequencies ERR_INVALID); fills r->id.
 * list: ordered by code, *out malloc'd (caller frees). delete: ERR_NOTFOUND
 * for an unknown code.
 */
int store_vrule_put(store *s, vrule *r, err *e);
int store_vrule_get(store *s, const char *code, vrule *out, err *e);
int store_vrule_list(store *s, vrule **out, size_t *n, err *e);
int store_vrule_delete(store *s, const char *code, err *e);

/* The comment kept with a value into out (size n); *found false (out "")
 * when it has none. */
int store_value_comment_get(store *s, const char *indicator_code, const char *unit_code, const period *p,
			    char *out, size_t n, bool *found, err *e);

/* The keys of the values that carry a comment (indicator, unit, year, month;
 * amount 0), sorted by unit, indicator, year, month; *out malloc'd (NULL when
 * none). An import reads them once to drop the comments of the values it changes. */
int store_value_comment_keys(store *s, store_cell **out, size_t *n, err *e);

/* Walks every value comment with its codes, in no promised order: cb gets the
 * indicator and unit codes, the year and month of the value's period (its
 * last month) and the text; a non-zero return stops the walk and is
 * returned. The DHIS2 export reads them once (they are few). */
typedef int (*store_comment_cb)(void *ctx, const char *indicator_code, const char *unit_code, int year, int month,
				const char *text);
int store_value_comment_each(store *s, store_comment_cb cb, void *ctx, err *e);

/* Drops the comment of the value at c's key (no error when it has none). */
int store_value_comment_drop(store *s, const store_cell *c, err *e);

/* Keeps text as the comment of the value at c's key (replacing one), by
 * `by`, now. */
int store_value_comment_put(store *s, const store_cell *c, const char *text, const char *by, err *e);

/*
 * The rules check of written values, inside the writer's transaction, after
 * the values are in place (a bulk writer finished or ended): for each unit
 * and month written, every rule naming a written indicator is evaluated over
 * the unit's stored values of that period (vrule_eval; a missing value skips
 * it). A broken error rule refuses: vrule_refuse's ERR_CONFLICT, *bad the
 * index of a written cell it names. A broken warning rule passes when a value
 * it names has a comment; else, with a comment given (not NULL or ""), the
 * comment is kept (by, now) with the written cells it names and it passes;
 * else it refuses (ERR_INVALID, asking for the comment). The caller rolls
 * back on any error. store_value_put runs it for its value; the bulk writer
 * does not (its callers do: import.c).
 */
int store_vrules_check_cells(store *s, const store_cell *cells, size_t n, const char *comment, const char *by,
			     size_t *bad, err *e);

/* The same over cells the caller hands out one at a time: at(ctx, i, out)
 * fills cell i (0 <= i < n), so a caller holding its rows in another shape
 * (an import) need not copy every cell into an array. */
typedef void (*store_cell_at_fn)(void *ctx, size_t i, store_cell *out);
int store_vrules_check_fn(store *s, store_cell_at_fn at, void *ctx, size_t n, const char *comment, const char *by,
			  size_t *bad, err *e);

/* ---- notifications: in-app notices and the outbox (schema v15, store_notify.c) ----
 * Rows only: who is told of what, the messages' words, the backoff and the
 * sending are src/core/notify*.c's. */

#define NOTIFY_VALUE_MAX 1024   /* bytes of a notify_config value (URL, sender, secret) */
#define NOTIFY_SUBJECT_MAX 256
#define NOTIFY_BODY_MAX 4096
#define NOTIFY_LINK_MAX 256
#define NOTIFY_ERROR_MAX 512

/* Reads notify_config's `name` into out (size n, "" and *found false when unset). */
int store_notify_config_get(store *s, const char *name, char *out, size_t n, bool *found, err *e);

/* Sets notify_config's `name` to val; val NULL deletes it. */
int store_notify_config_set(store *s, const char *name, const char *val, err *e);

/* ---- the DHIS2 exchange's mapping (schema v16, exchange_map) ------------ */

#define XMAP_ID_MAX 64    /* a DHIS2 uid, code, categoryOptionCombo or attributeOptionCombo */
#define XMAP_NAME_MAX 256 /* a DHIS2 name */

/* One DHIS2 identifier and the chitieu code it lands on. kind "orgUnit":
 * uid (with code and name, for idScheme CODE/NAME) -> unit target;
 * kind "dataElement": uid + coc + aoc ("" = default) -> indicator target. */
typedef struct store_xmap {
	char kind[16];
	char uid[XMAP_ID_MAX];
	char coc[XMAP_ID_MAX];
	char aoc[XMAP_ID_MAX];
	char code[XMAP_ID_MAX];
	char name[XMAP_NAME_MAX];
	char target[CODE_MAX];
	char changed_by[64];       /* a login */
	int64_t changed_at;
} store_xmap;

/* Every row of exchange_map, by kind, uid, coc, aoc, into a malloc'd *out
 * (NULL when none; the caller frees it) of *n rows. kind NULL: both kinds. */
int store_xmap_list(store *s, const char *kind, store_xmap **out, size_t *n, err *e);

/* Inserts or replaces the row of (kind, uid, coc, aoc); changed_at is now.
 * The caller checked it (core/xmap.c xmap_check). */
int store_xmap_put(store *s, const store_xmap *m, err *e);

/* Deletes the row of (kind, uid, coc, aoc); *found false when there was none. */
int store_xmap_delete(store *s, const char *kind, const char *uid, const char *coc, const char *aoc,
		      bool *found, err *e);

/* Marks (on) or clears DHIS2's follow-up flag of the value of cell c
 * (value_followup), inside the caller's transaction. */
int store_value_followup_set(store *s, const store_cell *c, bool on, const char *by, err *e);

/* Calls cb for every value marked for follow-up, with its codes, year and month. */
typedef int (*store_followup_cb)(void *ctx, const char *indicator_code, const char *unit_code, int year, int month);
int store_value_followup_each(store *s, store_followup_cb cb, void *ctx, err *e);

/* A user a notice goes to, with what the outbox needs. */
typedef struct store_recipient {
	int64_t user_id;
	char login[LOGIN_MAX];
	char name[NAME_MAX_];
	char email[EMAIL_MAX];
	bool email_on;   /* notify_pref.email_on (1 when the user has no row) */
	bool webhook_on; /* notify_pref.webhook_on (1 when none) */
	char unsub_token[72]; /* notify_pref.unsub_token: the one-click unsubscribe link's key ("" until made) */
	int quiet_from, quiet_to; /* quiet hours, minutes after midnight in Vietnam; equal: none */
	bool digest;              /* emails gathered into one a day (channel "digest") */
	char agency_code[CODE_MAX]; /* a department officer's agency; "" otherwise */
} store_recipient;

/*
 * The active users of a unit or an agency, ordered by login: with unit_code
 * set, those holding an `enter` scope on exactly that unit (of agency_code
 * only, when agency_code is set too); with unit_code NULL or "", the users
 * of agency_code (users.agency_id). *out malloc'd (caller frees; NULL when none).
 */
int store_notify_recipients(store *s, const char *unit_code, const char *agency_code, store_recipient **out,
			    size_t *n, err *e);

/* The codes of the units some active user holds an `enter` scope on, sorted;
 * *out malloc'd (caller frees; NULL when none). */
int store_notify_enter_units(store *s, char (**out)[CODE_MAX], size_t *n, err *e);

/* Reads one user's preferences (defaults when the user has no row). */
int store_notify_pref_get(store *s, int64_t user_id, store_recipient *out, err *e);

/* Sets a user's email and webhook switches (inserts the row when missing). */
int store_notify_pref_set(store *s, int64_t user_id, bool email_on, bool webhook_on, err *e);

/* Sets whether the user's emails come as one daily digest (inserting the row when missing). */
int store_notify_digest_set(store *s, int64_t user_id, bool digest, err *e);

/* Sets the user's quiet hours (minutes after midnight in Vietnam, 0..1439;
 * equal: none), inserting the row when missing. */
int store_notify_quiet_set(store *s, int64_t user_id, int quiet_from, int quiet_to, err *e);

/*
 * Gives back claim number `attempts` of delivery id unsent and uncounted
 * (attempts - 1, pending until next_at, with why): the recipient's quiet
 * hours. Changes nothing when another claim took it since.
 */
int store_delivery_postpone(store *s, int64_t id, int attempts, int64_t next_at, const char *why, err *e);

/* Gives the user the unsubscribe key token unless they have one (the row is made when missing);
 * *out_token (size n) is the key the user has afterwards. */
int store_notify_unsub_token(store *s, int64_t user_id, const char *token, char *out_token, size_t n, err *e);

/* Turns email off for the user whose unsubscribe key is token: *login (size n) is
 * theirs; ERR_NOTFOUND for an unknown or empty token. */
int store_notify_unsubscribe(store *s, const char *token, char *login, size_t n, err *e);

/* Sets the user's email address ("" removes it); the caller checks it (notify_email_check). */
int store_user_email_set(store *s, int64_t user_id, const char *email, err *e);

/* One in-app notice. */
typedef struct store_notice {
	int64_t id;
	int64_t user_id;
	char kind[32];
	char subject[NOTIFY_SUBJECT_MAX];
	char body[NOTIFY_BODY_MAX];
	char link[NOTIFY_LINK_MAX];
	int64_t created_at;
	int64_t read_at; /* 0: unread */
	char ref[64];    /* what a reminder is of ("task:12:due:2022-07-31"), so it is written once; "" */
} store_notice;

/* Inserts n (its id, read_at ignored) and fills n->id; in the caller's transaction. */
int store_notice_add(store *s, store_notice *n, err *e);

/* True in *yes when user_id already has a notice with reference ref. */
int store_notice_exists(store *s, int64_t user_id, const char *ref, bool *yes, err *e);

/* Queues the notice's delivery on channel ("email", "webhook") to address, due at `at`. */
int store_delivery_add(store *s, int64_t notice_id, const char *channel, const char *address, int64_t at, err *e);

/*
 * The user's notices, newest first, at most limit (unread only when
 * unread_only), and *unread their unread count. *out malloc'd (caller frees).
 */
int store_notice_list(store *s, int64_t user_id, bool unread_only, int limit, store_notice **out, size_t *n,
		      int64_t *unread, err *e);

/* Marks the user's notice id (0: all of them) read at `at`; ERR_NOTFOUND
 * when id is not one of the user's notices. */
int store_notice_read(store *s, int64_t user_id, int64_t id, int64_t at, err *e);

/* One delivery of the outbox, with its notice and recipient. */
typedef struct store_delivery {
	int64_t id;
	int64_t notice_id;
	char channel[16];
	char address[EMAIL_MAX];
	char state[16]; /* pending, sending, sent, failed */
	int attempts;
	int64_t next_at;
	char last_error[NOTIFY_ERROR_MAX];
	int64_t sent_at;
	int64_t created_at;
	store_notice notice;
	char login[LOGIN_MAX];
	char user_name[NAME_MAX_];
	char unsub_token[72]; /* the recipient's unsubscribe key ("" when none) */
	int quiet_from, quiet_to; /* the recipient's quiet hours (store_recipient) */
} store_delivery;

/*
 * Takes the outbox's next due delivery (pending or sending with next_at <=
 * now, the oldest due first) of the channels in the mask (STORE_CH_*: a
 * channel not configured is left waiting, untried) in its own write
 * transaction: its state becomes "sending", attempts one more, next_at now
 * + lease (another worker, or this one after a kill, takes it again only
 * once the lease is over). *found false when nothing is due.
 */
#define STORE_CH_EMAIL 1u
#define STORE_CH_WEBHOOK 2u
#define STORE_CH_ALL (STORE_CH_EMAIL | STORE_CH_WEBHOOK)
int store_delivery_claim(store *s, int64_t now, int64_t lease, unsigned channels, store_delivery *out, bool *found,
			 err *e);

/*
 * The rest of a digest: after claiming digest delivery `first`, claims in
 * one write transaction every other due "digest" delivery to the same
 * address (as store_delivery_claim does: sending, attempts + 1, leased),
 * oldest first, at most max. *out malloc'd (caller frees; NULL when none).
 */
int store_delivery_claim_digest(store *s, const store_delivery *first, int64_t now, int64_t lease, size_t max,
				store_delivery **out, size_t *n, err *e);

/*
 * Records the outcome of claim number `attempts` of delivery id: sent (at
 * now), or not, with the server's reply, then pending until next_at, or
 * failed for good when give_up. Changes nothing (and returns 0) when
 * another claim took the delivery since.
 */
int store_delivery_done(store *s, int64_t id, int attempts, int64_t now, err *e);
int store_delivery_retry(store *s, int64_t id, int attempts, int64_t next_at, const char *error, bool give_up,
			 err *e);

/* The delivery log: the latest deliveries first, at most limit. *out malloc'd. */
int store_delivery_list(store *s, int limit, store_delivery **out, size_t *n, err *e);

/* ---- copying a whole database (store_copy.c) ---------------------------- */

#define STORE_COPY_MAX_TABLES 40

/* What store_copy_run copied: the rows of each table, in the order copied. */
typedef struct store_copy_stats {
	struct {
		const char *table; /* a static name */
		int64_t rows;
	} tables[STORE_COPY_MAX_TABLES];
	int n_tables;
	int64_t rows; /* all tables */
} store_copy_stats;

/*
 * Copies every table of src into dst (both opened with store_open, so dst
 * already has the schema), ids kept as they are: the model, values, audits,
 * roll-ups, users, scopes, API tokens, settings, reopened periods, report
 * templates, meetings and tasks with their attachments. Not copied: login
 * sessions and login failures (a copy starts with nobody logged in) and
 * schema_version (dst has its own). Works between any two engines.
 *
 * Refused with ERR_CONFLICT (nothing written): the two schema versions
 * differ (the message names both), src holds a table this build does not
 * know how to copy, the table columns differ, or dst already holds data and
 * force is false. With force, dst's data (and its sessions) is deleted first,
 * inside the same transaction.
 *
 * All or nothing: src is read in one snapshot and dst written in one
 * transaction. Before the commit every table is read back from dst and its
 * row count and checksum (a hash of every row in a canonical form, the same
 * on both engines) compared with what was read from src; a difference rolls
 * everything back (ERR_DB naming the table). On PostgreSQL the identity
 * sequences of dst are moved past the copied ids. src and dst must be two
 * different databases with no transaction open.
 *
 * progress (may be NULL) is called with rows done and the total, each row
 * counting twice (copied, then checked). *out (may be NULL) gets the counts.
 */
int store_copy_run(store *src, store *dst, bool force,
		   void (*progress)(void *ctx, long done, long total), void *ctx,
		   store_copy_stats *out, err *e);

#endif
