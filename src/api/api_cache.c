/*
 * api_cache.c - the evaluation cache of api_cache.h: a small table of
 * answers under one mutex, each stamped with the change counters it was
 * computed at (everything's, and its unit's); an answer is up to date while
 * both are the current ones.
 *
 * How writes are noticed:
 *  - writes through the API call api_cache_bump_unit (a value: the unit and
 *    its ancestors) or api_cache_bump (anything else); atomic increments;
 *  - every other write changes the database's change counter, which each
 *    worker reads on its own connection (store_data_version: SQLite's data
 *    version, PostgreSQL's snapshot). That counter also moves with this
 *    process's own writes on the other workers' connections, which were
 *    marked already: a move while store_local_commits did not move is
 *    another process's write (everything is marked at once); a move while
 *    it moved too may be either (this connection's own commits move it too),
 *    and marks everything API_CACHE_AMBIGUOUS_MS after the first such look
 *    (remembered until then, never dropped): at most once per that time.
 *
 * One recomputation per answer at a time: the entry of an answer being
 * recomputed is flagged; others asking meanwhile get its previous answer, or
 * wait on the condition variable when there is none.
 *
 * Not for: deciding who may see an answer (the handler checks first).
 */
#include "api/api_cache.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* An answer shared by the cache and the responses still sending it. */
typedef struct cache_blob {
	_Atomic int refs;
	size_t len;
	char data[];
} cache_blob;

typedef struct cache_entry {
	char key[API_CACHE_KEY_MAX]; /* "" = free slot */
	api_cache_stamp st;          /* of blob */
	uint64_t used;               /* tick of the last use, for LRU */
	cache_blob *blob;            /* NULL while the first computation runs; one reference held by the cache */
	size_t len;
	bool computing;              /* a request is computing it (since computing_ms) */
	int64_t computing_ms;
	int64_t done_ms;             /* when blob was put */
	int64_t compute_ms;          /* how long computing it took */
} cache_entry;

static void blob_unref(cache_blob *b)
{
	if (b && atomic_fetch_sub_explicit(&b->refs, 1, memory_order_acq_rel) == 1)
		free(b);
}

void api_cache_release(void *ref)
{
	blob_unref(ref);
}

static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cache_cv = PTHREAD_COND_INITIALIZER;
static cache_entry cache_tab[API_CACHE_ENTRIES]; /* under cache_mu */
static size_t cache_bytes;                       /* under cache_mu */
static uint64_t cache_tick;                      /* under cache_mu */
static _Atomic uint64_t cache_gen = 1;
static _Atomic uint64_t unit_gen[API_CACHE_UNITS];
static _Atomic uint64_t value_seq;                /* writes marked (api_cache_bump and _units) */
static _Atomic uint64_t user_seq[API_CACHE_USERS]; /* value_seq after each user's last write */
static _Atomic int lag_ms;
/* the counters at the start of this thread's request (api_cache_begin_request) */
static _Thread_local bool pre_valid;
static _Thread_local uint64_t pre_gen, pre_seq;
static _Atomic uint64_t n_hits, n_stale, n_misses, n_waits;
/* another process may have written, not yet marked (ms of the first such look; 0 = none) */
static _Atomic int64_t ambiguous_since;

/* The worker's connection, the data version and local commits it last saw. */
static _Thread_local const store *seen_store;
static _Thread_local uint64_t seen_version, seen_local;

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* FNV-1a of a unit code, to its counter. */
static unsigned unit_slot(const char *code)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)code; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h % API_CACHE_UNITS;
}


void api_cache_bump_unit(const char *code)
{
	atomic_fetch_add_explicit(&unit_gen[unit_slot(code)], 1, memory_order_acq_rel);
	atomic_fetch_add_explicit(&value_seq, 1, memory_order_acq_rel);
}

void api_cache_set_lag(int ms)
{
	atomic_store(&lag_ms, ms > 0 ? ms : 0);
}

void api_cache_begin_request(void)
{
	pre_gen = atomic_load_explicit(&cache_gen, memory_order_acquire);
	pre_seq = atomic_load_explicit(&value_seq, memory_order_acquire);
	pre_valid = true;
}

