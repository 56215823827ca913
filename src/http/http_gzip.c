/*
 * http_gzip.c - gzip of answers (http_gzip.h): one deflate call over the
 * whole body, level 6, the gzip wrapper (windowBits 15 + 16); and the cache
 * of compressed bodies sent again and again (the evaluation cache's shared
 * answers, the web folder's files), so that a hot answer is compressed once.
 *
 * Not for: choosing which answers (http.c asks http_gzip_accepted and
 * http_gzip_type), streaming.
 */
#include "http/http_gzip.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zlib.h>

bool http_gzip_accepted(const char *ae)
{
	if (!ae)
		return false;
	for (const char *p = ae; *p; p++) {
		if (strncasecmp(p, "gzip", 4))
			continue;
		bool start = p == ae || p[-1] == ' ' || p[-1] == ',' || p[-1] == '\t';
		const char *q = p + 4;
		while (*q == ' ' || *q == '\t')
			q++;
		if (!start || (*q && *q != ',' && *q != ';')) {
			p += 3;
			continue;
		}
		if (*q == ';') { /* gzip;q=0 refuses it */
			const char *v = strchr(q, '=');
			const char *end = strchr(q, ',');
			if (v && (!end || v < end) && strtod(v + 1, NULL) <= 0.0)
				return false;
		}
		return true;
	}
	return false;
}

bool http_gzip_type(const char *ct)
{
	if (!ct)
		return false;
	return !strncasecmp(ct, "text/", 5) || !strncasecmp(ct, "application/json", 16) ||
	       !strncasecmp(ct, "application/javascript", 22) || !strncasecmp(ct, "image/svg+xml", 13) ||
	       !strncasecmp(ct, "application/xml", 15);
}

int http_gzip(const void *data, size_t n, char **out, size_t *out_n)
{
	*out = NULL;
	*out_n = 0;
	if (n > (size_t)UINT32_MAX)
		return -1;
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	uLong cap = deflateBound(&z, (uLong)n);
	char *buf = malloc(cap);
	if (!buf) {
		deflateEnd(&z);
		return -1;
	}
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)n;
	z.next_out = (Bytef *)buf;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	size_t len = (size_t)z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END || len >= n) {
		free(buf);
		return -1;
	}
	*out = buf;
	*out_n = len;
	return 0;
}

/* ---- the cache of compressed bodies ------------------------------------ */

struct http_gzip_entry {
	_Atomic int refs;          /* the cache's (while in it) and each response's */
	http_gzip_key key;
	void (*release)(void *);   /* the shared body's reference, given back at the end */
	void *ctx;
	uint64_t used;             /* tick of the last use, under the cache's mutex */
	size_t n;
	char *gz;
};

void http_gzip_release(void *ref)
{
	http_gzip_entry *g = ref;
	if (!g || atomic_fetch_sub_explicit(&g->refs, 1, memory_order_acq_rel) != 1)
		return;
	if (g->release)
		g->release(g->ctx);
	free(g->gz);
	free(g);
}

/* What an entry holds: its compressed bytes and the shared body it keeps alive. */
static size_t entry_bytes(const http_gzip_entry *g)
{
	return g->n + (g->key.body ? g->key.n : 0);
}

void http_gzip_cache_init(http_gzip_cache *c)
{
	memset(c, 0, sizeof *c);
	pthread_mutex_init(&c->mu, NULL);
}

void http_gzip_cache_free(http_gzip_cache *c)
{
	pthread_mutex_lock(&c->mu);
	for (size_t i = 0; i < HTTP_GZIP_CACHED; i++) {
		http_gzip_release(c->tab[i]);
		c->tab[i] = NULL;
	}
	c->bytes = 0;
	pthread_mutex_unlock(&c->mu);
	pthread_mutex_destroy(&c->mu);
}

http_gzip_key http_gzip_key_shared(const void *body, size_t n)
{
	return (http_gzip_key){.body = body, .n = n};
}

