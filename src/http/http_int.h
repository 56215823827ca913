/*
 * http_int.h - what the files of src/http share and nobody else uses:
 * opening a static file of the web folder safely.
 */
#ifndef CHITIEU_HTTP_INT_H
#define CHITIEU_HTTP_INT_H

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

#endif
