/*
 * test_db.c - the database layer itself (src/db): its pure functions (which
 * engine a --db text names, a target never shown with its password), and
 * what both drivers must do alike, run on a SQLite file and, with
 * $CHITIEU_TEST_PG set, on the PostgreSQL test server: a failed bind makes
 * the step fail, a step after DB_DONE runs again, db_changes counts writes
 * only, statements sent ahead (db_prefetch) answer as if run at their step. Then PostgreSQL's own: a bounded wait for the writers' lock, no
 * reconnection inside a transaction, the read transaction's data version.
 * The rest of the drivers is exercised by every store test, on both
 * engines (tests/unit/testlib.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "db/db.h"
#include "testlib.h"

static void postgres_targets_are_told_from_files(void **state)
{
	(void)state;
	assert_true(db_target_is_postgres("postgresql://chitieu@db1/chitieu"));
	assert_true(db_target_is_postgres("postgres://u:p@h:5432/x"));
	assert_true(db_target_is_postgres("host=A,B dbname=chitieu target_session_attrs=read-write"));
	assert_true(db_target_is_postgres("  dbname = chitieu"));
	assert_false(db_target_is_postgres("chitieu.db"));
	assert_false(db_target_is_postgres("/srv/chitieu/bac-kan.db"));
	assert_false(db_target_is_postgres("file:demo.db?mode=ro"));
	assert_false(db_target_is_postgres("a b=c.db")); /* a file name with '=' after a space */
	assert_false(db_target_is_postgres(""));
	assert_false(db_target_is_postgres(NULL));
}

static void safe_target_hides_every_password(void **state)
{
	char out[256];
	(void)state;
	db_target_safe("postgresql://chitieu:bi-mat@db1:5432/chitieu?sslmode=require", out, sizeof out);
	assert_string_equal(out, "postgresql://chitieu@db1:5432/chitieu?sslmode=require");
	db_target_safe("postgresql://chitieu@db1/chitieu?password=bi-mat&sslmode=require", out, sizeof out);
	assert_string_equal(out, "postgresql://chitieu@db1/chitieu?password=***&sslmode=require");
	db_target_safe("host=db1 user=chitieu password=bi-mat dbname=chitieu", out, sizeof out);
	assert_string_equal(out, "host=db1 user=chitieu password=*** dbname=chitieu");
	db_target_safe("host=db1 password='bi mat \\' x' dbname=chitieu", out, sizeof out);
	assert_string_equal(out, "host=db1 password=*** dbname=chitieu");
	db_target_safe("/srv/chitieu/bac-kan.db", out, sizeof out);
	assert_string_equal(out, "/srv/chitieu/bac-kan.db");
	db_target_safe("postgresql://db1/chitieu", out, sizeof out);
	assert_string_equal(out, "postgresql://db1/chitieu");
	db_target_safe("host=db1 password=bi-mat", out, 12); /* cut short, still no secret */
	assert_null(strstr(out, "bi-mat"));
}


/* ---- both engines ------------------------------------------------------ */

/* A connection for the tests below: a fresh SQLite file, or the PostgreSQL test server. */
typedef struct engine {
	db *d;
	char dir[64];
	char path[96];
} engine;

static int engine_open(engine *g, bool pg)
{
	err e;
	g->dir[0] = '\0';
	if (pg)
		return db_open(tl_pg(), 0, &g->d, &e);
	snprintf(g->dir, sizeof g->dir, "/tmp/test_db_XXXXXX");
	if (!mkdtemp(g->dir))
		return -1;
	snprintf(g->path, sizeof g->path, "%s/t.db", g->dir);
	return db_open(g->path, DB_OPEN_CREATE, &g->d, &e);
}

static void engine_close(engine *g)
{
	db_close(g->d);
	g->d = NULL;
	if (g->dir[0])
		tl_db_remove(g->path, g->dir);
}