static unsigned user_slot(int64_t user_id)
{
	uint64_t h = (uint64_t)user_id * 0x9E3779B97F4A7C15ULL;
	return (unsigned)(h >> 32) % API_CACHE_USERS;
}

void api_cache_wrote(int64_t user_id)
{
	uint64_t v = atomic_load_explicit(&value_seq, memory_order_acquire);
	atomic_store_explicit(&user_seq[user_slot(user_id)], v, memory_order_release);
}

/* Marks everything; returns the generation it moved on from. */
static uint64_t bump_from(void)
{
	atomic_fetch_add_explicit(&value_seq, 1, memory_order_acq_rel);
	return atomic_fetch_add_explicit(&cache_gen, 1, memory_order_acq_rel);
}

void api_cache_bump(void)
{
	(void)bump_from();
}

/* Marks everything when another process's write may not be marked yet (see
 * the top). Returns the generation it moved on from, 0 when it did not. */
static uint64_t notice_other_writes(store *s)
{
	uint64_t moved = 0;
	uint64_t local = store_local_commits(); /* before the version: a commit between the two reads looks foreign */
	uint64_t v = 0;
	err e;
	if (!s || store_data_version(s, &v, &e) != 0)
		return bump_from(); /* cannot tell: treat as changed */
	int64_t t = now_ms();
	if (seen_store != s) {
		moved = bump_from(); /* a new connection whose past is unknown */
	} else if (seen_version != v) {
		if (seen_local == local) {
			moved = bump_from(); /* only another process can have moved it */
			atomic_store(&ambiguous_since, 0);
		} else {
			int64_t zero = 0;
			atomic_compare_exchange_strong(&ambiguous_since, &zero, t);
		}
	}
	seen_store = s;
	seen_version = v;
	seen_local = local;
	int64_t since = atomic_load(&ambiguous_since);
	if (since && t - since >= API_CACHE_AMBIGUOUS_MS && atomic_compare_exchange_strong(&ambiguous_since, &since, 0))
		moved = bump_from();
	return moved;
}

static cache_entry *find(const char *key)
{
	for (size_t i = 0; i < API_CACHE_ENTRIES; i++)
		if (cache_tab[i].key[0] && !strcmp(cache_tab[i].key, key))
			return &cache_tab[i];
	return NULL;
}

static void entry_free(cache_entry *c)
{
	cache_bytes -= c->len;
	blob_unref(c->blob);
	memset(c, 0, sizeof *c);
}

/* Frees answers, least recently used first, until extra more bytes (and,
 * with need_slot, an entry) fit; never one being computed nor keep. Returns a
 * free slot (need_slot) or keep, NULL when it cannot fit. */
static cache_entry *make_room(size_t extra, cache_entry *keep, bool need_slot)
{
	for (;;) {
		cache_entry *slot = NULL, *old = NULL;
		for (size_t i = 0; i < API_CACHE_ENTRIES; i++) {
			cache_entry *c = &cache_tab[i];
			if (!c->key[0]) {
				if (!slot)
					slot = c;
			} else if (!c->computing && c != keep && (!old || c->used < old->used)) {
				old = c;
			}
		}
		bool fits = cache_bytes + extra <= API_CACHE_BYTES;
		if (fits && (slot || !need_slot))
			return need_slot ? slot : keep;
		if (!old)
			return NULL;
		entry_free(old);
	}
}

static bool fresh(const cache_entry *c, const api_cache_stamp *now)
{
	return c->blob && c->st.gen == now->gen && c->st.ugen == now->ugen;
}

static api_cache_got serve(cache_entry *c, const char **data, size_t *len, void **ref, api_cache_got got)
{
	c->used = ++cache_tick;
	atomic_fetch_add_explicit(&c->blob->refs, 1, memory_order_relaxed);
	*data = c->blob->data;
	*len = c->blob->len;
	*ref = c->blob;
	atomic_fetch_add_explicit(got == API_CACHE_HIT ? &n_hits : &n_stale, 1, memory_order_relaxed);
	return got;
}

