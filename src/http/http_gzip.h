/*
 * http_gzip.h - gzip for answers whose client accepts it (issue #17: the
 * phone dashboard's first paint on a slow network): text bodies (the web
 * folder's scripts, styles and pages, the API's JSON) of at least
 * HTTP_GZIP_MIN bytes, compressed with zlib; the compressed form of a
 * body that is sent again and again (the cached evaluation's and due list's
 * shared body, a file of the web folder) is kept in a small cache
 * (http_gzip_cache) so that it is compressed once, not on every request.
 *
 * Not for: deciding what to answer, binary files (images, XLSX, DOCX are
 * compressed already).
 */
#ifndef CHITIEU_HTTP_GZIP_H
#define CHITIEU_HTTP_GZIP_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_GZIP_MIN 1024              /* smaller bodies are sent as they are */
#define HTTP_GZIP_FILE_MAX (4u << 20)   /* static files larger than this are sent as they are */

/* True when the Accept-Encoding header value names gzip (not with q=0). */
bool http_gzip_accepted(const char *accept_encoding);

/* True for a content type worth compressing: text/..., JSON, JavaScript, SVG, XML. */
bool http_gzip_type(const char *content_type);

/*
 * Compresses data[0..n) into a malloc'd gzip stream (*out, *out_n); 0 on
 * success, -1 when it cannot (out of memory, zlib) or would not be smaller:
 * the caller then sends the body as it is.
 */
int http_gzip(const void *data, size_t n, char **out, size_t *out_n);

#define HTTP_GZIP_CACHED 32                   /* compressed bodies kept at most */
#define HTTP_GZIP_CACHE_BYTES ((size_t)8 << 20) /* bytes kept at most: compressed, and the shared bodies held */

/*
 * What a compressed body is kept under: a shared body by its address (the
 * cache holds a reference to it, so no other body can have that address
 * while the entry lives), a file by its device, inode, size and time of
 * change. Fill it with http_gzip_key_shared or http_gzip_key_file.
 */
typedef struct http_gzip_key {
	const void *body;      /* the shared body, NULL for a file */
	size_t n;              /* bytes of the body or the file */
	uint64_t dev, ino;     /* a file's */
	int64_t mtime_ns;      /* a file's */
} http_gzip_key;

/* One compressed body and what it was made from; reference-counted. */
typedef struct http_gzip_entry http_gzip_entry;

/* The cache of one server: a handful of entries under one mutex, least recently used evicted first. */
typedef struct http_gzip_cache {
	pthread_mutex_t mu;
	http_gzip_entry *tab[HTTP_GZIP_CACHED]; /* under mu; NULL = free */
	size_t bytes;                           /* under mu */
	uint64_t tick;                          /* under mu */
} http_gzip_cache;

/* An empty cache / the cache let go (its entries released as their last responses end; no use after). */
void http_gzip_cache_init(http_gzip_cache *c);
void http_gzip_cache_free(http_gzip_cache *c);

/* The key of a shared body, of an open file (false when fstat fails). */
http_gzip_key http_gzip_key_shared(const void *body, size_t n);
bool http_gzip_key_file(int fd, http_gzip_key *k);

/*
 * The compressed body kept under k: true and *gz / *gz_n (alive until
 * http_gzip_release(*ref)), or false.
 */
bool http_gzip_find(http_gzip_cache *c, const http_gzip_key *k, const char **gz, size_t *gz_n, void **ref);

/*
 * Compresses data[0..n) (http_gzip) and keeps the result under k: 0 and
 * *gz / *gz_n / *ref as http_gzip_find gives them, or -1 (not smaller, out
 * of memory: the caller sends the body as it is). A shared body's reference
 * (release(ctx), NULL for a file) is the entry's on success, given back when
 * the entry ends; on -1 the caller keeps it. Too large a body to keep is
 * still compressed, for this answer alone.
 */
int http_gzip_keep(http_gzip_cache *c, const http_gzip_key *k, const void *data, size_t n,
		   void (*release)(void *), void *ctx, const char **gz, size_t *gz_n, void **ref);

/* Drops a reference of http_gzip_find or http_gzip_keep (an MHD free callback). */
void http_gzip_release(void *ref);

#endif