/* Runs body(d) on SQLite, then on PostgreSQL when the tests have a server. */
static void on_each_engine(void (*body)(db *d))
{
	for (int pg = 0; pg < 2; pg++) {
		engine g;
		if (pg && !tl_pg())
			break;
		assert_int_equal(engine_open(&g, pg), 0);
		body(g.d);
		engine_close(&g);
	}
}

/* The one integer a statement answers, or -1. */
static int64_t one_int(db *d, const char *sql)
{
	db_stmt *st = NULL;
	int64_t v = -1;
	if (db_prepare(d, sql, false, &st, NULL) == 0 && db_step(st) == DB_ROW)
		v = db_col_int(st, 0);
	db_finalize(st);
	return v;
}

static void failed_bind_body(db *d)
{
	db_stmt *st = NULL;
	assert_int_equal(db_prepare(d, "SELECT CAST(?1 AS BIGINT), CAST(?2 AS TEXT)", true, &st, NULL), 0);
	assert_int_equal(db_bind_int(st, 1, 7), 0);
	assert_int_equal(db_bind_text(st, 2, "a"), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 7);
	/* a value too big to bind: the statement must not run without it */
	db_reset(st);
	assert_int_equal(db_bind_textn(st, 2, "x", SIZE_MAX / 2), ERR_TOOBIG);
	assert_int_equal(db_step(st), ERR_TOOBIG);
	assert_non_null(strstr(db_errmsg(d), "?2"));
	assert_int_equal(db_step(st), ERR_TOOBIG); /* still, until a reset or a clear */
	/* a parameter the statement does not have */
	db_reset(st);
	assert_int_equal(db_bind_text(st, 2, "b"), 0);
	assert_int_equal(db_bind_int(st, 3, 1), ERR_DB);
	assert_int_equal(db_step(st), ERR_DB);
	assert_non_null(strstr(db_errmsg(d), "?3"));
	/* cleared: runs again, every parameter NULL */
	db_clear_bindings(st);
	assert_int_equal(db_step(st), DB_ROW);
	assert_true(db_col_null(st, 0));
	assert_true(db_col_null(st, 1));
	/* a bind on a statement that runs (not reset) fails on both engines, and so does the step */
	assert_int_equal(db_bind_int(st, 1, 8), ERR_DB);
	assert_int_equal(db_step(st), ERR_DB);
	db_reset(st);
	assert_int_equal(db_bind_int(st, 1, 9), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 9);
	db_finalize(st);
}

static void a_failed_bind_makes_the_step_fail(void **state)
{
	(void)state;
	on_each_engine(failed_bind_body);
}

static void failed_copy_field_body(db *d)
{
	db_copy *c = NULL;
	err e;
	const char *ddl = db_engine_of(d) == DB_POSTGRES ? "CREATE TEMP TABLE cp (a BIGINT, b BYTEA)"
							  : "CREATE TEMP TABLE cp (a BIGINT, b BLOB)";
	assert_int_equal(db_exec(d, ddl, &e), 0);
	assert_int_equal(db_exec(d, "BEGIN", &e), 0);
	assert_int_equal(db_copy_open(d, "cp", "a, b", 2, &c, &e), 0);
	assert_int_equal(db_copy_int(c, 1), 0);
	assert_int_not_equal(db_copy_blob(c, "x", SIZE_MAX / 2), 0);
	assert_int_not_equal(db_copy_row(c, &e), 0); /* refused, not inserted with a field missing */
	assert_int_equal(db_copy_int(c, 2), 0);
	assert_int_equal(db_copy_blob(c, "yz", 2), 0);
	assert_int_equal(db_copy_row(c, &e), 0);
	assert_int_equal(db_copy_flush(c, &e), 0);
	db_copy_close(c);
	assert_int_equal(one_int(d, "SELECT count(*) * 10 + max(a) FROM cp"), 12);
	assert_int_equal(db_exec(d, "COMMIT", &e), 0);
}

static void a_failed_copy_field_refuses_the_row(void **state)
{
	(void)state;
	on_each_engine(failed_copy_field_body);
}

