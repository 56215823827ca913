/*
 * api_cache.h - an in-process cache of evaluation answers (the JSON of
 * GET /api/eval), keyed by unit, period, "as of" date and lag threshold, and
 * valid only while the data has not changed: a process-wide generation
 * counter that every write through the API bumps, plus the database's own
 * change counter (SQLite's data version of the thread's connection, which
 * also sees writes by other connections and other processes, such as the
 * CLI). Bounded (API_CACHE_ENTRIES answers, API_CACHE_BYTES in all; least
 * recently used evicted first) and thread-safe (one mutex).
 *
 * Not for: permissions (the handler checks them on every request before it
 * asks the cache) or any other answer than the evaluation.
 */
#ifndef CHITIEU_API_CACHE_H
#define CHITIEU_API_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"
#include "util/buf.h"

#define API_CACHE_ENTRIES 64                /* answers kept at most */
#define API_CACHE_BYTES ((size_t)16 << 20)  /* bytes of answers kept at most */
#define API_CACHE_KEY_MAX 96                /* bytes of a key, NUL included */

/*
 * Marks every cached answer stale. Call after every successful write through
 * the API (values, bulk imports, targets, catalogue, locks): the write's own
 * connection does not see it in its data version, other threads do.
 * Lock-free (C11 atomics); safe from any thread.
 */
void api_cache_bump(void);

/*
 * Looks key up. On a hit, sets *data / *len to the cached answer and *ref to
 * a reference that keeps it alive (read-only; hand it to the response and
 * call api_cache_release(ref) when sent) and returns true. On a miss, returns
 * false and sets *gen to the generation to pass to api_cache_put when the
 * caller computes the answer itself (so an answer computed while a write
 * happened is never kept as current). Notices writes by other connections
 * (store_data_version) first.
 */
bool api_cache_get(store *s, const char *key, const char **data, size_t *len, void **ref, uint64_t *gen);

/* Drops a reference from api_cache_get (frees the answer if it was evicted). */
void api_cache_release(void *ref);

/* Keeps a copy of the answer (len bytes) for key, computed at generation gen.
 * Silently keeps nothing when out of memory or when gen is no longer current. */
void api_cache_put(const char *key, uint64_t gen, const char *answer, size_t len);

/* Statistics for tests and benchmarks: hits, misses, generation. */
void api_cache_stats(uint64_t *hits, uint64_t *misses, uint64_t *gen);

/* Frees every answer (at shutdown; the cache stays usable). */
void api_cache_clear(void);

#endif
