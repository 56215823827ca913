/*
 * test_api_cache.c - the evaluation cache (src/api/api_cache.c) on a real
 * store, SQLite or PostgreSQL ($CHITIEU_TEST_PG): a value marks its unit
 * and not another; one request at a time recomputes while the others get
 * the previous answer; a request with nothing to serve waits for the one
 * computing; an abandoned computation lets the next one compute; a write
 * on another connection of this process is noticed within
 * API_CACHE_AMBIGUOUS_MS (another process's at once: tests/http/test_http_cache.sh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "api/api_cache.h"
#include "testlib.h"

static const char *got_name(api_cache_got g)
{
	return g == API_CACHE_HIT ? "hit" : g == API_CACHE_STALE ? "stale" : "miss";
}

/* Asks for key of unit; on a hit or stale answer checks its text and lets it go. */
static api_cache_got ask(store *s, const char *uc, const char *key, const char *want, api_cache_stamp *st)
{
	const char *data = NULL;
	size_t len = 0;
	void *ref = NULL;
	api_cache_got g = api_cache_get(s, uc, 0, key, &data, &len, &ref, st);
	if (g != API_CACHE_MISS) {
		assert_non_null(want);
		assert_int_equal(len, strlen(want));
		assert_memory_equal(data, want, len);
		api_cache_release(ref);
	}
	return g;
}

static void put(const char *key, const api_cache_stamp *st, const char *answer)
{
	api_cache_put(key, st, answer, strlen(answer));
}

#define EXPECT(g, want) assert_string_equal(got_name(g), want)

/* PostgreSQL's change counter (its snapshot) moves with any write on the
 * server, other tests' included: the hits below are checked on SQLite, whose
 * counter is the file's (the cache's own logic is the same on both). */
static void marks_by_unit_and_recomputes_one_at_a_time(void **state)
{
	if (tl_pg())
		skip();
	tl_db *d = *state;
	store *s = d->s;
	api_cache_stamp a, b, c;
	api_cache_clear();
	EXPECT(ask(s, "058", "058|june", NULL, &a), "miss");
	put("058|june", &a, "city v1");
	EXPECT(ask(s, "060", "060|june", NULL, &b), "miss");
	put("060|june", &b, "district v1");
	EXPECT(ask(s, "058", "058|june", "city v1", &a), "hit");

	/* a value of ward 01837 marks the ward, the city and the province */
	api_cache_bump_unit("01837");
	api_cache_bump_unit("058");
	api_cache_bump_unit("06");
	EXPECT(ask(s, "060", "060|june", "district v1", &b), "hit"); /* another district: untouched */
	EXPECT(ask(s, "058", "058|june", NULL, &a), "miss");         /* this request recomputes */
	/* meanwhile: the previous answer, without a second computation */
	EXPECT(ask(s, "058", "058|june", "city v1", &c), "stale");
	EXPECT(ask(s, "058", "058|june", "city v1", &c), "stale");
	put("058|june", &a, "city v2");
	EXPECT(ask(s, "058", "058|june", "city v2", &a), "hit");

	/* an answer computed before a write is kept as the previous one, never as current */
	EXPECT(ask(s, "058", "058|may", NULL, &a), "miss");
	api_cache_bump_unit("058");
	put("058|may", &a, "may old");
	EXPECT(ask(s, "058", "058|may", NULL, &c), "miss");
	EXPECT(ask(s, "058", "058|may", "may old", &b), "stale");
	put("058|may", &c, "may new");
	/* a late answer from an older state does not replace a newer one */
	put("058|may", &a, "may older");
	EXPECT(ask(s, "058", "058|may", "may new", &c), "hit");

	/* any other write: everything */
	api_cache_bump();
	EXPECT(ask(s, "060", "060|june", NULL, &b), "miss");
	api_cache_abandon("060|june"); /* the computation failed */
	EXPECT(ask(s, "060", "060|june", NULL, &b), "miss"); /* the next one computes, no stale */
	put("060|june", &b, "district v2");
	EXPECT(ask(s, "060", "060|june", "district v2", &b), "hit");

	api_cache_counts n;
	api_cache_stats(&n);
	assert_true(n.stale >= 3);
	api_cache_clear();
}

typedef struct waiter {
	store *s;
	pthread_barrier_t *go;
	api_cache_got got;
	char text[64];
} waiter;