static void step_after_done_body(db *d)
{
	db_stmt *st = NULL, *ins = NULL;
	err e;
	assert_int_equal(db_prepare(d, "SELECT CAST(?1 AS BIGINT)", false, &st, NULL), 0);
	assert_int_equal(db_bind_int(st, 1, 5), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_step(st), DB_DONE);
	assert_int_equal(db_step(st), DB_ROW); /* ran again */
	assert_int_equal(db_col_int(st, 0), 5);
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);
	/* a write stepped again is applied again, on both engines */
	assert_int_equal(db_exec(d, "CREATE TEMP TABLE t (x BIGINT)", &e), 0);
	assert_int_equal(db_prepare(d, "INSERT INTO t (x) VALUES (?1)", true, &ins, NULL), 0);
	assert_int_equal(db_bind_int(ins, 1, 1), 0);
	assert_int_equal(db_step(ins), DB_DONE);
	assert_int_equal(db_step(ins), DB_DONE);
	db_finalize(ins);
	assert_int_equal(one_int(d, "SELECT count(*) FROM t"), 2);
}

static void a_step_after_done_runs_the_statement_again(void **state)
{
	(void)state;
	on_each_engine(step_after_done_body);
}

static void changes_body(db *d)
{
	err e;
	assert_int_equal(db_exec(d, "CREATE TEMP TABLE c (x BIGINT)", &e), 0);
	assert_int_equal(db_exec(d, "INSERT INTO c (x) VALUES (1), (2), (3)", &e), 0);
	assert_int_equal(db_changes(d), 3);
	assert_int_equal(one_int(d, "SELECT count(*) FROM c WHERE x < 3"), 2);
	assert_int_equal(db_changes(d), 3); /* a read is not a change */
	assert_int_equal(db_exec(d, "DELETE FROM c WHERE x = 1", &e), 0);
	assert_int_equal(db_changes(d), 1);
}

static void changes_count_writes_only(void **state)
{
	(void)state;
	on_each_engine(changes_body);
}

/* Scans n > lo of table big, counting rows and summing n; another statement
 * runs between every step (the scan's rows must not depend on it). */
static void scan_all(db *d, int64_t lo, int64_t *rows, int64_t *sum)
{
	db_stmt *st = NULL, *other = NULL;
	err e;
	int64_t prev = lo;
	assert_int_equal(db_prepare_scan(d, "SELECT n FROM big WHERE n > ?1 ORDER BY n", &st, &e), 0);
	assert_int_equal(db_prepare(d, "SELECT count(*) FROM big", false, &other, &e), 0);
	db_bind_int(st, 1, lo);
	*rows = *sum = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t n = db_col_int(st, 0);
		assert_true(n == prev + 1); /* in order, none missed, none twice */
		prev = n;
		(*rows)++;
		*sum += n;
		db_reset(other);
		assert_int_equal(db_step(other), DB_ROW);
	}
	assert_int_equal(rc, DB_DONE);
	db_finalize(other);
	db_finalize(st);
}

static void scan_body(db *d)
{
	err e;
	int64_t rows, sum;
	assert_int_equal(db_exec(d,
				 "CREATE TEMP TABLE big (n BIGINT PRIMARY KEY);"
				 "INSERT INTO big (n) WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL"
				 " SELECT n + 1 FROM c WHERE n < 10000) SELECT n FROM c",
				 &e),
			 0);
	/* inside a transaction: on PostgreSQL a cursor, in batches smaller than the table */
	assert_int_equal(db_begin_read(d, &e), 0);
	if (db_engine_of(d) == DB_POSTGRES) { /* the rows come through a cursor, then it is closed */
		db_stmt *st = NULL;
		assert_int_equal(db_prepare_scan(d, "SELECT n FROM big", &st, &e), 0);
		assert_int_equal(db_step(st), DB_ROW);
		assert_int_equal(one_int(d, "SELECT count(*) FROM pg_cursors WHERE name LIKE 'k%'"), 1);
		db_finalize(st);
		assert_int_equal(one_int(d, "SELECT count(*) FROM pg_cursors WHERE name LIKE 'k%'"), 0);
	}
	scan_all(d, 7, &rows, &sum);
	assert_int_equal(rows, 9993);
	assert_int_equal(sum, 10000LL * 10001 / 2 - 28);
	scan_all(d, 9990, &rows, &sum); /* fewer rows than a batch */
	assert_int_equal(rows, 10);
	assert_int_equal(db_exec(d, "COMMIT", &e), 0);
	/* outside one: read whole, the same rows */
	scan_all(d, 0, &rows, &sum);
	assert_int_equal(rows, 10000);
	assert_int_equal(sum, 10000LL * 10001 / 2);
}

