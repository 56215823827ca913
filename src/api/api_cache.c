/*
 * api_cache.c - the evaluation cache of api_cache.h: a small table of
 * answers under one mutex, each stamped with the generation it was computed
 * at; an answer is served only while its generation is the current one.
 *
 * How writes are noticed:
 *  - writes through the API call api_cache_bump() (an atomic increment);
 *  - every other write (another thread's connection, the CLI, anything that
 *    forgot to bump) changes SQLite's data version of the file, which each
 *    worker reads on its own connection (SQLITE_FCNTL_DATA_VERSION: it counts
 *    changes made through this connection and through any other, once a read
 *    transaction has started, which authentication has always done by the
 *    time a handler asks); a worker that sees it move bumps the generation.
 *
 * Not for: deciding who may see an answer (the handler checks first).
 */
#include "api/api_cache.h"

#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* An answer shared by the cache and the responses still sending it. */
typedef struct cache_blob {
	_Atomic int refs;
	size_t len;
	char data[];
} cache_blob;

typedef struct cache_entry {
	char key[API_CACHE_KEY_MAX]; /* "" = free slot */
	uint64_t gen;
	uint64_t used;               /* tick of the last hit, for LRU */
	cache_blob *blob;            /* one reference held by the cache */
	size_t len;
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
static cache_entry cache_tab[API_CACHE_ENTRIES]; /* under cache_mu */
static size_t cache_bytes;                       /* under cache_mu */
static uint64_t cache_tick;                      /* under cache_mu */
static _Atomic uint64_t cache_gen = 1;
static _Atomic uint64_t cache_hits, cache_misses;

/* The worker's connection and the data version it last saw (per thread). */
static _Thread_local const store *seen_store;
static _Thread_local unsigned seen_version;

/* The data version of s's database (store_data_version). False when unknown. */
static bool data_version(store *s, unsigned *out)
{
	uint64_t v = 0;
	err e;
	if (!s || store_data_version(s, &v, &e) != 0)
		return false;
	*out = (unsigned)v;
	return true;
}

void api_cache_bump(void)
{
	atomic_fetch_add_explicit(&cache_gen, 1, memory_order_acq_rel);
}

/* Bumps the generation when s's data version moved since this thread last looked. */
static void notice_other_writes(store *s)
{
	unsigned v;
	if (!data_version(s, &v)) {
		api_cache_bump(); /* cannot tell: treat as changed */
		return;
	}
	if (seen_store != s || seen_version != v) {
		/* changed since we looked, or a new connection whose past is unknown */
		api_cache_bump();
		seen_store = s;
		seen_version = v;
	}
}

bool api_cache_get(store *s, const char *key, const char **data, size_t *len, void **ref, uint64_t *gen)
{
	notice_other_writes(s);
	uint64_t g = atomic_load_explicit(&cache_gen, memory_order_acquire);
	*gen = g;
	cache_blob *hit = NULL;
	pthread_mutex_lock(&cache_mu);
	for (size_t i = 0; i < API_CACHE_ENTRIES; i++) {
		cache_entry *c = &cache_tab[i];
		if (c->key[0] && c->gen == g && !strcmp(c->key, key)) {
			c->used = ++cache_tick;
			hit = c->blob;
			atomic_fetch_add_explicit(&hit->refs, 1, memory_order_relaxed);
			break;
		}
	}
	pthread_mutex_unlock(&cache_mu);
	atomic_fetch_add_explicit(hit ? &cache_hits : &cache_misses, 1, memory_order_relaxed);
	if (!hit)
		return false;
	*data = hit->data;
	*len = hit->len;
	*ref = hit;
	return true;
}

static void entry_free(cache_entry *c)
{
	cache_bytes -= c->len;
	blob_unref(c->blob);
	memset(c, 0, sizeof *c);
}

void api_cache_put(const char *key, uint64_t gen, const char *answer, size_t len)
{
	if (strlen(key) >= API_CACHE_KEY_MAX || len > API_CACHE_BYTES / 4)
		return;
	cache_blob *copy = malloc(sizeof *copy + (len ? len : 1));
	if (!copy)
		return;
	atomic_init(&copy->refs, 1);
	copy->len = len;
	memcpy(copy->data, answer, len);
	pthread_mutex_lock(&cache_mu);
	uint64_t now_gen = atomic_load_explicit(&cache_gen, memory_order_acquire);
	if (gen != now_gen) {
		pthread_mutex_unlock(&cache_mu);
		free(copy);
		return;
	}
	/* Stale entries and the same key go first; then the least recently used until it fits. */
	cache_entry *slot = NULL;
	for (size_t i = 0; i < API_CACHE_ENTRIES; i++) {
		cache_entry *c = &cache_tab[i];
		if (c->key[0] && (c->gen != now_gen || !strcmp(c->key, key)))
			entry_free(c);
		if (!c->key[0] && !slot)
			slot = c;
	}
	while (!slot || cache_bytes + len > API_CACHE_BYTES) {
		cache_entry *old = NULL;
		for (size_t i = 0; i < API_CACHE_ENTRIES; i++)
			if (cache_tab[i].key[0] && (!old || cache_tab[i].used < old->used))
				old = &cache_tab[i];
		if (!old)
			break;
		entry_free(old);
		if (!slot)
			slot = old;
	}
	if (slot && cache_bytes + len <= API_CACHE_BYTES) {
		snprintf(slot->key, sizeof slot->key, "%s", key);
		slot->gen = gen;
		slot->used = ++cache_tick;
		slot->blob = copy;
		slot->len = len;
		cache_bytes += len;
		copy = NULL;
	}
	pthread_mutex_unlock(&cache_mu);
	free(copy);
}

void api_cache_stats(uint64_t *hits, uint64_t *misses, uint64_t *gen)
{
	*hits = atomic_load(&cache_hits);
	*misses = atomic_load(&cache_misses);
	*gen = atomic_load(&cache_gen);
}

void api_cache_clear(void)
{
	pthread_mutex_lock(&cache_mu);
	for (size_t i = 0; i < API_CACHE_ENTRIES; i++)
		if (cache_tab[i].key[0])
			entry_free(&cache_tab[i]);
	pthread_mutex_unlock(&cache_mu);
}