api_cache_got api_cache_get(store *s, const char *unit_code, int64_t user_id, const char *key, const char **data,
			    size_t *len, void **ref, api_cache_stamp *st)
{
	/* What this request's read transaction can contain at most: the counters
	 * before it began (a write committed after that moved them, and an
	 * answer stamped with them never passes for current once it did). */
	uint64_t gen0 = pre_valid ? pre_gen : atomic_load_explicit(&cache_gen, memory_order_acquire);
	uint64_t seq0 = pre_valid ? pre_seq : atomic_load_explicit(&value_seq, memory_order_acquire);
	pre_valid = false;
	/* what notice_other_writes marks is in this transaction already (it read the
	 * database's counter in it): its own move does not make the answer old */
	uint64_t moved = notice_other_writes(s);
	if (moved && moved == gen0 && atomic_load_explicit(&value_seq, memory_order_acquire) == seq0 + 1) {
		gen0++; /* nothing but this move since the request began */
		seq0++;
	}
	uint64_t mine = atomic_load_explicit(&user_seq[user_slot(user_id)], memory_order_acquire);
	int lag = atomic_load(&lag_ms);
	unsigned us = unit_code ? unit_slot(unit_code) : 0;
	bool too_long = strlen(key) >= API_CACHE_KEY_MAX;
	pthread_mutex_lock(&cache_mu);
	int64_t deadline = now_ms() + API_CACHE_WAIT_MS;
	for (;;) {
		/* read under the mutex: a put of an answer computed at an older stamp is never taken as current */
		api_cache_stamp now = {
			.gen = atomic_load_explicit(&cache_gen, memory_order_acquire),
			.ugen = atomic_load_explicit(&unit_gen[us], memory_order_acquire),
			.seq = atomic_load_explicit(&value_seq, memory_order_acquire),
		};
		if (!unit_code)
			now.ugen = now.seq; /* an answer of every unit: any write */
		cache_entry *c = too_long ? NULL : find(key);
		if (c && fresh(c, &now)) {
			api_cache_got got = serve(c, data, len, ref, API_CACHE_HIT);
			pthread_mutex_unlock(&cache_mu);
			return got;
		}
		/* the stamp of what this request would compute: no newer than its transaction */
		st->gen = gen0;
		st->seq = seq0;
		st->ugen = !unit_code ? seq0 : now.seq == seq0 ? now.ugen : now.ugen - 1; /* a value since: never current */
		int64_t t = now_ms();
		bool busy = c && c->computing && t - c->computing_ms < API_CACHE_WAIT_MS;
		/* out of date by values only, computed less than the lag ago */
		bool lagging = c && !c->computing && lag > 0 && c->st.gen == now.gen &&
			       t - c->done_ms < (lag > 2 * c->compute_ms ? lag : 2 * c->compute_ms);
		/* the answer being replaced, or a lagging one: never older than what this user wrote */
		if ((busy || lagging) && c->blob && mine <= c->st.seq) {
			api_cache_got got = serve(c, data, len, ref, API_CACHE_STALE);
			pthread_mutex_unlock(&cache_mu);
			return got;
		}
		if (busy && t < deadline) {
			/* nothing this user may be served yet: wait for the request computing it
			 * (one computation per answer at a time, whoever asks) */
			atomic_fetch_add_explicit(&n_waits, 1, memory_order_relaxed);
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			int64_t wait = deadline - t;
			ts.tv_sec += wait / 1000;
			ts.tv_nsec += (long)(wait % 1000) * 1000000L;
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			int rc = pthread_cond_timedwait(&cache_cv, &cache_mu, &ts);
			if (rc != 0 && rc != ETIMEDOUT && rc != EINTR)
				break;
			continue;
		}
		/* this request computes it (beside the one computing if that one is stuck) */
		if (busy)
			break;
		if (!c && !too_long && (c = make_room(0, NULL, true)) != NULL) {
			snprintf(c->key, sizeof c->key, "%s", key);
		}
		if (c) {
			c->computing = true;
			c->computing_ms = t;
			c->used = ++cache_tick;
		}
		break;
	}
	pthread_mutex_unlock(&cache_mu);
	atomic_fetch_add_explicit(&n_misses, 1, memory_order_relaxed);
	return API_CACHE_MISS;
}