static void a_scan_gives_every_row_in_order_around_other_statements(void **state)
{
	(void)state;
	on_each_engine(scan_body);
}

/* A statement counting 1..n, prepared and bound (persistent or not). */
static db_stmt *counter(db *d, bool persistent, int64_t n)
{
	db_stmt *st = NULL;
	assert_int_equal(db_prepare(d,
				    "WITH RECURSIVE c(n) AS (SELECT CAST(1 AS BIGINT) UNION ALL"
				    " SELECT n + 1 FROM c WHERE n < ?1) SELECT n FROM c",
				    persistent, &st, NULL),
			 0);
	assert_int_equal(db_bind_int(st, 1, n), 0);
	return st;
}

/* Steps st to its end: its rows must be 1..n in order. */
static void count_to(db_stmt *st, int64_t n)
{
	int64_t k = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		assert_int_equal(db_col_int(st, 0), ++k);
	assert_int_equal(rc, DB_DONE);
	assert_int_equal(k, n);
}

static void prefetch_body(db *d)
{
	err e;
	db_stmt *a = counter(d, true, 3), *b = counter(d, false, 20000), *c = counter(d, true, 7);
	/* outside a transaction: nothing goes ahead, the step runs it */
	assert_int_equal(db_prefetch(a), 0);
	count_to(a, 3);
	assert_int_equal(db_begin_read(d, &e), 0);
	db_reset(a);
	assert_int_equal(db_prefetch(a), 0);
	assert_int_equal(db_prefetch(b), 0);
	assert_int_equal(db_prefetch(c), 0);
	assert_int_equal(db_prefetch(c), 0); /* twice: once is enough */
	/* stepped out of order, and another statement between: each answers its own */
	count_to(c, 7);
	assert_int_equal(one_int(d, "SELECT 40 + 2"), 42);
	count_to(b, 20000);
	count_to(a, 3);
	/* dropped unread, then again with another parameter */
	db_reset(b);
	assert_int_equal(db_bind_int(b, 1, 5), 0);
	assert_int_equal(db_prefetch(b), 0);
	db_reset(b);
	assert_int_equal(db_bind_int(b, 1, 4), 0);
	assert_int_equal(db_prefetch(b), 0);
	db_reset(a);
	assert_int_equal(db_prefetch(a), 0);
	assert_int_equal(db_txn_state(d), DB_TXN_ACTIVE);
	count_to(b, 4);
	count_to(a, 3);
	/* finalized while sent ahead, then the transaction ends as usual */
	db_reset(c);
	assert_int_equal(db_prefetch(c), 0);
	db_finalize(c);
	assert_int_equal(db_exec(d, "COMMIT", &e), 0);
	assert_int_equal(db_txn_state(d), DB_TXN_NONE);
	db_finalize(a);
	db_finalize(b);
	if (db_engine_of(d) != DB_POSTGRES)
		return;
	/* a statement that fails on the server, sent ahead: its step says so, the
	 * transaction is failed until the rollback, and the statements behind it fail too */
	db_stmt *bad = NULL, *after = counter(d, true, 2);
	assert_int_equal(db_prepare(d, "SELECT n FROM no_such_table WHERE n = ?1", false, &bad, NULL), 0);
	assert_int_equal(db_bind_int(bad, 1, 1), 0);
	assert_int_equal(db_begin_read(d, &e), 0);
	assert_int_equal(db_prefetch(bad), 0);
	assert_int_equal(db_prefetch(after), 0);
	assert_true(db_step(bad) < 0);
	assert_non_null(strstr(db_errmsg(d), "no_such_table"));
	assert_true(db_step(after) < 0);
	assert_int_equal(db_txn_state(d), DB_TXN_FAILED);
	assert_int_equal(db_exec(d, "ROLLBACK", &e), 0);
	db_reset(after);
	count_to(after, 2);
	db_finalize(bad);
	db_finalize(after);
}