static void *wait_for_answer(void *arg)
{
	waiter *w = arg;
	const char *data = NULL;
	size_t len = 0;
	void *ref = NULL;
	api_cache_stamp st;
	/* a worker's first look marks everything (its connection's past is unknown): before the test */
	if (api_cache_get(w->s, "058", 0, "058|warm", &data, &len, &ref, &st) == API_CACHE_MISS)
		api_cache_abandon("058|warm");
	else
		api_cache_release(ref);
	pthread_barrier_wait(w->go);
	pthread_barrier_wait(w->go);
	w->got = api_cache_get(w->s, "058", 0, "058|first", &data, &len, &ref, &st);
	if (w->got != API_CACHE_MISS) {
		snprintf(w->text, sizeof w->text, "%.*s", (int)len, data);
		api_cache_release(ref);
	} else {
		api_cache_abandon("058|first");
	}
	return NULL;
}

/* A request that finds the first computation running, with nothing earlier
 * to serve, waits for it instead of computing again. */
static void waits_for_the_first_computation(void **state)
{
	if (tl_pg())
		skip();
	tl_db *d = *state;
	api_cache_clear();
	api_cache_stamp st;
	/* the waiter has a connection of its own (a worker thread's) */
	pthread_barrier_t go;
	pthread_barrier_init(&go, NULL, 2);
	waiter w = {.s = NULL, .go = &go};
	err e;
	assert_int_equal(store_open(d->path, &w.s, &e), 0);
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, wait_for_answer, &w), 0);
	pthread_barrier_wait(&go);
	EXPECT(ask(d->s, "058", "058|first", NULL, &st), "miss");
	api_cache_counts before;
	api_cache_stats(&before);
	pthread_barrier_wait(&go);
	api_cache_counts now;
	for (int i = 0; i < 500; i++) { /* until it waits (at most 5 s) */
		api_cache_stats(&now);
		if (now.waits > before.waits)
			break;
		nanosleep(&(struct timespec){0, 10000000}, NULL);
	}
	assert_true(now.waits > before.waits);
	put("058|first", &st, "first answer");
	pthread_join(th, NULL);
	pthread_barrier_destroy(&go);
	store_close(w.s);
	assert_string_equal(got_name(w.got), "hit");
	assert_string_equal(w.text, "first answer");
	api_cache_clear();
}

/* A write on another connection (another worker, or another process) moves
 * the database's change counter: the next look marks everything. */
static void notices_a_write_on_another_connection(void **state)
{
	tl_db *d = *state;
	api_cache_clear();
	api_cache_stamp st;
	/* on PostgreSQL any write on the server (other tests') moves the counter: the hits only on SQLite */
	bool pg = tl_pg();
	EXPECT(ask(d->s, "058", "058|other", NULL, &st), "miss");
	put("058|other", &st, "before");
	if (!pg)
		EXPECT(ask(d->s, "058", "058|other", "before", &st), "hit");
	store *other = NULL;
	err e;
	assert_int_equal(store_open(d->path, &other, &e), 0);
	tl_put_unit(other, "99999", "Đơn vị khác", "", UNIT_PROVINCE, (cdate){0}, (cdate){0});
	store_close(other);
	/* as a GET's handler runs: in a read transaction that has read (authentication), where
	 * SQLite's counter is current. Another connection of this process: it may be this
	 * process's own write (marked by its handler) or another's at the same time; marked
	 * everything API_CACHE_AMBIGUOUS_MS after the first look */
	unit u;
	assert_int_equal(store_read_begin(d->s, &e), 0);
	assert_int_equal(store_unit_get(d->s, "99999", &u, &e), 0);
	if (!pg) {
		EXPECT(ask(d->s, "058", "058|other", "before", &st), "hit");
	} else if (ask(d->s, "058", "058|other", "before", &st) == API_CACHE_MISS) {
		api_cache_abandon("058|other");
	}
	store_read_end(d->s);
	nanosleep(&(struct timespec){1, 100000000}, NULL);
	assert_int_equal(store_read_begin(d->s, &e), 0);
	assert_int_equal(store_unit_get(d->s, "99999", &u, &e), 0);
	EXPECT(ask(d->s, "058", "058|other", NULL, &st), "miss");
	store_read_end(d->s);
	api_cache_abandon("058|other");
	api_cache_clear();
}

static int setup(void **state)
{
	return tl_setup(state, "chitieu_cache");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(marks_by_unit_and_recomputes_one_at_a_time, setup, tl_teardown),
		cmocka_unit_test_setup_teardown(waits_for_the_first_computation, setup, tl_teardown),
		cmocka_unit_test_setup_teardown(notices_a_write_on_another_connection, setup, tl_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