void api_cache_put(const char *key, const api_cache_stamp *st, const char *answer, size_t len)
{
	if (strlen(key) >= API_CACHE_KEY_MAX)
		return;
	cache_blob *copy = len <= API_CACHE_BYTES / 4 ? malloc(sizeof *copy + (len ? len : 1)) : NULL;
	if (copy) {
		atomic_init(&copy->refs, 1);
		copy->len = len;
		memcpy(copy->data, answer, len);
	}
	pthread_mutex_lock(&cache_mu);
	cache_entry *c = find(key);
	int64_t took = c && c->computing ? now_ms() - c->computing_ms : 0;
	if (c)
		c->computing = false;
	/* an answer computed at an older state than the one kept stays out */
	if (copy && c && c->blob && (c->st.gen > st->gen || (c->st.gen == st->gen && c->st.ugen > st->ugen))) {
		free(copy);
		copy = NULL;
	}
	if (copy) {
		if (c && c->blob) {
			cache_bytes -= c->len;
			blob_unref(c->blob);
			c->blob = NULL;
			c->len = 0;
		}
		if (c)
			c = make_room(len, c, false); /* NULL: no room even after evicting the rest */
		else if ((c = make_room(len, NULL, true)) != NULL) {
			snprintf(c->key, sizeof c->key, "%s", key);
		}
		if (c) {
			c->st = *st;
			c->blob = copy;
			c->len = len;
			c->used = ++cache_tick;
			c->done_ms = now_ms();
			c->compute_ms = took;
			cache_bytes += len;
			copy = NULL;
		}
	}
	cache_entry *mine = find(key);
	if (mine && !mine->blob && !mine->computing)
		memset(mine, 0, sizeof *mine); /* nothing to keep */
	pthread_cond_broadcast(&cache_cv);
	pthread_mutex_unlock(&cache_mu);
	free(copy);
}

void api_cache_abandon(const char *key)
{
	pthread_mutex_lock(&cache_mu);
	cache_entry *c = find(key);
	if (c) {
		c->computing = false;
		if (!c->blob)
			memset(c, 0, sizeof *c);
	}
	pthread_cond_broadcast(&cache_cv);
	pthread_mutex_unlock(&cache_mu);
}

int api_cache_answer(http_req *r, const char *unit_code, const char *key, int (*compute)(http_req *r, void *ctx),
		     void *ctx)
{
	void *ref = NULL;
	api_cache_stamp st;
	api_cache_got got = api_cache_get(r->store, unit_code, r->who ? r->who->user.id : 0, key, &r->shared,
					  &r->shared_len, &ref, &st);
	r->cache_state = got == API_CACHE_HIT ? "hit" : got == API_CACHE_STALE ? "stale" : "miss";
	if (got != API_CACHE_MISS) {
		r->shared_release = api_cache_release;
		r->shared_ctx = ref;
		return 0;
	}
	int rc = compute(r, ctx);
	if (rc || buf_failed(&r->out))
		api_cache_abandon(key); /* a failed answer is never kept (the core turns it into a 500) */
	else
		api_cache_put(key, &st, r->out.data, r->out.len);
	return rc;
}

void api_cache_stats(api_cache_counts *c)
{
	c->hits = atomic_load(&n_hits);
	c->stale = atomic_load(&n_stale);
	c->misses = atomic_load(&n_misses);
	c->waits = atomic_load(&n_waits);
	c->gen = atomic_load(&cache_gen);
}

void api_cache_clear(void)
{
	pthread_mutex_lock(&cache_mu);
	for (size_t i = 0; i < API_CACHE_ENTRIES; i++)
		if (cache_tab[i].key[0] && !cache_tab[i].computing)
			entry_free(&cache_tab[i]);
	pthread_mutex_unlock(&cache_mu);
}