static void statements_sent_ahead_answer_in_any_order_of_steps(void **state)
{
	(void)state;
	on_each_engine(prefetch_body);
}

/* ---- PostgreSQL's own --------------------------------------------------- */

/* The value of a setting of the session, into out. */
static void show(db *d, const char *name, char *out, size_t n)
{
	char sql[96];
	db_stmt *st = NULL;
	snprintf(sql, sizeof sql, "SELECT current_setting('%s')", name);
	assert_int_equal(db_prepare(d, sql, false, &st, NULL), 0);
	assert_int_equal(db_step(st), DB_ROW);
	snprintf(out, n, "%s", db_col_text(st, 0));
	db_finalize(st);
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void postgres_writers_wait_a_bounded_time(void **state)
{
	tl_db s = {0};
	db *a = NULL, *b = NULL;
	err e;
	char v[64], conn[800];
	(void)state;
	if (!tl_pg())
		skip();
	/* the defaults: as long as SQLite's busy timeout; a leaked transaction ends */
	assert_int_equal(db_open(tl_pg(), 0, &a, &e), 0);
	show(a, "lock_timeout", v, sizeof v);
	assert_string_equal(v, "5s");
	show(a, "idle_in_transaction_session_timeout", v, sizeof v);
	assert_string_equal(v, "1min");
	db_close(a);
	/* the target's own options still apply, and win */
	assert_int_equal(tl_pg_new(&s, &e), 0);
	snprintf(conn, sizeof conn, "%s options='-c search_path=%s -c lock_timeout=300ms'", tl_pg(),
		 s.schema);
	assert_int_equal(db_open(s.path, 0, &a, &e), 0);
	assert_int_equal(db_open(conn, 0, &b, &e), 0);
	show(b, "search_path", v, sizeof v);
	assert_string_equal(v, s.schema);
	show(b, "lock_timeout", v, sizeof v);
	assert_string_equal(v, "300ms");
	/* a writer holds the writers' lock: the other gives up, busy, without a transaction left open */
	assert_int_equal(db_begin_write(a, &e), 0);
	double t0 = now_s();
	assert_int_equal(db_begin_write(b, &e), ERR_DB);
	assert_true(now_s() - t0 < 3.0);
	assert_int_equal(db_errkind_of(b), DB_E_BUSY);
	assert_non_null(strstr(e.msg, "bận"));
	assert_int_equal(db_txn_state(b), DB_TXN_NONE);
	assert_int_equal(db_exec(a, "COMMIT", &e), 0);
	assert_int_equal(db_begin_write(b, &e), 0);
	assert_int_equal(db_exec(b, "COMMIT", &e), 0);
	db_close(a);
	db_close(b);
	snprintf(conn, sizeof conn, "DROP SCHEMA IF EXISTS %s CASCADE", s.schema);
	(void)tl_pg_admin(conn);
}

/* Ends the server session of d from another connection, and waits until it is gone. */
static void kill_session(db *d)
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%lld, 5000)",
		 (long long)one_int(d, "SELECT pg_backend_pid()"));
	assert_int_equal(tl_pg_admin(sql), 0);
}