bool http_gzip_key_file(int fd, http_gzip_key *k)
{
	struct stat st;
	if (fstat(fd, &st))
		return false;
	*k = (http_gzip_key){.n = (size_t)st.st_size, .dev = (uint64_t)st.st_dev, .ino = (uint64_t)st.st_ino,
			     .mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec};
	return true;
}

static bool key_eq(const http_gzip_key *a, const http_gzip_key *b)
{
	return a->body == b->body && a->n == b->n && a->dev == b->dev && a->ino == b->ino &&
	       a->mtime_ns == b->mtime_ns;
}

/* The entry of k, with a reference taken for the caller; under c->mu. */
static http_gzip_entry *find_locked(http_gzip_cache *c, const http_gzip_key *k)
{
	for (size_t i = 0; i < HTTP_GZIP_CACHED; i++) {
		http_gzip_entry *g = c->tab[i];
		if (g && key_eq(&g->key, k)) {
			atomic_fetch_add_explicit(&g->refs, 1, memory_order_relaxed);
			g->used = ++c->tick;
			return g;
		}
	}
	return NULL;
}

bool http_gzip_find(http_gzip_cache *c, const http_gzip_key *k, const char **gz, size_t *gz_n, void **ref)
{
	pthread_mutex_lock(&c->mu);
	http_gzip_entry *g = find_locked(c, k);
	pthread_mutex_unlock(&c->mu);
	if (!g)
		return false;
	*gz = g->gz;
	*gz_n = g->n;
	*ref = g;
	return true;
}

int http_gzip_keep(http_gzip_cache *c, const http_gzip_key *k, const void *data, size_t n,
		   void (*release)(void *), void *ctx, const char **gz, size_t *gz_n, void **ref)
{
	http_gzip_entry *g = calloc(1, sizeof *g);
	if (!g)
		return -1;
	if (http_gzip(data, n, &g->gz, &g->n) != 0) {
		free(g);
		return -1;
	}
	g->key = *k;
	g->release = release;
	g->ctx = ctx;
	atomic_init(&g->refs, 1); /* the caller's */
	http_gzip_entry *evicted[HTTP_GZIP_CACHED];
	size_t n_evicted = 0;
	pthread_mutex_lock(&c->mu);
	http_gzip_entry *had = find_locked(c, k); /* another request compressed it meanwhile */
	if (!had && entry_bytes(g) <= HTTP_GZIP_CACHE_BYTES) {
		/* room: the least recently used go until a slot and the bytes are free */
		for (;;) {
			size_t free_slot = HTTP_GZIP_CACHED, lru = HTTP_GZIP_CACHED;
			for (size_t i = 0; i < HTTP_GZIP_CACHED; i++) {
				if (!c->tab[i])
					free_slot = i;
				else if (lru == HTTP_GZIP_CACHED || c->tab[i]->used < c->tab[lru]->used)
					lru = i;
			}
			if (free_slot < HTTP_GZIP_CACHED && c->bytes + entry_bytes(g) <= HTTP_GZIP_CACHE_BYTES) {
				atomic_fetch_add_explicit(&g->refs, 1, memory_order_relaxed); /* the cache's */
				g->used = ++c->tick;
				c->tab[free_slot] = g;
				c->bytes += entry_bytes(g);
				break;
			}
			if (lru == HTTP_GZIP_CACHED) /* cannot happen (the bytes were checked): kept for this answer alone */
				break;
			c->bytes -= entry_bytes(c->tab[lru]);
			evicted[n_evicted++] = c->tab[lru];
			c->tab[lru] = NULL;
		}
	}
	pthread_mutex_unlock(&c->mu);
	for (size_t i = 0; i < n_evicted; i++)
		http_gzip_release(evicted[i]);
	if (had) { /* theirs is served; ours goes, with the shared reference it took */
		http_gzip_release(g);
		g = had;
	}
	*gz = g->gz;
	*gz_n = g->n;
	*ref = g;
	return 0;
}
