/*
 * http_gzip.h - gzip for answers whose client accepts it (issue #17: the
 * phone dashboard's first paint on a slow network): text bodies (the web
 * folder's scripts, styles and pages, the API's JSON) of at least
 * HTTP_GZIP_MIN bytes, compressed with zlib on the fly.
 *
 * Not for: deciding what to answer, binary files (images, XLSX, DOCX are
 * compressed already) or caching the compressed form.
 */
#ifndef CHITIEU_HTTP_GZIP_H
#define CHITIEU_HTTP_GZIP_H

#include <stdbool.h>
#include <stddef.h>

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

#endif