static void postgres_never_reconnects_inside_a_transaction(void **state)
{
	db *d = NULL;
	db_stmt *st = NULL;
	err e;
	(void)state;
	if (!tl_pg())
		skip();
	assert_int_equal(db_open(tl_pg(), 0, &d, &e), 0);
	assert_int_equal(db_begin_read(d, &e), 0);
	int64_t pid = one_int(d, "SELECT pg_backend_pid()");
	kill_session(d);
	assert_int_equal(db_exec(d, "SELECT 1", &e), ERR_UNAVAILABLE);
	assert_int_equal(db_errkind_of(d), DB_E_CONN);
	/* the caller's transaction is gone: failed until its rollback, and nothing runs elsewhere */
	assert_int_equal(db_txn_state(d), DB_TXN_FAILED);
	assert_int_equal(db_prepare(d, "SELECT 2", false, &st, &e), 0);
	assert_int_equal(db_step(st), ERR_UNAVAILABLE);
	assert_int_equal(db_exec(d, "SELECT 3", &e), ERR_UNAVAILABLE);
	assert_non_null(strstr(e.msg, "PostgreSQL"));
	assert_int_equal(db_exec(d, "ROLLBACK", &e), 0);
	assert_int_equal(db_txn_state(d), DB_TXN_NONE);
	/* outside a transaction the next statement reconnects */
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 2);
	db_finalize(st);
	int64_t pid2 = one_int(d, "SELECT pg_backend_pid()");
	assert_true(pid2 > 0 && pid2 != pid);
	/* lost while idle: the next transaction finds a new connection (nothing was applied) */
	kill_session(d);
	assert_int_equal(db_begin_read(d, &e), 0);
	assert_int_equal(db_exec(d, "COMMIT", &e), 0);
	db_close(d);
}

static void postgres_read_transaction_keeps_its_data_version(void **state)
{
	db *r = NULL, *w = NULL;
	err e;
	uint64_t v1 = 0, v2 = 0, v3 = 0;
	(void)state;
	if (!tl_pg())
		skip();
	assert_int_equal(db_open(tl_pg(), 0, &r, &e), 0);
	assert_int_equal(db_open(tl_pg(), 0, &w, &e), 0);
	assert_int_equal(db_begin_read(r, &e), 0);
	assert_int_equal(db_data_version(r, &v1, &e), 0);
	/* another connection commits: this snapshot does not see it, nor does its version move */
	assert_int_equal(db_exec(w, "CREATE TEMP TABLE x (a INT); INSERT INTO x VALUES (1)", &e), 0);
	assert_int_equal(db_data_version(r, &v2, &e), 0);
	assert_true(v1 == v2);
	assert_int_equal(db_exec(r, "COMMIT", &e), 0);
	/* a version asked outside a transaction, and the next read transaction's, see the commit */
	assert_int_equal(db_data_version(r, &v2, &e), 0);
	assert_true(v2 != v1);
	assert_int_equal(db_begin_read(r, &e), 0);
	assert_int_equal(db_data_version(r, &v3, &e), 0);
	assert_true(v3 != v1);
	assert_int_equal(db_exec(r, "COMMIT", &e), 0);
	db_close(r);
	db_close(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(postgres_targets_are_told_from_files),
		cmocka_unit_test(safe_target_hides_every_password),
		cmocka_unit_test(a_failed_bind_makes_the_step_fail),
		cmocka_unit_test(a_failed_copy_field_refuses_the_row),
		cmocka_unit_test(a_step_after_done_runs_the_statement_again),
		cmocka_unit_test(changes_count_writes_only),
		cmocka_unit_test(a_scan_gives_every_row_in_order_around_other_statements),
		cmocka_unit_test(statements_sent_ahead_answer_in_any_order_of_steps),
		cmocka_unit_test(postgres_writers_wait_a_bounded_time),
		cmocka_unit_test(postgres_never_reconnects_inside_a_transaction),
		cmocka_unit_test(postgres_read_transaction_keeps_its_data_version),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
