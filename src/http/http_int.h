/*
 * http_int.h - what the files of src/http share and nobody else uses:
 * opening a static file of the web folder safely, its entity tag.
 */
#ifndef CHITIEU_HTTP_INT_H
#define CHITIEU_HTTP_INT_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Opens the file of the web folder web_root (a realpath; "" for none) that
 * the decoded URL path names ("/" and ".../" mean index.html). Returns 0
 * with *fd (the caller closes it), *size and *ctype (a static string) set;
 * 400 for a path that tries to leave the folder (a ".." or "." segment, a
 * backslash, a control byte, a symlink pointing out); 404 otherwise.
 */
int http_static_open(const char *web_root, const char *path, int *fd, uint64_t *size, const char **ctype);

/* The Content-Type of a file name by its extension (application/octet-stream if unknown). */
const char *http_static_type(const char *name);

/*
 * The build id of the web folder web_root: 16 hex digits of a hash of every
 * regular file's path and bytes (dot files and node_modules left out, at
 * most HTTP_WEB_FILES_MAX files of at most HTTP_WEB_FILE_MAX bytes each).
 * Any change of a page, script or style changes it: the service worker's
 * cache is named by it (web/sw.js). out gets "" when there is no folder.
 */
#define HTTP_WEB_FILES_MAX 4096
#define HTTP_SERVICE_WORKER "/sw.js" /* served with its own CSP and Service-Worker-Allowed: / */
#define HTTP_WEB_FILE_MAX (16u << 20)
void http_static_build_id(const char *web_root, char out[17]);

/*
 * The validator of an open file of the web folder: a weak entity tag made of
 * its inode, size and time of change (W/"...": the same for its gzipped and
 * plain forms); false when fstat fails. A browser revalidating a page, script
 * or style (Cache-Control: no-cache) sends it back in If-None-Match and gets
 * 304 without the body while the file is unchanged.
 */
#define HTTP_ETAG_MAX 64
bool http_static_etag(int fd, char out[HTTP_ETAG_MAX]);

/* True when the If-None-Match header value (NULL: none) names etag, weakly
 * compared (W/ ignored), or is "*". */
bool http_static_not_modified(const char *if_none_match, const char *etag);

#endif
