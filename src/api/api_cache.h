/*
 * api_cache.h - an in-process cache of answers computed from the figures:
 * the evaluation (GET /api/eval, keyed by unit, period, "as of" date and lag
 * threshold) and the due lists (GET /api/due, by user, day and window).
 *
 * What makes an answer out of date (docs/internals/http.md, "The evaluation
 * cache"):
 *  - a value written through the API marks its unit and the unit's
 *    ancestors (api_cache_bump_unit): a ward's figure changes the ward's,
 *    the city's and the province's answers, not a neighbouring city's;
 *  - any other write through the API (targets, catalogue, locks, approval,
 *    imports...) marks everything (api_cache_bump; the HTTP core calls it
 *    after every state-changing request whose handler did not mark what it
 *    changed itself);
 *  - a write by another process or server (the CLI, a second server on the
 *    same PostgreSQL database) marks everything: the database's change
 *    counter moved while this process wrote nothing (store_data_version,
 *    store_local_commits). While this process writes too, the two cannot be
 *    told apart; everything is then marked API_CACHE_AMBIGUOUS_MS later (at
 *    most once per that time), so another server's write shows within it.
 *
 * Readers never queue behind a recomputation: one request at a time
 * recomputes an out-of-date answer (the first to ask for it); requests that
 * come meanwhile get the answer being replaced (API_CACHE_STALE), at most one
 * recomputation old. With a lag set (api_cache_set_lag, serve
 * --dashboard-lag MS), an answer out of date only by other users' values is
 * also served for that long after it was computed (or twice as long as
 * computing it took, when that is longer), so that a unit whose
 * wards all write at once is recomputed a few times a second, not at every
 * read. Never to the user who wrote: a user's own write shows in that user's
 * next read; and an answer out of date by anything but values (targets,
 * locks, another process's write) is never served but while recomputed.
 *
 * Bounded (API_CACHE_ENTRIES answers, API_CACHE_BYTES in all; least recently
 * used evicted first) and thread-safe (one mutex). Not for: permissions (the
 * handler checks them on every request before it asks the cache).
 */
#ifndef CHITIEU_API_CACHE_H
#define CHITIEU_API_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/http.h"
#include "store/store.h"

#define API_CACHE_ENTRIES 256               /* answers kept at most */
#define API_CACHE_BYTES ((size_t)16 << 20)  /* bytes of answers kept at most */
#define API_CACHE_KEY_MAX 96                /* bytes of a key, NUL included */
#define API_CACHE_UNITS 4096                /* per-unit change counters (by hash) */
#define API_CACHE_AMBIGUOUS_MS 500          /* see above */
#define API_CACHE_WAIT_MS 5000              /* a reader with nothing to serve waits this long at most */
#define API_CACHE_USERS 1024                /* per-user last writes (by hash) */
#define API_DASHBOARD_LAG_MS 100            /* serve --dashboard-lag's default */

/* What api_cache_get found. */
typedef enum api_cache_got {
	API_CACHE_MISS = 0, /* compute it, then api_cache_put (or api_cache_abandon) */
	API_CACHE_HIT,      /* up to date */
	API_CACHE_STALE,    /* the previous answer, while another request recomputes it */
} api_cache_got;

/* The state of the data an answer is computed from (filled by api_cache_get). */
typedef struct api_cache_stamp {
	uint64_t gen;  /* everything */
	uint64_t ugen; /* the unit's */
	uint64_t seq;  /* writes marked (any kind), everywhere */
} api_cache_stamp;

/* How long (ms) an answer out of date by other users' values may still be
 * served after it was computed; 0 (the default) = never. */
void api_cache_set_lag(int ms);

/* Called by the HTTP core at the start of each request, before its read
 * transaction: what the answer computed in it can at most contain. */
void api_cache_begin_request(void);

/* After a state-changing request of user_id (0: anonymous): that user's next
 * reads show what it wrote. */
void api_cache_wrote(int64_t user_id);

/* Marks every answer out of date. Lock-free; safe from any thread. */
void api_cache_bump(void);

/* Marks the answers of this unit out of date (a value written: call it for the
 * unit and each ancestor). Lock-free; safe from any thread. */
void api_cache_bump_unit(const char *code);

/*
 * Looks key (of unit_code's answer; NULL: an answer that reads every unit,
 * out of date after any write) up. HIT or STALE: *data / *len is the answer,
 * *ref a reference that keeps it alive (hand it to the response, then
 * api_cache_release(ref)). MISS: this request is the one that computes it:
 * it must call api_cache_put with *st, or api_cache_abandon. Notices writes
 * by other processes (store_data_version) first. A request that finds the
 * answer being computed and no earlier answer waits for it (at most
 * API_CACHE_WAIT_MS, then computes it itself).
 */
api_cache_got api_cache_get(store *s, const char *unit_code, int64_t user_id, const char *key, const char **data,
			    size_t *len, void **ref, api_cache_stamp *st);

/* Drops a reference from api_cache_get (frees the answer if it was evicted). */
void api_cache_release(void *ref);

/* Keeps a copy of the answer (len bytes) computed at *st: served as up to date
 * while nothing it depends on changed, else as the previous answer while
 * another request recomputes. Keeps nothing when out of memory. Ends the
 * MISS that api_cache_get gave. */
void api_cache_put(const char *key, const api_cache_stamp *st, const char *answer, size_t len);

/* Ends a MISS without an answer (the computation failed). */
void api_cache_abandon(const char *key);

/*
 * A handler's answer through the cache: served from it (sent without a copy)
 * or computed by compute(r, ctx) into r->out and kept; r->cache_state says
 * which (X-Chitieu-Cache). Call it only after the permission checks. key and
 * unit_code as api_cache_get; the user is r's.
 */
int api_cache_answer(http_req *r, const char *unit_code, const char *key, int (*compute)(http_req *r, void *ctx),
		     void *ctx);

/* Statistics for tests and benchmarks. */
typedef struct api_cache_counts {
	uint64_t hits, stale, misses, waits, gen;
} api_cache_counts;
void api_cache_stats(api_cache_counts *c);

/* Frees every answer (at shutdown; the cache stays usable). */
void api_cache_clear(void);

#endif
